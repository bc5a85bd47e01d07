import { describeReason, displayFile, formatFrame, type Stall } from '../probe/index.js';

/** The stalls seen while one test ran. */
export interface TestStalls {
  name: string;
  file: string;
  stalls: Stall[];
}

export interface TestSettings {
  thresholdMs: number | undefined;
  fail: boolean;
  promises: boolean;
}

// Malformed values are refused with one line; a typo must not silently turn the check off.
export function testStallsFromEnvironment(env: NodeJS.ProcessEnv): TestSettings {
  const threshold = env.UNBLOCK_THRESHOLD_MS;
  const thresholdMs = threshold === undefined ? undefined : Number(threshold);
  if (thresholdMs !== undefined && !(threshold!.trim() !== '' && thresholdMs >= 1 && thresholdMs <= 3_600_000)) {
    throw new Error(`unblock: UNBLOCK_THRESHOLD_MS must be a number of milliseconds from 1 to 3600000; received ${JSON.stringify(threshold)}.`);
  }
  const flag = (name: string): boolean => {
    const value = env[name];
    if (value === undefined || value === '0') return false;
    if (value === '1') return true;
    throw new Error(`unblock: ${name} must be "1" or "0"; received ${JSON.stringify(value)}.`);
  };
  return { thresholdMs, fail: flag('UNBLOCK_FAIL'), promises: flag('UNBLOCK_PROMISES') };
}

/** `  312.4 ms at src/helpers.ts:9 (hashPassword)` and its first frames. */
export function stallLines(stalls: Stall[]): string[] {
  const lines: string[] = [];
  for (const stall of stalls) {
    const where = stall.site === undefined ? 'an unknown site' : `${displayFile(stall.site.file)}:${stall.site.line} (${stall.site.functionName})`;
    lines.push(`  ${stall.durationMs.toFixed(1)} ms at ${where}`);
    if (stall.stack.length === 0) lines.push(`      (no stack: ${describeReason(stall.reason ?? 'not-sampled')})`);
    for (const frame of stall.stack.slice(0, 5)) lines.push(`      at ${formatFrame(frame)}`);
  }
  return lines;
}
