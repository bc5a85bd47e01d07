import ts from 'typescript';

import { callbackKindOf, type FunctionNode, functionUse, isAsyncFunction, isFunctionNode } from './async-context.js';
import {
  type BlockingKind,
  blockingCatalogue,
  clockReads,
} from './blocking-catalogue.js';
import { blockingNameFilter, type CalleeNameFilter, mayResolveToInterest } from './blocking-names.js';
import { hasSmallSize } from './call-size.js';
import {
  type CallLike,
  displayName,
  matchesCallee,
  matchesNamePattern,
  normalizeModuleName,
  resolveCallee,
  resolveCalleeSymbol,
  resolveSymbol,
  type ResolvedCallee,
  skipOuterExpressions,
} from './callee.js';

/** The project's shared specifier shape for functions: where they are declared, and their name(s). */
export interface FunctionSpecifier {
  from: 'package' | 'file' | 'lib';
  /** For `from: 'package'`: the package or Node module (`better-sqlite3`, `fs`; `node:` is ignored). */
  package?: string;
  /** For `from: 'file'`: the end of the declaring file's path (`src/db.ts`); any user file when left out. */
  path?: string;
  /** Declared name(s): `querySync`, `Client.querySync` for a member, `*Sync` with wildcards. */
  name: string | readonly string[];
}

export interface BlockingMatch {
  kind: BlockingKind;
  callee: ResolvedCallee;
  /** `fs.readFileSync`, `better-sqlite3 Statement#run`. */
  name: string;
}

/** True when a function specifier (the rules' shared `allow`/`blocking` shape) names the callee. */
export function specifierMatches(spec: FunctionSpecifier, callee: ResolvedCallee): boolean {
  return [callee, ...callee.mergedWith].some((declared) => declarationMatches(spec, declared));
}

function declarationMatches(spec: FunctionSpecifier, callee: ResolvedCallee): boolean {
  if (spec.from !== callee.origin) return false;
  if (spec.from === 'package' && (spec.package === undefined || normalizeModuleName(spec.package) !== callee.module)) {
    return false;
  }
  if (spec.from === 'file' && spec.path !== undefined) {
    const fileName = callee.module.replaceAll('\\', '/');
    const wanted = spec.path.replaceAll('\\', '/').replace(/^\.\//, '');
    if (!fileName.endsWith(`/${wanted}`) && fileName !== wanted) return false;
  }
  const names = typeof spec.name === 'string' ? [spec.name] : spec.name;
  return names.some((pattern) => matchesNamePattern(callee, pattern));
}

function hasCallbackArgument(checker: ts.TypeChecker, call: CallLike): boolean {
  if (ts.isTaggedTemplateExpression(call)) return false;
  return (call.arguments ?? []).some((argument) => {
    const inner = skipOuterExpressions(argument);
    if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return true;
    return checker.getTypeAtLocation(argument).getCallSignatures().length > 0;
  });
}

/** Decides whether a call is a blocking call: the catalogue plus the user's `blocking`, minus `allow`. */
export class BlockingMatcher {
  readonly key: string;
  /** The name patterns of the user's `blocking` specifiers. */
  readonly blockingNames: readonly string[];

  constructor(
    private readonly blocking: readonly FunctionSpecifier[],
    private readonly allow: readonly FunctionSpecifier[],
  ) {
    this.key = JSON.stringify([blocking, allow]);
    this.blockingNames = blocking.flatMap((spec) => (typeof spec.name === 'string' ? [spec.name] : spec.name));
  }

  isAllowed(callee: ResolvedCallee): boolean {
    return this.allow.some((spec) => specifierMatches(spec, callee));
  }

  /** The blocking match for a call, `'allowed'` when an allowed callee, or undefined. */
  match(program: ts.Program, call: CallLike): BlockingMatch | 'allowed' | undefined {
    const callee = resolveCallee(program, call);
    return callee === undefined ? undefined : this.matchResolved(program, callee, call);
  }

  /** `match` for a callee already resolved with `resolveCallee`. */
  matchResolved(program: ts.Program, callee: ResolvedCallee, call: CallLike): BlockingMatch | 'allowed' | undefined {
    if (this.isAllowed(callee)) return 'allowed';
    if (this.blocking.some((spec) => specifierMatches(spec, callee))) {
      return { kind: 'user', callee, name: displayName(callee) };
    }
    if (callee.origin === 'file') return undefined;
    for (const entry of blockingCatalogue) {
      if (!matchesCallee(callee, entry.modules, entry.names)) continue;
      if (entry.unlessCallback && hasCallbackArgument(program.getTypeChecker(), call)) return undefined;
      if (hasSmallSize(program.getTypeChecker(), call, entry)) return undefined;
      return { kind: entry.kind, callee, name: displayName(callee) };
    }
    return undefined;
  }
}

/** True when `node` or a descendant satisfies `test`; `skip` prunes a subtree (its root included). */
function someNode(node: ts.Node, test: (child: ts.Node) => boolean, skip: (child: ts.Node) => boolean = () => false): boolean {
  const visit = (child: ts.Node): boolean => !skip(child) && (test(child) || ts.forEachChild(child, visit) === true);
  return visit(node);
}

function isClockRead(program: ts.Program, node: ts.Node): boolean {
  if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return false;
  const callee = resolveCallee(program, node);
  return callee !== undefined && clockReads.some((entry) => matchesCallee(callee, entry.modules, entry.names));
}

function containsClockRead(program: ts.Program, node: ts.Node): boolean {
  return someNode(node, (child) => isClockRead(program, child), isFunctionNode);
}

function containsWork(program: ts.Program, node: ts.Node): boolean {
  return someNode(
    node,
    (child) =>
      ts.isAwaitExpression(child) ||
      ts.isYieldExpression(child) ||
      ts.isTaggedTemplateExpression(child) ||
      isFunctionNode(child) ||
      ((ts.isCallExpression(child) || ts.isNewExpression(child)) && !containsClockRead(program, child)),
  );
}

/** A body that only waits: empty, or statements that just re-read the clock or bump counters. */
function isTrivialBody(program: ts.Program, body: ts.Statement): boolean {
  if (ts.isEmptyStatement(body)) return true;
  if (!ts.isBlock(body)) return ts.isExpressionStatement(body) && !containsWork(program, body);
  return body.statements.every(
    (statement) =>
      ts.isEmptyStatement(statement) ||
      ts.isContinueStatement(statement) ||
      (ts.isExpressionStatement(statement) && !containsWork(program, statement)),
  );
}

function isBreakOnly(statement: ts.Statement): boolean {
  if (ts.isBreakStatement(statement)) return statement.label === undefined;
  return ts.isBlock(statement) && statement.statements.length === 1 && isBreakOnly(statement.statements[0]);
}

export type LoopStatement = ts.WhileStatement | ts.DoStatement | ts.ForStatement;

/**
 * A loop that spins on the clock until a deadline: `while (Date.now() < end) {}`, `do {} while (performance.now() < t)`,
 * or `for (;;) { if (Date.now() >= end) break; }`.
 */
export function isBusyWaitLoop(program: ts.Program, loop: LoopStatement): boolean {
  const condition = ts.isForStatement(loop) ? loop.condition : loop.expression;
  if (condition !== undefined && condition.kind !== ts.SyntaxKind.TrueKeyword) {
    return containsClockRead(program, condition) && isTrivialBody(program, loop.statement);
  }
  if (ts.isForStatement(loop) && loop.incrementor !== undefined) return false;
  const body = loop.statement;
  const statements = ts.isBlock(body) ? body.statements : [body];
  if (statements.length !== 1) return false;
  const only = statements[0];
  return (
    ts.isIfStatement(only) &&
    only.elseStatement === undefined &&
    isBreakOnly(only.thenStatement) &&
    containsClockRead(program, only.expression)
  );
}

export interface BlockingLeaf {
  /** `fs.readFileSync`, or undefined for a busy-wait loop. */
  name: string | undefined;
  kind: BlockingKind | 'busy-wait';
  node: ts.Node;
}

export interface BlockingChain {
  /** The user functions from the called one down to the one holding the blocking call. */
  names: string[];
  leaf: BlockingLeaf;
}

interface Edge {
  target: FunctionNode;
  name: string;
}

interface Summary {
  leaf: BlockingLeaf | undefined;
  edges: Edge[];
}

export interface UserFunction {
  fn: FunctionNode;
  name: string;
}

function functionWithBody(declaration: ts.Declaration): FunctionNode | undefined {
  if (ts.isFunctionExpression(declaration) || ts.isArrowFunction(declaration)) return declaration;
  // `export default () => …`, and `module.exports = function () {…}` in JavaScript.
  const assigned = ts.isExportAssignment(declaration)
    ? declaration.expression
    : ts.isBinaryExpression(declaration) && declaration.operatorToken.kind === ts.SyntaxKind.EqualsToken
      ? declaration.right
      : undefined;
  if (assigned !== undefined) {
    const inner = skipOuterExpressions(assigned);
    return ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) ? inner : undefined;
  }
  if (ts.isClassLike(declaration)) {
    return declaration.members.find(
      (member): member is ts.ConstructorDeclaration => ts.isConstructorDeclaration(member) && member.body !== undefined,
    );
  }
  if (
    ts.isFunctionDeclaration(declaration) ||
    ts.isMethodDeclaration(declaration) ||
    ts.isConstructorDeclaration(declaration)
  ) {
    return declaration.body === undefined ? undefined : declaration;
  }
  if (
    (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) &&
    declaration.initializer !== undefined
  ) {
    const initializer = skipOuterExpressions(declaration.initializer);
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
  }
  return undefined;
}

/**
 * The user's synchronous functions and what they reach: built once per program (and per option set),
 * each function body walked at most once, chains found breadth-first so the shortest one is reported.
 */
export class CallGraph {
  private readonly summaries = new Map<ts.Node, Summary>();
  private readonly chains = new Map<number, Map<ts.Node, BlockingChain | null>>();
  /** Member calls worth resolving: the rest can neither block nor reach a user function. */
  readonly names: CalleeNameFilter;

  constructor(
    private readonly program: ts.Program,
    private readonly matcher: BlockingMatcher,
  ) {
    this.names = blockingNameFilter(program, matcher.blockingNames);
  }

  /** The synchronous user function (with a body in the program's own files) that a call runs, if any. */
  userFunctionOf(call: CallLike): UserFunction | undefined {
    const callee = resolveCallee(this.program, call);
    return callee === undefined ? undefined : this.userFunctionOfCallee(callee, ts.isNewExpression(call));
  }

  /** The synchronous user function a reference names (`setTimeout(tick)`, `createServer(app.handle)`), if any. */
  userFunctionOfReference(expression: ts.Expression): UserFunction | undefined {
    const inner = skipOuterExpressions(expression);
    if (!ts.isIdentifier(inner) && !ts.isPropertyAccessExpression(inner)) return undefined;
    const symbol = resolveCalleeSymbol(this.program.getTypeChecker(), inner);
    // Most references are parameters and plain values: no function body, nothing to describe.
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (symbol === undefined || declaration === undefined || functionWithBody(declaration) === undefined) return undefined;
    const callee = resolveSymbol(this.program, symbol);
    return callee === undefined ? undefined : this.userFunctionOfCallee(callee, false);
  }

  userFunctionOfCallee(callee: ResolvedCallee, isNew: boolean): UserFunction | undefined {
    if (callee.origin !== 'file' || this.matcher.isAllowed(callee)) return undefined;
    const sourceFile = callee.declaration.getSourceFile();
    if (sourceFile.isDeclarationFile || this.program.isSourceFileFromExternalLibrary(sourceFile)) return undefined;
    if (isNew !== ts.isClassLike(callee.declaration)) return undefined;
    const fn = functionWithBody(callee.declaration);
    if (fn === undefined || isAsyncFunction(fn) || (fn as ts.FunctionLikeDeclarationBase).asteriskToken !== undefined) {
      return undefined;
    }
    if (isNew) return { fn, name: `new ${callee.name}` };
    const ownName = ts.isFunctionExpression(fn) ? fn.name?.text : undefined;
    return { fn, name: callee.name === 'export=' || callee.name === 'default' ? (ownName ?? callee.name) : callee.qualifiedName };
  }

  /** The shortest chain of at most `maxDepth` user functions from `fn` to a blocking call, if any. */
  chainFrom(start: UserFunction, maxDepth: number): BlockingChain | undefined {
    if (maxDepth < 1) return undefined;
    let memo = this.chains.get(maxDepth);
    if (memo === undefined) {
      memo = new Map();
      this.chains.set(maxDepth, memo);
    }
    const cached = memo.get(start.fn);
    if (cached !== undefined) return cached ?? undefined;
    const result = this.search(start, maxDepth);
    memo.set(start.fn, result ?? null);
    return result;
  }

  private search(start: UserFunction, maxDepth: number): BlockingChain | undefined {
    const visited = new Set<ts.Node>([start.fn]);
    let frontier: { fn: FunctionNode; names: string[] }[] = [{ fn: start.fn, names: [start.name] }];
    for (let depth = 1; frontier.length > 0 && depth <= maxDepth; depth++) {
      const next: typeof frontier = [];
      for (const item of frontier) {
        const summary = this.summaryOf(item.fn);
        if (summary.leaf !== undefined) return { names: item.names, leaf: summary.leaf };
        for (const edge of summary.edges) {
          if (visited.has(edge.target)) continue;
          visited.add(edge.target);
          next.push({ fn: edge.target, names: [...item.names, edge.name] });
        }
      }
      frontier = next;
    }
    return undefined;
  }

  private summaryOf(fn: FunctionNode): Summary {
    let summary = this.summaries.get(fn);
    if (summary === undefined) {
      summary = this.summarise(fn);
      this.summaries.set(fn, summary);
    }
    return summary;
  }

  private summarise(fn: FunctionNode): Summary {
    const summary: Summary = { leaf: undefined, edges: [] };
    const seen = new Set<ts.Node>();
    const visit = (node: ts.Node): void => {
      if (summary.leaf !== undefined) return;
      if (isFunctionNode(node) && !this.runsInPlace(node)) return;
      if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node)) {
        const callee = mayResolveToInterest(this.names, node) ? resolveCallee(this.program, node) : undefined;
        const match = callee === undefined ? undefined : this.matcher.matchResolved(this.program, callee, node);
        if (match !== undefined && match !== 'allowed') {
          summary.leaf = { name: match.name, kind: match.kind, node };
          return;
        }
        if (callee !== undefined && match === undefined) {
          const target = this.userFunctionOfCallee(callee, ts.isNewExpression(node));
          if (target !== undefined && target.fn !== fn && !seen.has(target.fn)) {
            seen.add(target.fn);
            summary.edges.push({ target: target.fn, name: target.name });
          }
        }
      }
      if (
        (ts.isWhileStatement(node) || ts.isDoStatement(node) || ts.isForStatement(node)) &&
        isBusyWaitLoop(this.program, node)
      ) {
        summary.leaf = { name: undefined, kind: 'busy-wait', node };
        return;
      }
      ts.forEachChild(node, visit);
    };
    if (fn.body === undefined) return summary;
    if (ts.isBlock(fn.body)) ts.forEachChild(fn.body, visit);
    else visit(fn.body);
    return summary;
  }

  /** A nested function that runs while its parent runs: an IIFE or a callback of a non-scheduling call. */
  private runsInPlace(node: FunctionNode): boolean {
    if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) return false;
    if (isAsyncFunction(node) || node.asteriskToken !== undefined) return false;
    const use = functionUse(node);
    if (use === undefined) return false;
    return use.kind === 'iife' || callbackKindOf(this.program, use.call) === undefined;
  }
}

const graphs = new WeakMap<ts.Program, Map<string, CallGraph>>();

/** The call graph of `program` for this option set, shared by every file linted against that program. */
export function getCallGraph(program: ts.Program, matcher: BlockingMatcher): CallGraph {
  let byOptions = graphs.get(program);
  if (byOptions === undefined) {
    byOptions = new Map();
    graphs.set(program, byOptions);
  }
  let graph = byOptions.get(matcher.key);
  if (graph === undefined) {
    graph = new CallGraph(program, matcher);
    byOptions.set(matcher.key, graph);
  }
  return graph;
}

