// Wrappers around the synchronous functions of the blocking builtins. A long native call such as
// `readFileSync(path, 'utf8')` cannot be interrupted: the watchdog's stack sample runs only after it returns,
// often after its callers have returned too. The wrapper times each call with two clock reads and, only when
// a call was slow, records the stack while the user's frames are still on it.
import childProcess from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import zlib from 'node:zlib';

import { captureRawStack, type RawFrame } from './frames.js';
import { msToNs } from './time.js';

/** One call that took longer than a watcher's threshold: its stack starts with the builtin, then its caller. */
export interface SlowCall {
  name: string;
  startNs: bigint;
  endNs: bigint;
  frames: RawFrame[];
}

const MODULES: [string, Record<string, unknown>][] = [
  ['fs', fs],
  ['zlib', zlib],
  ['crypto', crypto],
  ['child_process', childProcess],
];
const KEPT_PER_WATCHER = 16;
const hrtime = process.hrtime;

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

const watchers = new Set<SyncCallWatcher>();
let installed: { target: Record<string, unknown>; key: string; original: AnyFunction; wrapper: AnyFunction }[] = [];
let minimumNs = 0n;
let depth = 0;

/** Slow synchronous builtin calls seen while it runs; `stop()` removes the wrappers once no watcher is left. */
export class SyncCallWatcher {
  readonly thresholdNs: bigint;
  readonly depth: number;
  readonly #calls: SlowCall[] = [];

  constructor(thresholdMs: number, stackDepth: number) {
    this.thresholdNs = msToNs(thresholdMs);
    this.depth = stackDepth;
    watchers.add(this);
    if (installed.length === 0) install();
    update();
  }

  record(call: SlowCall): void {
    this.#calls.push(call);
    if (this.#calls.length > KEPT_PER_WATCHER) this.#calls.shift();
  }

  /** The longest slow call that ended after `sinceNs`; forgets every call recorded so far. */
  take(sinceNs: bigint): SlowCall | undefined {
    let longest: SlowCall | undefined;
    for (const call of this.#calls) {
      if (call.endNs > sinceNs && (longest === undefined || call.endNs - call.startNs > longest.endNs - longest.startNs)) longest = call;
    }
    this.#calls.length = 0;
    return longest;
  }

  stop(): void {
    if (!watchers.delete(this)) return;
    if (watchers.size === 0) uninstall();
    else update();
  }
}

function update(): void {
  const list = [...watchers];
  minimumNs = list.reduce((min, watcher) => (watcher.thresholdNs < min ? watcher.thresholdNs : min), list[0]?.thresholdNs ?? 0n);
  depth = Math.max(0, ...list.map((watcher) => watcher.depth));
}

function slow(wrapper: AnyFunction, name: string, startNs: bigint, endNs: bigint): void {
  const elapsed = endNs - startNs;
  let frames: RawFrame[] | undefined;
  for (const watcher of watchers) {
    if (elapsed <= watcher.thresholdNs) continue;
    // The builtin itself leads, as a sampled stack would show it; then the user's frames.
    frames ??= [[name.slice(name.indexOf('.') + 1), `node:${name.slice(0, name.indexOf('.'))}`, 0, 0], ...captureRawStack(wrapper, depth)];
    watcher.record({ name, startNs, endNs, frames: frames.slice(0, watcher.depth) });
  }
}

function wrap(original: AnyFunction, name: string): AnyFunction {
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    if (watchers.size === 0) return Reflect.apply(original, this, args);
    const start = hrtime.bigint();
    try {
      return Reflect.apply(original, this, args);
    } finally {
      const end = hrtime.bigint();
      if (end - start > minimumNs) slow(wrapper, name, start, end);
    }
  };
  // Same name, length, prototype and own properties (util.promisify.custom among them) as the original.
  for (const key of Reflect.ownKeys(original)) {
    if (key === 'arguments' || key === 'caller') continue;
    const descriptor = Object.getOwnPropertyDescriptor(original, key)!;
    try {
      Object.defineProperty(wrapper, key, descriptor);
    } catch {
      // A non-configurable own property of the wrapper (`prototype`) takes the original's value instead.
      if ('value' in descriptor) (wrapper as unknown as Record<PropertyKey, unknown>)[key] = descriptor.value;
    }
  }
  return wrapper;
}

function install(): void {
  for (const [moduleName, target] of MODULES) {
    for (const key of Object.keys(target)) {
      if (!key.endsWith('Sync')) continue;
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (descriptor === undefined || typeof descriptor.value !== 'function' || descriptor.writable !== true) continue;
      const original = descriptor.value as AnyFunction;
      const wrapper = wrap(original, `${moduleName}.${key}`);
      target[key] = wrapper;
      installed.push({ target, key, original, wrapper });
    }
  }
  // ESM named imports (`import { readFileSync } from 'node:fs'`) are live bindings that only this refreshes.
  syncBuiltinESMExports();
}

function uninstall(): void {
  // A function that someone else replaced after us (a mock, another tool) stays theirs.
  for (const { target, key, original, wrapper } of installed) if (target[key] === wrapper) target[key] = original;
  installed = [];
  syncBuiltinESMExports();
}
