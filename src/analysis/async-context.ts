import ts from 'typescript';

import {
  callbackContexts,
  type CallbackContextKind,
  listenerMethods,
  synchronousProcessEvents,
} from './blocking-catalogue.js';
import { callbackNameFilter, mayResolveToInterest } from './blocking-names.js';
import { calleeExpression, matchesCallee, resolveCallee } from './callee.js';
import { isCliFile } from './cli-entry.js';
import { isLibArrayMethod } from './fan-out.js';

// `await using` is two flag bits (Const | Using): both must be set.
const AWAIT_USING: number = ts.NodeFlags.AwaitUsing;

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
  if (!ts.isCallExpression(call) || !mayResolveToInterest(callbackNameFilter(program), call)) return undefined;
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

const ITERATION_METHODS = new Set([
  'forEach', 'map', 'flatMap', 'filter', 'find', 'findIndex', 'some', 'every', 'reduce', 'sort',
]);

/** `xs.forEach(fn)`, `xs.map(fn)` on a lib array, Set or Map: a function reference passed there runs during the call. */
export function runsCallbacksInPlace(program: ts.Program, call: ts.CallExpression): boolean {
  const callee = calleeExpression(call);
  return (
    ts.isPropertyAccessExpression(callee) &&
    ITERATION_METHODS.has(callee.name.text) &&
    isLibArrayMethod(program, program.getTypeChecker(), callee, true)
  );
}

function isLoop(node: ts.Node): boolean {
  return ts.isIterationStatement(node, false);
}

/** A call made once by module code: not inside any function, loop or class. */
function isModuleLevelOnce(call: ts.Node): boolean {
  for (let node = call.parent; !ts.isSourceFile(node); node = node.parent) {
    if (isFunctionNode(node) || isLoop(node) || ts.isClassLike(node)) return false;
  }
  return true;
}

/** True when `statement` suspends: an `await`, `for await` or `await using` outside nested functions. */
function suspends(statement: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionNode(node)) return;
    if (
      ts.isAwaitExpression(node) ||
      (ts.isForOfStatement(node) && node.awaitModifier !== undefined) ||
      (ts.isVariableDeclarationList(node) && (node.flags & AWAIT_USING) === AWAIT_USING)
    ) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

/**
 * Decides, per function, whether its body runs on the event loop after start-up. Memoised per function node,
 * so one instance should live as long as one lint of one file.
 */
export class LoopContextFinder {
  private readonly cache = new Map<ts.Node, LoopContext | null>();
  private readonly runOnce = new Map<ts.Node, boolean>();

  constructor(
    private readonly program: ts.Program,
    private readonly options: LoopContextOptions,
  ) {}

  /** The loop context that `node` runs in, or undefined (module level, start-up code, plain sync functions). */
  contextOf(node: ts.Node): LoopContext | undefined {
    const fn = enclosingFunction(node);
    return fn === undefined ? undefined : this.contextOfFunction(fn);
  }

  /**
   * True when `node` runs while the process starts: in the statements before the first `await` of an async
   * `main()` (or async IIFE) that module code calls exactly once. Those run synchronously during module
   * evaluation, before anything else is waiting for the loop.
   */
  runsAtStartUp(node: ts.Node, context: LoopContext): boolean {
    if (context.kind !== 'async') return false;
    const fn = context.fn as FunctionNode;
    if (fn.body === undefined || !ts.isBlock(fn.body)) return false;
    let statement: ts.Node = node;
    while (statement.parent !== fn.body) {
      if (statement.parent === undefined || statement.parent === fn) return false;
      statement = statement.parent;
    }
    const index = fn.body.statements.indexOf(statement as ts.Statement);
    const firstSuspension = fn.body.statements.findIndex(suspends);
    if (firstSuspension !== -1 && index >= firstSuspension) return false;
    return this.calledOnce(fn);
  }

  /**
   * An async function that is a command-line entry point, or runs as part of one: in a CLI file (hashbang or
   * `bin`), the `main()` or IIFE that module code calls once, and async callbacks that it (or a sync callback
   * it runs in place) hands to a call that runs them during the call, such as `files.map(async (f) => …)`.
   * Callbacks handed to the loop (timers, listeners, request handlers) keep their own context: a CLI can start
   * a server.
   */
  private isCliEntry(fn: FunctionNode): boolean {
    if (!isCliFile(this.program, fn.getSourceFile())) return false;
    if (this.calledOnce(fn)) return true;
    let owner: FunctionNode | undefined = fn;
    while (owner !== undefined && (ts.isArrowFunction(owner) || ts.isFunctionExpression(owner))) {
      const use = functionUse(owner);
      if (use === undefined || (use.kind === 'argument' && callbackKindOf(this.program, use.call) !== undefined)) {
        return false;
      }
      owner = enclosingFunction(use.call);
      // Module code of a CLI file runs once, in the command.
      if (owner === undefined) return isModuleLevelOnce(use.call);
      if (isAsyncFunction(owner)) return this.isCliEntry(owner);
    }
    return false;
  }

  private calledOnce(fn: FunctionNode): boolean {
    let once = this.runOnce.get(fn);
    if (once === undefined) {
      once = this.calledOnceFromModule(fn);
      this.runOnce.set(fn, once);
    }
    return once;
  }

  private calledOnceFromModule(fn: FunctionNode): boolean {
    if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
      const use = functionUse(fn);
      if (use?.kind === 'iife') return isModuleLevelOnce(use.call);
      let holder: ts.Node = fn.parent;
      while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder)) {
        holder = holder.parent;
      }
      if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name)) return false;
      if (!ts.isVariableStatement(holder.parent.parent) || ts.getCombinedModifierFlags(holder) & ts.ModifierFlags.Export) {
        return false;
      }
      return this.onlyCalledOnceFromModule(holder.name);
    }
    if (!ts.isFunctionDeclaration(fn) || fn.name === undefined) return false;
    if (ts.getCombinedModifierFlags(fn) & (ts.ModifierFlags.Export | ts.ModifierFlags.Default)) return false;
    return this.onlyCalledOnceFromModule(fn.name);
  }

  /** Every reference to `name` in its file is one call made by module code. */
  private onlyCalledOnceFromModule(name: ts.Identifier): boolean {
    const checker = this.program.getTypeChecker();
    const symbol = checker.getSymbolAtLocation(name);
    if (symbol === undefined) return false;
    const references: ts.Identifier[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) {
        if (node !== name && node.text === name.text && checker.getSymbolAtLocation(node) === symbol) references.push(node);
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(name.getSourceFile());
    if (references.length !== 1) return false;
    let callee: ts.Node = references[0];
    while (ts.isParenthesizedExpression(callee.parent)) callee = callee.parent;
    const call = callee.parent;
    return ts.isCallExpression(call) && call.expression === callee && isModuleLevelOnce(call);
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
    if (isAsyncFunction(fn)) return this.isCliEntry(fn) ? undefined : { kind: 'async', fn };
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

