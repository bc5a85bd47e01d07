import ts from 'typescript';

import type { FunctionSpecifier } from './call-graph.js';
import { specifierMatches } from './call-graph.js';
import {
  calleeExpression,
  describeDeclaration,
  matchesNamePattern,
  normalizeModuleName,
  type ResolvedCallee,
  resolveCalleeSymbol,
  resolveSymbol,
  skipOuterExpressions,
} from './callee.js';
import {
  axiosCallDeadlines,
  gotDeadlines,
  gotMethods,
  promisifiedChildProcess,
  type TimeoutClient,
  timeoutCatalogue,
  type TimeoutEntry,
  UNDICI_DEFAULT_TIMEOUT_MS,
} from './timeouts-catalogue.js';

/** Whether something holds: `unknown` when the checker cannot tell, and the rule then stays quiet. */
export type Tri = 'yes' | 'no' | 'unknown';

/** A client of the user's own, from the rule's `clients` option. */
export interface UserClient {
  /** A package, or the end of a project file's path (`src/http.ts`). */
  module: string;
  names: readonly string[];
  timeoutOption: string | readonly string[];
}

export interface TimeoutSettings {
  clients: readonly UserClient[];
  allow: readonly FunctionSpecifier[];
  trustGlobalDispatcher: boolean;
  checkEvents: boolean;
  checkChildProcesses: boolean;
}

/** A call that waits on another system with no deadline. */
export interface MissingDeadline {
  client: TimeoutClient;
  call: ts.CallExpression;
  /** The options argument, when there is one. */
  options: ts.Expression | undefined;
  /** Where a new options argument goes when there is none. */
  optionsIndex: number;
  /** For `events.once`/`on`: the event name as written. */
  event?: string;
  /** For a user client: the option that bounds it. */
  option?: string;
  /** `on()` rather than `once()`: a suggestion would cut a long-lived stream short. */
  iterator?: boolean;
  /** The options that would bound the call. */
  deadlines?: Deadlines;
  /** A call of a function of the project that hands a parameter on to a client as its deadline, given none here. */
  forwarded?: { parameter: string; inner: string };
}

type Deadlines = readonly (readonly string[])[];

const MAX_DEPTH = 6;
const MEMBER_NAMES_OF_INTEREST = new Set([
  'fetch', 'request', 'get', 'once', 'on', 'exec', 'execFile',
  'delete', 'head', 'options', 'post', 'put', 'patch', 'postForm', 'putForm', 'patchForm', 'query',
  'stream', 'paginate', 'all', 'each',
]);
/** Methods of `http.ClientRequest` that return the request itself, so a chain keeps the same request. */
const CHAINABLE_REQUEST_METHODS = new Set(['on', 'once', 'end', 'write', 'setHeader', 'setNoDelay', 'setSocketKeepAlive']);

function all(states: readonly Tri[]): Tri {
  if (states.every((state) => state === 'yes')) return 'yes';
  return states.includes('no') ? 'no' : 'unknown';
}

function any(states: readonly Tri[]): Tri {
  if (states.includes('yes')) return 'yes';
  return states.every((state) => state === 'no') ? 'no' : 'unknown';
}

function either(a: Tri, b: Tri): Tri {
  return a === b ? a : 'unknown';
}

function propertyNameText(name: ts.PropertyName | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

function isUndefinedLike(node: ts.Expression): boolean {
  return (
    (ts.isIdentifier(node) && node.text === 'undefined') ||
    node.kind === ts.SyntaxKind.NullKeyword ||
    ts.isVoidExpression(node)
  );
}

function isConstVariable(declaration: ts.Node): declaration is ts.VariableDeclaration {
  return (
    ts.isVariableDeclaration(declaration) &&
    ts.isVariableDeclarationList(declaration.parent) &&
    (declaration.parent.flags & ts.NodeFlags.Const) !== 0
  );
}

/** The function or file whose code can see a declaration: where its uses are looked for. */
function scopeOf(node: ts.Node): ts.Node {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (ts.isFunctionLike(current) || ts.isSourceFile(current) || ts.isClassLike(current)) return current;
  }
  return node.getSourceFile();
}

/** The identifiers in `scope` that refer to `symbol`, found by their text first. */
function referencesTo(checker: ts.TypeChecker, scope: ts.Node, symbol: ts.Symbol): ts.Identifier[] {
  const name = symbol.getName();
  const found: ts.Identifier[] = [];
  if (!scope.getText().includes(name)) return found;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name && checker.getSymbolAtLocation(node) === symbol) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

/** `x.name = value` somewhere `x` is visible, with a value that sets a deadline. */
function assignsProperty(checker: ts.TypeChecker, symbol: ts.Symbol, declaration: ts.Node, name: string): boolean {
  return referencesTo(checker, scopeOf(declaration), symbol).some((reference) => {
    const access = reference.parent;
    if (!ts.isPropertyAccessExpression(access) || access.expression !== reference || access.name.text !== name) return false;
    const assignment = access.parent;
    return (
      ts.isBinaryExpression(assignment) &&
      assignment.left === access &&
      assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      valueState(assignment.right) !== 'no'
    );
  });
}

/** Whether a property's value sets a deadline: `0`, `undefined` and `null` do not. */
function valueState(value: ts.Expression, maxValue?: number): Tri {
  const node = skipOuterExpressions(value);
  if (isUndefinedLike(node)) return 'no';
  if (ts.isNumericLiteral(node)) {
    const number = Number(node.text);
    return number === 0 || (maxValue !== undefined && number >= maxValue) ? 'no' : 'yes';
  }
  if (ts.isConditionalExpression(node)) return either(valueState(node.whenTrue, maxValue), valueState(node.whenFalse, maxValue));
  return 'yes';
}

/** Answers "do these options set `name`?" by following the value through the code, then by its type. */
export class OptionReader {
  /** Parameters read as if the caller left them out: how a wrapper is asked what its callers must pass. */
  absent: ReadonlySet<ts.Symbol> = new Set();

  constructor(private readonly checker: ts.TypeChecker) {}

  private isAbsent(node: ts.Expression): boolean {
    if (this.absent.size === 0 || !ts.isIdentifier(node)) return false;
    const parent = node.parent;
    const symbol = ts.isShorthandPropertyAssignment(parent) && parent.name === node
      ? this.checker.getShorthandAssignmentValueSymbol(parent)
      : this.checker.getSymbolAtLocation(node);
    return symbol !== undefined && this.absent.has(symbol);
  }

  property(expression: ts.Expression, name: string, depth = 0, maxValue?: number): Tri {
    if (depth > MAX_DEPTH) return 'unknown';
    const node = skipOuterExpressions(expression);
    if (isUndefinedLike(node) || this.isAbsent(node)) return 'no';
    if (ts.isObjectLiteralExpression(node)) return this.literalProperty(node, name, depth, maxValue);
    if (ts.isIdentifier(node)) {
      const symbol = this.checker.getSymbolAtLocation(node);
      const declaration = symbol?.valueDeclaration;
      if (symbol !== undefined && declaration !== undefined && isConstVariable(declaration) && declaration.initializer !== undefined) {
        const state = this.property(declaration.initializer, name, depth + 1, maxValue);
        if (state === 'no' && ts.isIdentifier(declaration.name) && assignsProperty(this.checker, symbol, declaration, name)) return 'yes';
        return state;
      }
    }
    if (ts.isConditionalExpression(node)) {
      return either(this.property(node.whenTrue, name, depth + 1, maxValue), this.property(node.whenFalse, name, depth + 1, maxValue));
    }
    if (
      ts.isBinaryExpression(node) &&
      (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    ) {
      return either(this.typeProperty(node.left, name), this.property(node.right, name, depth + 1, maxValue));
    }
    return this.typeProperty(node, name);
  }

  private literalProperty(node: ts.ObjectLiteralExpression, name: string, depth: number, maxValue?: number): Tri {
    // Later properties override earlier ones, so read from the end.
    for (let index = node.properties.length - 1; index >= 0; index--) {
      const property = node.properties[index];
      if (ts.isSpreadAssignment(property)) {
        const state = this.property(property.expression, name, depth + 1, maxValue);
        if (state !== 'no') return state;
        continue;
      }
      const key = propertyNameText(property.name);
      if (key === undefined) {
        if (property.name !== undefined && ts.isComputedPropertyName(property.name)) return 'unknown';
        continue;
      }
      if (key !== name) continue;
      if (ts.isPropertyAssignment(property)) {
        return this.isAbsent(skipOuterExpressions(property.initializer)) ? 'no' : valueState(property.initializer, maxValue);
      }
      if (ts.isShorthandPropertyAssignment(property)) return this.isAbsent(property.name) ? 'no' : this.typeValue(property.name);
      return 'yes';
    }
    return 'no';
  }

  /** A shorthand `{ signal }`: set, unless its type says it may be undefined. */
  private typeValue(node: ts.Expression): Tri {
    const type = this.checker.getTypeAtLocation(node);
    if (type.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) return 'no';
    if (type.isUnion() && type.types.some((member) => member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null))) return 'unknown';
    return 'yes';
  }

  typeProperty(node: ts.Expression, name: string): Tri {
    return this.typeHasProperty(this.checker.getTypeAtLocation(node), name);
  }

  private typeHasProperty(type: ts.Type, name: string): Tri {
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'unknown';
    if (type.flags & ts.TypeFlags.TypeParameter) {
      const constraint = this.checker.getBaseConstraintOfType(type);
      return constraint === undefined || constraint === type ? 'unknown' : this.typeHasProperty(constraint, name);
    }
    if (type.isUnion()) {
      const states = type.types.map((member) => this.typeHasProperty(member, name));
      return states.reduce(either);
    }
    if (type.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) return 'no';
    const property = type.getProperty(name);
    if (property === undefined) {
      return this.checker.getIndexInfoOfType(type, ts.IndexKind.String) === undefined ? 'no' : 'unknown';
    }
    if (property.flags & ts.SymbolFlags.Optional) return 'unknown';
    const propertyType = this.checker.getTypeOfSymbol(property);
    if (propertyType.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) return 'no';
    if (propertyType.isUnion() && propertyType.types.some((member) => member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null))) {
      return 'unknown';
    }
    return 'yes';
  }

  /** Any alternative fully set. */
  deadline(expression: ts.Expression | undefined, deadlines: Deadlines, maxValue?: number): Tri {
    if (expression === undefined) return 'no';
    return any(deadlines.map((names) => all(names.map((name) => this.property(expression, name, 0, maxValue)))));
  }
}

/** Facts about the whole program that bound calls far from where they are set. */
interface ProgramFacts {
  /** Targets of `x.defaults.timeout = N` (axios' default instance, or an instance). */
  defaultsTimeout: Set<ts.Symbol>;
  /** `setGlobalDispatcher()` with an agent whose `headersTimeout` and `bodyTimeout` are both set and shorter. */
  boundedDispatcher: boolean;
}

const factsCache = new WeakMap<ts.Program, ProgramFacts>();

function programFacts(program: ts.Program): ProgramFacts {
  let facts = factsCache.get(program);
  if (facts !== undefined) return facts;
  const checker = program.getTypeChecker();
  const reader = new OptionReader(checker);
  facts = { defaultsTimeout: new Set(), boundedDispatcher: false };
  const found = facts;
  const visit = (node: ts.Node): void => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.name.text === 'timeout' &&
      ts.isPropertyAccessExpression(node.left.expression) &&
      node.left.expression.name.text === 'defaults' &&
      valueState(node.right) !== 'no'
    ) {
      const target = resolveCalleeSymbol(checker, node.left.expression.expression);
      if (target !== undefined) found.defaultsTimeout.add(target);
    }
    if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const symbol = resolveCalleeSymbol(checker, node.expression);
      const callee = symbol === undefined ? undefined : resolveSymbol(program, symbol);
      if (callee?.module === 'undici' && callee.name === 'setGlobalDispatcher' && dispatcherBounded(checker, reader, node.arguments[0], 0)) {
        found.boundedDispatcher = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    const { text } = sourceFile;
    if (text.includes('defaults.timeout') || text.includes('setGlobalDispatcher')) visit(sourceFile);
  }
  factsCache.set(program, facts);
  return facts;
}

/** `new Agent({ headersTimeout, bodyTimeout })`, through a `const` and `.compose()`. */
function dispatcherBounded(checker: ts.TypeChecker, reader: OptionReader, expression: ts.Expression, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const node = skipOuterExpressions(expression);
  if (ts.isNewExpression(node)) {
    const options = node.arguments?.find((argument) => !ts.isStringLiteralLike(skipOuterExpressions(argument)));
    return reader.deadline(options, [['headersTimeout', 'bodyTimeout']], UNDICI_DEFAULT_TIMEOUT_MS) === 'yes';
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'compose') {
    return dispatcherBounded(checker, reader, node.expression.expression, depth + 1);
  }
  if (ts.isIdentifier(node)) {
    const declaration = checker.getSymbolAtLocation(node)?.valueDeclaration;
    if (declaration !== undefined && isConstVariable(declaration) && declaration.initializer !== undefined) {
      return dispatcherBounded(checker, reader, declaration.initializer, depth + 1);
    }
  }
  return false;
}

/** An axios or got client a value comes from, and whether that client sets a deadline for every call. */
interface ClientOrigin {
  client: 'axios' | 'got';
  bounded: Tri;
}

function isFunctionArgument(checker: ts.TypeChecker, argument: ts.Expression): boolean {
  const node = skipOuterExpressions(argument);
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return true;
  if (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node) || ts.isObjectLiteralExpression(node)) return false;
  return checker.getTypeAtLocation(node).getCallSignatures().length > 0;
}

/** Not an options object: a string, a template, an array, a function or a `URL`. */
function isNotOptions(checker: ts.TypeChecker, argument: ts.Expression): boolean {
  const node = skipOuterExpressions(argument);
  if (ts.isObjectLiteralExpression(node)) return false;
  if (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node) || ts.isArrayLiteralExpression(node)) return true;
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return true;
  const type = checker.getTypeAtLocation(node);
  return type.isUnion() ? type.types.every((member) => isNotOptionsType(checker, member)) : isNotOptionsType(checker, type);
}

function isNotOptionsType(checker: ts.TypeChecker, type: ts.Type): boolean {
  if (type.flags & ts.TypeFlags.StringLike) return true;
  if (checker.isArrayType(type) || type.getCallSignatures().length > 0) return true;
  return type.getSymbol()?.getName() === 'URL';
}

/** Finds the calls of a program that wait on another system and set no deadline. */
export class TimeoutChecker {
  private readonly checker: ts.TypeChecker;
  private readonly reader: OptionReader;
  private readonly origins = new Map<ts.Symbol, ClientOrigin | undefined>();
  private readonly userNames: Set<string>;

  constructor(
    private readonly program: ts.Program,
    private readonly settings: TimeoutSettings,
  ) {
    this.checker = program.getTypeChecker();
    this.reader = new OptionReader(this.checker);
    this.userNames = new Set(
      settings.clients.flatMap((client) => client.names.map((pattern) => pattern.slice(pattern.lastIndexOf('.') + 1))),
    );
  }

  /** Cheap and syntactic: a member call by a name no client uses cannot be one. */
  private mayBeClientCall(call: ts.CallExpression): boolean {
    const expression = calleeExpression(call);
    if (ts.isIdentifier(expression) || ts.isCallExpression(expression)) return true;
    let name: string | undefined;
    if (ts.isPropertyAccessExpression(expression)) name = expression.name.text;
    else if (ts.isElementAccessExpression(expression) && ts.isStringLiteralLike(expression.argumentExpression)) {
      name = expression.argumentExpression.text;
    }
    if (name === undefined) return false;
    if (this.userNames.has(name)) return true;
    if ([...this.userNames].some((pattern) => pattern.includes('*') && matchesNamePattern({ name, container: undefined }, pattern))) return true;
    return MEMBER_NAMES_OF_INTEREST.has(name) && this.receiverMayBeClient((expression as ts.AccessExpression).expression);
  }

  /**
   * Typing `cache.get` to learn what it is would make the checker build `Map<K, V>`'s members, for every
   * `get` and `on` in the program. A client method is called on a module (`https.get`, `cp.exec`), a class
   * (`events.once`), `globalThis`, or an axios or got instance the rule can trace; any other receiver could
   * only be an instance it would leave alone, so its symbol alone decides.
   */
  private receiverMayBeClient(receiver: ts.Expression): boolean {
    let node = skipOuterExpressions(receiver);
    if (ts.isPropertyAccessExpression(node) && (node.name.text === 'stream' || node.name.text === 'paginate')) {
      node = skipOuterExpressions(node.expression);
    }
    if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node)) return false;
    const symbol = resolveCalleeSymbol(this.checker, node);
    if (symbol === undefined) return false;
    if (symbol.flags & (ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule | ts.SymbolFlags.Class)) return true;
    return this.originOfSymbol(symbol, 0) !== undefined;
  }

  check(call: ts.CallExpression): MissingDeadline | undefined {
    const missing = this.find(call);
    if (missing?.client === 'events' && !this.settings.checkEvents) return undefined;
    if (missing?.client === 'child-process' && !this.settings.checkChildProcesses) return undefined;
    return missing;
  }

  private find(call: ts.CallExpression): MissingDeadline | undefined {
    if (!this.mayBeClientCall(call)) return undefined;
    const expression = calleeExpression(call);
    if (ts.isPropertyAccessExpression(expression) && !this.userNames.has(expression.name.text) && this.settings.allow.length === 0) {
      // On a traced instance the method name says which call it is; typing `github.get` would instantiate
      // got's whole `Got<…>` type (or axios' generics) for nothing.
      const receiver = skipOuterExpressions(expression.expression);
      const origin = ts.isIdentifier(receiver) || ts.isPropertyAccessExpression(receiver) ? this.originOf(receiver, 0) : undefined;
      if (origin?.client === 'got') return this.checkGotMember(call, expression);
      const entry = origin?.client === 'axios' ? axiosEntry(expression.name.text) : undefined;
      if (entry !== undefined) return this.checkEntry(call, entry);
    }
    const symbol = resolveCalleeSymbol(this.checker, expression);
    const callee = symbol === undefined ? undefined : resolveSymbol(this.program, symbol);
    if (callee !== undefined) {
      if (this.isAllowed(callee)) return undefined;
      const user = this.checkUserClient(call, callee);
      if (user !== null) return user;
      const entry = this.catalogueEntry(callee);
      if (entry !== undefined) return this.checkEntry(call, entry);
    }
    if (symbol !== undefined) {
      const origin = this.originOfSymbol(symbol, 0);
      if (origin !== undefined) return this.checkClientCall(call, origin, axiosCallDeadlines);
    }
    if (ts.isPropertyAccessExpression(expression)) {
      const got = this.checkGotMember(call, expression);
      if (got !== undefined) return got;
    } else {
      const promisified = this.checkPromisified(call, callee);
      if (promisified !== undefined) return promisified;
    }
    return callee?.origin === 'file' && !this.askingWrapper ? this.checkForwarded(call, callee) : undefined;
  }

  private askingWrapper = false;
  private readonly wrappers = new Map<ts.Node, Forwarding[]>();

  /** `post(url, { text })` where `post(url, body, init?)` hands `init` to `fetch()`: the caller had to pass the deadline. */
  private checkForwarded(call: ts.CallExpression, callee: ResolvedCallee): MissingDeadline | undefined {
    const fn = functionOf(callee.declaration);
    if (fn === undefined) return undefined;
    const args = call.arguments;
    for (const forwarding of this.forwardingOf(fn)) {
      if (args.slice(0, forwarding.index + 1).some((argument) => ts.isSpreadElement(argument))) return undefined;
      const argument = args[forwarding.index];
      const given = argument === undefined || isUndefinedLike(skipOuterExpressions(argument))
        ? 'no'
        : forwarding.asSignal ? 'unknown' : this.reader.deadline(argument, forwarding.missing.deadlines ?? []);
      if (given !== 'no') continue;
      return {
        client: forwarding.missing.client,
        call,
        options: undefined,
        optionsIndex: args.length,
        forwarded: { parameter: forwarding.parameter, inner: forwarding.inner },
      };
    }
    return undefined;
  }

  /** The optional parameters of a project function that its client calls take their deadline from. */
  private forwardingOf(fn: ts.SignatureDeclaration & { body?: ts.Node }): Forwarding[] {
    const known = this.wrappers.get(fn);
    if (known !== undefined) return known;
    const found: Forwarding[] = [];
    this.wrappers.set(fn, found);
    const body = fn.body;
    const parameters = fn.parameters.filter(
      (parameter) => ts.isIdentifier(parameter.name) && parameter.dotDotDotToken === undefined && isOptionalParameter(parameter),
    );
    if (body === undefined || parameters.length === 0) return found;
    const calls: ts.CallExpression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) calls.push(node);
      ts.forEachChild(node, visit);
    };
    visit(body);
    this.askingWrapper = true;
    try {
      for (const inner of calls) {
        if (this.find(inner) !== undefined) continue;
        for (const parameter of parameters) {
          const symbol = this.checker.getSymbolAtLocation(parameter.name);
          if (symbol === undefined || !inner.getText().includes(symbol.getName())) continue;
          this.reader.absent = new Set([symbol]);
          const missing = this.find(inner);
          this.reader.absent = new Set();
          if (missing === undefined) continue;
          found.push({
            index: fn.parameters.indexOf(parameter),
            parameter: symbol.getName(),
            inner: calleeExpression(inner).getText().replace(/\s+/g, ''),
            missing,
            asSignal: this.checker.getTypeAtLocation(parameter).getNonNullableType().getProperty('aborted') !== undefined,
          });
        }
      }
    } finally {
      this.askingWrapper = false;
      this.reader.absent = new Set();
    }
    return found;
  }

  private isAllowed(callee: ResolvedCallee): boolean {
    return this.settings.allow.some((spec) => specifierMatches(spec, callee));
  }

  /** null when no user client matches; undefined when one matches and is bounded. */
  private checkUserClient(call: ts.CallExpression, callee: ResolvedCallee): MissingDeadline | undefined | null {
    for (const client of this.settings.clients) {
      if (!userClientMatches(client, callee)) continue;
      const options = typeof client.timeoutOption === 'string' ? [client.timeoutOption] : client.timeoutOption;
      const deadlines = options.map((option) => [option]);
      const states = call.arguments.map((argument) =>
        ts.isSpreadElement(argument) ? 'unknown' : isNotOptions(this.checker, argument) ? 'no' : this.reader.deadline(argument, deadlines),
      );
      if (any(states) !== 'no') return undefined;
      return { client: 'user', call, options: undefined, optionsIndex: call.arguments.length, option: options[0], deadlines };
    }
    return null;
  }

  private catalogueEntry(callee: ResolvedCallee): TimeoutEntry | undefined {
    for (const declared of [callee, ...callee.mergedWith]) {
      if (declared.origin === 'file') continue;
      for (const entry of timeoutCatalogue) {
        if (!entry.modules.includes(declared.module)) continue;
        const named = entry.names.some((pattern) =>
          pattern.includes('.') ? matchesNamePattern(declared, pattern) : declared.container === undefined && declared.name === pattern,
        );
        if (!named) continue;
        if (entry.staticOnly && !(ts.getCombinedModifierFlags(declared.declaration) & ts.ModifierFlags.Static)) continue;
        return entry;
      }
    }
    return undefined;
  }

  /** The options argument and where a new one would go. */
  private optionsOf(call: ts.CallExpression, from: number, exact: boolean): { options: ts.Expression | undefined; index: number } | 'unknown' {
    const args = call.arguments;
    for (let index = 0; index < args.length; index++) {
      const argument = args[index];
      if (ts.isSpreadElement(argument)) return 'unknown';
      if (index < from) continue;
      if (exact) return { options: argument, index };
      if (isNotOptions(this.checker, argument)) {
        if (isFunctionArgument(this.checker, argument)) return { options: undefined, index };
        continue;
      }
      return { options: argument, index };
    }
    return { options: undefined, index: Math.max(from, args.length) };
  }

  private checkEntry(call: ts.CallExpression, entry: TimeoutEntry): MissingDeadline | undefined {
    if (entry.client === 'axios') {
      const receiver = calleeExpression(call);
      if (!ts.isPropertyAccessExpression(receiver) && !ts.isElementAccessExpression(receiver)) return undefined;
      const origin = this.originOf(receiver.expression, 0);
      if (origin?.client !== 'axios' || origin.bounded !== 'no') return undefined;
    }
    if ((entry.client === 'fetch' || entry.client === 'undici-request') && this.settings.trustGlobalDispatcher) {
      if (programFacts(this.program).boundedDispatcher) return undefined;
    }
    if (entry.client === 'events' && this.isProcessSignal(call)) return undefined;
    const found = this.optionsOf(call, entry.optionsFrom, entry.optionsExact === true);
    if (found === 'unknown') return undefined;
    if (this.reader.deadline(found.options, entry.deadlines) !== 'no') return undefined;
    // A dispatcher of its own carries its own `headersTimeout`/`bodyTimeout`, which the rule does not follow.
    const ownDispatcher = entry.client === 'fetch' || entry.client === 'undici-request';
    if (ownDispatcher && found.options !== undefined && this.reader.property(found.options, 'dispatcher') !== 'no') return undefined;
    if (entry.client === 'http' && this.requestTimeoutSet(call) !== 'no') return undefined;
    const missing: MissingDeadline = { client: entry.client, call, options: found.options, optionsIndex: found.index, deadlines: entry.deadlines };
    if (entry.client === 'events') {
      const event = call.arguments[1];
      if (event !== undefined) missing.event = event.getText();
      missing.iterator = calleeName(call) === 'on';
    }
    return missing;
  }

  /** `once(process, 'SIGTERM')` waits for the operator, not for another system. */
  private isProcessSignal(call: ts.CallExpression): boolean {
    const [emitter, event] = call.arguments;
    if (emitter === undefined || event === undefined || !ts.isStringLiteralLike(event) || !/^SIG[A-Z0-9]+$/.test(event.text)) return false;
    const symbol = resolveCalleeSymbol(this.checker, emitter);
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    return symbol !== undefined && declaration !== undefined && describeDeclaration(this.program, declaration, symbol)?.module === 'node';
  }

  /** `.setTimeout()` on the request an `http.request()` returns, kept in a variable or chained. */
  private requestTimeoutSet(call: ts.CallExpression): Tri {
    let node: ts.Expression = call;
    for (;;) {
      const access = node.parent;
      if (!ts.isPropertyAccessExpression(access) || access.expression !== node || !ts.isCallExpression(access.parent)) break;
      if (access.name.text === 'setTimeout') return 'yes';
      if (!CHAINABLE_REQUEST_METHODS.has(access.name.text)) return 'unknown';
      node = access.parent;
    }
    let holder: ts.Node = node.parent;
    while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isNonNullExpression(holder)) holder = holder.parent;
    if (ts.isExpressionStatement(holder)) return 'no';
    if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name)) return 'unknown';
    const symbol = this.checker.getSymbolAtLocation(holder.name);
    if (symbol === undefined) return 'unknown';
    let state: Tri = 'no';
    for (const reference of referencesTo(this.checker, scopeOf(holder), symbol)) {
      if (reference === holder.name) continue;
      const access = reference.parent;
      if (!ts.isPropertyAccessExpression(access) || access.expression !== reference || !ts.isCallExpression(access.parent)) {
        // Handed on (returned, passed, stored): whoever gets it may set the timeout.
        state = 'unknown';
        continue;
      }
      if (access.name.text === 'setTimeout') return 'yes';
      // Destroyed by code of its own, often on a timer of its own.
      if (access.name.text === 'destroy' || access.name.text === 'abort') state = 'unknown';
    }
    return state;
  }

  /** `axios(config)`, `instance(url, config)`, `got(url, options)`, `client(url)`. */
  private checkClientCall(call: ts.CallExpression, origin: ClientOrigin, deadlines: Deadlines): MissingDeadline | undefined {
    if (origin.bounded !== 'no') return undefined;
    const found = this.optionsOf(call, 0, false);
    if (found === 'unknown') return undefined;
    const needed = origin.client === 'got' ? gotDeadlines : deadlines;
    if (this.reader.deadline(found.options, needed) !== 'no') return undefined;
    return { client: origin.client, call, options: found.options, optionsIndex: found.index, deadlines: needed };
  }

  /** `got.get(url)`, `client.post(url, options)`, `got.stream(url)`, `got.stream.get(url)`, `got.paginate.all(url)`. */
  private checkGotMember(call: ts.CallExpression, expression: ts.PropertyAccessExpression): MissingDeadline | undefined {
    const name = expression.name.text;
    let receiver = skipOuterExpressions(expression.expression);
    if (ts.isPropertyAccessExpression(receiver) && (receiver.name.text === 'stream' || receiver.name.text === 'paginate')) {
      if (!gotMethods.has(name) && name !== 'all' && name !== 'each') return undefined;
      receiver = skipOuterExpressions(receiver.expression);
    } else if (!gotMethods.has(name) && name !== 'stream' && name !== 'paginate') {
      return undefined;
    }
    const origin = this.originOf(receiver, 0);
    if (origin?.client !== 'got') return undefined;
    return this.checkClientCall(call, origin, gotDeadlines);
  }

  /** `const run = promisify(exec); await run('ls')`: the checker types it as `exec.__promisify__`. */
  private checkPromisified(call: ts.CallExpression, callee: ResolvedCallee | undefined): MissingDeadline | undefined {
    const expression = calleeExpression(call);
    let made: ts.Expression | undefined = expression;
    if (!ts.isCallExpression(expression)) {
      const declaration = callee?.declaration;
      if (callee?.origin !== 'file' || declaration === undefined || !isConstVariable(declaration)) return undefined;
      made = declaration.initializer === undefined ? undefined : skipOuterExpressions(declaration.initializer);
    }
    if (made === undefined || !ts.isCallExpression(made) || !this.isPromisifiedChildProcess(made)) return undefined;
    const found = this.optionsOf(call, 1, false);
    const deadlines = [['timeout'], ['signal']];
    if (found === 'unknown' || this.reader.deadline(found.options, deadlines) !== 'no') return undefined;
    return { client: 'child-process', call, options: found.options, optionsIndex: found.index, deadlines };
  }

  /** `util.promisify(exec)`, by the declarations of both, without resolving the overloads of the call. */
  private isPromisifiedChildProcess(made: ts.CallExpression): boolean {
    const argument = made.arguments[0];
    if (argument === undefined || made.arguments.length !== 1) return false;
    const resolve = (node: ts.Expression): ResolvedCallee | undefined => {
      const symbol = resolveCalleeSymbol(this.checker, node);
      return symbol === undefined ? undefined : resolveSymbol(this.program, symbol);
    };
    const promisify = resolve(made.expression);
    if (promisify?.module !== 'util' || promisify.name !== 'promisify') return false;
    const target = resolve(argument);
    return target?.module === 'child_process' && target.container === undefined && promisifiedChildProcess.has(target.name);
  }


  private originOf(expression: ts.Expression, depth: number): ClientOrigin | undefined {
    const symbol = resolveCalleeSymbol(this.checker, expression);
    return symbol === undefined ? undefined : this.originOfSymbol(symbol, depth);
  }

  /** Where an axios or got client held by `symbol` was made: the package's own default, or `create`/`extend`. */
  private originOfSymbol(symbol: ts.Symbol, depth: number): ClientOrigin | undefined {
    if (this.origins.has(symbol)) return this.origins.get(symbol);
    // Settles cycles (`let a = b; b = a`) as unknown.
    this.origins.set(symbol, undefined);
    const origin = this.computeOrigin(symbol, depth);
    this.origins.set(symbol, origin);
    return origin;
  }

  private computeOrigin(symbol: ts.Symbol, depth: number): ClientOrigin | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (declaration === undefined) return undefined;
    const described = describeDeclaration(this.program, declaration, symbol);
    if (described?.origin === 'package' && ts.isVariableDeclaration(declaration)) {
      if (described.module === 'axios' && described.name === 'axios') {
        return { client: 'axios', bounded: programFacts(this.program).defaultsTimeout.has(symbol) ? 'yes' : 'no' };
      }
      if (described.module === 'got' && described.name === 'got') return { client: 'got', bounded: 'no' };
      return undefined;
    }
    if (described?.origin !== 'file') return undefined;
    const initializers = this.initializersOf(symbol, declaration);
    if (initializers === undefined || initializers.length === 0) return undefined;
    const origins = initializers.map((initializer) => this.originOfValue(initializer, depth + 1));
    const first = origins[0];
    if (first === undefined || origins.some((origin) => origin?.client !== first.client)) return undefined;
    let bounded = all(origins.map((origin) => origin!.bounded));
    if (bounded === 'no' && programFacts(this.program).defaultsTimeout.has(symbol)) bounded = 'yes';
    return { client: first.client, bounded };
  }

  /** The values a `const` or a class property is given: its initializer, or `this.x = …` in its class. */
  private initializersOf(symbol: ts.Symbol, declaration: ts.Declaration): ts.Expression[] | undefined {
    if (ts.isVariableDeclaration(declaration)) {
      return isConstVariable(declaration) && declaration.initializer !== undefined ? [declaration.initializer] : undefined;
    }
    if (!ts.isPropertyDeclaration(declaration)) return undefined;
    const values: ts.Expression[] = declaration.initializer === undefined ? [] : [declaration.initializer];
    const visit = (node: ts.Node): void => {
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(node.left) &&
        node.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
        node.left.name.text === symbol.getName()
      ) {
        values.push(node.right);
      }
      ts.forEachChild(node, visit);
    };
    visit(declaration.parent);
    return values;
  }

  private originOfValue(value: ts.Expression, depth: number): ClientOrigin | undefined {
    const node = skipOuterExpressions(value);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const base = this.originOf(node.expression.expression, depth);
      if (base?.client === 'axios' && method === 'create') {
        return { client: 'axios', bounded: base.bounded === 'yes' ? 'yes' : this.reader.deadline(node.arguments[0], axiosCallDeadlines) };
      }
      if (base?.client === 'got' && method === 'extend') {
        const states = node.arguments.map((argument) => {
          const other = this.originOf(argument, depth);
          return other?.client === 'got' ? other.bounded : this.reader.deadline(argument, gotDeadlines);
        });
        return { client: 'got', bounded: base.bounded === 'yes' ? 'yes' : any([...states, 'no']) };
      }
      return undefined;
    }
    if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) return this.originOf(node, depth);
    return undefined;
  }
}

function calleeName(call: ts.CallExpression): string | undefined {
  const expression = calleeExpression(call);
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

function userClientMatches(client: UserClient, callee: ResolvedCallee): boolean {
  const wanted = normalizeModuleName(client.module).replaceAll('\\', '/').replace(/^\.\//, '');
  return [callee, ...callee.mergedWith].some((declared) => {
    if (declared.origin === 'lib') return false;
    if (declared.origin === 'package' && declared.module !== wanted) return false;
    if (declared.origin === 'file') {
      const fileName = declared.module.replaceAll('\\', '/');
      const bare = fileName.replace(/\.[cm]?[jt]sx?$/, '');
      if (![fileName, bare].some((name) => name === wanted || name.endsWith(`/${wanted}`))) return false;
    }
    return client.names.some((pattern) => matchesNamePattern(declared, pattern));
  });
}

interface Forwarding {
  index: number;
  parameter: string;
  inner: string;
  missing: MissingDeadline;
  /** A signal itself rather than options holding one: any value the caller passes is its deadline. */
  asSignal: boolean;
}

/** The function a project callee declares: a function, or a `const` holding an arrow or function expression. */
function functionOf(declaration: ts.Declaration): (ts.SignatureDeclaration & { body?: ts.Node }) | undefined {
  if (ts.isFunctionDeclaration(declaration)) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
    const initializer = skipOuterExpressions(declaration.initializer);
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
  }
  return undefined;
}

/**
 * A parameter a caller may leave out: `p?`, `p = default`, `p: T | undefined`, or `@param {T} [p]` in
 * JavaScript. Read from the syntax: typing every parameter of every called function costs more than the rest.
 */
function isOptionalParameter(parameter: ts.ParameterDeclaration): boolean {
  if (parameter.questionToken !== undefined || parameter.initializer !== undefined) return true;
  const type = parameter.type;
  if (type === undefined) return ts.getJSDocParameterTags(parameter).some((tag) => tag.isBracketed);
  return ts.isUnionTypeNode(type) && type.types.some((member) => member.kind === ts.SyntaxKind.UndefinedKeyword || member.kind === ts.SyntaxKind.VoidKeyword);
}

function axiosEntry(method: string): TimeoutEntry | undefined {
  return timeoutCatalogue.find((entry) => entry.client === 'axios' && entry.names.includes(`Axios.${method}`));
}
