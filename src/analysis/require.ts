import ts from 'typescript';

/**
 * `require('fs')` in a TypeScript file: the checker types it `any` (only JavaScript files and `import x =
 * require()` resolve it), so the module is found here the way the checker would, by the program's module
 * resolution or among the ambient `declare module` blocks of @types/node.
 */

const MAX_HOPS = 4;
const ambientModules = new WeakMap<ts.TypeChecker, Map<string, ts.Symbol>>();
// Resolved once per program, module name and directory: a file requires the same few modules many times.
const resolved = new WeakMap<ts.Program, Map<string, ts.Symbol | null>>();

function ambientModule(checker: ts.TypeChecker, name: string): ts.Symbol | undefined {
  let byName = ambientModules.get(checker);
  if (byName === undefined) {
    byName = new Map(checker.getAmbientModules().map((symbol) => [symbol.getName().replace(/^"|"$/g, ''), symbol]));
    ambientModules.set(checker, byName);
  }
  return byName.get(name);
}

/** The global `require` (or an undeclared one), not a local function of that name. */
function isGlobalRequire(checker: ts.TypeChecker, callee: ts.Expression): boolean {
  if (!ts.isIdentifier(callee) || callee.text !== 'require') return false;
  const declarations = checker.getSymbolAtLocation(callee)?.declarations;
  return declarations === undefined || declarations.every((declaration) => declaration.getSourceFile().isDeclarationFile);
}

/** The module that `require('x')` with a string literal loads, if it can be found. */
function moduleOfRequireCall(program: ts.Program, call: ts.CallExpression): ts.Symbol | undefined {
  const checker = program.getTypeChecker();
  const [specifier] = call.arguments;
  if (call.arguments.length !== 1 || specifier === undefined || !ts.isStringLiteralLike(specifier)) return undefined;
  if (!isGlobalRequire(checker, call.expression)) return undefined;
  const name = specifier.text;
  const ambient =
    ambientModule(checker, name) ?? ambientModule(checker, name.startsWith('node:') ? name.slice(5) : `node:${name}`);
  if (ambient !== undefined) return ambient;
  const fileName = call.getSourceFile().fileName;
  let byKey = resolved.get(program);
  if (byKey === undefined) {
    byKey = new Map();
    resolved.set(program, byKey);
  }
  const key = `${name}\0${fileName.replace(/[^/\\]*$/, '')}`;
  let module = byKey.get(key);
  if (module === undefined) {
    const { resolvedModule } = ts.resolveModuleName(
      name,
      fileName,
      program.getCompilerOptions(),
      ts.sys,
      undefined,
      undefined,
      ts.ModuleKind.CommonJS,
    );
    const sourceFile = resolvedModule === undefined ? undefined : program.getSourceFile(resolvedModule.resolvedFileName);
    module = (sourceFile === undefined ? undefined : checker.getSymbolAtLocation(sourceFile)) ?? null;
    byKey.set(key, module);
  }
  return module ?? undefined;
}

/** The module an expression holds when it is `require('x')`, or a `const` bound to one. */
export function requiredModule(program: ts.Program, expression: ts.Expression, hops = 0): ts.Symbol | undefined {
  if (hops > MAX_HOPS) return undefined;
  let node = expression;
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
  if (ts.isCallExpression(node)) return moduleOfRequireCall(program, node);
  if (!ts.isIdentifier(node)) return undefined;
  const declaration = program.getTypeChecker().getSymbolAtLocation(node)?.valueDeclaration;
  if (
    declaration === undefined ||
    !ts.isVariableDeclaration(declaration) ||
    !ts.isIdentifier(declaration.name) ||
    declaration.initializer === undefined ||
    !ts.isVariableDeclarationList(declaration.parent) ||
    (declaration.parent.flags & ts.NodeFlags.Const) === 0
  ) {
    return undefined;
  }
  return requiredModule(program, declaration.initializer, hops + 1);
}

/** `require('fs').readFileSync`, `legacyFs.unlinkSync` with `const legacyFs = require('fs')`: the export's symbol. */
export function requiredExport(program: ts.Program, holder: ts.Expression, name: string): ts.Symbol | undefined {
  const module = requiredModule(program, holder);
  return module === undefined ? undefined : program.getTypeChecker().tryGetMemberInModuleExports(name, module);
}
