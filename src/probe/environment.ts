import { isAbsolute, resolve } from 'node:path';

import type { ReportFormat } from './report.js';

/** What `UNBLOCK_THRESHOLD_MS`, `UNBLOCK_REPORT` and `UNBLOCK_REPORT_FILE` ask for. */
export interface ProbeEnvironment {
  thresholdMs: number | undefined;
  format: ReportFormat;
  /** Absolute; each process writes its own file, named from this one with its pid. */
  file: string | undefined;
}

export type EnvironmentResult = { ok: true; value: ProbeEnvironment } | { ok: false; message: string };

// An empty value is refused like any other: `UNBLOCK_REPORT=` is more often a mistake in a compose file
// than a wish for the default.
export function readEnvironment(env: NodeJS.ProcessEnv, cwd: string): EnvironmentResult {
  const threshold = env.UNBLOCK_THRESHOLD_MS;
  let thresholdMs: number | undefined;
  if (threshold !== undefined) {
    thresholdMs = threshold.trim() === '' ? NaN : Number(threshold);
    if (!(thresholdMs >= 1 && thresholdMs <= 3_600_000)) {
      return { ok: false, message: `UNBLOCK_THRESHOLD_MS must be a number of milliseconds from 1 to 3600000; received ${JSON.stringify(threshold)}.` };
    }
  }
  const format = env.UNBLOCK_REPORT ?? 'text';
  if (format !== 'text' && format !== 'json') {
    return { ok: false, message: `UNBLOCK_REPORT must be "text" or "json"; received ${JSON.stringify(format)}.` };
  }
  const file = env.UNBLOCK_REPORT_FILE;
  if (file !== undefined && file.trim() === '') {
    return { ok: false, message: `UNBLOCK_REPORT_FILE must name a file (unset it for standard error); received ${JSON.stringify(file)}.` };
  }
  return { ok: true, value: { thresholdMs, format, file: file === undefined || isAbsolute(file) ? file : resolve(cwd, file) } };
}
