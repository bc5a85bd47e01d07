import { packageInfo } from '../util/package-info.js';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from './io.js';
import { runCommand } from './run.js';

export const mainHelp = `Usage: unblock <command> [options]

Commands:
  lint [paths...]         lint with eslint-plugin-unblock's type-aware rules, no ESLint setup needed
  run [--] node app.js    run a program with the runtime probe and report event-loop stalls at exit
  explain <report.json>   link the stalls of saved probe reports to the lint findings

Options:
  -h, --help              show help (also: unblock <command> --help)
  -v, --version           print the version
`;

/** Runs the `unblock` command line and returns its exit code; errors become one line on stderr. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const command = argv[0] as string | undefined;
  const rest = argv.slice(1);
  try {
    switch (command) {
      case 'lint': {
        // Loaded on demand: `unblock run` must start fast and work where ESLint and TypeScript are not installed.
        const { lintCommand } = await import('./lint.js');
        return await lintCommand(rest, io);
      }
      case 'run':
        return await runCommand(rest, io);
      case 'explain': {
        const { explainCommand } = await import('./explain.js');
        return await explainCommand(rest, io);
      }
      case '-v':
      case '--version':
        io.stdout.write(`${packageInfo.version}\n`);
        return EXIT_OK;
      case undefined:
        // Asked for nothing: the usage goes where errors go, so a script that forgot its command fails.
        io.stderr.write(mainHelp);
        return EXIT_USAGE;
      case '-h':
      case '--help':
        io.stdout.write(mainHelp);
        return EXIT_OK;
      default:
        throw new UsageError(`unknown command '${command}' (commands: lint, run, explain; see unblock --help)`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`unblock: ${error.message}\n`);
      return EXIT_USAGE;
    }
    // A TypeScript install the lint side cannot run on: the message says what to do.
    if ((error as { code?: unknown }).code === 'ERR_UNBLOCK_ENVIRONMENT') {
      io.stderr.write(`${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    // A broken config or a crash inside ESLint or a rule: one line, and the stack on request for a bug report.
    if (io.env.UNBLOCK_DEBUG) {
      const original = (error as Error).cause ?? error;
      io.stderr.write(`unblock: ${(original as Error).stack ?? String(original)}\n`);
    } else {
      const firstLine = ((error as Error).message ?? String(error)).split('\n').find((line) => line.trim() !== '') ?? String(error);
      io.stderr.write(`unblock: ${firstLine.trim()} (UNBLOCK_DEBUG=1 shows the stack)\n`);
    }
    return EXIT_USAGE;
  }
}
