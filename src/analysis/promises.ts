import { isThenableType, unionConstituents } from 'ts-api-utils';
import ts from 'typescript';

import { skipOuterExpressions } from './callee.js';
import { cannotThrow, statementCannotThrow } from './cannot-throw.js';
import { settleReturnType } from './inference-depth.js';

/**
 * True when some part of `type` is a thenable: a Promise, a subclass, a custom `then(onFulfilled)` object,
 * or a union or constrained generic containing one. `any`/`unknown` are not thenables: the rules skip code
 * the checker cannot type instead of guessing.
 */
export function isThenable(checker: ts.TypeChecker, node: ts.Node, type: ts.Type): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return false;
  // Types are unique per checker, and whether one has a callable `then` does not depend on where it is asked.
  let thenable = thenableTypes.get(type);
  if (thenable === undefined) {
    thenable = isThenableType(checker, node, type);
    thenableTypes.set(type, thenable);
  }
  return thenable;
}

const thenableTypes = new WeakMap<ts.Type, boolean>();

/** True when every part of `type` is a thenable, so the value can never be falsy. */
export function isAlwaysThenable(checker: ts.TypeChecker, node: ts.Node, type: ts.Type): boolean {
  const parts = unionConstituents(checker.getApparentType(type));
  return parts.length > 0 && parts.every((part) => isThenable(checker, node, part));
}

/** True when `type` is an array or tuple whose elements are thenables (`Promise<T>[]`, `[Promise<A>, Promise<B>]`). */
export function isThenableArray(checker: ts.TypeChecker, node: ts.Node, type: ts.Type): boolean {
  return arrayElementTypes(checker, type).some((element) => isThenable(checker, node, element));
}

/** The element types of the arrays and tuples in `type`, with each union part's generic constraint resolved. */
export function arrayElementTypes(checker: ts.TypeChecker, type: ts.Type): ts.Type[] {
  // `T | undefined` with `T extends Promise<number>[]`: the union's apparent type keeps `T`, each part's does not.
  const parts = unionConstituents(type).flatMap((part) => unionConstituents(checker.getApparentType(part)));
  return parts.flatMap((part) => {
    if (checker.isArrayType(part)) return checker.getTypeArguments(part as ts.TypeReference).slice(0, 1);
    return checker.isTupleType(part) ? checker.getTypeArguments(part as ts.TypeReference) : [];
  });
}

/**
 * True when `type` is callable and every one of its call signatures returns a thenable, as an async
 * function does. A function with one sync overload is not counted: the caller may be using that one.
 */
export function returnsThenable(checker: ts.TypeChecker, node: ts.Node, type: ts.Type): boolean {
  const signatures = unionConstituents(type).flatMap((part) => part.getCallSignatures());
  for (const signature of signatures) settleReturnType(checker, signature.declaration);
  return (
    signatures.length > 0 &&
    signatures.every((signature) => isThenable(checker, node, checker.getReturnTypeOfSignature(signature)))
  );
}

const cannotRejectCache = new WeakMap<ts.Node, boolean>();

/**
 * True when an async function visibly handles its own failures: every statement of its body is a
 * `try` whose `catch` does not throw, an `if` over such blocks, a bare `return`, or plain set-up
 * (declarations and assignments of reads, literals and functions, which do not throw in typed code). Fire-and-forget
 * calls of such functions lose no rejection (undici's `readAllBytes(reader, onSuccess, onError)` style).
 * Given the checker, set-up may also call the program's own functions that cannot throw (see `cannotThrow`).
 */
export function cannotReject(fn: ts.Node, checker?: ts.TypeChecker): boolean {
  if (!ts.isFunctionLike(fn) || !hasAsyncModifier(fn)) return false;
  const body = (fn as ts.FunctionLikeDeclarationBase).body;
  if (!body || !ts.isBlock(body)) return false;
  let cached = cannotRejectCache.get(body);
  if (cached === undefined) {
    const statements = body.statements;
    // With the checker, set-up may call functions; a body of only returns (`async () => { return id; }`) still
    // counts as a plain promise, the shape tests and examples use for "an async function".
    cached =
      statements.length > 0 &&
      (statements.every((statement) => isSafeStatement(statement, undefined)) ||
        (checker !== undefined && statements.every((statement) => isSafeStatement(statement, checker)) && statements.some(hasTryOrCall)));
    cannotRejectCache.set(body, cached);
  }
  return cached;
}

function hasAsyncModifier(fn: ts.SignatureDeclaration): boolean {
  return ts.canHaveModifiers(fn) && (ts.getModifiers(fn) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

function isSafeStatement(statement: ts.Statement, checker: ts.TypeChecker | undefined): boolean {
  const safe = (inner: ts.Statement): boolean => isSafeStatement(inner, checker);
  if (ts.isTryStatement(statement)) {
    return (
      statement.catchClause !== undefined &&
      !containsThrow(statement.catchClause.block) &&
      (!statement.finallyBlock || statement.finallyBlock.statements.every(safe))
    );
  }
  if (checker !== undefined && !ts.isBlock(statement) && !ts.isIfStatement(statement) && statementCannotThrow(checker, statement)) return true;
  if (ts.isReturnStatement(statement)) return statement.expression === undefined;
  // Set-up before the `try`: `const x = this.options;`, `this.timer = null;`, `const f = () => ...;`.
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.every((d) => !d.initializer || isPlainValue(d.initializer));
  }
  if (ts.isExpressionStatement(statement)) {
    const expression = statement.expression;
    return (
      ts.isBinaryExpression(expression) &&
      expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      isPlainTest(expression.left) &&
      isPlainValue(expression.right)
    );
  }
  if (ts.isBlock(statement)) return statement.statements.every(safe);
  if (ts.isIfStatement(statement)) {
    return (
      (isPlainTest(statement.expression) || (checker !== undefined && cannotThrow(checker, statement.expression))) &&
      safe(statement.thenStatement) &&
      (!statement.elseStatement || safe(statement.elseStatement))
    );
  }
  return false;
}

// Property reads and comparisons: what `if` tests before a `try` in practice; calls are not plain.
function isPlainTest(node: ts.Expression): boolean {
  if (ts.isIdentifier(node) || ts.isLiteralExpression(node)) return true;
  if (node.kind === ts.SyntaxKind.ThisKeyword || node.kind === ts.SyntaxKind.NullKeyword) return true;
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (ts.isPropertyAccessExpression(node)) return isPlainTest(node.expression);
  if (ts.isParenthesizedExpression(node)) return isPlainTest(node.expression);
  if (ts.isPrefixUnaryExpression(node)) return isPlainTest(node.operand);
  if (ts.isBinaryExpression(node)) return isPlainTest(node.left) && isPlainTest(node.right);
  return false;
}

function isPlainValue(node: ts.Expression): boolean {
  return isPlainTest(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

function hasTryOrCall(node: ts.Node): boolean {
  if (ts.isTryStatement(node) || ts.isCallExpression(node)) return true;
  if (ts.isFunctionLike(node)) return false;
  return ts.forEachChild(node, hasTryOrCall) === true;
}

function containsThrow(node: ts.Node): boolean {
  if (ts.isThrowStatement(node)) return true;
  if (ts.isFunctionLike(node)) return false;
  return ts.forEachChild(node, containsThrow) === true;
}

/** True for `<T>(target: T, ...) => T`: the call hands back its first argument instead of a new value. */
export function returnsOwnArgument(declaration: ts.SignatureDeclaration | ts.JSDocSignature): boolean {
  if (ts.isJSDocSignature(declaration)) return false;
  const returned = declaration.type;
  const first = declaration.parameters[0]?.type;
  if (!returned || !first || !ts.isTypeReferenceNode(returned) || !ts.isTypeReferenceNode(first)) return false;
  const name = returned.typeName.getText();
  return (
    first.typeName.getText() === name && (declaration.typeParameters ?? []).some((parameter) => parameter.name.text === name)
  );
}

/** A thenable, an array or tuple of thenables, an array whose elements only the arguments decide, or neither. */
export type CallResult = 'thenable' | 'thenable-array' | 'array' | 'other';

// Types whose instantiation could still turn into, or out of, a thenable: only resolving the call knows.
const OPEN_TYPE = ts.TypeFlags.Instantiable;
const PLAIN_TYPE =
  ts.TypeFlags.Void |
  ts.TypeFlags.Undefined |
  ts.TypeFlags.Null |
  ts.TypeFlags.BooleanLike |
  ts.TypeFlags.NumberLike |
  ts.TypeFlags.StringLike |
  ts.TypeFlags.BigIntLike |
  ts.TypeFlags.ESSymbolLike;

/**
 * What a call returns, read from its callee's declared signatures without resolving the call. Resolving is
 * what makes a call expensive for the checker (overloads, inference, contextually typed callbacks and their
 * bodies), and for most calls the callee alone decides. Undefined when the arguments decide: a generic return
 * type, or overloads that disagree; the caller then asks for the call's type.
 */
export function calleeResult(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): CallResult | undefined {
  // `import(...)` and `super(...)` have no callee type of their own.
  if (call.expression.kind === ts.SyntaxKind.ImportKeyword || call.expression.kind === ts.SyntaxKind.SuperKeyword) {
    return undefined;
  }
  // `a?.b()` short-circuits to undefined, which is no thenable; the callable part decides.
  const calleeType = checker.getNonNullableType(checker.getTypeAtLocation(call.expression));
  // An untyped callee makes an untyped call, which the rules skip.
  if (calleeType.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'other';
  const signatures = ts.isNewExpression(call) ? calleeType.getConstructSignatures() : calleeType.getCallSignatures();
  if (signatures.length === 0) return undefined;
  let result: CallResult | undefined;
  for (const signature of signatures) {
    const part = signatureResult(checker, call, signature, () => receiverType(checker, call));
    if (part === undefined || (result !== undefined && part !== result)) return undefined;
    result = part;
  }
  return result;
}

// What a signature returns does not depend on the call, unless it returns `this` (the receiver decides).
const signatureResults = new WeakMap<ts.Signature, CallResult | null>();

function signatureResult(
  checker: ts.TypeChecker,
  node: ts.Node,
  signature: ts.Signature,
  receiver: () => ts.Type | undefined,
): CallResult | undefined {
  const cached = signatureResults.get(signature);
  if (cached !== undefined) return cached ?? undefined;
  settleReturnType(checker, signature.declaration);
  const returned = checker.getReturnTypeOfSignature(signature);
  // A fluent `this` return (`map.set()`, `emitter.on()`) is the receiver itself.
  if ((returned as { isThisType?: boolean }).isThisType) {
    const type = receiver();
    if (type === undefined) return undefined;
    return returnedResult(checker, node, signature, type);
  }
  const result = returnedResult(checker, node, signature, returned);
  signatureResults.set(signature, result ?? null);
  return result;
}

function returnedResult(checker: ts.TypeChecker, node: ts.Node, signature: ts.Signature, returned: ts.Type): CallResult | undefined {
  const parts = unionConstituents(returned).flatMap((part) => (part.isIntersection() ? part.types : [part]));
  if (parts.some((part) => part.flags & OPEN_TYPE)) {
    // A type parameter of the enclosing code is what the call returns too; one of the signature's own is inferred.
    if (signature.typeParameters !== undefined || parts.some((part) => (part as { isThisType?: boolean }).isThisType)) {
      return undefined;
    }
  }
  if (signature.typeParameters === undefined) {
    if (isThenable(checker, node, returned)) return 'thenable';
    return isThenableArray(checker, node, returned) ? 'thenable-array' : 'other';
  }
  // Generic: `Promise<T>` is a thenable whatever T becomes, and a primitive or an object without `then` never
  // becomes one, but `U[]` may hold promises.
  if (parts.every((part) => isThenable(checker, node, part))) return 'thenable';
  if (!parts.every((part) => part.flags & PLAIN_TYPE || isObjectWithoutThen(part))) return undefined;
  return parts.some((part) => checker.isArrayType(part) || checker.isTupleType(part)) ? 'array' : 'other';
}

function isObjectWithoutThen(type: ts.Type): boolean {
  return (
    (type.flags & ts.TypeFlags.Object) !== 0 &&
    ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Mapped) === 0 &&
    type.getProperty('then') === undefined
  );
}

function receiverType(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): ts.Type | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return undefined;
  return checker.getTypeAtLocation(callee.expression);
}

/**
 * True when a callback certainly returns a thenable, known without typing the call it is passed to: an async
 * function, an arrow whose body is a call returning one, or a reference to a function that always does.
 * False means "not known this way"; the caller asks the checker.
 */
export function callbackReturnsThenable(checker: ts.TypeChecker, callback: ts.Expression): boolean {
  // Only parentheses: a cast (`fn as any`) changes what the call sees.
  const fn = skipParentheses(callback);
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    if (fn.asteriskToken) return false;
    if (hasAsyncModifier(fn)) return true;
    const body = ts.isArrowFunction(fn) && !ts.isBlock(fn.body) ? skipParentheses(fn.body) : undefined;
    return body !== undefined && (ts.isCallExpression(body) || ts.isNewExpression(body)) && calleeResult(checker, body) === 'thenable';
  }
  if (ts.isIdentifier(fn) || ts.isPropertyAccessExpression(fn)) {
    return returnsThenable(checker, fn, checker.getTypeAtLocation(fn));
  }
  return false;
}

function skipParentheses(node: ts.Expression): ts.Expression {
  return ts.isParenthesizedExpression(node) ? skipParentheses(node.expression) : node;
}
