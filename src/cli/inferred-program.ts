import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

import { UsageError } from './io.js';

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
const inferredTsconfig = fileURLToPath(new URL('./tsconfig.inferred.json', import.meta.url));
const pluginDirectory = path.dirname(inferredTsconfig);

function isLinkToFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
}

/** The source files under `dir` at any depth, outside node_modules and .git, as ESLint's own walk sees them. */
export function sourceFilesUnder(dir: string): string[] {
  const files: string[] = [];
  const pending = [dir];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) pending.push(full);
      } else if (SOURCE_EXTENSIONS.includes(path.extname(entry.name)) && (entry.isFile() || isLinkToFile(full))) {
        // ESLint lints a symbolic link to a file (not one to a folder), so the program needs it too.
        files.push(full);
      }
    }
  }
  return files.sort();
}

/** Every existing `node_modules/@types` from each start directory up to the filesystem root, nearest first. */
function typeRootsAbove(starts: readonly string[]): string[] {
  const roots = new Set<string>();
  for (const start of starts) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', '@types');
      if (existsSync(candidate)) roots.add(candidate);
      if (path.dirname(dir) === dir) break;
    }
  }
  return [...roots];
}

/** The files a typed program needs for `paths`: a named file itself, a folder's files, else all of `root`. */
function rootNamesFor(root: string, paths: readonly string[]): string[] {
  const names = new Set<string>();
  for (const given of paths) {
    const full = path.resolve(root, given);
    const stats = existsSync(full) ? statSync(full) : undefined;
    if (stats?.isFile()) names.add(full);
    else for (const file of sourceFilesUnder(stats?.isDirectory() ? full : root)) names.add(file);
  }
  return [...names];
}

/** The compiler options of tsconfig.inferred.json for a project at `root`, with the type roots that exist. */
export function inferredOptions(root: string): ts.CompilerOptions {
  const read = ts.readConfigFile(inferredTsconfig, (file) => ts.sys.readFile(file));
  const converted = read.error ? undefined : ts.convertCompilerOptionsFromJson((read.config as { compilerOptions: unknown }).compilerOptions, root);
  const error = read.error ?? converted?.errors[0];
  if (error || !converted) {
    throw new UsageError(`cannot read ${inferredTsconfig}: ${error ? ts.flattenDiagnosticMessageText(error.messageText, ' ') : 'no options'}`);
  }
  const options = converted.options;
  // The project's own @types first, then the ones installed beside this package.
  options.typeRoots = typeRootsAbove([root, pluginDirectory]);
  if (!options.typeRoots.some((typeRoot) => existsSync(path.join(typeRoot, 'node')))) options.types = [];
  return options;
}

/**
 * One TypeScript program over a project that has no tsconfig.json, with the options of tsconfig.inferred.json.
 * typescript-eslint's default project (its fallback for files outside any tsconfig) re-types every open file
 * on each new one and accepts only files matched by depth-limited globs, so it does not scale past a few
 * hundred files; a program made once does.
 */
export function inferredProgram(root: string, paths: readonly string[]): ts.Program {
  const options = inferredOptions(root);
  const host = ts.createCompilerHost(options, true);
  // Type references and the paths rules print are relative to the project, not to the process.
  host.getCurrentDirectory = () => root;
  try {
    return ts.createProgram({ rootNames: rootNamesFor(root, paths), options, host });
  } catch (error) {
    // TypeScript follows imports recursively: a chain of some thousand files overflows it, in tsc too.
    if (!(error instanceof RangeError)) throw error;
    throw new Error(`TypeScript ran out of stack following the imports of the files under ${root}: a chain of imports too long for it (tsc fails on it too)`, { cause: error });
  }
}
