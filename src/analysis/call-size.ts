import ts from 'typescript';

import { type BlockingEntry, SMALL_SIZE_BYTES } from './blocking-catalogue.js';
import type { CallLike } from './callee.js';
import { constantNumber, constInitializerOf } from './constants.js';

const ALLOCATORS = new Set(['alloc', 'allocUnsafe', 'allocUnsafeSlow']);
const TYPED_ARRAYS = new Set(['Uint8Array', 'Int8Array', 'Uint8ClampedArray', 'ArrayBuffer']);

/** The byte length of `Buffer.alloc(N)`, `new Uint8Array(N)`, or a `const` holding one, when N is constant. */
function bufferLength(checker: ts.TypeChecker, expression: ts.Expression, depth = 0): number | undefined {
  if (depth > 4) return undefined;
  const node = ts.isParenthesizedExpression(expression) ? expression.expression : expression;
  if (ts.isIdentifier(node)) {
    const initializer = constInitializerOf(checker, node);
    return initializer === undefined ? undefined : bufferLength(checker, initializer, depth + 1);
  }
  const [length] = ts.isCallExpression(node) || ts.isNewExpression(node) ? (node.arguments ?? []) : [];
  if (length === undefined) return undefined;
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const owner = node.expression.expression;
    if (ts.isIdentifier(owner) && owner.text === 'Buffer' && ALLOCATORS.has(node.expression.name.text)) {
      return constantNumber(checker, length);
    }
  }
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && TYPED_ARRAYS.has(node.expression.text)) {
    return constantNumber(checker, length);
  }
  return undefined;
}

/**
 * True when a sized catalogue call works on few enough bytes to return at once: its size argument, or the
 * length of the buffer it fills, is a constant the source spells out (through `const` bindings and
 * arithmetic) of at most `SMALL_SIZE_BYTES`.
 */
export function hasSmallSize(checker: ts.TypeChecker, call: CallLike, entry: BlockingEntry): boolean {
  if (entry.size === undefined || ts.isTaggedTemplateExpression(call)) return false;
  const args = call.arguments ?? [];
  const sizeArgument = args[entry.size.size];
  let size: number | undefined;
  if (sizeArgument !== undefined) {
    size = constantNumber(checker, sizeArgument);
  } else if (entry.size.buffer !== undefined && args[entry.size.buffer] !== undefined) {
    size = bufferLength(checker, args[entry.size.buffer]);
  }
  return size !== undefined && size >= 0 && size <= SMALL_SIZE_BYTES;
}
