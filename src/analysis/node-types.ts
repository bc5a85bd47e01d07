import { isBuiltin } from 'node:module';

import ts from 'typescript';

/**
 * True when `specifier` names a Node built-in module (`fs`, `node:fs`, `node:test`) and the checker found no
 * declaration for it: Node's types are not in the program (no @types/node, or TypeScript 6's default
 * `types: []`), so every call into the module is untyped and the rules cannot see what it does.
 */
export function isUnresolvedBuiltin(checker: ts.TypeChecker, specifier: ts.Node): boolean {
  if (!ts.isStringLiteralLike(specifier) || !isBuiltin(specifier.text)) return false;
  return checker.getSymbolAtLocation(specifier) === undefined;
}
