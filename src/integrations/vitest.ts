// `setupFiles: ['eslint-plugin-unblock/vitest']`: one probe per test worker process; each stall, and with
// UNBLOCK_PROMISES=1 each promise made, is attributed to the test that was running, and each test file ends
// with the list of tests that stalled the loop or left never-awaited promises behind. UNBLOCK_THRESHOLD_MS
// (default 50) sets the stall threshold; UNBLOCK_FAIL (1, stalls, promises) fails those tests, a test with
// more never-awaited promises than UNBLOCK_MAX_PROMISES (default 0) for `promises`.
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, afterEach, beforeEach } from 'vitest';

import { displayFile, startProbe, type Probe, type Stall } from '../probe/index.js';
import { promiseFailure, promisesByTest, promiseSummary, stallLines, testScope, testStallsFromEnvironment, type TestSettings, type TestStalls } from './tests.js';

const KEY = Symbol.for('eslint-plugin-unblock.vitest');

interface Running extends TestStalls {
  scope: string;
}

interface State {
  probe: Probe;
  current: Running | undefined;
  // What the summaries printed so far said of each test's promises: a later file lists only what changed.
  shown: Map<string, number>;
}

// With `isolate: false` this file runs once per test file in one module graph; the probe and its callbacks
// must be the same each time, or startProbe would see other options.
function state(settings: TestSettings): State {
  const holder = globalThis as unknown as Record<symbol, State | undefined>;
  let value = holder[KEY];
  if (value === undefined) {
    const created: State = {
      current: undefined,
      shown: new Map(),
      probe: startProbe({
        ...(settings.thresholdMs === undefined ? {} : { thresholdMs: settings.thresholdMs }),
        promises: settings.promises,
        ...(settings.promises ? { promiseScope: () => created.current?.scope } : {}),
        onStall: (stall: Stall) => created.current?.stalls.push(stall),
      }),
    };
    value = created;
    Object.defineProperty(globalThis, KEY, { value, configurable: true });
  }
  return value;
}

function install(settings: TestSettings): void {
  const run = state(settings);
  const stalled: TestStalls[] = [];

  beforeEach((context) => {
    const file = context.task.file.filepath;
    run.current = { name: context.task.name, file, stalls: [], scope: testScope(file, context.task.name) };
  });

  afterEach(async () => {
    // A stall is closed by the probe's next heartbeat, which is overdue once the loop is free: a 1 ms timer
    // fires after it.
    await sleep(1);
    const test = run.current;
    run.current = undefined;
    if (test === undefined) return;
    const failures: string[] = [];
    if (test.stalls.length > 0) {
      stalled.push(test);
      if (settings.fail.stalls) failures.push(`The test blocked the event loop over ${run.probe.options.thresholdMs} ms:\n${stallLines(test.stalls).join('\n')}`);
    }
    const promises = run.probe.snapshot().promises;
    if (promises !== undefined) {
      const failure = promiseFailure(promisesByTest(promises).find((entry) => entry.file === test.file && entry.name === test.name), settings);
      if (failure !== undefined) failures.push(failure);
    }
    if (failures.length > 0) throw new Error(failures.join('\n'));
  });

  afterAll(() => {
    const lines: string[] = [];
    if (stalled.length > 0) {
      lines.push(`unblock: ${stalled.length} test${stalled.length === 1 ? '' : 's'} blocked the event loop over ${run.probe.options.thresholdMs} ms:`);
      for (const test of stalled) lines.push(`  ${test.name} (${displayFile(test.file)})`, ...stallLines(test.stalls).map((line) => `  ${line}`));
    }
    const promises = run.probe.snapshot().promises;
    if (promises !== undefined) {
      const changed = promisesByTest(promises).filter((test) => {
        const key = test.file === undefined ? test.name : testScope(test.file, test.name);
        const same = run.shown.get(key) === test.neverAwaited;
        run.shown.set(key, test.neverAwaited);
        return !same;
      });
      lines.push(...promiseSummary(changed));
    }
    if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
  });
}

let settings: TestSettings | undefined;
try {
  settings = testStallsFromEnvironment(process.env);
} catch (error) {
  // One line, as the register module does: the tests run, without the probe.
  process.stderr.write(`${(error as Error).message} The probe is off in this test run.\n`);
}
if (settings !== undefined) install(settings);
