import ts from 'typescript';

import { blockingCatalogue, callbackContexts, listenerMethods } from './blocking-catalogue.js';
import { type CallLike, calleeExpression, skipOuterExpressions } from './callee.js';

/**
 * A syntactic pre-filter for `resolveCallee`: resolving `a.b.c()` makes the checker type `a.b` (generic calls,
 * inference, `Awaited`…), and almost no member call can be blocking. A member call is worth resolving only when
 * its name could be the name of something the rule reports (a catalogue or `blocking` pattern) or could lead
 * there: a user function the call graph follows, or an alias whose target the checker would reach under another
 * name (`export { readFileSync as read }`, `exports.read = fs.readFileSync`, `export const { a: b } = x`).
 */
export interface CalleeNameFilter {
  /** False only when a call through this member name can neither block nor reach a user function. */
  keeps(name: string): boolean;
}

/** The member name of `a.b(…)` / `a['b'](…)` / `new a.B()` / `` a.b`…` ``; undefined when the callee has no such name. */
export function memberCalleeName(call: CallLike): string | undefined {
  const expression = calleeExpression(call);
  if (ts.isPropertyAccessExpression(expression)) {
    return ts.isIdentifier(expression.name) ? expression.name.text : undefined;
  }
  if (ts.isElementAccessExpression(expression) && ts.isStringLiteralLike(expression.argumentExpression)) {
    return expression.argumentExpression.text;
  }
  return undefined;
}

function wildcardRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`);
}

// The function-reference forms the rule has always resolved; kept as they are.
const ALWAYS_KEPT: readonly string[] = ['call', 'apply', 'bind', 'default'];

class NameFilter implements CalleeNameFilter {
  private readonly exact = new Set<string>(ALWAYS_KEPT);
  private readonly wildcards: RegExp[] = [];
  private readonly keepsAll: boolean;
  private readonly declared: readonly NameLookup[];

  constructor(patterns: Iterable<string>, program: ProgramNames, names: readonly ('functions' | 'aliases')[]) {
    this.declared = names.map((set) => program[set]);
    let keepsAll = false;
    for (const pattern of patterns) {
      const dot = pattern.lastIndexOf('.');
      const segment = pattern.slice(dot + 1);
      const container = dot === -1 ? undefined : pattern.slice(0, dot);
      if (container !== undefined && program.members.has(container)) {
        // `Statement.run`, `IRoute.*`: the matching members of that container, wherever it is declared.
        const regexp = wildcardRegExp(segment);
        for (const member of program.members.get(container)!) if (regexp.test(member)) this.exact.add(member);
      } else if (container !== undefined && CATALOGUE_CONTAINERS.has(container)) {
        // Declared nowhere in the program: no callee can have that container.
      } else if (!segment.includes('*')) {
        this.exact.add(segment);
      } else {
        keepsAll ||= segment.replaceAll('*', '') === '';
        this.wildcards.push(wildcardRegExp(segment));
      }
    }
    this.keepsAll = keepsAll;
  }

  keeps(name: string): boolean {
    return (
      this.keepsAll ||
      this.exact.has(name) ||
      this.declared.some((lookup) => lookup.has(name)) ||
      // A quoted member name with a dot in it could straddle a `Container.name` pattern.
      name.includes('.') ||
      this.wildcards.some((regexp) => regexp.test(name))
    );
  }
}

/** `a.b`, `a.b.c`, `this.x`: what TypeScript's binder accepts as the target of an alias. */
function isEntityNameLike(expression: ts.Expression): boolean {
  let inner = expression;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  if (ts.isIdentifier(inner) || inner.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isPropertyAccessExpression(inner) && isEntityNameLike(inner.expression);
}

function addBindingNames(name: ts.BindingName, names: Set<string>): void {
  if (ts.isIdentifier(name)) {
    names.add(name.text);
    return;
  }
  for (const element of name.elements) {
    if (!ts.isOmittedExpression(element)) addBindingNames(element.name, names);
  }
}

/** A set of names that is only asked whether it holds one. */
export interface NameLookup {
  has(name: string): boolean;
}

export interface ProgramNames {
  /** Names of the user's functions and classes (declarations, methods, function-valued properties and fields). */
  functions: NameLookup;
  /**
   * Names under which an alias may be reached, whose target the checker then finds under its own name:
   * export renames, module-level variables and destructured names, CommonJS `exports.x = y` and `{ x }`.
   */
  aliases: NameLookup;
  /**
   * Every name declared inside each class or interface that a catalogue pattern names (`Statement`, `IRoute`),
   * wherever declared; absent when undeclared.
   */
  members: ReadonlyMap<string, ReadonlySet<string>>;
}

// Read once: `ts.SyntaxKind` is a plain object, and the walk below compares every node of the program with these.
const Kind = {
  ClassDeclaration: ts.SyntaxKind.ClassDeclaration,
  ClassExpression: ts.SyntaxKind.ClassExpression,
  InterfaceDeclaration: ts.SyntaxKind.InterfaceDeclaration,
  FunctionDeclaration: ts.SyntaxKind.FunctionDeclaration,
  FunctionExpression: ts.SyntaxKind.FunctionExpression,
  MethodDeclaration: ts.SyntaxKind.MethodDeclaration,
  ExportSpecifier: ts.SyntaxKind.ExportSpecifier,
  ImportEqualsDeclaration: ts.SyntaxKind.ImportEqualsDeclaration,
  ShorthandPropertyAssignment: ts.SyntaxKind.ShorthandPropertyAssignment,
  PropertyDeclaration: ts.SyntaxKind.PropertyDeclaration,
  PropertyAssignment: ts.SyntaxKind.PropertyAssignment,
  VariableStatement: ts.SyntaxKind.VariableStatement,
  BinaryExpression: ts.SyntaxKind.BinaryExpression,
} as const;

/** `Statement.run` → `Statement`, `IRoute.*` → `IRoute`. */
function containersOf(patterns: Iterable<string>): Set<string> {
  const containers = new Set<string>();
  for (const pattern of patterns) {
    const dot = pattern.lastIndexOf('.');
    if (dot !== -1 && !pattern.slice(0, dot).includes('*')) containers.add(pattern.slice(0, dot));
  }
  return containers;
}

// The containers the catalogue's `Container.name` patterns name: their members are collected by name.
const CATALOGUE_CONTAINERS = containersOf([
  ...blockingCatalogue.flatMap((entry) => entry.names),
  ...callbackContexts.flatMap((entry) => entry.names),
]);

/**
 * Collects, in one syntactic walk of the program's own (non-declaration) files, every name under which a member
 * call could reach a user function with a body or an alias. From declaration files only their export renames,
 * which are the only aliases a declaration file can hold.
 * A mapped type that re-keys (`as`) needs nothing: its renamed members keep no declaration (TypeScript's
 * `shouldLinkPropDeclarations`), so they never resolve, and a filtering `as` keeps the declared names.
 */
/** What one file declares; the keys that only the checker can read are kept as nodes, read per program. */
interface FileNames {
  functions: Set<string>;
  aliases: Set<string>;
  members: Map<string, Set<string>>;
  computed: { key: ts.Expression; into: Set<string> }[];
}

// Unchanged files keep their SourceFile object from one program to the next (the editor makes a new program per
// keystroke), so each file is walked once, not once per program.
const fileNamesCache = new WeakMap<ts.SourceFile, FileNames>();

function collectFileNames(sourceFile: ts.SourceFile): FileNames {
  const functions = new Set<string>();
  const aliases = new Set<string>();
  const members = new Map<string, Set<string>>();
  const computed: FileNames['computed'] = [];
  // `[key]() {}` with `const key = 'save'` declares `save`: asked of the checker, once per such key. A key of any
  // other type (`string`, a union) declares no named member, and a symbol key is only called as `x[key]()`, which
  // is always resolved.
  const addComputed = (name: ts.ComputedPropertyName, into: Set<string>): void => {
    const key = name.expression;
    if (ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) {
      into.add(key.text);
      return;
    }
    if (ts.isArrayLiteralExpression(key) || ts.isObjectLiteralExpression(key) || ts.isFunctionLike(key) || ts.isClassLike(key)) return;
    // `[Symbol.iterator]()`: a symbol key names no member a call could reach by name.
    if (ts.isPropertyAccessExpression(key) && ts.isIdentifier(key.expression) && key.expression.text === 'Symbol') return;
    computed.push({ key, into });
  };
  const addName = (name: ts.Node | undefined, into: Set<string>): void => {
    if (name === undefined) return;
    if (ts.isComputedPropertyName(name)) addComputed(name, into);
    else if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) {
      into.add(name.text);
    }
  };
  // A member's container is its nearest named class or interface, so members of nested type literals count too.
  const addMembers = (container: ts.ClassLikeDeclaration | ts.InterfaceDeclaration): void => {
    const containerName = container.name?.text;
    if (containerName === undefined || !CATALOGUE_CONTAINERS.has(containerName)) return;
    const target = members.get(containerName) ?? new Set<string>();
    members.set(containerName, target);
    const walk = (node: ts.Node): void => {
      if (node !== container && (ts.isClassLike(node) || ts.isInterfaceDeclaration(node)) && node.name !== undefined) return;
      if (node !== container) addName((node as ts.NamedDeclaration).name, target);
      ts.forEachChild(node, walk);
    };
    walk(container);
  };
  // Tracked here: parent pointers exist only once the checker has bound the files.
  let parent: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case Kind.ClassDeclaration:
      case Kind.ClassExpression:
        addMembers(node as ts.ClassLikeDeclaration);
        addName((node as ts.ClassLikeDeclaration).name, functions);
        break;
      case Kind.InterfaceDeclaration:
        addMembers(node as ts.InterfaceDeclaration);
        break;
      case Kind.FunctionDeclaration:
      case Kind.FunctionExpression:
      case Kind.MethodDeclaration:
        addName((node as ts.NamedDeclaration).name, functions);
        break;
      case Kind.ExportSpecifier:
      case Kind.ImportEqualsDeclaration:
      case Kind.ShorthandPropertyAssignment:
        addName((node as ts.NamedDeclaration).name, aliases);
        break;
      case Kind.PropertyDeclaration:
      case Kind.PropertyAssignment: {
        const declaration = node as ts.PropertyDeclaration | ts.PropertyAssignment;
        const initializer = declaration.initializer === undefined ? undefined : skipOuterExpressions(declaration.initializer);
        if (initializer === undefined) break;
        if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer) || ts.isClassExpression(initializer)) {
          addName(declaration.name, functions);
        }
        // What TypeScript's binder may make a CommonJS alias: an entity name, a class, a JS constructor function.
        if (isEntityNameLike(initializer) || ts.isFunctionExpression(initializer) || ts.isClassExpression(initializer)) {
          addName(declaration.name, aliases);
        }
        break;
      }
      case Kind.VariableStatement:
        // A variable a property access can reach: a module or namespace export, or a script's global.
        if (parent !== undefined && (ts.isSourceFile(parent) || ts.isModuleBlock(parent))) {
          for (const declaration of (node as ts.VariableStatement).declarationList.declarations) {
            addBindingNames(declaration.name, aliases);
            addBindingNames(declaration.name, functions);
          }
        }
        break;
      case Kind.BinaryExpression: {
        // `exports.x = …`, `Foo.prototype.x = function…`, `this.x = …`: declarations in JavaScript, aliases too.
        const binary = node as ts.BinaryExpression;
        if (binary.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
          const target = binary.left;
          const name = ts.isPropertyAccessExpression(target)
            ? target.name.text
            : ts.isElementAccessExpression(target) && ts.isStringLiteralLike(target.argumentExpression)
              ? target.argumentExpression.text
              : undefined;
          if (name !== undefined) {
            aliases.add(name);
            functions.add(name);
          }
        }
        break;
      }
    }
    const outer = parent;
    parent = node;
    ts.forEachChild(node, visit);
    parent = outer;
  };
  const visitDeclarationFile = (statements: readonly ts.Statement[]): void => {
    for (const statement of statements) {
      if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          if (element.propertyName !== undefined) aliases.add(element.name.text);
        }
      } else if (ts.isImportEqualsDeclaration(statement)) {
        aliases.add(statement.name.text);
      } else if (ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement)) {
        addMembers(statement);
      } else if (ts.isModuleDeclaration(statement)) {
        let body = statement.body;
        while (body !== undefined && ts.isModuleDeclaration(body)) body = body.body;
        if (body !== undefined && ts.isModuleBlock(body)) visitDeclarationFile(body.statements);
      }
    }
  };
  if (sourceFile.isDeclarationFile) {
    visitDeclarationFile(sourceFile.statements);
  } else {
    parent = sourceFile;
    ts.forEachChild(sourceFile, visit);
  }
  return { functions, aliases, members, computed };
}

function fileNamesOf(sourceFile: ts.SourceFile): FileNames {
  let file = fileNamesCache.get(sourceFile);
  if (file === undefined) {
    file = collectFileNames(sourceFile);
    fileNamesCache.set(sourceFile, file);
  }
  return file;
}

/** Names in `base` or in one of `extra`. */
class LayeredNames implements NameLookup {
  constructor(
    private readonly base: NameLookup,
    private readonly extra: readonly NameLookup[],
  ) {}

  has(name: string): boolean {
    return this.base.has(name) || this.extra.some((set) => set.has(name));
  }
}

interface Union {
  functions: Set<string>;
  aliases: Set<string>;
}

function unionOf(files: readonly FileNames[], skip: number): Union {
  const functions = new Set<string>();
  const aliases = new Set<string>();
  files.forEach((file, index) => {
    if (index === skip) return;
    for (const name of file.functions) functions.add(name);
    for (const name of file.aliases) aliases.add(name);
  });
  return { functions, aliases };
}

/** Where `a` and `b` hold different files: one index, `none`, or `many` (several, or other lengths). */
function differingIndex(a: readonly FileNames[], b: readonly FileNames[]): number | 'none' | 'many' {
  if (a.length !== b.length) return 'many';
  let found: number | 'none' = 'none';
  for (let index = 0; index < a.length; index++) {
    if (a[index] === b[index]) continue;
    if (found !== 'none') return 'many';
    found = index;
  }
  return found;
}

// The editor makes a new program per keystroke in which one file changed. The union of every other file's names
// is kept, so a keystroke adds one file's names instead of re-adding the whole program's.
let previousFiles: readonly FileNames[] | undefined;
let allButOne: { files: readonly FileNames[]; skip: number; union: Union } | undefined;

export function collectProgramNames(program: ts.Program): ProgramNames {
  const files = program.getSourceFiles().map(fileNamesOf);
  let functions: NameLookup;
  let aliases: NameLookup;
  let changed: number | undefined;
  if (allButOne !== undefined) {
    // The same files as when the union was made, but for the one it leaves out.
    const difference = differingIndex(allButOne.files, files);
    if (difference === 'none' || difference === allButOne.skip) changed = allButOne.skip;
  }
  if (changed === undefined && previousFiles !== undefined) {
    const difference = differingIndex(previousFiles, files);
    if (typeof difference === 'number') {
      allButOne = { files, skip: difference, union: unionOf(files, difference) };
      changed = difference;
    }
  }
  if (changed !== undefined && allButOne !== undefined) {
    const edited = files[changed];
    functions = new LayeredNames(allButOne.union.functions, [edited.functions]);
    aliases = new LayeredNames(allButOne.union.aliases, [edited.aliases]);
  } else {
    ({ functions, aliases } = unionOf(files, -1));
  }
  previousFiles = files;

  // Members and computed keys are few: read per program.
  const members = new Map<string, Set<string>>();
  const computedFunctions = new Set<string>();
  const computedAliases = new Set<string>();
  const checker = program.getTypeChecker();
  for (const file of files) {
    if (file.members.size === 0 && file.computed.length === 0) continue;
    const targets = new Map<Set<string>, Set<string>>([[file.functions, computedFunctions], [file.aliases, computedAliases]]);
    for (const [container, names] of file.members) {
      const target = members.get(container) ?? new Set<string>();
      members.set(container, target);
      for (const name of names) target.add(name);
      targets.set(names, target);
    }
    // `[key]() {}` with `const key = 'save'`: the key's type may come from another file, so it is read per program.
    for (const { key, into } of file.computed) {
      const type = checker.getTypeAtLocation(key);
      for (const part of type.isUnion() ? type.types : [type]) {
        if (part.isStringLiteral() || part.isNumberLiteral()) targets.get(into)?.add(String(part.value));
      }
    }
  }
  if (computedFunctions.size > 0) functions = new LayeredNames(computedFunctions, [functions]);
  if (computedAliases.size > 0) aliases = new LayeredNames(computedAliases, [aliases]);
  return { functions, aliases, members };
}

const programNames = new WeakMap<ts.Program, ProgramNames>();
const filters = new WeakMap<ts.Program, Map<string, CalleeNameFilter>>();

function namesOf(program: ts.Program): ProgramNames {
  let names = programNames.get(program);
  if (names === undefined) {
    names = collectProgramNames(program);
    programNames.set(program, names);
  }
  return names;
}

function memoisedFilter(
  program: ts.Program,
  key: string,
  patterns: () => Iterable<string>,
  names: readonly ('functions' | 'aliases')[],
): CalleeNameFilter {
  let byKey = filters.get(program);
  if (byKey === undefined) {
    byKey = new Map();
    filters.set(program, byKey);
  }
  let filter = byKey.get(key);
  if (filter === undefined) {
    filter = new NameFilter(patterns(), namesOf(program), names);
    byKey.set(key, filter);
  }
  return filter;
}

/**
 * The member-name filter for blocking calls on `program`: the catalogue's patterns and the user's `blocking`
 * ones, plus the program's user-function and alias names. Memoised per program and pattern set.
 */
export function blockingNameFilter(program: ts.Program, userPatterns: readonly string[]): CalleeNameFilter {
  return memoisedFilter(
    program,
    JSON.stringify(['blocking', userPatterns]),
    () => [...blockingCatalogue.flatMap((entry) => entry.names), ...userPatterns],
    ['functions', 'aliases'],
  );
}

/**
 * The member-name filter for `callbackKindOf`: schedulers, promise reactions, servers, routers, listeners, and
 * the program's alias names. User functions are left out: `callbackKindOf` never follows one.
 */
export function callbackNameFilter(program: ts.Program): CalleeNameFilter {
  return memoisedFilter(
    program,
    'callbacks',
    () => [...callbackContexts.flatMap((entry) => entry.names), ...listenerMethods],
    ['aliases'],
  );
}

/** True unless `call` is a member call whose name the filter drops: identifier callees and the rest always resolve. */
export function mayResolveToInterest(filter: CalleeNameFilter, call: CallLike): boolean {
  const name = memberCalleeName(call);
  return name === undefined || filter.keeps(name);
}
