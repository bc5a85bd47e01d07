import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { ProcessReport } from '../probe/types.js';

/** The file name `unblock run` asks each probed process for; each writes it with its pid inserted. */
export const REPORT_TEMPLATE = 'report.json';
const REPORT_FILE = /^report\.\d+\.json$/;

// Package managers and launchers: their own loop is not the program the user asked about.
const LAUNCHERS = /^(npm-cli|npx-cli|npm|npx|yarn|pnpm|pnpx|corepack)(\.[cm]?js)?$/;

export function isLauncher(report: ProcessReport): boolean {
  const script = report.process.argv[1];
  return script !== undefined && LAUNCHERS.test(path.basename(script));
}

/** The reports the processes of one run wrote into `dir`; a file that is not a report is skipped and named. */
export function readReports(dir: string): { reports: ProcessReport[]; unreadable: string[] } {
  const reports: ProcessReport[] = [];
  const unreadable: string[] = [];
  for (const name of readdirSync(dir).filter((entry) => REPORT_FILE.test(entry)).sort()) {
    try {
      const report = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as ProcessReport;
      if (typeof report.process?.pid !== 'number') throw new Error('no process label');
      reports.push(report);
    } catch {
      unreadable.push(name);
    }
  }
  return { reports, unreadable };
}

/**
 * The program's reports first: launchers (npm, npx, yarn, pnpm) last; then the most stalled time first; then
 * parents before the processes they started, so that with no stalls anywhere the app leads its children.
 */
export function orderReports(reports: ProcessReport[]): ProcessReport[] {
  const byPid = new Map(reports.map((report) => [report.process.pid, report]));
  const depth = (report: ProcessReport): number => {
    let levels = 0;
    for (let parent = byPid.get(report.process.ppid); parent !== undefined && levels < byPid.size; parent = byPid.get(parent.process.ppid)) levels += 1;
    return levels;
  };
  const key = (report: ProcessReport) => [isLauncher(report) ? 1 : 0, -report.stalledMs, depth(report), report.process.pid];
  return [...reports].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    const index = ka.findIndex((value, i) => value !== kb[i]);
    return index < 0 ? 0 : ka[index] - kb[index];
  });
}
