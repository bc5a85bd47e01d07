import type { Frame, Snapshot } from '../probe/types.js';

/** One never-awaited promise site over every report read: the counts added up, the first stack seen. */
export interface PromiseLinkSite {
  key: string;
  site: Frame;
  createdBy: string;
  collected: number;
  pending: number;
  unhandled: number;
  handledLate: number;
  stack: Frame[];
  /** When the newest report naming it was written (ms since the epoch). */
  reportedAt: number;
}

/** The promise sites of reports written with `promises: true`, merged by site, most never-awaited first. */
export function mergePromiseSites(reports: readonly Snapshot[]): PromiseLinkSite[] {
  const sites = new Map<string, PromiseLinkSite>();
  for (const report of reports) {
    const reportedAt = report.startedAt + report.elapsedMs;
    for (const entry of report.promises?.sites ?? []) {
      const known = sites.get(entry.key);
      if (known === undefined) {
        const { key, site, createdBy, collected, pending, unhandled, handledLate, stack } = entry;
        sites.set(key, { key, site, createdBy, collected, pending, unhandled, handledLate, stack, reportedAt });
        continue;
      }
      known.collected += entry.collected;
      known.pending += entry.pending;
      known.unhandled += entry.unhandled;
      known.handledLate += entry.handledLate;
      known.reportedAt = Math.max(known.reportedAt, reportedAt);
    }
  }
  const never = (site: PromiseLinkSite) => site.collected + site.pending;
  return [...sites.values()].sort((a, b) => never(b) - never(a) || b.unhandled - a.unhandled || a.key.localeCompare(b.key));
}
