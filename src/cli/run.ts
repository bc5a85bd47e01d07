import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { EXIT_OK, UsageError, type CliIO } from './io.js';

export const runHelp = `Usage: unblock run [options] [--] node [node options] app.js [args...]
       unblock run [options] app.js [args...]

Run a Node.js program with the unblock runtime probe preloaded; the probe reports event-loop stalls
when the program exits. The program's exit code (or signal) becomes unblock's.

Options:
  --threshold <ms>  report stalls longer than this many milliseconds
  --json <file>     write the report as JSON to <file> instead of printing it
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
  let values;
  try {
    ({ values } = parseArgs({
      args: own,
      options: {
        threshold: { type: 'string' },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (see unblock run --help)`);
  }
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

  const env: NodeJS.ProcessEnv = { ...io.env, UNBLOCK_REPORT: values.json === undefined ? 'text' : 'json' };
  if (values.threshold !== undefined) env.UNBLOCK_THRESHOLD_MS = values.threshold;
  if (values.json !== undefined) env.UNBLOCK_REPORT_FILE = path.resolve(io.cwd, values.json);
  else delete env.UNBLOCK_REPORT_FILE;

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

  return new Promise<number>((resolve, reject) => {
    const child = spawn(file, args, { cwd: io.cwd, env, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const cleanup = () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      reject(error.code === 'ENOENT' ? new UsageError(`cannot run '${command[0]}': command not found`) : error);
    });
    child.on('exit', (code, signal) => {
      cleanup();
      // A child killed by a signal exits like a shell reports it: 128 + the signal number.
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
