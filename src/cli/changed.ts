import path from 'node:path';

import type ts from 'typescript';

import { importersOf } from './importers.js';

/** The files a project lints, and the options its imports resolve with. */
export interface LintableProject {
  root: string;
  files: string[];
  options: ts.CompilerOptions;
}

// A change to one of these can change the types of every file: then everything is linted.
const PROJECT_WIDE = /^(?:[tj]sconfig.*\.json|package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml)$/;

const isDeclaration = (file: string) => /\.d\.[cm]?ts$/.test(file);

/**
 * What `unblock lint --changed` lints: the changed files the project lints, and the project's files that import
 * one of the changed files; 'all' when a tsconfig, package.json or lockfile changed.
 */
export function filesToLint(changed: readonly string[], project: LintableProject): string[] | 'all' {
  if (changed.some((file) => PROJECT_WIDE.test(path.basename(file)))) return 'all';
  const lintable = new Set(project.files.filter((file) => !isDeclaration(file)).map((file) => path.resolve(file)));
  const own = changed.map((file) => path.resolve(file)).filter((file) => lintable.has(file));
  const importers = importersOf(changed, project.files, project.options, project.root).map((file) => path.resolve(file)).filter((file) => lintable.has(file));
  return [...new Set([...own, ...importers])].sort();
}
