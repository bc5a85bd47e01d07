import ts from 'typescript';

import {
  callbackContexts,
  type CallbackContextKind,
  listenerMethods,
  synchronousProcessEvents,
} from './blocking-catalogue.js';
import { calleeExpression, matchesCallee, resolveCallee } from './callee.js';

/**
 * Where code runs once the process is serving: the body of an async function, or a callback that the loop
 * calls later (timers, ticks, promise reactions, listeners, request handlers).
 */
export interface LoopContext {
  kind: 'async' | CallbackContextKind;
  /** The function whose body is the context: the async function, or the callback. */
  fn: ts.SignatureDeclaration;
}

export interface LoopContextOptions {
  checkCallbacks: boolean;
}

export type FunctionNode =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export function isFunctionNode(node: ts.Node): node is FunctionNode {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

export function isAsyncFunction(fn: ts.Node): boolean {
  return ts.canHaveModifiers(fn) && (ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false);
}

/** The innermost function whose body contains `node`, or undefined at module level. */
export function enclosingFunction(node: ts.Node): FunctionNode | undefined {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (isFunctionNode(current)) return current;
    if (ts.isClassStaticBlockDeclaration(current) || ts.isSourceFile(current)) return undefined;
  }
  return undefined;
}

/** How a function expression is used: passed to a call (and which), called in place, or neither. */
export function functionUse(
  fn: ts.FunctionExpression | ts.ArrowFunction,
): { kind: 'argument'; call: ts.CallExpression | ts.NewExpression } | { kind: 'iife'; call: ts.CallExpression } | undefined {
  let child: ts.Node = fn;
  let parent = fn.parent;
  while (
    ts.isParenthesizedExpression(parent) ||
    ts.isAsExpression(parent) ||
    ts.isSatisfiesExpression(parent) ||
    ts.isNonNullExpression(parent)
  ) {
    child = parent;
    parent = parent.parent;
  }
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(child as ts.Expression)) {
    return { kind: 'argument', call: parent };
  }
  if (ts.isCallExpression(parent) && parent.expression === child) return { kind: 'iife', call: parent };
  return undefined;
}

/**
 * What kind of deferred callback a function passed to `call` becomes: `'timer'`, `'promise'`, `'listener'`…,
 * `'synchronous'` for `process.on('exit')` (its listeners must block), or undefined when the call is not a
 * known scheduler (then its function arguments are assumed to run during the call, like `Array#map`'s).
 */
export function callbackKindOf(
  program: ts.Program,
  call: ts.CallExpression | ts.NewExpression,
): CallbackContextKind | 'synchronous' | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  const callee = resolveCallee(program, call);
  if (callee === undefined) return undefined;
  for (const entry of callbackContexts) {
    if (matchesCallee(callee, entry.modules, entry.names)) return entry.kind;
  }
  if (!listenerMethods.has(callee.name)) return undefined;
  const expression = calleeExpression(call);
  if (!ts.isPropertyAccessExpression(expression)) return undefined;
  if (callee.module === 'process' && callee.container === 'Process') {
    const event = call.arguments[0];
    if (event !== undefined && ts.isStringLiteralLike(event) && synchronousProcessEvents.has(event.text)) {
      return 'synchronous';
    }
  }
  const checker = program.getTypeChecker();
  const receiver = checker.getApparentType(checker.getTypeAtLocation(expression.expression));
  if (receiver.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
  return receiver.getProperty('emit') !== undefined || receiver.getProperty('dispatchEvent') !== undefined
    ? 'listener'
    : undefined;
}

/**
 * Decides, per function, whether its body runs on the event loop after start-up. Memoised per function node,
 * so one instance should live as long as one lint of one file.
 */
export class LoopContextFinder {
  private readonly cache = new Map<ts.Node, LoopContext | null>();

  constructor(
    private readonly program: ts.Program,
    private readonly options: LoopContextOptions,
  ) {}

  /** The loop context that `node` runs in, or undefined (module level, start-up code, plain sync functions). */
  contextOf(node: ts.Node): LoopContext | undefined {
    const fn = enclosingFunction(node);
    return fn === undefined ? undefined : this.contextOfFunction(fn);
  }

  contextOfFunction(fn: FunctionNode): LoopContext | undefined {
    const cached = this.cache.get(fn);
    if (cached !== undefined) return cached ?? undefined;
    this.cache.set(fn, null);
    const context = this.compute(fn);
    this.cache.set(fn, context ?? null);
    return context;
  }

  private compute(fn: FunctionNode): LoopContext | undefined {
    if (isAsyncFunction(fn)) return { kind: 'async', fn };
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
    if (fn.asteriskToken !== undefined) return undefined;
    const use = functionUse(fn);
    if (use === undefined) return undefined;
    if (use.kind === 'argument') {
      const kind = callbackKindOf(this.program, use.call);
      if (kind === 'synchronous') return undefined;
      if (kind !== undefined && this.options.checkCallbacks) return { kind, fn };
    }
    // A callback run in place (`items.map(x => …)`, an IIFE) runs in whatever context its caller runs in.
    return this.contextOf(use.call);
  }
}

