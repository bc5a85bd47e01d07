import ts from 'typescript';

// Node's own emitter and stream methods that report failures as `'error'` events, not throws.
const NODE_METHODS_THAT_DO_NOT_THROW = new Set(['emit', 'end', 'destroy', 'on', 'once', 'off', 'addListener', 'removeListener']);

// How deep to follow calls into the program's own functions; deeper chains are taken as able to throw.
const MAX_DEPTH = 3;

/**
 * True when evaluating `node` visibly cannot throw: reads, literals, functions, operators, and calls of the
 * program's own synchronous functions whose bodies cannot throw either (followed a few calls deep). Property
 * reads are taken as safe, as typed code does not read through `undefined`. Library calls are not followed,
 * with one exception: Node's emitters and streams report failures as `'error'` events, so `end()`,
 * `destroy()`, adding and removing listeners, and an `emit` of any other event throw only when a listener
 * does, which is that listener's bug.
 */
export function cannotThrow(checker: ts.TypeChecker, node: ts.Expression, depth = 0, seen = new Set<ts.Node>()): boolean {
  const next = (child: ts.Expression): boolean => cannotThrow(checker, child, depth, seen);
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node)) {
    return next(node.expression);
  }
  if (ts.isIdentifier(node) || ts.isLiteralExpression(node) || ts.isNoSubstitutionTemplateLiteral(node)) return true;
  switch (node.kind) {
    case ts.SyntaxKind.ThisKeyword:
    case ts.SyntaxKind.SuperKeyword:
    case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
      return true;
  }
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return true;
  if (ts.isPropertyAccessExpression(node)) return next(node.expression);
  if (ts.isElementAccessExpression(node)) return next(node.expression) && next(node.argumentExpression);
  if (ts.isPrefixUnaryExpression(node)) return next(node.operand);
  if (ts.isTypeOfExpression(node) || ts.isVoidExpression(node)) return next(node.expression);
  if (ts.isConditionalExpression(node)) return next(node.condition) && next(node.whenTrue) && next(node.whenFalse);
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.InstanceOfKeyword || operator === ts.SyntaxKind.InKeyword) return false;
    if (operator === ts.SyntaxKind.EqualsToken && !ts.isIdentifier(node.left) && !ts.isPropertyAccessExpression(node.left)) return false;
    return next(node.left) && next(node.right);
  }
  if (ts.isTemplateExpression(node)) return node.templateSpans.every((span) => next(span.expression));
  if (ts.isArrayLiteralExpression(node)) return node.elements.every((element) => !ts.isSpreadElement(element) && next(element));
  if (ts.isObjectLiteralExpression(node)) {
    return node.properties.every(
      (property) =>
        ts.isMethodDeclaration(property) ||
        ts.isShorthandPropertyAssignment(property) ||
        (ts.isPropertyAssignment(property) && !ts.isComputedPropertyName(property.name) && next(property.initializer)),
    );
  }
  if (ts.isCallExpression(node)) {
    if (!node.arguments.every((argument) => !ts.isSpreadElement(argument) && next(argument))) return false;
    if (!next(node.expression)) return false;
    if (isNodeMethodThatDoesNotThrow(checker, node)) return true;
    const fn = calledBody(checker, node.expression);
    if (!fn || depth >= MAX_DEPTH || seen.has(fn)) return false;
    seen.add(fn);
    return bodyCannotThrow(checker, fn, depth + 1, seen);
  }
  return false;
}

/** The one implementation `callee` names in the program (not in a declaration file), if that is known. */
function calledBody(checker: ts.TypeChecker, callee: ts.Expression): ts.FunctionLikeDeclaration | undefined {
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  let symbol = checker.getSymbolAtLocation(name);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const bodies = (symbol?.declarations ?? []).flatMap((declaration) => {
    const fn = implementationOf(declaration);
    return fn ? [fn] : [];
  });
  const fn = bodies.length === 1 ? bodies[0] : undefined;
  return fn === undefined || fn.getSourceFile().isDeclarationFile ? undefined : fn;
}

function implementationOf(declaration: ts.Declaration): ts.FunctionLikeDeclaration | undefined {
  if ((ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) && declaration.body) return declaration;
  // `const f = () => ...`, `f = () => ...` as a class field, and JavaScript's `this.f = () => ...`.
  const value =
    ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)
      ? declaration.initializer
      : ts.isBinaryExpression(declaration)
        ? declaration.right
        : ts.isPropertyAccessExpression(declaration) && ts.isBinaryExpression(declaration.parent)
          ? declaration.parent.right
          : undefined;
  return value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) ? value : undefined;
}

function bodyCannotThrow(checker: ts.TypeChecker, fn: ts.FunctionLikeDeclaration, depth: number, seen: Set<ts.Node>): boolean {
  const modifiers = ts.canHaveModifiers(fn) ? (ts.getModifiers(fn) ?? []) : [];
  // An async function's failure is a rejection, not a throw, and its promise would be lost here.
  if (fn.asteriskToken || modifiers.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)) return false;
  const body = fn.body;
  if (!body) return false;
  if (!ts.isBlock(body)) return cannotThrow(checker, body, depth, seen);
  return body.statements.every((statement) => statementCannotThrow(checker, statement, depth, seen));
}

/** True when running `statement` cannot throw (see `cannotThrow`); a `try` counts when its `catch` cannot. */
export function statementCannotThrow(checker: ts.TypeChecker, statement: ts.Statement, depth = 0, seen = new Set<ts.Node>()): boolean {
  const expression = (node: ts.Expression | undefined): boolean => node === undefined || cannotThrow(checker, node, depth, seen);
  const each = (statements: readonly ts.Statement[]): boolean =>
    statements.every((inner) => statementCannotThrow(checker, inner, depth, seen));
  if (ts.isExpressionStatement(statement)) return expression(statement.expression);
  if (ts.isReturnStatement(statement)) return expression(statement.expression);
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.every((declaration) => ts.isIdentifier(declaration.name) && expression(declaration.initializer));
  }
  if (ts.isBlock(statement)) return each(statement.statements);
  if (ts.isIfStatement(statement)) {
    return (
      expression(statement.expression) &&
      statementCannotThrow(checker, statement.thenStatement, depth, seen) &&
      (!statement.elseStatement || statementCannotThrow(checker, statement.elseStatement, depth, seen))
    );
  }
  if (ts.isTryStatement(statement)) {
    return statement.catchClause !== undefined && each(statement.catchClause.block.statements) && (!statement.finallyBlock || each(statement.finallyBlock.statements));
  }
  return ts.isEmptyStatement(statement) || ts.isFunctionDeclaration(statement);
}

/** True when `fn`, called, cannot throw: a synchronous function whose body cannot (see `cannotThrow`). */
export function functionCannotThrow(checker: ts.TypeChecker, fn: ts.FunctionLikeDeclaration): boolean {
  return bodyCannotThrow(checker, fn, 0, new Set([fn]));
}

function isNodeMethodThatDoesNotThrow(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  if (!ts.isPropertyAccessExpression(call.expression) || !NODE_METHODS_THAT_DO_NOT_THROW.has(call.expression.name.text)) return false;
  if (call.expression.name.text === 'emit') {
    if (call.arguments.length === 0) return false;
    const event = call.arguments[0];
    if (ts.isStringLiteralLike(event) && event.text === 'error') return false;
    if (!ts.isStringLiteralLike(event) && !ts.isIdentifier(event) && !ts.isPropertyAccessExpression(event)) return false;
  }
  const declarations = checker.getSymbolAtLocation(call.expression.name)?.declarations ?? [];
  // Node's own EventEmitter, as `@types/node` declares it (`events`, `node:events`).
  return (
    declarations.length > 0 &&
    declarations.every((declaration) => /[\\/]@types[\\/]node(-\d+)?[\\/]/.test(declaration.getSourceFile().fileName))
  );
}
