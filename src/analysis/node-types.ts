import { isBuiltin } from 'node:module';

import ts from 'typescript';

/**
 * True when `specifier` names a Node built-in module (`fs`, `node:fs`, `node:test`) and the checker found no
 * declaration for it: Node's types are not in the program (no @types/node, or TypeScript 6's default
 * `types: []`), so every call into the module is untyped and the rules cannot see what it does.
 */
export function isUnresolvedBuiltin(checker: ts.TypeChecker, specifier: ts.Node): boolean {
  if (!ts.isStringLiteralLike(specifier) || !isBuiltin(specifier.text)) return false;
  // Node's modules are ambient declarations (`declare module 'fs'`): one answer per program, not per import.
  let answers = unresolved.get(checker);
  if (answers === undefined) {
    answers = new Map();
    unresolved.set(checker, answers);
  }
  let answer = answers.get(specifier.text);
  if (answer === undefined) {
    answer = checker.getSymbolAtLocation(specifier) === undefined;
    answers.set(specifier.text, answer);
  }
  return answer;
}

const unresolved = new WeakMap<ts.TypeChecker, Map<string, boolean>>();
