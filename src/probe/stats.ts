import { createHistogram, performance, type EventLoopUtilization, type RecordableHistogram } from 'node:perf_hooks';

import { pickSite, siteKey } from './frames.js';
import { nsToMs, roundMs } from './time.js';
import type { DelaySummary, SiteSummary, Stall } from './types.js';

// Loop delay percentiles and utilisation since `start`. The delays are the heartbeat's own lateness, recorded
// by the probe at each tick: monitorEventLoopDelay would measure the same with a second timer waking the loop.
export class LoopStats {
  readonly #histogram: RecordableHistogram = createHistogram();
  readonly #elu: EventLoopUtilization;

  constructor() {
    this.#elu = performance.eventLoopUtilization();
  }

  record(lateNs: bigint): void {
    this.#histogram.record(lateNs > 0n ? lateNs : 1n);
  }

  delay(): DelaySummary {
    const h = this.#histogram;
    if (h.count === 0) return { min: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
    const ms = (ns: number): number => roundMs(nsToMs(ns));
    return { min: ms(h.min), mean: ms(h.mean), p50: ms(h.percentile(50)), p90: ms(h.percentile(90)), p99: ms(h.percentile(99)), max: ms(h.max) };
  }

  utilization(): number {
    return Math.round(performance.eventLoopUtilization(this.#elu).utilization * 1000) / 1000;
  }
}

type SiteEntry = SiteSummary;

// Stalls aggregated by site, bounded: past `maxSites`, the site with the least total time (new or old) is dropped.
export class SiteTable {
  readonly #sites = new Map<string, SiteEntry>();
  readonly #maxSites: number;

  constructor(maxSites: number) {
    this.#maxSites = maxSites;
  }

  add(stall: Stall): void {
    const key = siteKey(stall.site);
    let entry = this.#sites.get(key);
    if (entry === undefined) {
      if (this.#sites.size >= this.#maxSites) {
        const cheapest = this.#cheapest();
        if (cheapest !== undefined && cheapest.totalMs >= stall.durationMs) return;
        if (cheapest !== undefined) this.#sites.delete(cheapest.key);
      }
      entry = { key, site: stall.site, count: 0, totalMs: 0, maxMs: 0, stack: [], late: false };
      this.#sites.set(key, entry);
    }
    entry.count += 1;
    entry.totalMs = roundMs(entry.totalMs + stall.durationMs);
    if (stall.durationMs >= entry.maxMs) {
      entry.maxMs = stall.durationMs;
      entry.stack = stall.stack;
      entry.late = stall.late;
      entry.site = stall.site ?? pickSite(stall.stack);
      if (stall.reason === undefined) delete entry.reason;
      else entry.reason = stall.reason;
    }
  }

  top(limit: number): SiteSummary[] {
    return [...this.#sites.values()]
      .sort((a, b) => b.totalMs - a.totalMs || b.count - a.count)
      .slice(0, limit)
      .map((entry) => ({ ...entry }));
  }

  #cheapest(): SiteEntry | undefined {
    let smallest: SiteEntry | undefined;
    for (const entry of this.#sites.values()) if (smallest === undefined || entry.totalMs < smallest.totalMs) smallest = entry;
    return smallest;
  }
}
