import ts from 'typescript';

import { statementCannotThrow } from './cannot-throw.js';

const MISSING = ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.Any | ts.TypeFlags.Unknown;

/**
 * True when the promise `call` gets from `declaration` cannot reject: the function returns a `new Promise`
 * whose executor rejects only under `if (!param)` guards, and this call passes each guarded parameter a value
 * that cannot be missing (the caller already returned early without one). The rest of the executor must not
 * throw, and `reject` must not leave it (`stream.once('error', reject)` can reject at any time).
 */
export function rejectsOnlyWhenMissing(
  checker: ts.TypeChecker,
  declaration: ts.SignatureDeclaration | ts.JSDocSignature,
  call: ts.CallExpression,
): boolean {
  if (!ts.isFunctionDeclaration(declaration) && !ts.isMethodDeclaration(declaration) && !ts.isArrowFunction(declaration) && !ts.isFunctionExpression(declaration)) {
    return false;
  }
  const executor = promiseExecutor(declaration.body);
  if (!executor || !ts.isBlock(executor.body)) return false;
  if (executor.parameters.length < 2) return false;
  const reject = executor.parameters[1];
  if (!ts.isIdentifier(reject.name)) return false;
  const rejectName = reject.name.text;
  const guarded = new Set<number>();
  for (const statement of executor.body.statements) {
    const parameter = guardedParameter(statement, rejectName);
    if (parameter !== undefined) {
      const index = declaration.parameters.findIndex((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === parameter);
      if (index < 0) return false;
      guarded.add(index);
      continue;
    }
    if (mentions(statement, rejectName) || !statementCannotThrow(checker, statement)) return false;
  }
  if (guarded.size === 0) return false;
  return [...guarded].every((index) => {
    if (index >= call.arguments.length) return false;
    const argument = call.arguments[index];
    if (ts.isSpreadElement(argument)) return false;
    const type = checker.getTypeAtLocation(argument);
    const parts = type.isUnion() ? type.types : [type];
    return parts.every((part) => !(part.flags & MISSING) && (part.flags & ts.TypeFlags.Object) !== 0);
  });
}

function promiseExecutor(body: ts.ConciseBody | undefined): ts.ArrowFunction | ts.FunctionExpression | undefined {
  let returned: ts.Expression | undefined;
  if (body && ts.isBlock(body)) {
    const only = body.statements.length === 1 ? body.statements[0] : undefined;
    returned = only && ts.isReturnStatement(only) ? only.expression : undefined;
  } else {
    returned = body;
  }
  if (!returned || !ts.isNewExpression(returned) || !ts.isIdentifier(returned.expression) || returned.expression.text !== 'Promise') return undefined;
  const executor = returned.arguments?.[0];
  return executor && (ts.isArrowFunction(executor) || ts.isFunctionExpression(executor)) ? executor : undefined;
}

/** `if (!name) return reject(...);` or `if (!name) { reject(...); return; }`: the guarded parameter's name. */
function guardedParameter(statement: ts.Statement, rejectName: string): string | undefined {
  if (!ts.isIfStatement(statement) || statement.elseStatement) return undefined;
  const test = statement.expression;
  if (!ts.isPrefixUnaryExpression(test) || test.operator !== ts.SyntaxKind.ExclamationToken || !ts.isIdentifier(test.operand)) return undefined;
  const body = ts.isBlock(statement.thenStatement) ? statement.thenStatement.statements : [statement.thenStatement];
  const isRejectCall = (node: ts.Node | undefined): boolean =>
    node !== undefined && ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === rejectName;
  const rejects =
    (body.length === 1 && ts.isReturnStatement(body[0]) && isRejectCall(body[0].expression)) ||
    (body.length === 2 &&
      ts.isExpressionStatement(body[0]) &&
      isRejectCall(body[0].expression) &&
      ts.isReturnStatement(body[1]) &&
      body[1].expression === undefined);
  return rejects ? test.operand.text : undefined;
}

function mentions(node: ts.Node, name: string): boolean {
  if (ts.isIdentifier(node)) return node.text === name;
  return ts.forEachChild(node, (child) => mentions(child, name)) === true;
}
