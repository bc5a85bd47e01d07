import ts from 'typescript';

import { blockingCatalogue } from './blocking-catalogue.js';
import { type CallLike, calleeExpression } from './callee.js';

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

/**
 * The part of a name pattern a member name must match: `Statement.run` → `run`. A container holds no dot, so for
 * a name without one the literal dot of `Container.name` is the separator and only the last segment is tested.
 */
function lastSegment(pattern: string): string {
  return pattern.slice(pattern.lastIndexOf('.') + 1);
}

// The function-reference forms the rule has always resolved; kept as they are.
const ALWAYS_KEPT: readonly string[] = ['call', 'apply', 'bind', 'default'];

class NameFilter implements CalleeNameFilter {
  private readonly exact = new Set<string>();
  private readonly wildcards: RegExp[] = [];
  private readonly keepsAll: boolean;

  constructor(patterns: Iterable<string>, names: ReadonlySet<string> | 'all') {
    for (const name of ALWAYS_KEPT) this.exact.add(name);
    for (const pattern of patterns) {
      const segment = lastSegment(pattern);
      if (segment.includes('*')) this.wildcards.push(wildcardRegExp(segment));
      else this.exact.add(segment);
    }
    this.keepsAll = names === 'all' || this.wildcards.some((regexp) => regexp.source === '^.*$');
    if (names !== 'all') for (const name of names) this.exact.add(name);
  }

  keeps(name: string): boolean {
    return (
      this.keepsAll ||
      this.exact.has(name) ||
      // A quoted member name with a dot in it could straddle a `Container.name` pattern.
      name.includes('.') ||
      this.wildcards.some((regexp) => regexp.test(name))
    );
  }
}

function isFunctionValue(expression: ts.Expression | undefined): boolean {
  if (expression === undefined) return false;
  let inner = expression;
  while (
    ts.isParenthesizedExpression(inner) ||
    ts.isAsExpression(inner) ||
    ts.isSatisfiesExpression(inner) ||
    ts.isNonNullExpression(inner) ||
    ts.isTypeAssertionExpression(inner)
  ) {
    inner = inner.expression;
  }
  return ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) || ts.isClassExpression(inner);
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

/** A variable a property access can reach: a module or namespace export, or a script's global. */
function isOutsideFunctions(statement: ts.Node): boolean {
  return ts.isSourceFile(statement.parent) || ts.isModuleBlock(statement.parent);
}

export interface ProgramNames {
  /** Names a member call may reach a user function or an alias through. */
  names: ReadonlySet<string>;
  /**
   * Some member is named by something other than its text: a mapped type that re-keys (`as` clause) or a
   * computed key whose type is not a literal. Then no member name can be dropped.
   */
  unknownNames: boolean;
}

/**
 * Collects, in one syntactic walk of the program's own (non-declaration) files, every name under which a member
 * call could reach a user function with a body or an alias: functions, classes, methods, function-valued
 * properties and fields, module-level variables and destructured names, object-literal shorthands and
 * entity-valued properties (CommonJS aliases), `x.name = …` assignments, export and import-equals names. From
 * declaration files only their export renames, which are the only aliases a declaration file can hold.
 */
export function collectProgramNames(program: ts.Program): ProgramNames {
  const names = new Set<string>();
  let unknownNames = false;
  // `[key]() {}` with `const key = 'save'`: the member is called `save`. Asked of the checker, once per such key.
  const addComputed = (name: ts.ComputedPropertyName): void => {
    const key = name.expression;
    if (ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) {
      names.add(key.text);
      return;
    }
    const type = program.getTypeChecker().getTypeAtLocation(key);
    for (const part of type.isUnion() ? type.types : [type]) {
      if (part.isStringLiteral() || part.isNumberLiteral()) names.add(String(part.value));
      // A symbol key is only ever called as `x[key]()`, which is always resolved.
      else if (!(part.flags & ts.TypeFlags.ESSymbolLike)) unknownNames = true;
    }
  };
  const addName = (name: ts.Node | undefined): void => {
    if (name === undefined) return;
    if (ts.isComputedPropertyName(name)) addComputed(name);
    else if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) {
      names.add(name.text);
    }
  };
  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.ClassExpression:
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.ExportSpecifier:
      case ts.SyntaxKind.ImportEqualsDeclaration:
      case ts.SyntaxKind.ShorthandPropertyAssignment:
        addName((node as ts.NamedDeclaration).name);
        break;
      case ts.SyntaxKind.PropertyDeclaration:
      case ts.SyntaxKind.PropertyAssignment: {
        const declaration = node as ts.PropertyDeclaration | ts.PropertyAssignment;
        const initializer = declaration.initializer;
        if (initializer !== undefined && (isFunctionValue(initializer) || isEntityNameLike(initializer))) {
          addName(declaration.name);
        }
        break;
      }
      case ts.SyntaxKind.VariableStatement:
        if (isOutsideFunctions(node)) {
          for (const declaration of (node as ts.VariableStatement).declarationList.declarations) {
            addBindingNames(declaration.name, names);
          }
        }
        break;
      case ts.SyntaxKind.BinaryExpression: {
        const binary = node as ts.BinaryExpression;
        if (binary.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
          const target = binary.left;
          if (ts.isPropertyAccessExpression(target)) names.add(target.name.text);
          else if (ts.isElementAccessExpression(target) && ts.isStringLiteralLike(target.argumentExpression)) {
            names.add(target.argumentExpression.text);
          }
        }
        break;
      }
      case ts.SyntaxKind.MappedType:
        if ((node as ts.MappedTypeNode).nameType !== undefined) unknownNames = true;
        break;
    }
    ts.forEachChild(node, visit);
  };
  const visitDeclarationFile = (statements: readonly ts.Statement[]): void => {
    for (const statement of statements) {
      if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          if (element.propertyName !== undefined) names.add(element.name.text);
        }
      } else if (ts.isImportEqualsDeclaration(statement)) {
        names.add(statement.name.text);
      } else if (ts.isModuleDeclaration(statement)) {
        let body = statement.body;
        while (body !== undefined && ts.isModuleDeclaration(body)) body = body.body;
        if (body !== undefined && ts.isModuleBlock(body)) visitDeclarationFile(body.statements);
      }
    }
  };
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile) visitDeclarationFile(sourceFile.statements);
    else visit(sourceFile);
  }
  return { names, unknownNames };
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

/** The catalogue's name patterns plus the user's `blocking` ones: what the rule reports. */
export function blockingPatterns(userPatterns: Iterable<string>): string[] {
  return [...blockingCatalogue.flatMap((entry) => entry.names), ...userPatterns];
}

/**
 * The member-name filter for `no-blocking-in-async` on `program` with the user's `blocking` name patterns,
 * memoised per program and pattern set.
 */
export function blockingNameFilter(program: ts.Program, userPatterns: readonly string[]): CalleeNameFilter {
  let byPatterns = filters.get(program);
  if (byPatterns === undefined) {
    byPatterns = new Map();
    filters.set(program, byPatterns);
  }
  const key = JSON.stringify(userPatterns);
  let filter = byPatterns.get(key);
  if (filter === undefined) {
    const { names, unknownNames } = namesOf(program);
    filter = new NameFilter(blockingPatterns(userPatterns), unknownNames ? 'all' : names);
    byPatterns.set(key, filter);
  }
  return filter;
}

/** True unless `call` is a member call whose name the filter drops: identifier callees and the rest always resolve. */
export function mayResolveToInterest(filter: CalleeNameFilter, call: CallLike): boolean {
  const name = memberCalleeName(call);
  return name === undefined || filter.keeps(name);
}
