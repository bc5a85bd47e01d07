import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { readEnvironment } from '../probe/environment.js';
import { whyNotWritten } from '../probe/exit.js';
import { formatText } from '../probe/report.js';
import type { ProcessReport } from '../probe/types.js';
import { parseCommandArgs } from './args.js';
import { EXIT_OK, UsageError, type CliIO } from './io.js';
import type { Linked } from './link.js';
import { orderReports, readReports, REPORT_TEMPLATE } from './run-reports.js';

export const runHelp = `Usage: unblock run [options] [--] node [node options] app.js [args...]
       unblock run [options] app.js [args...]

Run a Node.js program with the unblock runtime probe preloaded; when it exits (or a signal ends it),
print the event-loop stall report of every Node.js process it started, the program's first. The
program's exit code (or signal) becomes unblock's.

Options:
  --threshold <ms>  report stalls longer than this many milliseconds
  --promises        also report promises nothing ever awaited, and unhandled rejections, by creation site
  --json <file>     write the reports as a JSON array to <file> instead of printing them
  --no-lint         do not lint the files the stacks name (by default each stall site says which
                    finding of the rules predicted it, or what it likely is; with --promises, each
                    never-awaited promise site says whether no-floating-promises reports it)
  -h, --help        show this help
`;

/** The probe's preload module, beside this file once built: dist/src/register.js. */
export const defaultRegisterPath = fileURLToPath(new URL('../register.js', import.meta.url));

const VALUE_OPTIONS = new Set(['--threshold', '--json']);
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Splits `[options] [--] command...`: options end at `--` or at the first word that is not an option. */
function splitArgv(argv: string[]): { own: string[]; command: string[] } {
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index];
    if (arg === '--') return { own: argv.slice(0, index), command: argv.slice(index + 1) };
    if (!arg.startsWith('-')) break;
    index += VALUE_OPTIONS.has(arg) ? 2 : 1;
  }
  return { own: argv.slice(0, index), command: argv.slice(index) };
}

function isNode(command: string): boolean {
  return command === process.execPath || /^node(\.exe)?$/i.test(path.basename(command));
}

export async function runCommand(argv: string[], io: CliIO, options: { registerPath?: string } = {}): Promise<number> {
  const { own, command } = splitArgv(argv);
  const { values } = parseCommandArgs('run', own, {
    threshold: { type: 'string' },
    json: { type: 'string' },
    'no-lint': { type: 'boolean', default: false },
    promises: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(runHelp);
    return EXIT_OK;
  }
  if (command.length === 0) throw new UsageError('no program to run: unblock run [options] -- node app.js');
  // The probe's own range for UNBLOCK_THRESHOLD_MS, checked here so a typo is one line, not a crash at preload.
  const threshold = Number(values.threshold);
  if (values.threshold !== undefined && !(threshold >= 1 && threshold <= 3_600_000)) {
    throw new UsageError(`--threshold must be a number of milliseconds from 1 to 3600000, got '${values.threshold}'`);
  }

  const registerPath = options.registerPath ?? defaultRegisterPath;
  if (!existsSync(registerPath)) {
    throw new UsageError(`the runtime probe is not in this build of eslint-plugin-unblock (${registerPath} is missing)`);
  }
  const importFlag = pathToFileURL(registerPath).href;

  const env: NodeJS.ProcessEnv = { ...io.env };
  if (values.threshold !== undefined) env.UNBLOCK_THRESHOLD_MS = values.threshold;
  if (values.promises) env.UNBLOCK_PROMISES = '1';
  // Caught here, the program never starts with a setting the probe in it would refuse.
  const environment = readEnvironment(env, io.cwd);
  if (!environment.ok) throw new UsageError(environment.message);
  // Every probed process of the tree writes its own JSON report here; they are printed once the program ends.
  const reportDir = mkdtempSync(path.join(tmpdir(), 'unblock-run-'));
  env.UNBLOCK_REPORT = 'json';
  env.UNBLOCK_REPORT_FILE = path.join(reportDir, REPORT_TEMPLATE);

  let file: string;
  let args: string[];
  if (isNode(command[0])) {
    [file, args] = [command[0], ['--import', importFlag, ...command.slice(1)]];
  } else if (/\.[cm]?[jt]sx?$/.test(command[0])) {
    [file, args] = [process.execPath, ['--import', importFlag, ...command]];
  } else {
    // Another launcher (npm start, tsx, ...): the node process it starts picks the probe up from NODE_OPTIONS.
    [file, args] = [command[0], command.slice(1)];
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import=${importFlag}`.trim();
  }

  try {
    const status = await runChild(file, args, command[0], env, io.cwd);
    await printReports(reportDir, values.json === undefined ? undefined : path.resolve(io.cwd, values.json), !values['no-lint'], io);
    return status;
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

function runChild(file: string, args: string[], name: string, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const cleanup = () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      reject(error.code === 'ENOENT' ? new UsageError(`cannot run '${name}': command not found`) : error);
    });
    child.on('exit', (code, signal) => {
      cleanup();
      // A child killed by a signal exits like a shell reports it: 128 + the signal number.
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

// Linting needs ESLint and TypeScript, loaded only when some stall has a position to link.
async function link(reports: ProcessReport[], io: CliIO): Promise<Linked | undefined> {
  if (!reports.some((report) => report.topSites.some((site) => site.site !== undefined) || (report.promises?.sites.length ?? 0) > 0)) return undefined;
  try {
    const { linkReports } = await import('./explain.js');
    return await linkReports(reports, io.cwd);
  } catch (error) {
    io.stderr.write(`unblock: the reports could not be linked to the lint: ${((error as Error).message ?? String(error)).split('\n')[0]}\n`);
    return undefined;
  }
}

async function printReports(dir: string, jsonFile: string | undefined, lint: boolean, io: CliIO): Promise<void> {
  const { reports, unreadable } = readReports(dir);
  if (unreadable.length > 0) io.stderr.write(`unblock: skipped ${unreadable.length} unreadable report file(s): ${unreadable.join(', ')}\n`);
  const ordered = orderReports(reports);
  const linked = lint ? await link(ordered, io) : undefined;
  if (jsonFile === undefined) {
    io.stderr.write(ordered.map((report) => formatText(report, io.cwd)).join('\n'));
    if (linked !== undefined) io.stderr.write(`\n${(await import('./link-format.js')).formatLinked(linked, io.cwd)}`);
    return;
  }
  const verdicts = new Map(linked?.sites.map((site) => [site.key, { ...site.verdict, changed: site.changed, stale: site.stale }]));
  const promiseVerdicts = new Map(linked?.promises.map((site) => [site.key, { ...site.verdict, changed: site.changed }]));
  const withLint = ordered.map((report) => ({
    ...report,
    topSites: report.topSites.map((site) => (verdicts.has(site.key) ? { ...site, lint: verdicts.get(site.key) } : site)),
    ...(report.promises === undefined
      ? {}
      : { promises: { ...report.promises, sites: report.promises.sites.map((site) => (promiseVerdicts.has(site.key) ? { ...site, lint: promiseVerdicts.get(site.key) } : site)) } }),
  }));
  const json = `${JSON.stringify(withLint, null, 2)}\n`;
  try {
    writeFileSync(jsonFile, json);
  } catch (error) {
    io.stderr.write(`unblock: cannot write the probe reports to ${jsonFile}: ${whyNotWritten(error)}; here they are instead.\n${json}`);
  }
}
