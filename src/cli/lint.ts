// First: on TypeScript 7 the parser's import below fails with a stack trace; this says what to install.
import '../util/require-typescript-api.js';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

import { clearCaches } from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import ts from 'typescript';

import plugin from '../index.js';
import { parseCommandArgs } from './args.js';
import { filesToLint, type LintableProject } from './changed.js';
import { crashMessage, oneLine, projectPath } from './eslint-errors.js';
import { changedFiles } from './git-changes.js';
import { inferredOptions, inferredProgram, sourceFilesUnder } from './inferred-program.js';
import { addEvidence, costliest, rankSarif } from './evidence.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from './io.js';
import formatSarif from './sarif.js';
import { mergeSites, readReportFiles } from './stall-reports.js';

export const lintHelp = `Usage: unblock lint [options] [paths...]

Lint a project with eslint-plugin-unblock's type-aware rules, without any ESLint setup.

Without an eslint.config.*, it uses the plugin's recommended config with type information from the
nearest tsconfig.json (TypeScript files, and JavaScript when the tsconfig has allowJs; without paths, the
files that tsconfig includes). Without a tsconfig.json it types the JavaScript and TypeScript files under
the current directory as one program (allowJs, Node's types) and lints them.
A project with its own eslint.config.* should run ESLint itself; --use-config lints with that config.

Options:
  --format <name>   stylish (default), json or sarif (SARIF 2.1.0, for code scanning)
  --strict          use the strict config instead of recommended
  --use-config      lint with the project's own eslint.config.*
  --changed[=<ref>] lint the changed files and the project's files that import them: the paths given
                    (lint-staged passes the staged files), else from git: in a commit hook the staged
                    files, elsewhere the changes against HEAD, or against where the branch left <ref>;
                    everything when a tsconfig, package.json or lockfile changed
  --stalls <file>   a probe report (UNBLOCK_REPORT=json, unblock run --json); repeat it for several,
                    which are merged: each finding whose line took part in a stall says how often and
                    how long it stalled, and findings come costliest first (SARIF: properties, rank)
  -h, --help        show this help

Exit codes: 0 no errors, 1 lint errors found, 2 usage or configuration error.
`;

const FORMATS = ['stylish', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export const CONFIG_NAMES = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts'];
const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const JS_FILES = ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'];

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
  options: ts.CompilerOptions;
}

function readTsProject(tsconfigPath: string): TsProject {
  const read = ts.readConfigFile(tsconfigPath, (file) => ts.sys.readFile(file));
  if (read.error) {
    throw new UsageError(`cannot read ${tsconfigPath}: ${ts.flattenDiagnosticMessageText(read.error.messageText, ' ')}`);
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfigPath), undefined, tsconfigPath);
  return { allowJs: parsed.options.allowJs === true, files: parsed.fileNames.filter((file) => !/\.d\.[cm]?ts$/.test(file)), options: parsed.options };
}

export interface ZeroConfig {
  config: Linter.Config[];
  /** The project's folder, which messages name files relative to: the tsconfig's, else `cwd`. */
  root: string;
  /** What to lint when no paths are given: the tsconfig's own files under `cwd`, else `cwd` itself. */
  defaultPaths: string[];
}

/**
 * The zero-config setup: the plugin's own config, with files and type information fitted to the project.
 * `paths` are what the user named (relative to `cwd`); without a tsconfig.json they decide what is typed.
 */
export function zeroConfig(cwd: string, preset: 'recommended' | 'strict', paths: readonly string[] = ['.']): ZeroConfig {
  const base = plugin.configs[preset];
  const tsconfig = findUp(cwd, ['tsconfig.json']);
  const parser = base.languageOptions?.parser;
  // Declaration files hold no code that runs.
  const ignoreDeclarations: Linter.Config = { ignores: ['**/*.d.ts', '**/*.d.mts', '**/*.d.cts'] };
  if (tsconfig) {
    const project = readTsProject(tsconfig);
    const inCwd = project.files.filter((file) => !path.relative(cwd, file).startsWith('..'));
    return {
      root: path.dirname(tsconfig),
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
    root: cwd,
    defaultPaths: ['.'],
    config: [
      ignoreDeclarations,
      {
        ...base,
        files: [...TS_FILES, ...JS_FILES],
        languageOptions: {
          parser,
          sourceType: 'module',
          parserOptions: { programs: [inferredProgram(cwd, paths)] },
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
  return (results) => Promise.resolve(formatSarif(results, { cwd, rulesMeta: eslint.getRulesMetaForResults(results) }));
}

/**
 * A line on stderr while ESLint works, only for a person watching a terminal; cleared before the report,
 * and on Ctrl-C, after which the process still dies by SIGINT as the shell expects.
 */
export function startProgress(io: CliIO, counter?: { files: number }): () => void {
  if (!io.stdout.isTTY) return () => {};
  const started = Date.now();
  let shown = false;
  const clear = () => {
    clearInterval(timer);
    process.off('SIGINT', interrupted);
    if (shown) io.stderr.write('\r\x1b[2K');
    shown = false;
  };
  const interrupted = () => {
    clear();
    // With no listener left, Node restores the default action: the signal ends the process.
    process.kill(process.pid, 'SIGINT');
  };
  const timer = setInterval(() => {
    // Listening only once there is a line to clear: a listener takes Ctrl-C from Node's default action,
    // which ends the process at once, even in the middle of the synchronous work of building a program.
    if (!shown) process.on('SIGINT', interrupted);
    shown = true;
    const seconds = Math.round((Date.now() - started) / 1000);
    const files = counter ? ` ${counter.files} file(s),` : '';
    io.stderr.write(`\r\x1b[2Kunblock: linting...${files} ${seconds}s`);
  }, 1000);
  timer.unref();
  return clear;
}

/** The files `unblock lint` would lint under `cwd` with no paths, and how their imports resolve. */
function lintableProject(cwd: string): LintableProject {
  const tsconfig = findUp(cwd, ['tsconfig.json']);
  if (!tsconfig) return { root: cwd, files: sourceFilesUnder(cwd), options: inferredOptions(cwd) };
  const project = readTsProject(tsconfig);
  const inCwd = project.files.filter((file) => !path.relative(cwd, file).startsWith('..'));
  return { root: path.dirname(tsconfig), files: inCwd, options: project.options };
}

/** The paths `--changed` lints, or undefined for the whole project; `given` are changed files named by the caller. */
function changedPaths(changed: string, given: string[], io: CliIO): string[] | undefined {
  const ref = changed === '' ? undefined : changed;
  if (ref !== undefined && given.length > 0) {
    throw new UsageError(`--changed=${ref} asks git what changed; to name the changed files, use --changed without a ref (see unblock lint --help)`);
  }
  for (const file of given) {
    if (statSync(path.resolve(io.cwd, file), { throwIfNoEntry: false })?.isFile() !== true) {
      throw new UsageError(`--changed: '${file}' is not a file (name changed files, or compare against a git ref with --changed=${file})`);
    }
  }
  const files = given.length > 0 ? given.map((file) => path.resolve(io.cwd, file)) : changedFiles(io.cwd, io.env, ref);
  const paths = filesToLint(files, lintableProject(io.cwd));
  return paths === 'all' ? undefined : paths;
}

/** ESLint with the project's own config, loaded and validated now so that its errors name the file. */
async function userConfigESLint(userConfig: string, cwd: string, warnIgnored: boolean): Promise<ESLint> {
  const eslint = new ESLint({ cwd, warnIgnored });
  try {
    await eslint.calculateConfigForFile(path.join(cwd, 'index.js'));
  } catch (error) {
    const { name, message } = error as Error;
    const kind = name === 'SyntaxError' ? 'SyntaxError: ' : '';
    throw new Error(`${projectPath(userConfig, cwd)}: ${kind}${oneLine(message)}`, { cause: error });
  }
  return eslint;
}

/** A rule-less listener that counts linted files for the progress line. */
function fileCounter(counter: { files: number }): Linter.Config {
  const create = () => ({
    'Program:exit': () => {
      counter.files++;
    },
  });
  return { plugins: { 'unblock-cli': { rules: { progress: { create } } } }, rules: { 'unblock-cli/progress': 'warn' } };
}

export async function lintCommand(argv: string[], io: CliIO): Promise<number> {
  // parseArgs has no option with an optional value: a bare --changed is read as --changed=''.
  const { values, positionals } = parseCommandArgs('lint', argv.map((arg) => (arg === '--changed' ? '--changed=' : arg)), {
    format: { type: 'string', short: 'f', default: 'stylish' },
    strict: { type: 'boolean', default: false },
    'use-config': { type: 'boolean', default: false },
    changed: { type: 'string' },
    stalls: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(lintHelp);
    return EXIT_OK;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`unknown --format '${values.format}': use ${FORMATS.join(', ')}`);
  }
  if (positionals.some((given) => given.trim() === '')) {
    throw new UsageError("an empty path was given: name files or folders, or none for the whole project (see unblock lint --help)");
  }

  const sites = values.stalls === undefined ? undefined : mergeSites(readReportFiles(values.stalls, io.cwd));
  const userConfig = findUp(io.cwd, CONFIG_NAMES);
  if (!values['use-config'] && userConfig) {
    throw new UsageError(`this project has its own ESLint config (${userConfig}): run \`npx eslint\`, or \`unblock lint --use-config\` to lint with it`);
  }
  if (values['use-config'] && !userConfig) throw new UsageError(`--use-config: no eslint.config.* in ${io.cwd} or above`);

  let paths = positionals;
  if (values.changed !== undefined) {
    const changed = changedPaths(values.changed, positionals, io);
    if (changed?.length === 0) {
      // Nothing to lint is a clean result, in the format asked for.
      const formatter = await loadFormatter(new ESLint({ cwd: io.cwd, overrideConfigFile: true }), format, io.cwd);
      const output = await formatter([]);
      if (output) io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
      return EXIT_OK;
    }
    paths = changed ?? [];
  }

  const counter = { files: 0 };
  const stopProgress = startProgress(io, values['use-config'] ? undefined : counter);
  let root = io.cwd;
  let results: ESLint.LintResult[];
  let formatter: (results: ESLint.LintResult[]) => Promise<string>;
  try {
    let defaultPaths = ['.'];
    let eslint: ESLint;
    if (userConfig) {
      root = path.dirname(userConfig);
      eslint = await userConfigESLint(userConfig, io.cwd, values.changed === undefined);
    } else {
      // typescript-eslint keeps one project service per process, made with the first options it sees:
      // start afresh so this run's options apply.
      clearCaches();
      const setup = zeroConfig(io.cwd, values.strict ? 'strict' : 'recommended', paths.length > 0 ? paths : ['.']);
      root = setup.root;
      defaultPaths = setup.defaultPaths;
      // warnIgnored: false, so a hook passing every staged file does not get a warning per skipped .js file.
      eslint = new ESLint({ cwd: io.cwd, overrideConfigFile: true, overrideConfig: [...setup.config, fileCounter(counter)], warnIgnored: false });
    }
    formatter = await loadFormatter(eslint, format, io.cwd);
    results = await eslint.lintFiles(paths.length > 0 ? paths : defaultPaths);
  } catch (error) {
    const message = (error as Error).message;
    // ESLint's own "no files" and config errors are about how it was called, not crashes.
    if (/^(No files matching|All files matched by) /.test(message)) {
      throw new UsageError(message.split('\n')[0]);
    }
    const crash = crashMessage(error, root);
    if (crash !== undefined) throw new Error(crash, { cause: error });
    throw error;
  } finally {
    stopProgress();
  }
  if (sites !== undefined) results = addEvidence(results, sites, io.cwd);
  // ESLint's own formatters order files by path; with measured costs the order is the costliest first.
  let output = sites !== undefined && format === 'json' ? JSON.stringify(results) : await formatter(results);
  if (sites !== undefined && format === 'sarif') output = rankSarif(output, results);
  if (sites !== undefined && format === 'stylish') output += costliest(results, io.cwd);
  if (output) io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  return results.some((result) => result.errorCount > 0) ? EXIT_FINDINGS : EXIT_OK;
}
