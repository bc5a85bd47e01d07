import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import ts from 'typescript';

import { SetupError } from './setup-error.js';

export interface TypeScriptCopy {
  version: string;
  /** The package folder, or a note saying it is unknown. */
  location: string;
}

/** A set-up error about the TypeScript installation, with a code the CLI recognises. */
export function environmentError(message: string): Error {
  return Object.assign(new SetupError(message), { code: 'ERR_UNBLOCK_ENVIRONMENT' });
}

/** The `typescript` this plugin imported. */
export function pluginTypeScript(): TypeScriptCopy {
  let location = 'an unknown location';
  try {
    location = packageFolder(createRequire(import.meta.url).resolve('typescript')) ?? location;
  } catch {
    // Bundled or loaded through a loader that require cannot follow: the version still says enough.
  }
  return { version: String((ts as { version?: unknown }).version), location };
}

/** The package folder that holds `file`: the nearest parent with a package.json. */
function packageFolder(file: string): string | undefined {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      readFileSync(path.join(dir, 'package.json'));
      return dir;
    } catch {
      // keep climbing
    }
  }
  return undefined;
}

/**
 * Stops at load time when `typescript` is 7 or later, the native port: it has no JavaScript compiler API, so
 * neither typescript-eslint nor this plugin can run on it, and every rule would fail on a missing property.
 */
export function assertTypeScriptApi(): void {
  if (typeof (ts as { createProgram?: unknown }).createProgram === 'function') return;
  const { version, location } = pluginTypeScript();
  throw environmentError(
    `eslint-plugin-unblock: typescript ${version} (at ${location}) has no JavaScript API, which typescript-eslint and this plugin need.\n` +
      'Lint with TypeScript 6: `npm install --save-dev typescript@6`, or, to keep tsc 7 as well, install TypeScript 6 under the name typescript:\n' +
      '  npm install --save-dev typescript@npm:@typescript/typescript6@^6 typescript7@npm:typescript@7',
  );
}

const copyChecks = new WeakMap<ts.Program, Error | null>();

/**
 * Stops when the program was built by another copy of TypeScript than the one this plugin imported (two
 * versions installed side by side in a monorepo): `ts.TypeFlags` differ between versions, so every type
 * test would read the wrong bits and the rules would go quiet. Checked once per program.
 */
export function assertSameTypeScript(program: ts.Program): void {
  let problem = copyChecks.get(program);
  if (problem === undefined) {
    problem = sameTypeScript(program) ? null : copyMismatch(program);
    copyChecks.set(program, problem);
  }
  if (problem !== null) throw problem;
}

function sameTypeScript(program: ts.Program): boolean {
  const checker = program.getTypeChecker() as ts.TypeChecker & { getVoidType?: () => ts.Type };
  if (typeof checker.getVoidType === 'function' && checker.getVoidType().flags !== ts.TypeFlags.Void) return false;
  const file = program.getSourceFiles()[0];
  return file === undefined || file.kind === ts.SyntaxKind.SourceFile;
}

function copyMismatch(program: ts.Program): Error {
  const plugin = pluginTypeScript();
  const parser = programTypeScript(program);
  return environmentError(
    'eslint-plugin-unblock: two copies of TypeScript are loaded, and their type flags differ, so every type check would be wrong.\n' +
      `  The plugin uses typescript ${plugin.version} from ${plugin.location}\n` +
      `  The parser built the program with typescript ${parser.version} from ${parser.location}\n` +
      'Install one version for both (`npm ls typescript` lists the copies; dedupe them, or pin one with "overrides").',
  );
}

/** The copy that built `program`, found from where its default lib files were read. */
function programTypeScript(program: ts.Program): TypeScriptCopy {
  const lib = program.getSourceFiles().find((file) => program.isSourceFileDefaultLibrary(file));
  const folder = lib === undefined ? undefined : packageFolder(lib.fileName);
  if (folder === undefined) return { version: 'of an unknown version', location: 'an unknown location' };
  try {
    const pkg = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { version?: string };
    return { version: pkg.version ?? 'of an unknown version', location: folder };
  } catch {
    return { version: 'of an unknown version', location: folder };
  }
}
