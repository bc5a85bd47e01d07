import { performance, type EventLoopUtilization } from 'node:perf_hooks';

import type * as PromClient from 'prom-client';

import { subscribe } from '../events.js';
import type { PrometheusRegistry } from '../options.js';
import type { Probe } from '../probe.js';
import { SiteLabeler } from './sites.js';

const LABELS = ['code_filepath', 'code_lineno', 'code_function'] as const;
const BUCKETS_S = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

// Stall metrics on the user's registry. Loop delay is left to collectDefaultMetrics' nodejs_eventloop_lag_*;
// utilisation, which it lacks, is added.
export function exportToPrometheus(probe: Probe, client: typeof PromClient, target: PrometheusRegistry): () => void {
  const registry = target as unknown as PromClient.Registry;
  const labeler = new SiteLabeler(probe.options.maxSites);
  let elu: EventLoopUtilization = performance.eventLoopUtilization();
  const metrics = [
    new client.Counter({ name: 'unblock_stalls_total', help: 'Event loop stalls longer than the probe threshold.', labelNames: LABELS, registers: [] }),
    new client.Histogram({ name: 'unblock_stall_duration_seconds', help: 'How long the event loop stayed blocked, per stall.', labelNames: LABELS, buckets: BUCKETS_S, registers: [] }),
    new client.Gauge({
      name: 'unblock_eventloop_utilization_ratio',
      help: 'Share of time the event loop was busy since the previous scrape (0-1).',
      registers: [],
      collect() {
        const now = performance.eventLoopUtilization();
        this.set(performance.eventLoopUtilization(now, elu).utilization);
        elu = now;
      },
    }),
  ] as const;
  const registered: string[] = [];
  try {
    for (const metric of metrics) {
      registry.registerMetric(metric);
      registered.push((metric as unknown as { name: string }).name);
    }
  } catch (error) {
    for (const name of registered) registry.removeSingleMetric(name);
    throw error;
  }
  const [stalls, duration] = metrics;
  const off = subscribe(probe, 'stall', (stall) => {
    const site = labeler.labels(stall.site);
    const labels = { code_filepath: site.filepath, code_lineno: String(site.lineno), code_function: site.function };
    stalls.inc(labels);
    duration.observe(labels, stall.durationMs / 1000);
  });
  return () => {
    off();
    for (const name of registered) registry.removeSingleMetric(name);
  };
}
