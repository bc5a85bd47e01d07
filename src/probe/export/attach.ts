import type * as Api from '@opentelemetry/api';
import type * as PromClient from 'prom-client';

import { reportError } from '../debug.js';
import { subscribe } from '../events.js';
import type { Probe } from '../probe.js';
import { exportToOpenTelemetry } from './otel.js';
import { loadPeer, warn } from './peer.js';
import { exportToPrometheus } from './prometheus.js';

// Starts the exporters a probe's options ask for; they stop with the probe. A missing peer or a registry
// that refuses the metrics costs one line on standard error, never the host.
export function attachExporters(probe: Probe): void {
  const { openTelemetry, prometheus } = probe.options;
  const stops: (() => void)[] = [];
  if (openTelemetry) {
    const api = loadPeer('@opentelemetry/api') as typeof Api | undefined;
    if (api === undefined) warn('openTelemetry is on but @opentelemetry/api is not installed; stalls are not exported to OpenTelemetry.');
    else stops.push(exportToOpenTelemetry(probe, api));
  }
  if (prometheus !== false) {
    const client = loadPeer('prom-client') as typeof PromClient | undefined;
    if (client === undefined) {
      warn('prometheus is on but prom-client is not installed; stalls are not exported to Prometheus.');
    } else {
      try {
        stops.push(exportToPrometheus(probe, client, prometheus === true ? client.register : prometheus));
      } catch (error) {
        warn(`the Prometheus registry refused the unblock_* metrics (${(error as Error).message.split('\n')[0]}); stalls are not exported to Prometheus.`);
        reportError('prometheus', error);
      }
    }
  }
  if (stops.length > 0) {
    subscribe(probe, 'stop', () => {
      for (const stop of stops) stop();
    });
  }
}
