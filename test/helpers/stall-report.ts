import { writeFileSync } from 'node:fs';

import type { Frame, Snapshot } from '../../src/probe/types.js';

export interface SiteSpec {
  /** Top first: the frame above the site (a builtin), the site, its callers. */
  stack: Frame[];
  /** Index of the site in `stack`. */
  site?: number;
  count: number;
  totalMs: number;
  maxMs: number;
}

/** A probe report as the probe writes it (UNBLOCK_REPORT=json), with the given stall sites. */
export function stallReport(sites: SiteSpec[], startedAt = Date.now() - 60_000): Snapshot {
  return {
    startedAt,
    elapsedMs: 30_000,
    thresholdMs: 50,
    delay: { min: 1, mean: 2, p50: 1, p90: 3, p99: 50, max: 300 },
    utilization: 0.4,
    stalls: sites.reduce((sum, site) => sum + site.count, 0),
    stalledMs: sites.reduce((sum, site) => sum + site.totalMs, 0),
    topSites: sites.map((spec) => {
      const site = spec.stack[spec.site ?? 0];
      return { key: `${site.file}:${site.line}`, site, count: spec.count, totalMs: spec.totalMs, maxMs: spec.maxMs, stack: spec.stack, late: false };
    }),
    recentStalls: [],
    attribution: { active: true },
  };
}

export function writeReport(file: string, sites: SiteSpec[]): string {
  writeFileSync(file, JSON.stringify(stallReport(sites)));
  return file;
}
