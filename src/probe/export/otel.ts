import type * as Api from '@opentelemetry/api';

import { subscribe } from '../events.js';
import type { Probe } from '../probe.js';
import type { Stall } from '../types.js';
import { SiteLabeler } from './sites.js';

const SCOPE = 'eslint-plugin-unblock';
const BUCKETS_MS = [50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000];

interface Instruments {
  provider: Api.MeterProvider;
  count: Api.Counter;
  duration: Api.Histogram;
}

function siteAttributes(stall: Stall): Api.Attributes {
  const attributes: Api.Attributes = { 'unblock.stall.duration_ms': stall.durationMs, 'unblock.stall.late': stall.late };
  if (stall.site !== undefined) {
    attributes['code.filepath'] = stall.site.file;
    attributes['code.lineno'] = stall.site.line;
    attributes['code.function'] = stall.site.functionName;
  }
  if (stall.reason !== undefined) attributes['unblock.stall.reason'] = stall.reason;
  return attributes;
}

// Stall metrics through the global MeterProvider, and each stall on the span that was active while the loop
// was blocked. Loop delay and utilisation are left to @opentelemetry/instrumentation-runtime-node.
export function exportToOpenTelemetry(probe: Probe, api: typeof Api): () => void {
  const labeler = new SiteLabeler(probe.options.maxSites);
  let instruments: Instruments | undefined;
  let captured: { beat: bigint; span: Api.Span } | undefined;

  // The metrics API has no proxy provider: an SDK registered after the probe started is picked up here.
  const current = (): Instruments => {
    const provider = api.metrics.getMeterProvider();
    if (instruments?.provider !== provider) {
      const meter = provider.getMeter(SCOPE);
      instruments = {
        provider,
        count: meter.createCounter('unblock.stall.count', { unit: '{stall}', description: 'Event loop stalls longer than the probe threshold.' }),
        duration: meter.createHistogram('unblock.stall.duration', {
          unit: 'ms',
          description: 'How long the event loop stayed blocked, per stall.',
          advice: { explicitBucketBoundaries: BUCKETS_MS },
        }),
      };
    }
    return instruments;
  };

  const offSample = subscribe(probe, 'sample', (beat) => {
    if (captured?.beat === beat) return;
    // Inside the interrupt the active context is the blocked code's, so this is the stalled request's span.
    const span = api.trace.getActiveSpan();
    captured = span === undefined ? undefined : { beat, span };
  });

  const offStall = subscribe(probe, 'stall', (stall, beat) => {
    const labels = labeler.labels(stall.site);
    const attributes = { 'code.filepath': labels.filepath, 'code.lineno': labels.lineno, 'code.function': labels.function };
    const { count, duration } = current();
    count.add(1, attributes);
    duration.record(stall.durationMs, attributes);

    const span = captured?.beat === beat ? captured.span : undefined;
    captured = undefined;
    if (span === undefined) return;
    // `startedAt` is the last beat; the loop was due back one heartbeat later, and that is when it became late.
    const start = stall.startedAt + probe.options.heartbeatMs;
    if (span.isRecording()) {
      span.addEvent('unblock.stall', siteAttributes(stall), start);
    } else {
      // The span ended in the task that blocked (a handler that blocks, then responds): an ended span takes
      // no events, so the stall becomes a child span covering it.
      const parent = api.trace.setSpan(api.ROOT_CONTEXT, span);
      const child = api.trace.getTracer(SCOPE).startSpan('unblock.stall', { startTime: start, attributes: siteAttributes(stall) }, parent);
      child.end(start + stall.durationMs);
    }
  });

  return () => {
    offSample();
    offStall();
  };
}
