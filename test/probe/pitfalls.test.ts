// The ways a stall probe hurts its host, each seen in the prototype: every test runs a child process and
// fails if the child hangs, aborts, recurses or loses the stall.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import type { Snapshot, Stall } from '../../src/probe/index.js';
import { covering, printed, probeBuild, runNode, script, siteLine, stallsSource, type Window } from './helpers.js';

const temp = mkdtempSync(join(tmpdir(), 'unblock-probe-pitfalls-'));
afterAll(() => { rmSync(temp, { recursive: true, force: true }); });

const prelude = `
import { setTimeout as sleep } from 'node:timers/promises';
import { currentProbe, startProbe } from '../src/probe/index.js';
import * as stalls from '../test/probe/fixtures/stalls.js';
import { timed } from '../test/probe/fixtures/window.js';
const print = (stall) => process.stdout.write(JSON.stringify(stall) + '\\n');
const injected = (stall) => print({ window: timed(stall) });
// The probe's internal ready(): the watchdog samples once it resolves to true (over 400 ms after start on a
// loaded machine).
const watchdogReady = async () => { while (!(await currentProbe().ready())); };
`;

// A loaded machine adds stalls of its own; a test finds its injected stall by when it ran (`covering`).
describe('probe pitfalls', () => {
  it('never keeps the process alive, opens no inspector port, and leaves the process exit code alone', async () => {
    const file = script(
      'exits',
      `${prelude}
      import inspector from 'node:inspector';
      startProbe({ thresholdMs: 30, onStall: print });
      await watchdogReady();
      injected(() => stalls.busyLoop(150));
      await sleep(50);
      process.stdout.write('url=' + String(inspector.url()) + '\\n');
      process.exitCode = 3;`,
    );
    const child = await runNode([file], { timeoutMs: 10_000 });
    expect(child.timedOut).toBe(false);
    expect(child.code).toBe(3);
    expect(child.stdout).toContain('url=undefined');
    const { stalls, windows } = printed(child.stdout);
    const [stall] = covering(stalls, windows[0]);
    expect(stall.site).toMatchObject({ file: stallsSource, line: siteLine('busy') });
  });

  it('keeps the stack of a stall the process exits in, through process.exit()', async () => {
    const file = script(
      'exit-in-stall',
      `${prelude}
      startProbe({ thresholdMs: 30, onStall: print });
      await watchdogReady();
      injected(() => stalls.busyLoop(250));
      process.exit(0);`,
    );
    const child = await runNode([file]);
    expect(child.code).toBe(0);
    const { stalls, windows } = printed(child.stdout);
    const found = covering(stalls, windows[0]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ atExit: true, site: { file: stallsSource, line: siteLine('busy') } });
    expect(found[0].durationMs).toBeGreaterThan(150);
  });

  it('keeps the stack of a stall that ends the script, with nothing left on the loop', async () => {
    const file = script(
      'exit-after-stall',
      `${prelude}
      startProbe({ thresholdMs: 30, onStall: print });
      await watchdogReady();
      injected(() => stalls.shellSleep());`,
    );
    const child = await runNode([file]);
    expect(child.code).toBe(0);
    const { stalls, windows } = printed(child.stdout);
    const found = covering(stalls, windows[0]);
    expect(found).toHaveLength(1);
    // Closed by the exit handler, or by one last heartbeat if the loop turns once more before exiting.
    expect(found[0]).toMatchObject({ site: { file: stallsSource, line: siteLine('exec') } });
  });

  it('does not leave an inspector session connected: no endless "Waiting for the debugger" under --inspect', async () => {
    const file = script(
      'inspect',
      `${prelude}
      startProbe({ thresholdMs: 30, onStall: print });
      await watchdogReady();
      injected(() => stalls.shellSleep());
      process.exit(0);`,
    );
    const child = await runNode(['--inspect=127.0.0.1:0', file], { timeoutMs: 10_000 });
    expect(child.timedOut).toBe(false);
    expect(child.stderr).not.toContain('Waiting for the debugger');
    expect(child.code).toBe(0);
    const { stalls, windows } = printed(child.stdout);
    expect(covering(stalls, windows[0])[0]?.site).toMatchObject({ file: stallsSource, line: siteLine('exec') });
  });

  it('skips attribution under the permission model instead of aborting the process', async () => {
    const file = script(
      'permission',
      `${prelude}
      const probe = startProbe({ thresholdMs: 30, onStall: print });
      await watchdogReady();
      injected(() => stalls.busyLoop(150));
      await sleep(50);
      process.stdout.write(JSON.stringify({ attribution: (await probe.stop()).attribution }) + '\\n');`,
    );
    // --allow-worker lets the watchdog start, and connectToMainThread would then abort the process.
    const child = await runNode(['--experimental-permission', '--allow-fs-read=*', '--allow-worker', file]);
    expect(child.stderr).not.toContain('Assertion failed');
    expect(child.code).toBe(0);
    const { stalls, windows, other } = printed(child.stdout);
    expect(covering(stalls, windows[0])).toHaveLength(1);
    for (const stall of stalls) expect(stall).toMatchObject({ stack: [], reason: 'permission-model' });
    expect(other).toEqual([{ attribution: { active: false, reason: 'permission-model' } }]);
  });

  it('starts once under NODE_OPTIONS=--import register, though the module loads in every worker', async () => {
    const file = script(
      'register-everywhere',
      `${prelude}
      import { Worker } from 'node:worker_threads';
      const worker = new Worker('setTimeout(() => {}, 100)', { eval: true });
      await new Promise((resolve) => worker.on('exit', resolve));
      await watchdogReady();
      await sleep(50);
      stalls.busyLoop(150);
      await sleep(50);`,
    );
    const child = await runNode([file], {
      env: { NODE_OPTIONS: `--import ${join(probeBuild(), 'src/register.js')}`, UNBLOCK_THRESHOLD_MS: '30' },
      timeoutMs: 10_000,
    });
    expect(child.timedOut).toBe(false);
    expect(child.code).toBe(0);
    expect(child.stderr.match(/unblock probe:/g)).toHaveLength(1);
    expect(child.stderr).toContain(`test/probe/fixtures/stalls.ts:${siteLine('busy')}  busyLoop  1x`);
  });

  it('detects a stall in the first milliseconds, while the watchdog starts, and says why it has no stack', async () => {
    const file = script(
      'early',
      `${prelude}
      startProbe({ thresholdMs: 30, onStall: print });
      // Printed after a turn of the loop: a watchdog that becomes ready at the stall's end samples what runs then.
      const early = timed(() => stalls.busyLoop(80));
      await sleep(1);
      print({ window: early });
      await watchdogReady();
      await sleep(50);
      injected(() => stalls.busyLoop(150));
      await sleep(50);`,
    );
    const child = await runNode([file]);
    expect(child.code).toBe(0);
    const { stalls, windows } = printed(child.stdout);
    const [early] = covering(stalls, windows[0]);
    const [later] = covering(stalls, windows[1]);
    expect(early.durationMs).toBeGreaterThan(60);
    if (early.stack.length === 0) expect(early.reason).toBe('watchdog-starting');
    else expect(early.site).toMatchObject({ file: stallsSource, line: siteLine('busy') });
    expect(later.site).toMatchObject({ file: stallsSource, line: siteLine('busy') });
  });

  it('measures a worker thread’s own loop and reports its stalls without a stack', async () => {
    const probeUrl = new URL(`file://${join(probeBuild(), 'src/probe/index.js')}`).href;
    const file = script(
      'in-worker',
      `
      import { Worker } from 'node:worker_threads';
      const worker = new Worker(\`
        import { parentPort } from 'node:worker_threads';
        import { startProbe } from '${probeUrl}';
        const probe = startProbe({ thresholdMs: 30 });
        await new Promise((resolve) => setTimeout(resolve, 100));
        const from = Date.now();
        const end = performance.now() + 150;
        while (performance.now() < end);
        const window = { from, to: Date.now() };
        await new Promise((resolve) => setTimeout(resolve, 50));
        parentPort.postMessage({ report: await probe.stop(), window });
      \`, { eval: true });
      worker.on('message', (result) => process.stdout.write(JSON.stringify(result) + '\\n'));`,
    );
    const child = await runNode([file]);
    expect(child.code).toBe(0);
    const { report, window } = JSON.parse(child.stdout) as {
      report: { stalls: number; recentStalls: Stall[]; delay: { max: number }; attribution: unknown };
      window: Window;
    };
    expect(report.attribution).toEqual({ active: false, reason: 'worker-thread' });
    const injected = covering(report.recentStalls, window);
    expect(injected).toHaveLength(1);
    expect(injected[0]).toMatchObject({ stack: [], reason: 'worker-thread' });
    expect(report.delay.max).toBeGreaterThan(100);
  });

  it('releases its timer, worker and ports on stop(), and stop() is idempotent', async () => {
    const file = script(
      'release',
      `${prelude}
      import { createHook } from 'node:async_hooks';
      const live = new Map();
      let tracking = false;
      createHook({ init(id, type) { if (tracking) live.set(id, type); }, destroy(id) { live.delete(id); } }).enable();
      const exitListeners = process.listenerCount('exit');
      tracking = true;
      const probe = startProbe({ thresholdMs: 30 });
      tracking = false;
      await sleep(150);
      stalls.busyLoop(100);
      await sleep(50);
      const during = [...live.values()];
      const first = await probe.stop();
      const second = await probe.stop();
      await sleep(50);
      const after = [...live.values()];
      const extraListeners = process.listenerCount('exit') - exitListeners;
      process.stdout.write(JSON.stringify({ during, after, extraListeners, idempotent: first === second, stalls: first.stalls }) + '\\n');`,
    );
    const child = await runNode([file]);
    expect(child.code).toBe(0);
    const result = JSON.parse(child.stdout) as { during: string[]; after: string[]; extraListeners: number; idempotent: boolean; stalls: number };
    expect(result.during).toEqual(expect.arrayContaining(['Timeout', 'WORKER', 'MESSAGEPORT']));
    // The disabled histogram object lives until it is collected, and the process's own stdio (which the
    // Worker constructor touches) lives on; nothing else may remain.
    expect(result.after.filter((type) => !['ELDHISTOGRAM', 'PIPEWRAP', 'TTYWRAP'].includes(type))).toEqual([]);
    expect(result.extraListeners).toBe(0);
    expect(result.idempotent).toBe(true);
    expect(result.stalls).toBeGreaterThanOrEqual(1);
  });

  it('stays bounded in memory: recent stalls, sites and samples are capped, the cheapest site dropped first', async () => {
    const file = script(
      'bounds',
      `${prelude}
      const probe = startProbe({ thresholdMs: 50, maxSites: 2, maxStalls: 2, maxSamplesPerStall: 2, sampleIntervalMs: 20 });
      await watchdogReady();
      stalls.busyLoop(300);
      await sleep(40);
      stalls.atomicsWait(100);
      await sleep(40);
      stalls.setupThenCrunch(0, 250);
      await sleep(40);
      process.stdout.write(JSON.stringify(await probe.stop()) + '\\n');`,
    );
    const child = await runNode([file]);
    expect(child.code).toBe(0);
    const report = JSON.parse(child.stdout) as Snapshot;
    expect(report.stalls).toBeGreaterThanOrEqual(3);
    expect(report.recentStalls).toHaveLength(2);
    expect(report.recentStalls.every((stall) => stall.samples <= 2)).toBe(true);
    expect(report.recentStalls.find((stall) => stall.site?.line === siteLine('crunch'))?.samples).toBe(2);
    // Atomics.wait (100 ms) is the cheapest of the three sites (busy loops of 300 and 250 ms) and is dropped.
    expect(report.topSites.map((entry) => entry.site?.line).sort((a, b) => a! - b!), JSON.stringify(report.topSites.map(({ key, count, totalMs, reason }) => ({ key, count, totalMs, reason })))).toEqual([siteLine('busy'), siteLine('crunch')].sort((a, b) => a - b));
  });

  it('gives a stall spent in promise callbacks their line, or a reason that says so, never "not sampled"', async () => {
    const file = script(
      'microtasks',
      `${prelude}
      import { createProbe } from '../src/probe/probe.js';
      const probe = createProbe({ thresholdMs: 50, onStall: print });
      while (!(await probe.ready()));
      await sleep(50);
      for (const start of [setTimeout, setImmediate, setTimeout]) {
        print({ window: await new Promise((resolve) => start(() => stalls.awaitLoop(400).then(resolve))) });
        await sleep(60);
      }
      print({ window: await new Promise((resolve) => setTimeout(() => resolve(timed(() => stalls.busyLoop(400))))) });
      await sleep(60);
      await probe.stop();`,
    );
    const child = await runNode([file]);
    expect(child.code).toBe(0);
    const { stalls, windows } = printed(child.stdout);
    const found = windows.map((window) => covering(stalls, window));
    expect(found.map((list) => list.length)).toEqual([1, 1, 1, 1]);
    for (const [stall] of found.slice(0, 3)) {
      if (stall.stack.length === 0) expect(['microtasks', 'not-interruptible']).toContain(stall.reason);
      // An interrupt that lands in the resumed async function may report the function's first line.
      else if (stall.site?.file === stallsSource) expect(stall.site.functionName).toBe('awaitLoop');
      // One held up until the loop ended runs at the first function call after it, in the code that awaited
      // the loop within the same stall: a site "near here", as for a late stack.
      else expect(stall.site, JSON.stringify(stall.stack)).toMatchObject({ file });
    }
    // The same stall in a synchronous loop is sampled as usual.
    expect(found[3][0]).toMatchObject({ site: { file: stallsSource, line: siteLine('busy') } });
    expect(found[3][0].samples).toBeGreaterThanOrEqual(2);
  });

  it('keeps measuring, without stacks, when the watchdog cannot start, and reports why on the debug channel', async () => {
    const broken = join(temp, 'broken');
    cpSync(join(probeBuild(), 'src/probe'), join(broken, 'src/probe'), { recursive: true });
    rmSync(join(broken, 'src/probe/watchdog.js'));
    writeFileSync(join(broken, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(
      join(broken, 'app.mjs'),
      `
      import { subscribe } from 'node:diagnostics_channel';
      import { setTimeout as sleep } from 'node:timers/promises';
      import { startProbe } from './src/probe/index.js';
      const errors = [];
      subscribe('eslint-plugin-unblock:probe:error', ({ where }) => errors.push(where));
      const probe = startProbe({ thresholdMs: 30 });
      // The failure is known once the worker's error event has come (late on a loaded machine).
      while (!errors.includes('watchdog')) await sleep(10);
      const from = Date.now();
      const end = performance.now() + 150;
      while (performance.now() < end);
      const window = { from, to: Date.now() };
      await sleep(50);
      const report = await probe.stop();
      process.stdout.write(JSON.stringify({ errors, attribution: report.attribution, stalls: report.recentStalls, window }) + '\\n');`,
    );
    const child = await runNode([join(broken, 'app.mjs')]);
    expect(child.code).toBe(0);
    const result = JSON.parse(child.stdout) as { errors: string[]; attribution: unknown; stalls: Stall[]; window: Window };
    expect(result.errors).toContain('watchdog');
    expect(result.attribution).toEqual({ active: false, reason: 'watchdog-failed' });
    const [stall] = covering(result.stalls, result.window);
    expect(stall).toMatchObject({ stack: [], reason: 'watchdog-failed' });
    // A stall a loaded machine adds before the failure is known was, truly, while the watchdog was starting.
    for (const other of result.stalls) expect(other.stack).toEqual([]);
  });
});

