import ts from 'typescript';

// Inferring `function f0() { return f1(); }` needs f1's return type first, and so on down the chain: the
// checker recurses once per link and overflows the stack after a few hundred links. tsc meets such a chain
// from whichever end comes first in the file; a rule asking about `f0()` may meet it from the top. Settling
// the return types from the far end keeps every single query shallow.
const MAX_DEPTH = 64;

type InferredFunction = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

const depthsByChecker = new WeakMap<ts.TypeChecker, WeakMap<ts.Node, number>>();

function depthsFor(checker: ts.TypeChecker): WeakMap<ts.Node, number> {
  let depths = depthsByChecker.get(checker);
  if (depths === undefined) {
    depths = new WeakMap();
    depthsByChecker.set(checker, depths);
  }
  return depths;
}

/** Makes the return type of a signature's declaration safe to ask for: long inference chains below it are settled first. */
export function settleReturnType(checker: ts.TypeChecker, declaration: ts.Declaration | undefined): void {
  if (declaration === undefined || !isInferredFunction(declaration)) return;
  const depths = depthsFor(checker);
  if (depths.has(declaration)) return;
  interface Frame {
    fn: InferredFunction;
    next: InferredFunction[];
    index: number;
    depth: number;
  }
  const onStack = new Set<ts.Node>([declaration]);
  const stack: Frame[] = [{ fn: declaration, next: returnedFunctions(checker, declaration), index: 0, depth: 1 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.index < top.next.length) {
      const child = top.next[top.index++]!;
      const known = depths.get(child);
      if (known !== undefined) top.depth = Math.max(top.depth, known + 1);
      else if (!onStack.has(child)) {
        onStack.add(child);
        stack.push({ fn: child, next: returnedFunctions(checker, child), index: 0, depth: 1 });
      }
      continue;
    }
    stack.pop();
    onStack.delete(top.fn);
    let depth = top.depth;
    if (depth >= MAX_DEPTH) {
      const signature = checker.getSignatureFromDeclaration(top.fn);
      if (signature !== undefined) checker.getReturnTypeOfSignature(signature);
      depth = 1;
    }
    depths.set(top.fn, depth);
    const parent = stack[stack.length - 1];
    if (parent !== undefined) parent.depth = Math.max(parent.depth, depth + 1);
  }
}

function isInferredFunction(node: ts.Node): node is InferredFunction {
  return (
    (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)) &&
    node.type === undefined &&
    node.body !== undefined
  );
}

/** The unannotated functions whose return types the checker needs to infer `fn`'s: those its returned calls run. */
function returnedFunctions(checker: ts.TypeChecker, fn: InferredFunction): InferredFunction[] {
  const found = new Set<InferredFunction>();
  const values: ts.Expression[] = [];
  const body = fn.body!;
  if (!ts.isBlock(body)) values.push(body);
  else {
    const statements: ts.Node[] = [body];
    while (statements.length > 0) {
      const node = statements.pop()!;
      if (ts.isReturnStatement(node)) {
        if (node.expression !== undefined) values.push(node.expression);
        continue;
      }
      ts.forEachChild(node, (child) => {
        if (ts.isStatement(child) || ts.isCaseBlock(child) || ts.isCaseOrDefaultClause(child) || ts.isCatchClause(child)) {
          if (!ts.isFunctionDeclaration(child) && !ts.isClassDeclaration(child)) statements.push(child);
        }
      });
    }
  }
  const seen = new Set<ts.Node>();
  while (values.length > 0) {
    const value = values.pop()!;
    if (seen.has(value)) continue;
    seen.add(value);
    if (
      ts.isParenthesizedExpression(value) ||
      ts.isAwaitExpression(value) ||
      ts.isAsExpression(value) ||
      ts.isNonNullExpression(value) ||
      ts.isSatisfiesExpression(value) ||
      ts.isTypeAssertionExpression(value)
    ) {
      values.push(value.expression);
    } else if (ts.isConditionalExpression(value)) {
      values.push(value.whenTrue, value.whenFalse);
    } else if (ts.isBinaryExpression(value)) {
      values.push(value.left, value.right);
    } else if (ts.isCallExpression(value) || ts.isNewExpression(value)) {
      const callee = value.expression;
      const target = calledFunction(checker, callee);
      if (target !== undefined) found.add(target);
      // `f().then(...)`: the member's type comes from the receiver's.
      if (ts.isPropertyAccessExpression(callee)) values.push(callee.expression);
    } else if (ts.isIdentifier(value)) {
      const declaration = valueDeclarationOf(checker, value);
      if (declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.type === undefined && declaration.initializer) {
        values.push(declaration.initializer);
      }
    }
  }
  return [...found];
}

// Only names and `this.name`: typing any other receiver is itself a query that may recurse.
function calledFunction(checker: ts.TypeChecker, callee: ts.Expression): InferredFunction | undefined {
  const named = ts.isIdentifier(callee)
    ? callee
    : ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword
      ? callee.name
      : undefined;
  if (named === undefined) return undefined;
  let declaration = valueDeclarationOf(checker, named);
  if (declaration !== undefined && (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration))) {
    declaration = declaration.initializer;
  }
  return declaration !== undefined && isInferredFunction(declaration) ? declaration : undefined;
}

function valueDeclarationOf(checker: ts.TypeChecker, name: ts.Node): ts.Node | undefined {
  let symbol = checker.getSymbolAtLocation(name);
  if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol?.valueDeclaration;
}
