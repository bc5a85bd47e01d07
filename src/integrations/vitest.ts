// `setupFiles: ['eslint-plugin-unblock/vitest']`: one probe per test worker process; each stall is
// attributed to the test that was running, and each test file ends with the list of tests that stalled the
// loop. UNBLOCK_THRESHOLD_MS (default 50) sets the stall threshold, UNBLOCK_FAIL=1 fails a test that
// stalled, UNBLOCK_PROMISES=1 adds the never-awaited promises of the file, by creation site.
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, afterEach, beforeEach } from 'vitest';

import { displayFile, formatFrame, startProbe, type Probe, type Stall } from '../probe/index.js';
import { stallLines, testStallsFromEnvironment, type TestSettings, type TestStalls } from './tests.js';

const KEY = Symbol.for('eslint-plugin-unblock.vitest');

interface State {
  probe: Probe;
  current: TestStalls | undefined;
}

// With `isolate: false` this file runs once per test file in one module graph; the probe and its callback
// must be the same each time, or startProbe would see other options.
function state(settings: TestSettings): State {
  const holder = globalThis as unknown as Record<symbol, State | undefined>;
  let value = holder[KEY];
  if (value === undefined) {
    const created: State = {
      current: undefined,
      probe: startProbe({
        ...(settings.thresholdMs === undefined ? {} : { thresholdMs: settings.thresholdMs }),
        promises: settings.promises,
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
    run.current = { name: context.task.name, file: context.task.file.filepath, stalls: [] };
  });

  afterEach(async () => {
    // A stall is closed by the probe's next heartbeat, which is overdue once the loop is free: a 1 ms timer
    // fires after it.
    await sleep(1);
    const test = run.current;
    run.current = undefined;
    if (test === undefined || test.stalls.length === 0) return;
    stalled.push(test);
    if (settings.fail) {
      throw new Error(`The test blocked the event loop over ${run.probe.options.thresholdMs} ms:\n${stallLines(test.stalls).join('\n')}`);
    }
  });

  afterAll(() => {
    const lines: string[] = [];
    if (stalled.length > 0) {
      lines.push(`unblock: ${stalled.length} test${stalled.length === 1 ? '' : 's'} blocked the event loop over ${run.probe.options.thresholdMs} ms:`);
      for (const test of stalled) lines.push(`  ${test.name} (${displayFile(test.file)})`, ...stallLines(test.stalls).map((line) => `  ${line}`));
    }
    const promises = run.probe.snapshot().promises;
    if (promises !== undefined && promises.sites.length > 0) {
      lines.push(`unblock: never-awaited promises and unhandled rejections so far in this worker, by site:`);
      for (const site of promises.sites) {
        lines.push(`  ${formatFrame(site.site)}  ${site.createdBy}  ${site.collected} collected  ${site.pending} pending  ${site.unhandled} unhandled  ${site.handledLate} handled late`);
      }
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
