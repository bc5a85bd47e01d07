import { attachExporters } from './export/attach.js';
import type { ProbeOptions } from './options.js';
import { currentProbe, startProbe as startCore, type Probe } from './probe.js';

/**
 * Starts measuring event loop stalls on this thread. One probe runs per thread: while one runs, calling
 * `startProbe()` again with no options or the same options returns it, and with other options throws an
 * `Error` with code `ERR_UNBLOCK_PROBE_RUNNING`. With `openTelemetry` or `prometheus`, stalls are also
 * exported there.
 */
export function startProbe(options?: ProbeOptions): Probe {
  const before = currentProbe();
  const probe = startCore(options);
  if (probe !== before) attachExporters(probe);
  return probe;
}
