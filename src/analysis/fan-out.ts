import { unionConstituents } from 'ts-api-utils';
import ts from 'typescript';
import { skipOuterExpressions } from './callee.js';
import { constantNumber } from './constants.js';

/**
 * How many elements a collection (or iterations a loop) can have, as far as the checker can tell.
 * `unbounded` carries the expression to name in messages; `unknown` means the rule stays quiet.
 */
export type Bound =
  | { kind: 'bounded' }
  | { kind: 'unbounded'; collection: ts.Node }
  | { kind: 'unknown' };

/** A user-declared limiter: calls to these exports (or through values of these types) are bounded. */
export interface LimiterSpec {
  module: string;
  names: readonly string[];
}

export interface FanOutSettings {
  maxFanOut: number;
  /** Largest constant chunk (`xs.slice(i, i + N)`, `chunk(xs, N)`) that counts as a bound the user chose. */
  maxChunkSize: number;
  limiters: readonly LimiterSpec[];
  checkInstanceState: boolean;
}

export type Combinator = 'all' | 'allSettled' | 'any' | 'race';

const BOUNDED: Bound = { kind: 'bounded' };
const UNKNOWN: Bound = { kind: 'unknown' };
const COMBINATORS = new Set<string>(['all', 'allSettled', 'any', 'race']);
const LENGTH_PRESERVING = new Set(['filter', 'map', 'toSorted', 'toReversed', 'reverse', 'sort', 'with']);
const MUTATORS = new Set(['push', 'unshift', 'splice']);
const OBJECT_ENUMERATORS = new Set(['keys', 'values', 'entries']);



function declaredInLib(program: ts.Program, symbol: ts.Symbol | undefined, owners: ReadonlySet<string>): boolean {
  return (
    symbol?.declarations?.some((decl) => {
      const owner = decl.parent;
      return (
        (ts.isInterfaceDeclaration(owner) || ts.isClassDeclaration(owner)) &&
        owner.name !== undefined &&
        owners.has(owner.name.text) &&
        program.isSourceFileDefaultLibrary(decl.getSourceFile())
      );
    }) ?? false
  );
}

const ARRAY_OWNERS = new Set(['Array', 'ReadonlyArray']);
const ITERATION_OWNERS = new Set(['Array', 'ReadonlyArray', 'Set', 'ReadonlySet', 'Map', 'ReadonlyMap']);

/** `xs.method` where `method` is declared by the default lib's Array/ReadonlyArray (Set/Map too with `collections`). */
export function isLibArrayMethod(
  program: ts.Program,
  checker: ts.TypeChecker,
  access: ts.PropertyAccessExpression,
  collections = false,
): boolean {
  return declaredInLib(program, checker.getSymbolAtLocation(access.name), collections ? ITERATION_OWNERS : ARRAY_OWNERS);
}

/**
 * Which promise combinator `call` invokes, resolved through the checker to the global `PromiseConstructor`,
 * so `Bluebird.all` or a local `Promise` class do not count and `globalThis.Promise.all` does.
 */
export function promiseCombinator(
  program: ts.Program,
  checker: ts.TypeChecker,
  call: ts.CallExpression,
): Combinator | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !COMBINATORS.has(callee.name.text)) return undefined;
  return declaredInLib(program, checker.getSymbolAtLocation(callee.name), new Set(['PromiseConstructor']))
    ? (callee.name.text as Combinator)
    : undefined;
}

/** A call that starts one task per element: `xs.map(fn)`, `xs.flatMap(fn)`, `Array.from(xs, fn)`. */
export interface FanOutSource {
  call: ts.CallExpression;
  method: 'map' | 'flatMap' | 'from';
  collection: ts.Expression;
  callback: ts.Expression;
}

export function fanOutSource(program: ts.Program, checker: ts.TypeChecker, expr: ts.Expression): FanOutSource | undefined {
  const call = skipOuterExpressions(expr);
  if (!ts.isCallExpression(call)) return undefined;
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.name.text;
  if ((name === 'map' || name === 'flatMap') && call.arguments.length >= 1) {
    if (!isLibArrayMethod(program, checker, callee)) return undefined;
    return { call, method: name, collection: callee.expression, callback: call.arguments[0] };
  }
  if (name === 'from' && call.arguments.length >= 2) {
    if (!declaredInLib(program, checker.getSymbolAtLocation(callee.name), new Set(['ArrayConstructor']))) return undefined;
    return { call, method: 'from', collection: call.arguments[0], callback: call.arguments[1] };
  }
  return undefined;
}

function combine(bounds: readonly Bound[]): Bound {
  const unbounded = bounds.find((bound) => bound.kind === 'unbounded');
  if (bounds.some((bound) => bound.kind === 'unknown')) return UNKNOWN;
  return unbounded ?? BOUNDED;
}

function sizeBound(size: number | undefined, node: ts.Node, settings: FanOutSettings): Bound {
  if (size === undefined) return UNKNOWN;
  return size <= settings.maxFanOut ? BOUNDED : { kind: 'unbounded', collection: node };
}

function chunkBound(size: number | undefined, node: ts.Node, settings: FanOutSettings): Bound {
  if (size === undefined) return UNKNOWN;
  return size <= settings.maxChunkSize ? BOUNDED : { kind: 'unbounded', collection: node };
}

function renamed(bound: Bound, node: ts.Node): Bound {
  return bound.kind === 'unbounded' ? { kind: 'unbounded', collection: node } : bound;
}

function sameExpression(a: ts.Expression, b: ts.Expression): boolean {
  return skipOuterExpressions(a).getText() === skipOuterExpressions(b).getText();
}

function sliceBound(
  program: ts.Program,
  checker: ts.TypeChecker,
  call: ts.CallExpression,
  receiver: ts.Expression,
  settings: FanOutSettings,
  depth: number,
): Bound {
  const [startArg, endArg] = call.arguments;
  const whole = (): Bound => renamed(collectionBound(program, checker, receiver, settings, depth + 1), call);
  if (startArg === undefined) return whole();
  const start = constantNumber(checker, startArg);
  if (endArg === undefined) {
    if (start !== undefined && start < 0) return sizeBound(-start, call, settings);
    const bound = whole();
    return bound.kind === 'bounded' || start !== undefined ? bound : UNKNOWN;
  }
  const end = constantNumber(checker, endArg);
  if (start !== undefined && end !== undefined) {
    if (start >= 0 && end >= 0) return sizeBound(Math.max(0, end - start), call, settings);
    if (start < 0 && end <= 0) return sizeBound(Math.max(0, end - start), call, settings);
    return whole();
  }
  // A chunk: `xs.slice(i, i + size)` holds at most `size` elements.
  const chunkEnd = skipOuterExpressions(endArg);
  if (ts.isBinaryExpression(chunkEnd) && chunkEnd.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const size = sameExpression(chunkEnd.left, startArg)
      ? chunkEnd.right
      : sameExpression(chunkEnd.right, startArg)
        ? chunkEnd.left
        : undefined;
    if (size !== undefined) return chunkBound(constantNumber(checker, size), call, settings);
  }
  if (end !== undefined && end >= 0 && end <= settings.maxFanOut) return BOUNDED;
  return UNKNOWN;
}

/** True when an element-adding call or a length/element write reaches the const array `symbol`. */
function isGrown(checker: ts.TypeChecker, symbol: ts.Symbol, scope: ts.Node): boolean {
  let grown = false;
  const visit = (node: ts.Node): void => {
    if (grown) return;
    if (ts.isIdentifier(node) && node.text === symbol.name && checker.getSymbolAtLocation(node) === symbol) {
      const parent = node.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
        if (MUTATORS.has(parent.name.text) && ts.isCallExpression(parent.parent)) grown = true;
        if (parent.name.text === 'length' && isAssignmentTarget(parent)) grown = true;
      }
      if (ts.isElementAccessExpression(parent) && parent.expression === node && isAssignmentTarget(parent)) grown = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return grown;
}

function isAssignmentTarget(node: ts.Expression): boolean {
  const parent = node.parent;
  return (
    ts.isBinaryExpression(parent) &&
    parent.left === node &&
    parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
    parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment
  );
}

/** The initializer of a `const` binding that never grows (array literals are checked for `push`/`splice`). */
export function constInitializer(checker: ts.TypeChecker, id: ts.Identifier): ts.Expression | undefined {
  const symbol = checker.getSymbolAtLocation(id);
  const decl = symbol?.valueDeclaration;
  if (!symbol || !decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name) || !decl.initializer) {
    return undefined;
  }
  const list = decl.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return undefined;
  if (!ts.isVariableStatement(list.parent)) return undefined;
  const init = skipOuterExpressions(decl.initializer);
  if (ts.isArrayLiteralExpression(init) && isGrown(checker, symbol, list.parent.parent)) return undefined;
  return decl.initializer;
}

function hasIterator(type: ts.Type): boolean {
  return type.getProperties().some((prop) => String(prop.escapedName).startsWith('__@iterator'));
}

function typeBound(checker: ts.TypeChecker, expr: ts.Expression): Bound {
  const bounds: Bound[] = [];
  for (let part of unionConstituents(checker.getTypeAtLocation(expr))) {
    if (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) continue;
    if (part.flags & ts.TypeFlags.TypeParameter) part = checker.getBaseConstraintOfType(part) ?? part;
    if (part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never | ts.TypeFlags.TypeParameter)) {
      return UNKNOWN;
    }
    if (checker.isTupleType(part)) {
      const target = (part as ts.TupleTypeReference).target;
      bounds.push(target.combinedFlags & ts.ElementFlags.Variable ? { kind: 'unbounded', collection: expr } : BOUNDED);
    } else if (checker.isArrayType(part)) {
      bounds.push({ kind: 'unbounded', collection: expr });
    } else if (part.flags & ts.TypeFlags.StringLike) {
      return UNKNOWN;
    } else if (hasIterator(checker.getApparentType(part))) {
      bounds.push({ kind: 'unbounded', collection: expr });
    } else {
      return UNKNOWN;
    }
  }
  return bounds.length === 0 ? UNKNOWN : combine(bounds);
}

/**
 * Whether `expr` (a collection fanned out over) has a small, fixed size: array literals without spread,
 * tuple types, constant slices of at most `maxFanOut`, `{ length: N }`, and `const` bindings of those.
 * Arrays, Sets, Maps and other iterables are unbounded; `any` and odd shapes are unknown.
 */
export function collectionBound(
  program: ts.Program,
  checker: ts.TypeChecker,
  expr: ts.Expression,
  settings: FanOutSettings,
  depth = 0,
): Bound {
  const node = skipOuterExpressions(expr);
  if (depth > 4 || isAwaitedChunkVariable(checker, node)) return UNKNOWN;
  if (ts.isArrayLiteralExpression(node)) {
    return combine(
      node.elements.map((element) =>
        ts.isSpreadElement(element)
          ? collectionBound(program, checker, element.expression, settings, depth + 1)
          : BOUNDED,
      ),
    );
  }
  if (ts.isObjectLiteralExpression(node)) {
    const length = node.properties.find(
      (prop) => prop.name !== undefined && ts.isIdentifier(prop.name) && prop.name.text === 'length',
    );
    if (length && ts.isPropertyAssignment(length)) {
      return sizeBound(constantNumber(checker, length.initializer), node, settings);
    }
    if (length && ts.isShorthandPropertyAssignment(length)) {
      return sizeBound(constantNumber(checker, length.name), node, settings);
    }
    return UNKNOWN;
  }
  // `await Promise.all(xs)` holds one result per element of `xs`: no need to type the awaited call.
  if (ts.isAwaitExpression(node)) {
    const awaited = skipOuterExpressions(node.expression);
    if (ts.isCallExpression(awaited) && awaited.arguments.length === 1 && !ts.isSpreadElement(awaited.arguments[0])) {
      const combinator = promiseCombinator(program, checker, awaited);
      if (combinator === 'all' || combinator === 'allSettled') {
        const bound = collectionBound(program, checker, awaited.arguments[0], settings, depth + 1);
        if (bound.kind !== 'unknown') return renamed(bound, node);
      }
    }
  }
  if (ts.isCallExpression(node)) {
    const callee = skipOuterExpressions(node.expression);
    if (ts.isPropertyAccessExpression(callee) && OBJECT_ENUMERATORS.has(callee.name.text) && node.arguments[0]) {
      if (declaredInLib(program, checker.getSymbolAtLocation(callee.name), new Set(['ObjectConstructor']))) {
        return renamed(keysBound(checker, node.arguments[0]), node);
      }
    }
    if (ts.isPropertyAccessExpression(callee) && isLibArrayMethod(program, checker, callee)) {
      if (callee.name.text === 'slice') return sliceBound(program, checker, node, callee.expression, settings, depth);
      if (LENGTH_PRESERVING.has(callee.name.text)) {
        return renamed(collectionBound(program, checker, callee.expression, settings, depth + 1), node);
      }
    }
  }
  const chunk = chunkOf(program, checker, node, settings);
  if (chunk !== undefined) return chunk;
  if (!settings.checkInstanceState && readsInstanceState(checker, node, depth) && elementsOf(checker, node) !== 'records') {
    return UNKNOWN;
  }
  if (ts.isIdentifier(node)) {
    const init = constInitializer(checker, node);
    if (init !== undefined) {
      const bound = collectionBound(program, checker, init, settings, depth + 1);
      if (bound.kind !== 'unknown') return renamed(bound, node);
    }
  }
  return typeBound(checker, node);
}

/**
 * The constant chunk size of a call that splits an array into arrays (`chunk(keys, 50)`, lodash `_.chunk`):
 * its first argument is an array of `T`, it returns an array of arrays of `T`, and another argument is a
 * constant number. Recognised by shape, whatever the helper is called.
 */
function chunkingCall(checker: ts.TypeChecker, expr: ts.Expression, depth = 0): number | undefined {
  const node = skipOuterExpressions(expr);
  if (ts.isIdentifier(node) && depth < 4) {
    const init = constInitializer(checker, node);
    return init === undefined ? undefined : chunkingCall(checker, init, depth + 1);
  }
  if (!ts.isCallExpression(node) || node.arguments.length < 2) return undefined;
  const [items, ...rest] = node.arguments;
  const itemsType = checker.getTypeAtLocation(items);
  if (!checker.isArrayType(itemsType)) return undefined;
  const element = checker.getIndexTypeOfType(itemsType, ts.IndexKind.Number);
  const result = checker.getTypeAtLocation(node);
  const group = checker.isArrayType(result) ? checker.getIndexTypeOfType(result, ts.IndexKind.Number) : undefined;
  const inner = group !== undefined && checker.isArrayType(group) ? checker.getIndexTypeOfType(group, ts.IndexKind.Number) : undefined;
  // Compared by identity or by name: `isTypeAssignableTo` is public only in recent TypeScript versions.
  if (element === undefined || inner === undefined) return undefined;
  if (inner !== element && checker.typeToString(inner) !== checker.typeToString(element)) return undefined;
  for (const arg of rest) {
    const size = ts.isSpreadElement(arg) ? undefined : constantNumber(checker, arg);
    if (size !== undefined) return size;
  }
  return undefined;
}

/**
 * One chunk of a chunked collection: `batches[i]`, the variable of `for (const batch of chunk(xs, 50))`, or
 * the parameter of `chunk(xs, 50).map((batch) => …)`. It holds at most the chunk size.
 */
function chunkOf(program: ts.Program, checker: ts.TypeChecker, node: ts.Expression, settings: FanOutSettings): Bound | undefined {
  if (ts.isElementAccessExpression(node)) {
    const size = chunkingCall(checker, node.expression);
    return size === undefined ? undefined : chunkBound(size, node, settings);
  }
  if (!ts.isIdentifier(node)) return undefined;
  const decl = checker.getSymbolAtLocation(node)?.valueDeclaration;
  if (decl === undefined) return undefined;
  let chunked: ts.Expression | undefined;
  if (ts.isVariableDeclaration(decl) && ts.isVariableDeclarationList(decl.parent) && ts.isForOfStatement(decl.parent.parent)) {
    chunked = decl.parent.parent.expression;
  } else if (ts.isParameter(decl) && decl.parent.parameters[0] === decl) {
    const fn = decl.parent;
    const call = fn.parent;
    const callee = ts.isCallExpression(call) && call.arguments[0] === fn ? skipOuterExpressions(call.expression) : undefined;
    if (callee !== undefined && ts.isPropertyAccessExpression(callee) && isLibArrayMethod(program, checker, callee, true)) {
      chunked = callee.expression;
    }
  }
  const size = chunked === undefined ? undefined : chunkingCall(checker, chunked);
  return size === undefined ? undefined : chunkBound(size, node, settings);
}

/**
 * What the elements of a collection are: `resources` when they have methods (clients, nodes, workers, child
 * processes: objects a program creates and keeps a bounded number of), `records` when they are plain data
 * (subscriptions, jobs, rows: loaded or received, growing with traffic), `unknown` for primitives (keys,
 * ids), tuples, `any` and the rest.
 */
function elementsOf(checker: ts.TypeChecker, expr: ts.Expression): 'resources' | 'records' | 'unknown' {
  const type = checker.getTypeAtLocation(expr);
  let element: ts.Type | undefined;
  if (checker.isArrayType(type)) {
    element = checker.getIndexTypeOfType(type, ts.IndexKind.Number);
  } else if (type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) {
    const [first] = checker.getTypeArguments(type as ts.TypeReference);
    element = first;
  }
  if (element === undefined) return 'unknown';
  let kind: 'resources' | 'records' | 'unknown' = 'unknown';
  for (const part of unionConstituents(element)) {
    if (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) continue;
    if (!(part.flags & ts.TypeFlags.Object) || checker.isTupleType(part) || checker.isArrayType(part)) return 'unknown';
    const properties = checker.getPropertiesOfType(part);
    if (properties.length === 0) return 'unknown';
    const hasMethod = properties.some((property) => {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      if (declaration !== undefined && (ts.isMethodDeclaration(declaration) || ts.isMethodSignature(declaration))) return true;
      return checker.getTypeOfSymbol(property).getCallSignatures().length > 0;
    });
    if (hasMethod) return 'resources';
    kind = 'records';
  }
  return kind;
}

/**
 * True when a collection is read from the object's own state: `this.nodes()`, `[...this.#keys]`,
 * `Object.values(this.retained).concat(...)`, or a const holding one. Such collections (cluster nodes,
 * pooled children, cache keys) are sized by configuration, not by traffic; the sweep found them to be most
 * of the rule's false positives in library code. Reported only with `checkInstanceState`, or when the
 * elements are plain records (`this.subscriptions.filter(…)`), which grow with the data.
 */
function readsInstanceState(checker: ts.TypeChecker, expr: ts.Expression, depth: number): boolean {
  const node = skipOuterExpressions(expr);
  if (depth > 4) return false;
  if (node.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    return readsInstanceState(checker, node.expression, depth + 1);
  }
  if (ts.isArrayLiteralExpression(node)) {
    return (
      node.elements.length > 0 &&
      node.elements.every((element) => ts.isSpreadElement(element) && readsInstanceState(checker, element.expression, depth + 1))
    );
  }
  if (ts.isCallExpression(node)) {
    const callee = skipOuterExpressions(node.expression);
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const owner = skipOuterExpressions(callee.expression);
    // Object.values(x), Array.from(x): the collection is the argument.
    if (ts.isIdentifier(owner) && (owner.text === 'Object' || owner.text === 'Array') && node.arguments[0]) {
      return readsInstanceState(checker, node.arguments[0], depth + 1);
    }
    // this.nodes(), this.items.filter(...), this.retained.concat(...)
    return readsInstanceState(checker, owner, depth + 1);
  }
  if (ts.isIdentifier(node)) {
    const init = constInitializer(checker, node);
    return init !== undefined && readsInstanceState(checker, init, depth + 1);
  }
  return false;
}

/** True when `body` awaits (or yields) on its own, outside nested functions, so iterations run one by one. */
export function awaitsInside(body: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (
      ts.isAwaitExpression(node) ||
      ts.isYieldExpression(node) ||
      (ts.isForOfStatement(node) && node.awaitModifier !== undefined)
    ) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

function conditionBound(
  program: ts.Program,
  checker: ts.TypeChecker,
  test: ts.Expression | undefined,
  settings: FanOutSettings,
  exclude: ts.Symbol | undefined,
): Bound {
  if (test === undefined) return UNKNOWN;
  const node = skipOuterExpressions(test);
  if (!ts.isBinaryExpression(node)) return UNKNOWN;
  const op = node.operatorToken.kind;
  if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
    const left = conditionBound(program, checker, node.left, settings, exclude);
    const right = conditionBound(program, checker, node.right, settings, exclude);
    if (left.kind === 'bounded' || right.kind === 'bounded') return BOUNDED;
    return combine([left, right]);
  }
  const comparisons = [
    ts.SyntaxKind.LessThanToken,
    ts.SyntaxKind.LessThanEqualsToken,
    ts.SyntaxKind.GreaterThanToken,
    ts.SyntaxKind.GreaterThanEqualsToken,
    ts.SyntaxKind.ExclamationEqualsEqualsToken,
    ts.SyntaxKind.ExclamationEqualsToken,
  ];
  if (!comparisons.includes(op)) return UNKNOWN;
  for (const side of [node.right, node.left]) {
    const value = constantNumber(checker, side);
    if (value !== undefined && value !== 0) return sizeBound(value, node, settings);
    const inner = skipOuterExpressions(side);
    if (ts.isPropertyAccessExpression(inner) && (inner.name.text === 'length' || inner.name.text === 'size')) {
      const owner = skipOuterExpressions(inner.expression);
      if (exclude && ts.isIdentifier(owner) && checker.getSymbolAtLocation(owner) === exclude) return UNKNOWN;
      return collectionBound(program, checker, owner, settings);
    }
  }
  return UNKNOWN;
}

/** The keys of an object type with fixed properties are bounded; index signatures and arrays are not. */
function keysBound(checker: ts.TypeChecker, expr: ts.Expression): Bound {
  const type = checker.getApparentType(checker.getTypeAtLocation(expr));
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return UNKNOWN;
  if (checker.isArrayLikeType(type) && !checker.isTupleType(type)) return { kind: 'unbounded', collection: expr };
  return checker.getIndexInfosOfType(type).length > 0 ? { kind: 'unbounded', collection: expr } : BOUNDED;
}

export type Loop =
  | ts.ForOfStatement
  | ts.ForInStatement
  | ts.ForStatement
  | ts.WhileStatement
  | ts.DoStatement
  | ts.CallExpression;

// Every call in a loop asks for the loop's bound; the answer depends only on the loop and the settings.
const loopBoundCache = new WeakMap<FanOutSettings, WeakMap<Loop, Bound>>();

/** How many iterations `loop` makes. `exclude` is an array filled by the loop, so `tasks.length < n` says nothing. */
export function loopBound(
  program: ts.Program,
  checker: ts.TypeChecker,
  loop: Loop,
  settings: FanOutSettings,
  exclude?: ts.Symbol,
): Bound {
  if (exclude !== undefined) return computeLoopBound(program, checker, loop, settings, exclude);
  let cache = loopBoundCache.get(settings);
  if (cache === undefined) loopBoundCache.set(settings, (cache = new WeakMap()));
  let bound = cache.get(loop);
  if (bound === undefined) cache.set(loop, (bound = computeLoopBound(program, checker, loop, settings)));
  return bound;
}

function computeLoopBound(
  program: ts.Program,
  checker: ts.TypeChecker,
  loop: Loop,
  settings: FanOutSettings,
  exclude?: ts.Symbol,
): Bound {
  if (ts.isForOfStatement(loop)) return collectionBound(program, checker, loop.expression, settings);
  if (ts.isForInStatement(loop)) return keysBound(checker, loop.expression);
  if (ts.isCallExpression(loop)) {
    const callee = skipOuterExpressions(loop.expression);
    return ts.isPropertyAccessExpression(callee)
      ? collectionBound(program, checker, callee.expression, settings)
      : UNKNOWN;
  }
  const test = ts.isForStatement(loop) ? loop.condition : loop.expression;
  return conditionBound(program, checker, test, settings, exclude);
}

function isIterationCallback(program: ts.Program, checker: ts.TypeChecker, fn: ts.Node): ts.CallExpression | undefined {
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  if (fn.modifiers?.some((mod) => mod.kind === ts.SyntaxKind.AsyncKeyword)) return undefined;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.name.text;
  if (name === 'forEach') return isLibArrayMethod(program, checker, callee, true) ? call : undefined;
  if (name === 'map' || name === 'flatMap') return isLibArrayMethod(program, checker, callee) ? call : undefined;
  return undefined;
}

/**
 * The loop that makes `node` run once per element of an unbounded collection, all at once: walking out
 * from `node` (within its function, and through the sync callbacks of `forEach`/`map`), the first loop
 * that awaits stops the search (iterations are sequential), a bounded loop passes it on, and an
 * unbounded one is the answer.
 */
export function unboundedEnclosingLoop(
  program: ts.Program,
  checker: ts.TypeChecker,
  node: ts.Node,
  settings: FanOutSettings,
  exclude?: ts.Symbol,
): { loop: Loop; collection: ts.Node } | undefined {
  let child: ts.Node = node;
  for (let current = node.parent; current !== undefined; child = current, current = current.parent) {
    if (ts.isFunctionLike(current)) {
      const call = isIterationCallback(program, checker, current);
      if (call === undefined) return undefined;
      const bound = loopBound(program, checker, call, settings, exclude);
      if (bound.kind === 'unbounded') return { loop: call, collection: bound.collection };
      if (bound.kind === 'unknown') return undefined;
      current = call;
      continue;
    }
    if (ts.isClassLike(current) || ts.isSourceFile(current)) return undefined;
    if (
      ts.isForOfStatement(current) ||
      ts.isForInStatement(current) ||
      ts.isForStatement(current) ||
      ts.isWhileStatement(current) ||
      ts.isDoStatement(current)
    ) {
      if (current.statement !== child) continue;
      if ((ts.isForOfStatement(current) && current.awaitModifier) || awaitsInside(current.statement)) return undefined;
      if (ts.isForStatement(current) && current.incrementor && awaitsInside(current.incrementor)) return undefined;
      if ((ts.isWhileStatement(current) || ts.isDoStatement(current)) && awaitsInside(current.expression)) {
        return undefined;
      }
      const bound = loopBound(program, checker, current, settings, exclude);
      if (bound.kind === 'unbounded') return { loop: current, collection: bound.collection };
      if (bound.kind === 'unknown') return undefined;
    }
  }
  return undefined;
}

/** True when `node` is the variable of an enclosing `for…of` loop that awaits each iteration: a chunk loop. */
export function isAwaitedChunkVariable(checker: ts.TypeChecker, node: ts.Expression): boolean {
  const expr = skipOuterExpressions(node);
  if (!ts.isIdentifier(expr)) return false;
  const decl = checker.getSymbolAtLocation(expr)?.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl)) return false;
  const loop = decl.parent.parent;
  if (!ts.isForOfStatement(loop) || !ts.isVariableDeclarationList(decl.parent)) return false;
  return loop.awaitModifier !== undefined || awaitsInside(loop.statement);
}

/** The npm package (or ambient `declare module`) that declares `decl`; `@types/x` counts as `x`. */
export function moduleOfDeclaration(decl: ts.Node): string | undefined {
  for (let node: ts.Node | undefined = decl; node; node = node.parent) {
    if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) return node.name.text;
  }
  const file = decl.getSourceFile().fileName.replace(/\\/g, '/');
  const index = file.lastIndexOf('/node_modules/');
  if (index < 0) return undefined;
  const parts = file.slice(index + '/node_modules/'.length).split('/');
  const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  if (!name.startsWith('@types/')) return name;
  const bare = name.slice('@types/'.length);
  return bare.includes('__') ? `@${bare.replace('__', '/')}` : bare;
}

function resolved(checker: ts.TypeChecker, symbol: ts.Symbol | undefined): ts.Symbol | undefined {
  return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** Names a declaration answers to: its own, `Owner.member` for class/interface members, `default` if so exported. */
function declarationNames(decl: ts.Declaration): string[] {
  const name = ts.getNameOfDeclaration(decl);
  const own = name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) ? name.text : undefined;
  const names: string[] = own ? [own] : [];
  const owner = decl.parent;
  if (own && (ts.isClassLike(owner) || ts.isInterfaceDeclaration(owner) || ts.isTypeLiteralNode(owner))) {
    const ownerName = ts.isTypeLiteralNode(owner)
      ? ts.isTypeAliasDeclaration(owner.parent)
        ? owner.parent.name.text
        : undefined
      : owner.name?.text;
    if (ownerName) names.push(`${ownerName}.${own}`);
  }
  if (ts.canHaveModifiers(decl) && ts.getModifiers(decl)?.some((mod) => mod.kind === ts.SyntaxKind.DefaultKeyword)) {
    names.push('default');
  }
  return names;
}

function symbolMatches(symbol: ts.Symbol | undefined, module: string, names: readonly string[]): boolean {
  return (
    symbol?.declarations?.some(
      (decl) => moduleOfDeclaration(decl) === module && declarationNames(decl).some((name) => names.includes(name)),
    ) ?? false
  );
}

function symbolFromModule(symbol: ts.Symbol | undefined, module: string): boolean {
  return symbol?.declarations?.some((decl) => moduleOfDeclaration(decl) === module) ?? false;
}

function calleeSymbol(checker: ts.TypeChecker, callee: ts.Expression): ts.Symbol | undefined {
  const node = skipOuterExpressions(callee);
  if (ts.isIdentifier(node)) return resolved(checker, checker.getSymbolAtLocation(node));
  if (ts.isPropertyAccessExpression(node)) return resolved(checker, checker.getSymbolAtLocation(node.name));
  return undefined;
}

/** The type's own symbol or alias (`LimitFunction`), for values whose type a limiter package declares. */
function typeSymbols(checker: ts.TypeChecker, expr: ts.Expression): ts.Symbol[] {
  const type = checker.getTypeAtLocation(expr);
  // `limitFunction` returns `((...args) => Promise<R>) & Pick<LimitFunction, …>`: look inside intersections.
  const parts = type.isIntersection() ? [type, ...type.types] : [type];
  return parts
    .flatMap((part) => [part.aliasSymbol, part.getSymbol()])
    .filter((symbol): symbol is ts.Symbol => symbol !== undefined);
}

const P_LIMIT_FACTORIES = ['default', 'pLimit', 'limitFunction'];
const P_MAP_NAMES = ['default', 'pMap', 'pMapIterable', 'pMapSettled'];
const BLUEBIRD_NAMES = ['Bluebird.map', 'Bluebird.filter'];
const ASYNC_LIMITED = [
  'mapLimit',
  'eachLimit',
  'forEachLimit',
  'eachOfLimit',
  'forEachOfLimit',
  'filterLimit',
  'rejectLimit',
  'mapValuesLimit',
  'timesLimit',
  'concatLimit',
  'detectLimit',
  'everyLimit',
  'someLimit',
  'groupByLimit',
  'sortByLimit',
  'parallelLimit',
  'mapSeries',
  'eachSeries',
  'forEachSeries',
  'eachOfSeries',
  'series',
];

/** A call to a bulk mapper whose concurrency comes from an options object (`pMap`, Bluebird `map`). */
export interface OptionMapper {
  library: 'p-map' | 'bluebird';
  collection: ts.Expression;
  options: ts.Expression | undefined;
}

export function optionMapper(checker: ts.TypeChecker, call: ts.CallExpression): OptionMapper | undefined {
  if (call.arguments.length < 2) return undefined;
  const symbol = calleeSymbol(checker, call.expression);
  if (symbol === undefined) return undefined;
  const library = symbolMatches(symbol, 'p-map', P_MAP_NAMES)
    ? 'p-map'
    : symbolMatches(symbol, 'bluebird', BLUEBIRD_NAMES)
      ? 'bluebird'
      : undefined;
  if (library === undefined) return undefined;
  return { library, collection: call.arguments[0], options: call.arguments[2] };
}

/**
 * `finite` when the options carry a `concurrency` that is not `Infinity`, `missing` when the options
 * (or their type) have none, `unknown` for an optional property the checker cannot pin down.
 */
export function concurrencyOption(
  checker: ts.TypeChecker,
  options: ts.Expression | undefined,
): 'finite' | 'missing' | 'unknown' {
  if (options === undefined) return 'missing';
  const node = skipOuterExpressions(options);
  if (ts.isObjectLiteralExpression(node)) {
    const prop = node.properties.find(
      (p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'concurrency',
    );
    if (prop && ts.isPropertyAssignment(prop)) {
      const value = skipOuterExpressions(prop.initializer);
      const text = value.getText();
      return text === 'Infinity' || text === 'Number.POSITIVE_INFINITY' ? 'missing' : 'finite';
    }
    if (prop) return 'finite';
  }
  const type = checker.getTypeAtLocation(node);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'unknown';
  const concurrency = type.getProperty('concurrency');
  if (concurrency === undefined) return 'missing';
  return concurrency.flags & ts.SymbolFlags.Optional ? 'unknown' : 'finite';
}

/**
 * True when `call` runs its work through a limiter, recognised by where its callee is declared:
 * a p-limit limit function (or `limitFunction` result), p-queue's `add`/`addAll`, async's `*Limit`/`*Series`,
 * p-map or Bluebird `map` with a finite `concurrency`, or a user `limiters` entry.
 */
export function isLimitedCall(checker: ts.TypeChecker, call: ts.CallExpression, settings: FanOutSettings): boolean {
  const symbol = calleeSymbol(checker, call.expression);
  const types = typeSymbols(checker, call.expression);
  // `pLimit(n)` and `limitFunction(f, …)` build a limiter; calling what they return is the limited call.
  if (symbolMatches(symbol, 'p-limit', P_LIMIT_FACTORIES)) return false;
  if (symbolFromModule(symbol, 'p-limit') || types.some((type) => symbolFromModule(type, 'p-limit'))) return true;
  if (symbolMatches(symbol, 'p-queue', ['add', 'addAll'])) return true;
  if (symbolMatches(symbol, 'async', ASYNC_LIMITED)) return true;
  const mapper = optionMapper(checker, call);
  if (mapper && concurrencyOption(checker, mapper.options) !== 'missing') return true;
  if (builtWithConcurrency(checker, call)) return true;
  return settings.limiters.some(
    (limiter) =>
      symbolMatches(symbol, limiter.module, limiter.names) ||
      types.some((type) => symbolMatches(type, limiter.module, limiter.names)),
  );
}

/**
 * `retrier.retry(task)` with `const retrier = new Retrier(check, { concurrency: 100 })`: a method of an object
 * built with a finite `concurrency` option is a limiter, whatever its library.
 */
function builtWithConcurrency(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const receiver = skipOuterExpressions(callee.expression);
  const init = ts.isIdentifier(receiver) ? constInitializer(checker, receiver) : undefined;
  const built = init === undefined ? undefined : skipOuterExpressions(init);
  if (built === undefined || !ts.isNewExpression(built)) return false;
  return (built.arguments ?? []).some(
    (arg) => ts.isObjectLiteralExpression(skipOuterExpressions(arg)) && concurrencyOption(checker, arg) === 'finite',
  );
}

/** Strips `.then()`/`.catch()`/`.finally()` so `limit(() => f()).catch(log)` is seen as the limited call. */
export function chainBase(expr: ts.Expression): ts.Expression {
  let node = skipOuterExpressions(expr);
  while (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    ['then', 'catch', 'finally'].includes(node.expression.name.text)
  ) {
    node = skipOuterExpressions(node.expression.expression);
  }
  return node;
}

/**
 * True when evaluating `expr` starts new work (a call or `new`, possibly behind `.then()`), as opposed to
 * reading a promise that already exists (`inflight[id]`, `ready.then(cb)`).
 */
export function startsWork(expr: ts.Expression): boolean {
  const node = chainBase(ts.isVoidExpression(skipOuterExpressions(expr)) ? (skipOuterExpressions(expr) as ts.VoidExpression).expression : expr);
  if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node)) return true;
  if (ts.isConditionalExpression(node)) return startsWork(node.whenTrue) || startsWork(node.whenFalse);
  if (ts.isBinaryExpression(node)) return startsWork(node.left) || startsWork(node.right);
  return false;
}

/** True when a mapper starts work per element: any function value, an async function, or a body returning a call. */
export function callbackStartsWork(callback: ts.Expression): boolean {
  const fn = skipOuterExpressions(callback);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return true;
  if (fn.modifiers?.some((mod) => mod.kind === ts.SyntaxKind.AsyncKeyword)) return true;
  if (!ts.isBlock(fn.body)) return startsWork(fn.body);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression && startsWork(node.expression)) found = true;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return found;
}

/** True when the task expression (`limit(() => f(x))`, `queue.add(...)`) goes through a limiter. */
export function isLimitedTask(checker: ts.TypeChecker, expr: ts.Expression, settings: FanOutSettings): boolean {
  const base = chainBase(ts.isVoidExpression(skipOuterExpressions(expr)) ? (skipOuterExpressions(expr) as ts.VoidExpression).expression : expr);
  return ts.isCallExpression(base) && isLimitedCall(checker, base, settings);
}

/**
 * True when a mapper callback runs its work through a limiter: an inline function whose body calls one
 * (outside nested functions), or a function value whose type a limiter declares (`limitFunction(f, …)`).
 */
export function isLimitedCallback(checker: ts.TypeChecker, callback: ts.Expression, settings: FanOutSettings): boolean {
  const fn = skipOuterExpressions(callback);
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (ts.isCallExpression(node) && isLimitedCall(checker, node, settings)) {
        found = true;
        return;
      }
      if (ts.isFunctionLike(node) && node !== fn) return;
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(fn, visit);
    return found;
  }
  const types = typeSymbols(checker, fn);
  const symbol = calleeSymbol(checker, fn);
  return (
    symbolFromModule(symbol, 'p-limit') ||
    types.some((type) => symbolFromModule(type, 'p-limit')) ||
    settings.limiters.some(
      (limiter) =>
        symbolMatches(symbol, limiter.module, limiter.names) ||
        types.some((type) => symbolMatches(type, limiter.module, limiter.names)),
    )
  );
}

const resolvable = new WeakMap<ts.CompilerOptions, Map<string, { answer: boolean; at: number }>>();

/** True when `moduleName` resolves from `fileName` with the program's own options (it is installed there). */
export function isModuleResolvable(program: ts.Program, fileName: string, moduleName: string): boolean {
  // Kept across programs (an editor makes one per keystroke) while the compiler options stay the same object,
  // and for a while only, so a package installed during an editing session is seen.
  const options = program.getCompilerOptions();
  let cache = resolvable.get(options);
  if (!cache) {
    cache = new Map();
    resolvable.set(options, cache);
  }
  const key = `${moduleName}\0${fileName.replace(/[^/\\]*$/, '')}`;
  const now = Date.now();
  let entry = cache.get(key);
  if (entry === undefined || now - entry.at > RESOLUTION_LIFETIME_MS) {
    const result = ts.resolveModuleName(moduleName, fileName, options, ts.sys);
    entry = { answer: result.resolvedModule !== undefined, at: now };
    cache.set(key, entry);
  }
  return entry.answer;
}

const RESOLUTION_LIFETIME_MS = 30_000;
