import type { PromiseSite, Snapshot } from '../probe/types.js';

/** One never-awaited promise site over every report read: the counts added up, the first stack seen. */
export interface PromiseLinkSite extends PromiseSite {
  /** When the newest report naming it was written (ms since the epoch). */
  reportedAt: number;
}

function isPromiseSite(value: unknown): value is PromiseSite {
  const site = value as Partial<PromiseSite> | null;
  const counts = ['collected', 'pending', 'unhandled', 'handledLate'] as const;
  return (
    typeof site === 'object' && site !== null && typeof site.key === 'string' && typeof site.site?.file === 'string' && typeof site.site.line === 'number' &&
    Array.isArray(site.stack) && counts.every((name) => typeof site[name] === 'number')
  );
}

/** The promise sites of reports written with `promises: true`, merged by site, most never-awaited first. */
export function mergePromiseSites(reports: readonly Snapshot[]): PromiseLinkSite[] {
  const sites = new Map<string, PromiseLinkSite>();
  for (const report of reports) {
    const reportedAt = report.startedAt + report.elapsedMs;
    const listed: unknown = report.promises?.sites;
    for (const entry of Array.isArray(listed) ? (listed as unknown[]) : []) {
      // A hand-edited or truncated report: a site without a position cannot be linked, and is left out.
      if (!isPromiseSite(entry)) continue;
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
