import path from 'node:path';

import ts from 'typescript';

/**
 * A program over `file` that sees @types/node v26 (installed as @types/node-26) instead of the project's v20,
 * bound as the rules see it, and the file's calls. Other packages' `/// <reference types="node" />` would pull
 * in v20 too, so every read of @types/node is redirected.
 */
export function node26Program(file: string): { program: ts.Program; calls: ts.CallExpression[] } {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  };
  const redirect = (name: string): string =>
    name.replace(`${path.sep}@types${path.sep}node${path.sep}`, `${path.sep}@types${path.sep}node-26${path.sep}`);
  const base = ts.createCompilerHost(options);
  const host: ts.CompilerHost = {
    ...base,
    fileExists: (name) => base.fileExists(redirect(name)),
    readFile: (name) => base.readFile(redirect(name)),
    directoryExists: (name) => base.directoryExists?.(redirect(name)) ?? true,
    getSourceFile: (name, languageVersion) => {
      const text = base.readFile(redirect(name));
      return text === undefined ? undefined : ts.createSourceFile(name, text, languageVersion, true);
    },
  };
  const program = ts.createProgram([file], options, host);
  // Binding (done by the checker) sets the parent pointers that the analysis walks.
  program.getTypeChecker();
  const calls: ts.CallExpression[] = [];
  const collect = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) calls.push(node);
    ts.forEachChild(node, collect);
  };
  const sourceFile = program.getSourceFile(file);
  if (sourceFile === undefined) throw new Error(`${file} is not in the v26 program`);
  collect(sourceFile);
  return { program, calls };
}
