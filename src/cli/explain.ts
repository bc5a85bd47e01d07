import type { Snapshot } from '../probe/types.js';
import { parseCommandArgs } from './args.js';
import { EXIT_OK, UsageError, type CliIO } from './io.js';
import { lintStacks, linkStallSites, type Linked } from './link.js';
import { formatLinked } from './link-format.js';
import { linkPromiseSites } from './promise-link.js';
import { mergePromiseSites } from './promise-sites.js';
import { mergeSites, readReportFiles } from './stall-reports.js';

export const explainHelp = `Usage: unblock explain [options] <report.json>...

Link the stalls of probe reports saved earlier (UNBLOCK_REPORT=json, unblock run --json; from
production, CI or many processes: they are merged) to the lint: for each stall site, the finding of
eslint-plugin-unblock that predicted it, one that is turned off or silenced, or what it likely is when
no rule reports it. Reports written with promises on get the same for each never-awaited promise site,
from no-floating-promises at the line that made it or at a caller along its stack. Only the files the
stacks name are linted, with the project's eslint.config.* when it has one.

Options:
  --format <name>   text (default) or json
  -h, --help        show this help
`;

/** Links the merged stall sites and never-awaited promise sites of `reports` to the lint, from `cwd`. */
export async function linkReports(reports: readonly Snapshot[], cwd: string): Promise<Linked> {
  const stalls = mergeSites(reports);
  const promises = mergePromiseSites(reports);
  const linted = await lintStacks([...stalls, ...promises], cwd);
  return { sites: linkStallSites(stalls, linted, cwd), promises: linkPromiseSites(promises, linted, cwd), config: linted.config, files: linted.files };
}

export async function explainCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('explain', argv, {
    format: { type: 'string', default: 'text' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(explainHelp);
    return EXIT_OK;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown --format '${values.format}': use text or json`);
  if (positionals.length === 0) throw new UsageError('no report to explain: unblock explain <report.json>...');
  const linked = await linkReports(readReportFiles(positionals, io.cwd), io.cwd);
  io.stdout.write(values.format === 'json' ? `${JSON.stringify(linked, null, 2)}\n` : formatLinked(linked, io.cwd));
  return EXIT_OK;
}
