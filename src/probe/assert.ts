import { setTimeout as sleep } from 'node:timers/promises';

import { createProbe } from './probe.js';
import { describeReason, displayFile, formatFrame } from './report.js';
import type { Stall } from './types.js';

export interface AssertNoStallOptions {
  /** The longest loop delay allowed, in milliseconds. Default 50. */
  maxMs?: number;
  /** Capture stacks for the failure message. Default true. */
  attribution?: boolean;
}

/** Thrown by `assertNoStall`; `stalls` holds every stall seen, with stacks. */
export class StallAssertionError extends Error {
  readonly stalls: Stall[];

  constructor(message: string, stalls: Stall[]) {
    super(message);
    this.name = 'StallAssertionError';
    this.stalls = stalls;
  }
}

function describeStall(stall: Stall): string {
  const where = stall.site === undefined ? 'an unknown site' : `${displayFile(stall.site.file)}:${stall.site.line} (${stall.site.functionName})`;
  const lines = [`  ${stall.durationMs.toFixed(1)} ms at ${where}`];
  if (stall.stack.length === 0) lines.push(`      (no stack: ${describeReason(stall.reason ?? 'not-sampled')})`);
  for (const frame of stall.stack.slice(0, 8)) lines.push(`      at ${formatFrame(frame)}`);
  return lines.join('\n');
}

/**
 * Runs `fn` (sync or async) under a probe of its own and rejects with a `StallAssertionError` naming each
 * stall's site and stack if the event loop was blocked longer than `maxMs` meanwhile. Stacks need the
 * main thread: under vitest, use `pool: 'forks'` (in a worker thread, stalls are still caught, without stack).
 */
export async function assertNoStall(fn: () => unknown, options: AssertNoStallOptions = {}): Promise<void> {
  if (typeof fn !== 'function') throw new TypeError('assertNoStall expects a function.');
  const stalls: Stall[] = [];
  const probe = createProbe({
    thresholdMs: options.maxMs ?? 50,
    attribution: options.attribution ?? true,
    onStall: (stall) => stalls.push(stall),
  });
  try {
    await probe.ready();
    await fn();
    // Let the heartbeat that ends a stall run.
    await sleep(probe.options.heartbeatMs * 2 + 5);
  } finally {
    await probe.stop();
  }
  if (stalls.length > 0) {
    const limit = probe.options.thresholdMs;
    throw new StallAssertionError(
      `Expected the event loop never to be blocked over ${limit} ms, but ${stalls.length} stall${stalls.length === 1 ? '' : 's'} happened:\n${stalls.map(describeStall).join('\n')}`,
      stalls,
    );
  }
}
