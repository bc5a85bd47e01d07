// What each part of a promise hook costs, on the workload of bench/promises.js: `node bench/promise-hook-parts.js`.
// Options: --rounds <n> (default 5) --ops <n> (default 100000).
// Each part runs in a fresh process with a `v8.promiseHooks` init hook doing only that, for every promise
// without a parent; the order rotates round by round; prints the median µs per operation and the ratio to none.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { promiseHooks } from 'node:v8';

import { timeAwaits } from './promise-workload.js';

const PARTS = {
  none: undefined,
  'empty hook': () => {},
  'plain map insert': (state, promise) => {
    if (state.fresh.size === 0) queueMicrotask(() => state.fresh.clear());
    state.fresh.set(promise, true);
  },
  'weak map + finalizer': (state, promise) => {
    const entry = {};
    state.weak.set(promise, entry);
    state.registry.register(promise, entry);
  },
  'stack, 1 frame': (state) => capture(state, 1),
  'stack, 8 frames': (state) => capture(state, 8),
};

function capture(state, frames) {
  const holder = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = frames;
  Error.captureStackTrace(holder, state.init);
  Error.stackTraceLimit = limit;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '5' }, ops: { type: 'string', default: '100000' } },
});
const ops = Number(values.ops);

async function workload(name) {
  const part = PARTS[name];
  if (part !== undefined) {
    const state = { fresh: new Map(), weak: new WeakMap(), registry: new FinalizationRegistry(() => {}) };
    state.init = (promise, parent) => {
      if (parent === undefined) part(state, promise);
    };
    promiseHooks.createHook({ init: state.init });
  }
  process.stdout.write(`${(await timeAwaits(ops)).nsPerOp}\n`);
}

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

if (positionals[0] !== undefined) {
  await workload(positionals[0]);
} else {
  const names = Object.keys(PARTS);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  console.log(`node ${process.version}, ${ops} operations per run, ${values.rounds} interleaved rounds`);
  for (let round = 0; round < Number(values.rounds); round += 1) {
    for (const name of names.map((_, i) => names[(i + round) % names.length])) {
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name, '--ops', String(ops)], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`${name} run failed: ${child.stderr}`);
      samples[name].push(Number(child.stdout));
    }
  }
  for (const name of names) {
    const ratio = median(samples[name].map((value, i) => value / samples.none[i]));
    console.log(`  ${name.padEnd(22)} ${(median(samples[name]) / 1000).toFixed(2)} µs/op  (paired ${ratio.toFixed(2)}x)`);
  }
}
