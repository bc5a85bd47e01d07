import path from 'node:path';

import ts from 'typescript';

import { requiredExport } from './require.js';

/** Where a declaration lives: an npm package (or a Node built-in module), TypeScript's lib, or the user's own files. */
export type DeclarationOrigin = 'package' | 'lib' | 'file';

export interface ResolvedCallee {
  origin: DeclarationOrigin;
  /**
   * The module that declares the callee, with any `node:` prefix removed: `fs`, `child_process`, `better-sqlite3`
   * (the `@types/` scope is dropped too). `lib` for TypeScript's lib files, the file name for user files.
   */
  module: string;
  /** The declared name: `readFileSync`, `run`. */
  name: string;
  /** Enclosing class or interface, if any: `Statement` for `Statement#run`, `Dir` for `Dir#readSync`. */
  container: string | undefined;
  /** `container.name`, or `name` alone. */
  qualifiedName: string;
  declaration: ts.Declaration;
  symbol: ts.Symbol;
  /**
   * Other places the same symbol is declared, when they differ: a global such as `setTimeout` is declared by
   * both lib.dom.d.ts and @types/node when a project loads both.
   */
  mergedWith: readonly ResolvedCallee[];
}

/** A call-like node whose callee can be resolved: a call, `new`, or a tagged template. */
export type CallLike = ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression;

const MAX_ALIAS_HOPS = 8;

/** `foo`, `(foo)`, `foo!`, `foo as T`, `foo satisfies T` → `foo`. */
export function skipOuterExpressions(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isTypeAssertionExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** The expression that names what is being called. */
export function calleeExpression(call: CallLike): ts.Expression {
  return skipOuterExpressions(ts.isTaggedTemplateExpression(call) ? call.tag : call.expression);
}

/** The node whose symbol is the callee: the identifier itself, or the member name of `a.b` / `a['b']`. */
function calleeNameNode(expression: ts.Expression): ts.Node | undefined {
  if (ts.isIdentifier(expression)) return expression;
  if (ts.isPropertyAccessExpression(expression)) return expression.name;
  if (ts.isElementAccessExpression(expression) && ts.isStringLiteralLike(expression.argumentExpression)) {
    return expression.argumentExpression;
  }
  return undefined;
}

/**
 * Package name from a path inside node_modules (`…/node_modules/@types/better-sqlite3/index.d.ts` →
 * `better-sqlite3`, `…/node_modules/@types/scope__pkg/…` → `@scope/pkg`), or undefined outside node_modules.
 */
export function packageNameFromPath(fileName: string): string | undefined {
  const normalized = fileName.replaceAll('\\', '/');
  const index = normalized.lastIndexOf('/node_modules/');
  if (index === -1) return undefined;
  const parts = normalized.slice(index + '/node_modules/'.length).split('/');
  let name = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  if (name === undefined || name === '') return undefined;
  if (name.startsWith('@types/')) {
    const bare = name.slice('@types/'.length);
    name = bare.includes('__') ? `@${bare.replace('__', '/')}` : bare;
  }
  return name;
}

/** `node:fs` → `fs`: @types/node v20 declares `module "fs"`, v26 declares `"node:fs"`; both mean the same module. */
export function normalizeModuleName(name: string): string {
  return name.startsWith('node:') ? name.slice('node:'.length) : name;
}

function declarationName(declaration: ts.Declaration): string | undefined {
  const name = ts.getNameOfDeclaration(declaration);
  if (name === undefined) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) {
    return name.text;
  }
  return undefined;
}

/** Where a declaration lives, and the class or interface that encloses it. */
export function describeDeclaration(
  program: ts.Program,
  declaration: ts.Declaration,
  symbol: ts.Symbol,
): ResolvedCallee | undefined {
  const name = declarationName(declaration) ?? symbol.getName();
  let container: string | undefined;
  let module: string | undefined;
  for (let node: ts.Node | undefined = declaration.parent; node !== undefined && !ts.isSourceFile(node); node = node.parent) {
    if (container === undefined && (ts.isClassLike(node) || ts.isInterfaceDeclaration(node)) && node.name) {
      container = node.name.text;
    }
    if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
      module = normalizeModuleName(node.name.text);
      break;
    }
  }
  const sourceFile = declaration.getSourceFile();
  let origin: DeclarationOrigin;
  if (module !== undefined) {
    origin = 'package';
  } else if (program.isSourceFileDefaultLibrary(sourceFile) || isTypeScriptLibFile(sourceFile.fileName)) {
    origin = 'lib';
    module = 'lib';
  } else {
    const pkg = packageNameFromPath(sourceFile.fileName);
    if (pkg !== undefined) {
      origin = 'package';
      module = pkg;
    } else {
      origin = 'file';
      module = sourceFile.fileName;
    }
  }
  return {
    origin,
    module,
    name,
    container,
    qualifiedName: container === undefined ? name : `${container}.${name}`,
    declaration,
    symbol,
    mergedWith: [],
  };
}

function isTypeScriptLibFile(fileName: string): boolean {
  return /[\\/]typescript[\\/]lib[\\/]lib\.[^\\/]*\.d\.ts$/.test(fileName);
}

/**
 * Follows what the checker cannot see as an alias: `const { readFileSync } = fs`, `const read = fs.readFileSync`,
 * `const { execSync } = require('child_process')` (in TypeScript files too, given the program). Returns the
 * symbol of the original member.
 */
function followValueAlias(checker: ts.TypeChecker, symbol: ts.Symbol, hops: number, program?: ts.Program): ts.Symbol {
  if (hops >= MAX_ALIAS_HOPS) return symbol;
  if (symbol.flags & ts.SymbolFlags.Alias) {
    return followValueAlias(checker, checker.getAliasedSymbol(symbol), hops + 1, program);
  }
  const declaration = symbol.valueDeclaration;
  if (declaration === undefined) return symbol;
  if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)) {
    const holder = declaration.parent.parent;
    if (!ts.isVariableDeclaration(holder) || holder.initializer === undefined || !isConstDeclaration(holder)) {
      return symbol;
    }
    const key = declaration.propertyName ?? declaration.name;
    if (!ts.isIdentifier(key) && !ts.isStringLiteral(key)) return symbol;
    const property =
      checker.getTypeAtLocation(holder.initializer).getProperty(key.text) ??
      (program === undefined ? undefined : requiredExport(program, holder.initializer, key.text));
    return property === undefined ? symbol : followValueAlias(checker, property, hops + 1, program);
  }
  if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined && isConstDeclaration(declaration)) {
    const initializer = skipOuterExpressions(declaration.initializer);
    const nameNode = ts.isIdentifier(initializer) || ts.isPropertyAccessExpression(initializer) ? calleeNameNode(initializer) : undefined;
    if (nameNode === undefined) return symbol;
    const target = checker.getSymbolAtLocation(nameNode) ?? requiredMember(program, initializer);
    return target === undefined || target === symbol ? symbol : followValueAlias(checker, target, hops + 1, program);
  }
  return symbol;
}

/** `require('fs').readFileSync` in a TypeScript file, where the checker sees `any`. */
function requiredMember(program: ts.Program | undefined, expression: ts.Expression): ts.Symbol | undefined {
  if (program === undefined || !ts.isPropertyAccessExpression(expression) || !ts.isIdentifier(expression.name)) return undefined;
  return requiredExport(program, expression.expression, expression.name.text);
}

function isConstDeclaration(declaration: ts.VariableDeclaration): boolean {
  const list = declaration.parent;
  return ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
}

/**
 * The symbol a callee expression refers to, through import aliases, re-exports and const aliases; given the
 * program, through `require()` of a string literal in TypeScript files too.
 */
export function resolveCalleeSymbol(
  checker: ts.TypeChecker,
  expression: ts.Expression,
  program?: ts.Program,
): ts.Symbol | undefined {
  const inner = skipOuterExpressions(expression);
  const nameNode = calleeNameNode(inner);
  if (nameNode === undefined) return undefined;
  const symbol = checker.getSymbolAtLocation(nameNode) ?? requiredMember(program, inner);
  if (symbol === undefined) return undefined;
  return followValueAlias(checker, symbol, 0, program);
}

/**
 * Resolves what a call invokes to its declaring module, name and declaration, through the checker: named,
 * default and namespace imports, `import x = require()`, `require()` (TypeScript files too), destructuring, const aliases,
 * `node:` prefixes and re-exports all land on the original declaration. Returns undefined when the callee
 * cannot be typed (`any`, dynamic keys) or its declarations disagree (a method of a union of unrelated types).
 */
export function resolveCallee(program: ts.Program, call: CallLike): ResolvedCallee | undefined {
  const checker = program.getTypeChecker();
  const expression = calleeExpression(call);
  const symbol = resolveCalleeSymbol(checker, expression, program);
  if (symbol === undefined) return undefined;
  const resolved = resolveSymbol(program, symbol);
  // A method of a union of unrelated types: which declaration runs is not known.
  if (resolved !== undefined && resolved.mergedWith.length > 0 && hasUnionReceiver(checker, expression)) return undefined;
  return resolved;
}

function hasUnionReceiver(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(expression) && !ts.isElementAccessExpression(expression)) return false;
  return checker.getApparentType(checker.getTypeAtLocation(expression.expression)).isUnion();
}

/**
 * Describes a symbol's declaration. A global merged from several ambient declarations keeps the others in
 * `mergedWith`; a symbol declared both in the user's files and elsewhere is undefined.
 */
export function resolveSymbol(program: ts.Program, symbol: ts.Symbol): ResolvedCallee | undefined {
  // The same few symbols (`console.log`, `res.json`, a module's helpers) are resolved at every call, by every rule.
  let cache = resolvedSymbols.get(program);
  if (cache === undefined) {
    cache = new WeakMap();
    resolvedSymbols.set(program, cache);
  }
  const cached = cache.get(symbol);
  if (cached !== undefined) return cached ?? undefined;
  const resolved = describeSymbol(program, symbol);
  cache.set(symbol, resolved ?? null);
  return resolved;
}

const resolvedSymbols = new WeakMap<ts.Program, WeakMap<ts.Symbol, ResolvedCallee | null>>();

function describeSymbol(program: ts.Program, symbol: ts.Symbol): ResolvedCallee | undefined {
  const declarations = symbol.declarations ?? [];
  const primary = symbol.valueDeclaration ?? declarations[0];
  if (primary === undefined) return undefined;
  const resolved = describeDeclaration(program, primary, symbol);
  if (resolved === undefined) return undefined;
  const merged: ResolvedCallee[] = [];
  for (const other of declarations) {
    if (other === primary) continue;
    const described = describeDeclaration(program, other, symbol);
    if (described === undefined) return undefined;
    if (described.module === resolved.module && described.qualifiedName === resolved.qualifiedName) continue;
    if (described.origin === 'file' || resolved.origin === 'file') return undefined;
    merged.push(described);
  }
  return merged.length === 0 ? resolved : { ...resolved, mergedWith: merged };
}

/** A short display name for a resolved callee: `fs.readFileSync`, `better-sqlite3 Statement#run`, `Atomics.wait`. */
export function displayName(callee: ResolvedCallee): string {
  if (callee.origin !== 'package') return callee.qualifiedName;
  if (callee.container !== undefined) return `${callee.module} ${callee.container}#${callee.name}`;
  return `${callee.module}.${callee.name}`;
}

/** `file.ts:12`, relative to `cwd` with forward slashes. */
export function formatLocation(node: ts.Node, cwd: string): string {
  const sourceFile = node.getSourceFile();
  const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const relative = path.relative(cwd, sourceFile.fileName).replaceAll('\\', '/');
  return `${relative}:${line + 1}`;
}

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`);
}

const patternCache = new Map<string, RegExp>();

/**
 * True when `pattern` names the callee: `name` matches the declared name under any container,
 * `Container.name` matches a member of that class or interface; `*` matches any run of characters.
 */
export function matchesNamePattern(callee: Pick<ResolvedCallee, 'name' | 'container'>, pattern: string): boolean {
  let regexp = patternCache.get(pattern);
  if (regexp === undefined) {
    regexp = patternToRegExp(pattern);
    patternCache.set(pattern, regexp);
  }
  const dot = pattern.lastIndexOf('.');
  if (dot === -1) return regexp.test(callee.name);
  return callee.container !== undefined && regexp.test(`${callee.container}.${callee.name}`);
}

/** True when the callee is declared by one of `modules` under one of the name patterns. */
export function matchesCallee(
  callee: ResolvedCallee,
  modules: readonly string[],
  names: readonly string[],
): boolean {
  return [callee, ...callee.mergedWith].some(
    (declared) =>
      declared.origin !== 'file' &&
      modules.includes(declared.module) &&
      names.some((pattern) => matchesNamePattern(declared, pattern)),
  );
}
