import path from 'node:path';

import ts from 'typescript';

/**
 * Whether a file is a command-line entry point: it starts with a hashbang, or the nearest package.json names
 * it (or the source it is built from) in `bin`. Code such a file runs once, at the top level, serves nobody
 * while it blocks.
 */

function binsOf(directory: string, binsByDirectory: Map<string, readonly string[]>): readonly string[] {
  let bins = binsByDirectory.get(directory);
  if (bins !== undefined) return bins;
  bins = [];
  const manifest = path.join(directory, 'package.json');
  const text = ts.sys.fileExists(manifest) ? ts.sys.readFile(manifest) : undefined;
  if (text !== undefined) {
    try {
      const bin = (JSON.parse(text) as { bin?: unknown }).bin;
      const entries = typeof bin === 'string' ? [bin] : bin !== null && typeof bin === 'object' ? Object.values(bin) : [];
      bins = entries.filter((entry): entry is string => typeof entry === 'string').map((entry) => path.resolve(directory, entry));
    } catch {
      // A package.json that does not parse names no bin.
    }
  } else {
    const parent = path.dirname(directory);
    bins = parent === directory ? [] : binsOf(parent, binsByDirectory);
  }
  binsByDirectory.set(directory, bins);
  return bins;
}

const SOURCE_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx', '.js'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
};

/** `dist/cli.js` → `src/cli.ts` with `outDir: dist` and `rootDir: src`; the bin itself otherwise. */
function sourcesOfBin(bin: string, options: ts.CompilerOptions): string[] {
  const candidates = [bin];
  const { outDir, rootDir } = options;
  if (outDir === undefined || rootDir === undefined) return candidates;
  const relative = path.relative(outDir, bin);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return candidates;
  const extension = path.extname(relative);
  const stem = relative.slice(0, relative.length - extension.length);
  for (const sourceExtension of SOURCE_EXTENSIONS[extension] ?? []) {
    candidates.push(path.join(rootDir, stem + sourceExtension));
  }
  return candidates;
}

// Per program: an editor builds a new program when files change, so an edited package.json is read again.
const binsByProgram = new WeakMap<ts.Program, Map<string, readonly string[]>>();

const hashbangs = new WeakMap<ts.SourceFile, boolean>();

// ESLint hands the parser `#!…` rewritten as `//…`, so the linted file's own text no longer shows it.
function hasHashbang(sourceFile: ts.SourceFile): boolean {
  if (sourceFile.text.startsWith('#!')) return true;
  if (!sourceFile.text.startsWith('//')) return false;
  let answer = hashbangs.get(sourceFile);
  if (answer === undefined) {
    answer = ts.sys.readFile(sourceFile.fileName)?.startsWith('#!') ?? false;
    hashbangs.set(sourceFile, answer);
  }
  return answer;
}

export function isCliFile(program: ts.Program, sourceFile: ts.SourceFile): boolean {
  if (hasHashbang(sourceFile)) return true;
  let binsByDirectory = binsByProgram.get(program);
  if (binsByDirectory === undefined) {
    binsByDirectory = new Map();
    binsByProgram.set(program, binsByDirectory);
  }
  const fileName = path.resolve(sourceFile.fileName);
  return binsOf(path.dirname(fileName), binsByDirectory).some((bin) =>
    sourcesOfBin(bin, program.getCompilerOptions()).includes(fileName),
  );
}
