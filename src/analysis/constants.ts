import ts from 'typescript';

const MAX_DEPTH = 8;

function arithmetic(operator: ts.SyntaxKind, left: number, right: number): number | undefined {
  switch (operator) {
    case ts.SyntaxKind.PlusToken:
      return left + right;
    case ts.SyntaxKind.MinusToken:
      return left - right;
    case ts.SyntaxKind.AsteriskToken:
      return left * right;
    case ts.SyntaxKind.SlashToken:
      return left / right;
    case ts.SyntaxKind.PercentToken:
      return left % right;
    case ts.SyntaxKind.AsteriskAsteriskToken:
      return left ** right;
    case ts.SyntaxKind.LessThanLessThanToken:
      return left << right;
    case ts.SyntaxKind.GreaterThanGreaterThanToken:
      return left >> right;
    case ts.SyntaxKind.BarToken:
      return left | right;
    case ts.SyntaxKind.AmpersandToken:
      return left & right;
    default:
      return undefined;
  }
}

/**
 * The value of a numeric expression the source spells out: literals, `const` bindings, enum members and
 * simple arithmetic over them (`const POOL = 8 * 1024`, `BATCH * 2`, `-1`). The checker types
 * `const POOL = 8 * 1024` as plain `number`, so the initializer is read. Undefined when any part is not constant.
 */
export function constantNumber(checker: ts.TypeChecker, expression: ts.Expression, depth = 0): number | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const type = checker.getTypeAtLocation(expression);
  if (type.isNumberLiteral()) return type.value;
  const node = expression;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) {
    return constantNumber(checker, node.expression, depth + 1);
  }
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isPrefixUnaryExpression(node)) {
    const operand = constantNumber(checker, node.operand, depth + 1);
    if (operand === undefined) return undefined;
    if (node.operator === ts.SyntaxKind.MinusToken) return -operand;
    if (node.operator === ts.SyntaxKind.PlusToken) return operand;
    return undefined;
  }
  if (ts.isBinaryExpression(node)) {
    const left = constantNumber(checker, node.left, depth + 1);
    const right = left === undefined ? undefined : constantNumber(checker, node.right, depth + 1);
    return left === undefined || right === undefined ? undefined : arithmetic(node.operatorToken.kind, left, right);
  }
  if (ts.isIdentifier(node)) {
    const initializer = constInitializerOf(checker, node);
    return initializer === undefined ? undefined : constantNumber(checker, initializer, depth + 1);
  }
  return undefined;
}

/** The initializer of the `const` that `name` refers to, if it is one. */
export function constInitializerOf(checker: ts.TypeChecker, name: ts.Identifier): ts.Expression | undefined {
  const declaration = checker.getSymbolAtLocation(name)?.valueDeclaration;
  if (
    declaration === undefined ||
    !ts.isVariableDeclaration(declaration) ||
    !ts.isVariableDeclarationList(declaration.parent) ||
    (declaration.parent.flags & ts.NodeFlags.Const) === 0
  ) {
    return undefined;
  }
  return declaration.initializer;
}
