// The heartbeat stops while the loop is idle (Linux, where the watchdog can read the main thread's scheduler
// counters): an idle process is not woken by the probe, and a stall that starts from idle is still caught,
// measured and attributed. Each child idles well past the probe's 500 ms before it injects anything.
import { describe, expect, it } from 'vitest';

import type { PromiseReport, Stall } from '../../src/probe/index.js';
import { printed, runNode, script, siteLine, stallsSource, type Window } from './helpers.js';

const linux = process.platform === 'linux';
if (!linux) console.warn('idle.test.ts: skipped, the idle heartbeat needs /proc (Linux)');

const prelude = `
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { currentProbe, startProbe } from '../src/probe/index.js';
import * as stalls from '../test/probe/fixtures/stalls.js';
import { timed } from '../test/probe/fixtures/window.js';
const print = (value) => process.stdout.write(JSON.stringify(value) + '\\n');
const injected = (stall) => print({ window: timed(stall) });
const watchdogReady = async () => { while (!(await currentProbe().ready())); };
// Idle past the probe's 500 ms, then count this thread's wake-ups over one idle second: how many times it
// was put on a CPU (the third field of its schedstat), read from a worker so that reading wakes nothing here.
const idleWakeUps = () => new Promise((resolve) => {
  const worker = new Worker(
    \`const { parentPort, workerData } = require('node:worker_threads');
    const runs = () => Number(require('node:fs').readFileSync('/proc/self/task/' + workerData + '/schedstat', 'latin1').split(' ')[2]);
    const nap = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    nap(1000);
    const before = runs();
    nap(1000);
    parentPort.postMessage(runs() - before);\`,
    { eval: true, workerData: process.pid },
  );
  worker.once('message', (wakeUps) => { print({ wakeUps }); void worker.terminate().then(resolve); });
});
// A timer that fires after an idle spell, as a request would arrive, and blocks in its own callback.
const fromIdle = (inject) => new Promise((resolve) => setTimeout(() => { injected(inject); resolve(); }, 1000));
`;

// The stall that spans an injected one. From idle its start comes from the thread's run time, which the
// kernel brings up to date only at its next scheduler tick (4-10 ms): a few ms late is within the measure.
function spanning(stalls: Stall[], window: Window): Stall[] {
  return stalls.filter((stall) => stall.startedAt <= window.from + 20 && stall.startedAt + 10 + stall.durationMs >= window.to - 2);
}

function wakeUps(stdout: string): number {
  const line = printed(stdout).other.find((value): value is { wakeUps: number } => typeof value === 'object' && value !== null && 'wakeUps' in value);
  if (line === undefined) throw new Error(`no wake-up count in ${stdout}`);
  return line.wakeUps;
}

async function child(name: string, code: string): Promise<{ stdout: string; stalls: Stall[]; injected: Stall[] }> {
  const result = await runNode([script(name, `${prelude}\n${code}`)], { timeoutMs: 20_000 });
  expect(result.timedOut).toBe(false);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const { stalls, windows } = printed(result.stdout);
  return { stdout: result.stdout, stalls, injected: windows.length === 0 ? [] : spanning(stalls, windows[0]) };
}

describe.runIf(linux)('the idle heartbeat', () => {
  it('stops waking the thread while the loop is idle, and still catches a busy loop that starts from idle, with its stack', async () => {
    const { stdout, injected } = await child(
      'idle-busy',
      `startProbe({ thresholdMs: 50, onStall: print });
      await watchdogReady();
      await idleWakeUps();
      await fromIdle(() => stalls.busyLoop(400));
      await sleep(200);
      await currentProbe().stop();`,
    );
    // Beating, the thread wakes about 100 times a second; idle, only for the test's own timer.
    expect(wakeUps(stdout)).toBeLessThanOrEqual(10);
    expect(injected).toHaveLength(1);
    expect(injected[0].site).toMatchObject({ file: stallsSource, line: siteLine('busy') });
    expect(injected[0].samples).toBeGreaterThanOrEqual(1);
    // Measured from when the thread started running, not from the beat before the idle spell.
    expect(injected[0].durationMs).toBeGreaterThan(300);
    expect(injected[0].durationMs).toBeLessThan(600);
  });

  it('restarts the heartbeat from the first callback after idle, so a short stall in a promise continuation is caught from its start', async () => {
    const { stdout, stalls: seen } = await child(
      'idle-continuation',
      `startProbe({ thresholdMs: 50, onStall: print });
      await watchdogReady();
      for (const idleMs of [700, 1200]) {
        await sleep(idleMs);
        // The continuation of an await, after the timer that ended the idle spell. Shorter than the
        // watchdog's 500 ms between reads of an idle thread: only the restarted heartbeat sees it whole.
        injected(() => stalls.busyLoop(250));
      }
      await sleep(200);
      await currentProbe().stop();`,
    );
    const { windows } = printed(stdout);
    expect(windows).toHaveLength(2);
    for (const window of windows) {
      const [stall, ...others] = spanning(seen, window);
      expect(others).toEqual([]);
      expect(stall.site).toMatchObject({ file: stallsSource, line: siteLine('busy') });
      expect(stall.samples).toBeGreaterThanOrEqual(1);
      expect(stall.durationMs).toBeGreaterThan(200);
    }
  });

  it('still catches work that starts from idle without a callback the hook sees, from the watchdog\u2019s reads of the thread', async () => {
    const { injected } = await child(
      'idle-no-callback',
      `startProbe({ thresholdMs: 50, onStall: print });
      await watchdogReady();
      // A wake-up hook that sees nothing, as for work that begins outside any callback (a platform task).
      const asyncHooks = (await import('node:async_hooks')).default;
      const createHook = asyncHooks.createHook;
      asyncHooks.createHook = () => createHook({});
      (await import('node:module')).syncBuiltinESMExports();
      await fromIdle(() => stalls.busyLoop(1200));
      await sleep(200);
      await currentProbe().stop();`,
    );
    expect(injected).toHaveLength(1);
    expect(injected[0].site).toMatchObject({ file: stallsSource, line: siteLine('busy') });
    expect(injected[0].samples).toBeGreaterThanOrEqual(1);
    // Measured from when the thread started running, which the watchdog notices up to 500 ms later.
    expect(injected[0].durationMs).toBeGreaterThan(1000);
  });

  it('leaves the promise tracker whole when the first callback after idle turns the wake-up hook off', async () => {
    const { stdout } = await child(
      'idle-promises',
      `startProbe({ thresholdMs: 50, promises: true });
      await watchdogReady();
      for (let i = 0; i < 2; i += 1) {
        await sleep(1200);
        // Made in the callback that ended the idle spell, and in a continuation queued from it.
        for (let j = 0; j < 3; j += 1) new Promise(() => {});
        void Promise.resolve().then(() => { new Promise(() => {}); });
      }
      await sleep(100);
      print({ promises: (await currentProbe().stop()).promises });`,
    );
    const report = printed(stdout).other.find((value): value is { promises: PromiseReport } => typeof value === 'object' && value !== null && 'promises' in value);
    expect(report?.promises.sites.map((site) => site.pending)).toEqual([6, 2]);
  });

  it('keeps beating without a watchdog (attribution off), which is the only one that can see an idle loop run', async () => {
    const { stdout } = await child(
      'idle-no-watchdog',
      `startProbe({ thresholdMs: 50, attribution: false });
      await idleWakeUps();
      await currentProbe().stop();`,
    );
    expect(wakeUps(stdout)).toBeGreaterThan(20);
  });

  it('measures a blocking call that starts from idle from the call’s start, though it uses no CPU', async () => {
    const { injected } = await child(
      'idle-exec',
      `startProbe({ thresholdMs: 50, onStall: print });
      await watchdogReady();
      await fromIdle(() => stalls.shellSleep());
      await sleep(200);
      await currentProbe().stop();`,
    );
    expect(injected).toHaveLength(1);
    expect(injected[0].site).toMatchObject({ file: stallsSource, line: siteLine('exec') });
    // execSync('sleep 0.2'): the watchdog notices it up to 100 ms late, the wrapper knows when it began.
    expect(injected[0].durationMs).toBeGreaterThan(150);
  });

  it('does not take a burst of short callbacks after an idle spell for a stall, however long the burst', async () => {
    const { stalls, stdout } = await child(
      'idle-burst',
      `startProbe({ thresholdMs: 200, onStall: print });
      await watchdogReady();
      await sleep(1000);
      // 600 ms of CPU in 2 ms steps: the thread never sleeps, but the loop turns between the steps.
      const window = { from: Date.now() };
      await new Promise((resolve) => {
        const step = () => {
          stalls.busyLoop(2);
          if (Date.now() - window.from < 600) setImmediate(step);
          else resolve();
        };
        setTimeout(step, 0);
      });
      print({ window: { from: window.from, to: Date.now() } });
      await sleep(200);
      await currentProbe().stop();`,
    );
    const [window] = printed(stdout).windows;
    expect(stalls.filter((stall) => stall.startedAt < window.to && stall.startedAt + stall.durationMs > window.from)).toEqual([]);
  });

  it('closes a stall from idle that the process exits in, and none when it exits from idle', async () => {
    const stalled = await child(
      'idle-exit-stalled',
      `startProbe({ thresholdMs: 50, onStall: print });
      await watchdogReady();
      setTimeout(() => { injected(() => stalls.busyLoop(300)); process.exit(0); }, 1000);`,
    );
    expect(stalled.injected).toHaveLength(1);
    expect(stalled.injected[0]).toMatchObject({ atExit: true, site: { file: stallsSource, line: siteLine('busy') } });
    expect(stalled.injected[0].durationMs).toBeGreaterThan(200);

    const quiet = await child(
      'idle-exit-quiet',
      `startProbe({ thresholdMs: 50, onStall: print });
      await watchdogReady();
      setTimeout(() => process.exit(0), 1000);`,
    );
    expect(quiet.stalls.filter((stall) => stall.atExit === true)).toEqual([]);
  });
});
