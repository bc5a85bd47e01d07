import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

/** The innermost function that contains `node`, or undefined at module or class-field level. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.FunctionExpression:
        return current;
      case AST_NODE_TYPES.PropertyDefinition:
      case AST_NODE_TYPES.StaticBlock:
        return undefined;
    }
  }
  return undefined;
}

/** True when `await` may be written at `node`: the innermost function is async. */
export function isInAsyncFunction(node: TSESTree.Node): boolean {
  return enclosingFunction(node)?.async === true;
}

/** Strips wrappers that do not change the runtime value: `as`, `satisfies`, `!`, `<T>x`, `?.` chains. */
export function skipTransparent(node: TSESTree.Expression): TSESTree.Expression {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSInstantiationExpression:
        current = current.expression;
        break;
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/**
 * Climbs from `node` through parents that pass its value on unchanged (parentheses are not nodes in
 * ESTree; `as`, `!`, `satisfies` and optional chains are), returning the first parent that uses the value.
 */
export function valueUser(node: TSESTree.Node): { user: TSESTree.Node | undefined; child: TSESTree.Node } {
  let child = node;
  let user = node.parent;
  while (
    user &&
    (user.type === AST_NODE_TYPES.TSAsExpression ||
      user.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      user.type === AST_NODE_TYPES.TSNonNullExpression ||
      user.type === AST_NODE_TYPES.TSTypeAssertion ||
      user.type === AST_NODE_TYPES.ChainExpression)
  ) {
    child = user;
    user = user.parent;
  }
  return { user, child };
}

/** The property name of a non-computed member access (`a.b`, `a?.b`, `a['b']`), or undefined. */
export function memberName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === AST_NODE_TYPES.Identifier) return node.property.name;
  if (node.computed && node.property.type === AST_NODE_TYPES.Literal && typeof node.property.value === 'string') {
    return node.property.value;
  }
  return undefined;
}

export function isFunctionLike(
  node: TSESTree.Node,
): node is TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression {
  return node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression;
}

/**
 * False when the syntax alone shows `node` cannot evaluate to a promise (comparisons, arithmetic,
 * literals, `typeof`, functions...), so the type checker need not be asked. True means "ask".
 */
export function mayBePromiseSyntax(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.MemberExpression:
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TaggedTemplateExpression:
    case AST_NODE_TYPES.ImportExpression:
    case AST_NODE_TYPES.ThisExpression:
    case AST_NODE_TYPES.YieldExpression:
      return true;
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return true;
    case AST_NODE_TYPES.ConditionalExpression:
      return mayBePromiseSyntax(node.consequent) || mayBePromiseSyntax(node.alternate);
    case AST_NODE_TYPES.LogicalExpression:
      return mayBePromiseSyntax(node.left) || mayBePromiseSyntax(node.right);
    case AST_NODE_TYPES.SequenceExpression:
      return mayBePromiseSyntax(node.expressions[node.expressions.length - 1]);
    case AST_NODE_TYPES.AssignmentExpression:
      return node.operator === '=' && mayBePromiseSyntax(node.right);
    default:
      return false;
  }
}

/**
 * False when a function visibly cannot return a promise: not async, and neither its expression body
 * nor any `return` in its block body (inside `if`, loops, `try`, `switch`, not nested functions) can be one.
 */
export function mayReturnPromiseSyntax(fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression): boolean {
  if (fn.generator) return false;
  if (fn.async) return true;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return mayBePromiseSyntax(fn.body);
  return fn.body.body.some(mayReturnPromiseFrom);
}

function mayReturnPromiseFrom(statement: TSESTree.Statement | null | undefined): boolean {
  if (!statement) return false;
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
      return statement.argument !== null && mayBePromiseSyntax(statement.argument);
    case AST_NODE_TYPES.BlockStatement:
      return statement.body.some(mayReturnPromiseFrom);
    case AST_NODE_TYPES.IfStatement:
      return mayReturnPromiseFrom(statement.consequent) || mayReturnPromiseFrom(statement.alternate);
    case AST_NODE_TYPES.TryStatement:
      return (
        mayReturnPromiseFrom(statement.block) ||
        mayReturnPromiseFrom(statement.handler?.body) ||
        mayReturnPromiseFrom(statement.finalizer)
      );
    case AST_NODE_TYPES.SwitchStatement:
      return statement.cases.some((branch) => branch.consequent.some(mayReturnPromiseFrom));
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.LabeledStatement:
      return mayReturnPromiseFrom(statement.body);
    default:
      return false;
  }
}
