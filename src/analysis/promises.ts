import { isThenableType, unionConstituents } from 'ts-api-utils';
import ts from 'typescript';

/**
 * True when some part of `type` is a thenable: a Promise, a subclass, a custom `then(onFulfilled)` object,
 * or a union or constrained generic containing one. `any`/`unknown` are not thenables: the rules skip code
 * the checker cannot type instead of guessing.
 */
export function isThenable(checker: ts.TypeChecker, node: ts.Node, type: ts.Type): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return false;
  return isThenableType(checker, node, type);
}

/** True when every part of `type` is a thenable, so the value can never be falsy. */
export function isAlwaysThenable(checker: ts.TypeChecker, node: ts.Node, type: ts.Type): boolean {
  const parts = unionConstituents(checker.getApparentType(type));
  return parts.length > 0 && parts.every((part) => isThenable(checker, node, part));
}

/** True when `type` is an array or tuple whose elements are thenables (`Promise<T>[]`, `[Promise<A>, Promise<B>]`). */
export function isThenableArray(checker: ts.TypeChecker, node: ts.Node, type: ts.Type): boolean {
  const parts = unionConstituents(checker.getApparentType(type));
  return parts.some((part) => {
    if (checker.isArrayType(part)) {
      const element = checker.getTypeArguments(part as ts.TypeReference)[0];
      return element !== undefined && isThenable(checker, node, element);
    }
    if (checker.isTupleType(part)) {
      return checker.getTypeArguments(part as ts.TypeReference).some((element) => isThenable(checker, node, element));
    }
    return false;
  });
}

/**
 * True when `type` is callable and every one of its call signatures returns a thenable, as an async
 * function does. A function with one sync overload is not counted: the caller may be using that one.
 */
export function returnsThenable(checker: ts.TypeChecker, node: ts.Node, type: ts.Type): boolean {
  const signatures = unionConstituents(type).flatMap((part) => part.getCallSignatures());
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
 */
export function cannotReject(fn: ts.Node): boolean {
  if (!ts.isFunctionLike(fn) || !hasAsyncModifier(fn)) return false;
  const body = (fn as ts.FunctionLikeDeclarationBase).body;
  if (!body || !ts.isBlock(body)) return false;
  let cached = cannotRejectCache.get(body);
  if (cached === undefined) {
    cached = body.statements.length > 0 && body.statements.every(isSafeStatement);
    cannotRejectCache.set(body, cached);
  }
  return cached;
}

function hasAsyncModifier(fn: ts.SignatureDeclaration): boolean {
  return ts.canHaveModifiers(fn) && (ts.getModifiers(fn) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

function isSafeStatement(statement: ts.Statement): boolean {
  if (ts.isTryStatement(statement)) {
    return (
      statement.catchClause !== undefined &&
      !containsThrow(statement.catchClause.block) &&
      (!statement.finallyBlock || statement.finallyBlock.statements.every(isSafeStatement))
    );
  }
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
  if (ts.isBlock(statement)) return statement.statements.every(isSafeStatement);
  if (ts.isIfStatement(statement)) {
    return (
      isPlainTest(statement.expression) &&
      isSafeStatement(statement.thenStatement) &&
      (!statement.elseStatement || isSafeStatement(statement.elseStatement))
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
