import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { Frame, SiteSummary, Snapshot } from '../probe/types.js';

/** A stall report that cannot be used: one line that names the file and says what is wrong. */
export class StallReportError extends Error {
  override name = 'StallReportError';
}

/** One stall site over every report read: the figures added up, the stack of its longest stall. */
export interface StallSite {
  key: string;
  site: Frame;
  count: number;
  totalMs: number;
  maxMs: number;
  stack: Frame[];
  late: boolean;
  /** When the newest report naming it was written (ms since the epoch). */
  reportedAt: number;
}

function isSnapshot(value: unknown): value is Snapshot {
  const candidate = value as Partial<Snapshot> | null;
  return typeof candidate === 'object' && candidate !== null && Array.isArray(candidate.topSites) && typeof candidate.startedAt === 'number';
}

/** The reports in one file: `unblock run --json` writes an array, the register module one report. */
export function parseReports(text: string, name: string): Snapshot[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StallReportError(`${name} is not JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every(isSnapshot)) {
    throw new StallReportError(`${name} is not an unblock probe report (write one with UNBLOCK_REPORT=json or unblock run --json)`);
  }
  return list;
}

/** The text of a report file, or an error that says why it cannot be read. */
export function readReportText(file: string, cwd: string): string {
  try {
    return readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StallReportError(`cannot read the stall report ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`);
  }
}

export function readReportFiles(files: readonly string[], cwd: string): Snapshot[] {
  return files.flatMap((file) => parseReports(readReportText(file, cwd), file));
}

function isFrame(value: unknown): value is Frame {
  const frame = value as Partial<Frame> | null;
  return typeof frame === 'object' && frame !== null && typeof frame.file === 'string' && typeof frame.line === 'number';
}

// A site as read from a file: anything may be missing or of another type in a report written by hand.
type RawSite = { [Key in keyof SiteSummary]?: unknown };

function ms(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Sites with a position, merged over reports (a fleet writes one per process), costliest first. */
export function mergeSites(reports: readonly Snapshot[]): StallSite[] {
  const sites = new Map<string, StallSite>();
  for (const report of reports) {
    const reportedAt = report.startedAt + report.elapsedMs;
    for (const entry of report.topSites as unknown[] as (RawSite | null)[]) {
      if (typeof entry !== 'object' || entry === null || typeof entry.key !== 'string' || !isFrame(entry.site) || !Array.isArray(entry.stack) || entry.stack.length === 0 || !entry.stack.every(isFrame)) continue;
      const [count, totalMs, maxMs] = [ms(entry.count), ms(entry.totalMs), ms(entry.maxMs)];
      const known = sites.get(entry.key);
      if (known === undefined) {
        sites.set(entry.key, { key: entry.key, site: entry.site, count, totalMs, maxMs, stack: entry.stack, late: entry.late === true, reportedAt });
        continue;
      }
      known.count += count;
      known.totalMs = Math.round((known.totalMs + totalMs) * 10) / 10;
      known.reportedAt = Math.max(known.reportedAt, reportedAt);
      if (maxMs > known.maxMs) Object.assign(known, { maxMs, stack: entry.stack, late: entry.late === true, site: entry.site });
    }
  }
  return [...sites.values()].sort((a, b) => b.totalMs - a.totalMs || b.count - a.count);
}

/**
 * The file on this machine for a path in a report: the same path, or (for a report written elsewhere, in a
 * container or another checkout) the longest tail of it that exists under `cwd`.
 */
export function localFile(file: string, cwd: string): string | undefined {
  if (!path.isAbsolute(file) || /[\\/]node_modules[\\/]/.test(file)) return undefined;
  if (existsSync(file)) return file;
  const parts = file.split(/[\\/]/).filter(Boolean);
  for (let start = 1; start < parts.length; start++) {
    const candidate = path.join(cwd, ...parts.slice(start));
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
