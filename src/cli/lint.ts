// First: on TypeScript 7 the parser's import below fails with a stack trace; this says what to install.
import '../util/require-typescript-api.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { clearCaches } from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import ts from 'typescript';

import plugin from '../index.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from './io.js';
import formatSarif from './sarif.js';

export const lintHelp = `Usage: unblock lint [options] [paths...]

Lint a project with eslint-plugin-unblock's type-aware rules, without any ESLint setup.

Without an eslint.config.*, it uses the plugin's recommended config with type information from the
nearest tsconfig.json (TypeScript files, and JavaScript when the tsconfig has allowJs; without paths, the
files that tsconfig includes). Without a tsconfig.json it lints JavaScript and TypeScript with inferred
types.
A project with its own eslint.config.* should run ESLint itself; --use-config lints with that config.

Options:
  --format <name>   stylish (default), json or sarif (SARIF 2.1.0, for code scanning)
  --strict          use the strict config instead of recommended
  --use-config      lint with the project's own eslint.config.*
  -h, --help        show this help

Exit codes: 0 no errors, 1 lint errors found, 2 usage or configuration error.
`;

const FORMATS = ['stylish', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

const CONFIG_NAMES = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts'];
const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const JS_FILES = ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'];
// allowDefaultProject rejects `**`, so inferred-type linting lists one glob per directory depth instead.
const DEFAULT_PROJECT_DEPTH = 12;
// The default project of typescript-eslint's project service: compiler options for files outside any tsconfig.
const inferredTsconfig = fileURLToPath(new URL('./tsconfig.inferred.json', import.meta.url));

/** The first of `names` found in `start` or a directory above it. */
export function findUp(start: string, names: readonly string[]): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

interface TsProject {
  allowJs: boolean;
  /** The source files the tsconfig includes (declaration files left out). */
  files: string[];
}

function readTsProject(tsconfigPath: string): TsProject {
  const read = ts.readConfigFile(tsconfigPath, (file) => ts.sys.readFile(file));
  if (read.error) {
    throw new UsageError(`cannot read ${tsconfigPath}: ${ts.flattenDiagnosticMessageText(read.error.messageText, ' ')}`);
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfigPath), undefined, tsconfigPath);
  return { allowJs: parsed.options.allowJs === true, files: parsed.fileNames.filter((file) => !/\.d\.[cm]?ts$/.test(file)) };
}

function depthGlobs(extensions: readonly string[]): string[] {
  const globs: string[] = [];
  for (let depth = 0; depth < DEFAULT_PROJECT_DEPTH; depth++) {
    for (const extension of extensions) globs.push(`${'*/'.repeat(depth)}*.${extension}`);
  }
  return globs;
}

export interface ZeroConfig {
  config: Linter.Config[];
  /** What to lint when no paths are given: the tsconfig's own files under `cwd`, else `cwd` itself. */
  defaultPaths: string[];
}

/** The zero-config setup: the plugin's own config, with files and type information fitted to the project. */
export function zeroConfig(cwd: string, preset: 'recommended' | 'strict'): ZeroConfig {
  const base = plugin.configs[preset];
  const tsconfig = findUp(cwd, ['tsconfig.json']);
  const parser = base.languageOptions?.parser;
  // Declaration files hold no code that runs.
  const ignoreDeclarations: Linter.Config = { ignores: ['**/*.d.ts', '**/*.d.mts', '**/*.d.cts'] };
  if (tsconfig) {
    const project = readTsProject(tsconfig);
    const inCwd = project.files.filter((file) => !path.relative(cwd, file).startsWith('..'));
    return {
      // Linting the tsconfig's own files (not everything under cwd) keeps build output and files the
      // project does not include, which typed rules cannot type, out of a plain `unblock lint`.
      defaultPaths: inCwd.length > 0 ? inCwd : ['.'],
      config: [
        ignoreDeclarations,
        // Without allowJs the TypeScript project cannot type JavaScript files, so they are left out.
        ...(project.allowJs ? [] : [{ ignores: JS_FILES }]),
        {
          ...base,
          files: project.allowJs ? [...TS_FILES, ...JS_FILES] : TS_FILES,
          languageOptions: {
            ...base.languageOptions,
            parserOptions: { projectService: true, tsconfigRootDir: path.dirname(tsconfig) },
          },
        },
      ],
    };
  }
  return {
    defaultPaths: ['.'],
    config: [
      ignoreDeclarations,
      {
        ...base,
        files: [...TS_FILES, ...JS_FILES],
        languageOptions: {
          parser,
          sourceType: 'module',
          parserOptions: {
            tsconfigRootDir: cwd,
            projectService: {
              allowDefaultProject: depthGlobs(['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs']),
              defaultProject: inferredTsconfig,
              // One inferred program serves all files here; the cap guards projects that forgot a tsconfig.
              maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 10_000,
            },
          },
        },
      },
    ],
  };
}

async function loadFormatter(eslint: ESLint, format: Format, cwd: string): Promise<(results: ESLint.LintResult[]) => Promise<string>> {
  if (format !== 'sarif') {
    const formatter = await eslint.loadFormatter(format);
    return async (results) => formatter.format(results);
  }
  return async (results) => formatSarif(results, { cwd, rulesMeta: eslint.getRulesMetaForResults(results) });
}

/** A line on stderr while ESLint works, only for a person watching a terminal; cleared before the report. */
export function startProgress(io: CliIO, counter?: { files: number }): () => void {
  if (!io.stdout.isTTY) return () => {};
  const started = Date.now();
  let shown = false;
  const timer = setInterval(() => {
    shown = true;
    const seconds = Math.round((Date.now() - started) / 1000);
    const files = counter ? ` ${counter.files} file(s),` : '';
    io.stderr.write(`\r\x1b[2Kunblock: linting...${files} ${seconds}s`);
  }, 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (shown) io.stderr.write('\r\x1b[2K');
  };
}

export async function lintCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'stylish' },
        strict: { type: 'boolean', default: false },
        'use-config': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (see unblock lint --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(lintHelp);
    return EXIT_OK;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`unknown --format '${values.format}': use ${FORMATS.join(', ')}`);
  }

  const userConfig = findUp(io.cwd, CONFIG_NAMES);
  let counter: { files: number } | undefined;
  let defaultPaths = ['.'];
  let eslint: ESLint;
  if (values['use-config']) {
    if (!userConfig) throw new UsageError(`--use-config: no eslint.config.* in ${io.cwd} or above`);
    eslint = new ESLint({ cwd: io.cwd });
  } else {
    if (userConfig) {
      throw new UsageError(
        `this project has its own ESLint config (${userConfig}): run \`npx eslint\`, or \`unblock lint --use-config\` to lint with it`,
      );
    }
    // typescript-eslint keeps one project service per process, made with the first options it sees:
    // start afresh so this run's allowDefaultProject and defaultProject apply.
    clearCaches();
    const setup = zeroConfig(io.cwd, values.strict ? 'strict' : 'recommended');
    const config = setup.config;
    defaultPaths = setup.defaultPaths;
    const count = (counter = { files: 0 });
    // A rule-less listener that counts linted files for the progress line.
    const progress: Linter.Config = {
      plugins: { 'unblock-cli': { rules: { progress: { create: () => ({ 'Program:exit': () => void count.files++ }) } } } },
      rules: { 'unblock-cli/progress': 'warn' },
    };
    // warnIgnored: false, so a hook passing every staged file does not get a warning per skipped .js file.
    eslint = new ESLint({ cwd: io.cwd, overrideConfigFile: true, overrideConfig: [...config, progress], warnIgnored: false });
  }

  const formatter = await loadFormatter(eslint, format, io.cwd);
  const stopProgress = startProgress(io, counter);
  let results: ESLint.LintResult[];
  try {
    results = await eslint.lintFiles(positionals.length > 0 ? positionals : defaultPaths);
  } catch (error) {
    const message = (error as Error).message;
    // ESLint's own "no files" and config errors are about how it was called, not crashes.
    if (/^(No files matching|All files matched by) /.test(message)) {
      throw new UsageError(message.split('\n')[0]);
    }
    throw error;
  } finally {
    stopProgress();
  }
  const output = await formatter(results);
  if (output) io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  return results.some((result) => result.errorCount > 0) ? EXIT_FINDINGS : EXIT_OK;
}
