// `node --import eslint-plugin-unblock/register app.js`: starts a probe from the environment and prints its
// report at exit. UNBLOCK_THRESHOLD_MS (default 50), UNBLOCK_REPORT=text|json (default text),
// UNBLOCK_REPORT_FILE (default: standard error), UNBLOCK_OTEL=1 (stalls to OpenTelemetry).
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

import { reportError } from './probe/debug.js';
import { startProbe } from './probe/start.js';
import { formatReport, type ReportFormat } from './probe/report.js';

function fromEnvironment(env: NodeJS.ProcessEnv): { thresholdMs?: number; format: ReportFormat; file?: string; openTelemetry: boolean } {
  const threshold = env.UNBLOCK_THRESHOLD_MS;
  const format = env.UNBLOCK_REPORT ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new RangeError(`UNBLOCK_REPORT must be "text" or "json"; received ${JSON.stringify(format)}.`);
  }
  let thresholdMs: number | undefined;
  if (threshold !== undefined && threshold !== '') {
    thresholdMs = Number(threshold);
    if (!Number.isFinite(thresholdMs) || thresholdMs < 1 || thresholdMs > 3_600_000) {
      throw new RangeError(`UNBLOCK_THRESHOLD_MS must be a number of milliseconds from 1 to 3600000; received ${JSON.stringify(threshold)}.`);
    }
  }
  const file = env.UNBLOCK_REPORT_FILE === '' ? undefined : env.UNBLOCK_REPORT_FILE;
  const otel = env.UNBLOCK_OTEL ?? '';
  if (!['', '0', '1'].includes(otel)) throw new RangeError(`UNBLOCK_OTEL must be "1" or "0"; received ${JSON.stringify(otel)}.`);
  return { thresholdMs, format, file, openTelemetry: otel === '1' };
}

// With NODE_OPTIONS=--import …/register this module loads into every worker, the probe's own watchdog
// included; only the main thread starts a probe.
if (isMainThread) {
  const settings = fromEnvironment(process.env);
  const probe = startProbe({
    ...(settings.thresholdMs === undefined ? {} : { thresholdMs: settings.thresholdMs }),
    ...(settings.openTelemetry ? { openTelemetry: true } : {}),
  });
  // Registered after the probe's own exit listener, which closes a stall the process exits in.
  process.on('exit', () => {
    try {
      const text = formatReport(probe.snapshot(), settings.format);
      if (settings.file === undefined) process.stderr.write(text);
      else writeFileSync(settings.file, text);
    } catch (error) {
      reportError('writing the report', error);
    }
  });
}
