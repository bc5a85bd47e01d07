// The probe's API in this process (a vitest worker thread, so without stacks): option validation, the
// one-probe-per-thread rule, snapshots, bounded memory and error containment.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { setTimeout as sleep } from 'node:timers/promises';
import { isMainThread } from 'node:worker_threads';

import { afterEach, describe, expect, it } from 'vitest';

import { currentProbe, DEFAULTS, startProbe, type ProbeOptions, type Stall } from '../../src/probe/index.js';
import { resolveOptions } from '../../src/probe/options.js';
import { covering, type Window } from './helpers.js';

function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

function timed(run: () => void): Window {
  const from = Date.now();
  run();
  return { from, to: Date.now() };
}

afterEach(async () => {
  await currentProbe()?.stop();
});

describe('options', () => {
  it('fills in the defaults', () => {
    expect(resolveOptions(undefined)).toEqual({
      ...DEFAULTS,
      onStall: undefined,
      heartbeatMs: 10,
    });
    expect(resolveOptions({ thresholdMs: 8 }).heartbeatMs).toBe(4);
  });

  it('rejects values of the wrong type with a TypeError', () => {
    expect(() => startProbe({ thresholdMs: '50' } as unknown as ProbeOptions)).toThrow(
      new TypeError('The "thresholdMs" option must be a number; received the string "50".'),
    );
    expect(() => startProbe({ thresholdMs: Number.NaN })).toThrow(TypeError);
    expect(() => startProbe({ onStall: 'log' } as unknown as ProbeOptions)).toThrow(
      new TypeError('The "onStall" option must be a function; received the string "log".'),
    );
    expect(() => startProbe({ attribution: 1 } as unknown as ProbeOptions)).toThrow(TypeError);
    expect(() => startProbe({ treshold: 50 } as unknown as ProbeOptions)).toThrow(new TypeError('Unknown probe option "treshold".'));
    expect(() => startProbe(null as unknown as ProbeOptions)).toThrow(new TypeError('The probe options must be an object; received null.'));
  });

  it('rejects values out of range with a RangeError', () => {
    expect(() => startProbe({ thresholdMs: 0 })).toThrow(new RangeError('The "thresholdMs" option must be a number from 1 to 3600000; received 0.'));
    expect(() => startProbe({ maxStalls: 1.5 })).toThrow(new RangeError('The "maxStalls" option must be an integer from 0 to 100000; received 1.5.'));
    expect(() => startProbe({ sampleIntervalMs: 1 })).toThrow(RangeError);
    expect(() => startProbe({ stackDepth: 0 })).toThrow(RangeError);
    expect(currentProbe()).toBeUndefined();
  });
});

describe('one probe per thread', () => {
  it('returns the running probe for no options or the same options, and throws for others', async () => {
    const probe = startProbe({ thresholdMs: 40, attribution: false });
    expect(startProbe()).toBe(probe);
    expect(startProbe({ thresholdMs: 40, attribution: false })).toBe(probe);
    expect(currentProbe()).toBe(probe);
    expect(() => startProbe({ thresholdMs: 41 })).toThrow(expect.objectContaining({ code: 'ERR_UNBLOCK_PROBE_RUNNING' }));
    await probe.stop();
    expect(currentProbe()).toBeUndefined();
    const next = startProbe({ thresholdMs: 41, attribution: false });
    expect(next).not.toBe(probe);
  });
});

describe('measuring', () => {
  it('counts stalls over the threshold, with their duration, and says why stacks are missing', async () => {
    const stalls: Stall[] = [];
    // A threshold far above what the OS adds on a loaded machine, so that the short block stays under it.
    const probe = startProbe({ thresholdMs: 200, attribution: false, onStall: (stall) => stalls.push(stall) });
    await sleep(30);
    const short = timed(() => {
      block(20);
    });
    await sleep(30);
    const long = timed(() => {
      block(300);
    });
    await sleep(40);
    const snapshot = probe.snapshot();
    // The short block is no stall; only the OS descheduling this thread past the threshold around it can make
    // one there, and then the loop really was that late.
    for (const stall of covering(stalls, short)) expect(stall.durationMs).toBeGreaterThan(200);
    const injected = covering(stalls, long);
    expect(injected).toHaveLength(1);
    expect(injected[0]).toMatchObject({ stack: [], site: undefined, reason: 'attribution-disabled', samples: 0, late: false });
    // The heartbeat measures lateness: up to one period (10 ms) short of the blocked time.
    expect(injected[0].durationMs).toBeGreaterThan(288);
    expect(snapshot).toMatchObject({ stalls: stalls.length, thresholdMs: 200, attribution: { active: false, reason: 'attribution-disabled' } });
    expect(snapshot.topSites).toEqual([expect.objectContaining({ key: '<unknown>', count: stalls.length, reason: 'attribution-disabled' })]);
    expect(snapshot.delay.max).toBeGreaterThan(280);
    expect(snapshot.delay.p50).toBeLessThan(snapshot.delay.max);
    expect(snapshot.utilization).toBeGreaterThan(0);
    const final = await probe.stop();
    expect(final.stalls).toBe(stalls.length);
    expect(probe.snapshot()).toBe(final);
  });

  it('keeps at most maxStalls recent stalls however many occur', async () => {
    const probe = startProbe({ thresholdMs: 10, attribution: false, maxStalls: 2 });
    for (let i = 0; i < 5; i += 1) {
      block(30);
      await sleep(15);
    }
    const snapshot = await probe.stop();
    expect(snapshot.stalls).toBeGreaterThanOrEqual(5);
    expect(snapshot.recentStalls).toHaveLength(2);
    expect(snapshot.recentStalls[0].startedAt).toBeLessThan(snapshot.recentStalls[1].startedAt);
  });

  it('sends an error thrown by onStall to the debug channel, never to the host', async () => {
    const seen: unknown[] = [];
    const listener = (message: unknown): void => {
      seen.push(message);
    };
    subscribe('eslint-plugin-unblock:probe:error', listener);
    try {
      const probe = startProbe({
        thresholdMs: 20,
        attribution: false,
        onStall: () => {
          throw new Error('listener bug');
        },
      });
      block(60);
      await sleep(30);
      expect(probe.snapshot().stalls).toBeGreaterThanOrEqual(1);
      // A callback descheduled past the threshold on a loaded machine is also reported as one that blocked.
      const thrown = seen.filter((message) => (message as { error: Error }).error.message === 'listener bug');
      expect(thrown).toHaveLength(probe.snapshot().stalls);
      expect(thrown[0]).toEqual({ where: 'onStall callback', error: new Error('listener bug') });
    } finally {
      unsubscribe('eslint-plugin-unblock:probe:error', listener);
    }
  });

  it('does not count the time of an onStall that blocks as a stall, and says on the debug channel that it blocked', async () => {
    const seen: { where: string; error: Error }[] = [];
    const listener = (message: unknown): void => {
      seen.push(message as { where: string; error: Error });
    };
    subscribe('eslint-plugin-unblock:probe:error', listener);
    try {
      const stalls: Stall[] = [];
      const callbacks: Window[] = [];
      const probe = startProbe({
        thresholdMs: 40,
        attribution: false,
        onStall: (stall) => {
          stalls.push(stall);
          callbacks.push(
            timed(() => {
              block(300);
            }),
          );
        },
      });
      await sleep(30);
      const first = timed(() => {
        block(300);
      });
      await sleep(30);
      const second = timed(() => {
        block(300);
      });
      await sleep(300);
      await probe.stop();
      expect(covering(stalls, first)).toHaveLength(1);
      expect(covering(stalls, second)).toHaveLength(1);
      // Counted, a callback's time would be a stall that began as the callback did, and called it again.
      // (The next beat comes as the callback returns: a stall may begin right at its end.)
      expect(stalls.filter((stall) => callbacks.some((callback) => stall.startedAt >= callback.from - 2 && stall.startedAt < callback.to - 2))).toEqual([]);
      expect(seen).toHaveLength(stalls.length);
      expect(seen[0].where).toBe('onStall callback');
      expect(seen[0].error.message).toMatch(/^onStall blocked the event loop for \d+(\.\d)? ms; that time is not counted as a stall$/);
    } finally {
      unsubscribe('eslint-plugin-unblock:probe:error', listener);
    }
  });

  it.runIf(!isMainThread)('reports that a probe in a worker thread cannot capture stacks', () => {
    const probe = startProbe({ thresholdMs: 50 });
    expect(probe.snapshot().attribution).toEqual({ active: false, reason: 'worker-thread' });
  });
});
