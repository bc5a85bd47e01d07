import rule from '../../rules/no-floating-promises.js';
import path from 'node:path';

import { fixturesDir, typedRuleTester } from '../rule-tester.js';

const ruleTester = typedRuleTester();
const tsxFile = path.join(fixturesDir, 'component.tsx');
const looseJs = path.join(fixturesDir, 'loose/store.js');
const looseTs = path.join(fixturesDir, 'loose/memo.ts');
const CATCH = '.catch((error) => { console.error(error); })';

ruleTester.run('no-floating-promises', rule, {
  valid: [
    // A callback typed as returning `unknown` outside TypeScript's lib accepts anything, promises included:
    // vitest's hooks are `(fn: () => Awaitable<unknown>)`, and `unknown | PromiseLike<unknown>` is `unknown`.
    `
type Awaitable<T> = T | PromiseLike<T>;
declare function beforeAll(fn: () => Awaitable<unknown>, timeout?: number): void;
declare function connect(): Promise<void>;
beforeAll(async () => {
  await connect();
});
    `,
    // An awaited call that is not an array method is left to await-thenable (typing every awaited callee costs too much).
    `
declare function startAll(): Promise<void>[];
async function run(ids: string[]) {
  const doubled = await ids.map((id) => id + id);
  await startAll();
  return doubled;
}
    `,
    // A local used through its members is in use: no Promise has a length, and a richer thenable is being driven.
    `
declare function list(): string[];
const names = list().map((name) => name.trim());
console.log(names.length);
    `,
    `
declare function spawnTask(): Promise<number> & { stdout: { pipe(to: unknown): void } };
const child = spawnTask();
child.stdout.pipe(process.stdout);
    `,
    // A sync callback whose body returns no promise: the executor's result is ignored, and that is fine.
    `
export const pause = new Promise<void>((resolve) => setTimeout(resolve, 10));
    `,
    // What the callee declares decides without resolving the call: a fluent `this` of a Map is no promise.
    `
declare const cache: Map<string, Promise<number>>;
declare const pending: Promise<number>;
cache.set('a', pending);
    `,
    // Overloads that disagree are resolved: given a callback, this API returns nothing.
    `
declare function query(sql: string): Promise<number>;
declare function query(sql: string, done: (error: Error | null, rows: number) => void): void;
query('select 1', (error, rows) => console.log(error, rows));
    `,
    // A callback result typed by the callee's own type parameter takes the promise as its value.
    `
declare function collect<R>(fn: () => R): R[];
const results = collect(async () => 1);
console.log(results);
    `,
    // Awaited, returned, yielded.
    `
async function send(): Promise<void> {}
async function handler() {
  await send();
}
    `,
    `
async function send(): Promise<number> { return 1; }
function relay() {
  return send();
}
    `,
    `
async function send(): Promise<number> { return 1; }
function relay(fast: boolean) {
  return fast ? send() : send().then((n) => n + 1);
}
    `,
    `
async function send(): Promise<number> { return 1; }
async function* stream() {
  yield send();
}
    `,
    // Handled with .catch / .then(f, r).
    `
async function send(): Promise<void> {}
send().catch((error) => console.error(error));
    `,
    `
async function send(): Promise<number> { return 1; }
send().then((n) => console.log(n), (error) => console.error(error));
    `,
    `
async function send(): Promise<number> { return 1; }
send().then((n) => console.log(n)).catch(() => {});
    `,
    `
async function send(): Promise<void> {}
send().catch(console.error).finally(() => console.log('done'));
    `,
    // void is allowed by default.
    `
async function send(): Promise<void> {}
void send();
    `,
    // Assignment to something that outlives the statement.
    `
async function send(): Promise<void> {}
class Job {
  pending?: Promise<void>;
  start() {
    this.pending = send();
  }
}
    `,
    // Not promises.
    `
function compute(): number { return 1; }
compute();
    `,
    `
const thing = { then: 42 };
thing.then;
    `,
    `
const config = { then(value: number) { return value; } };
config.then(1);
    `,
    `
declare const anything: any;
anything.run();
    `,
    `
declare function unknownResult(): unknown;
unknownResult();
    `,
    // Passed to Promise.all, a call, stored in an object or array.
    `
async function load(id: string): Promise<string> { return id; }
async function handler() {
  const a = load('a');
  const b = load('b');
  return Promise.all([a, b]);
}
    `,
    `
async function load(id: string): Promise<string> { return id; }
function track(p: Promise<unknown>): void { console.log(p); }
function handler() {
  const pending = load('a');
  track(pending);
}
    `,
    `
async function load(id: string): Promise<string> { return id; }
function handler() {
  const pending = load('a');
  return { pending };
}
    `,
    // Awaited later in a nested block.
    `
async function load(id: string): Promise<string> { return id; }
async function handler(flag: boolean) {
  const pending = load('a');
  if (flag) {
    try {
      console.log(await pending);
    } finally {
      console.log('done');
    }
  }
}
    `,
    // .catch chained later.
    `
async function load(id: string): Promise<string> { return id; }
function handler() {
  const pending = load('a');
  console.log('started');
  pending.catch((error) => console.error(error));
}
    `,
    // Returned from an arrow body.
    `
async function load(id: string): Promise<string> { return id; }
const handler = () => {
  const pending = load('a');
  return () => pending;
};
    `,
    // Exported: leaves the file.
    `
async function connect(): Promise<void> {}
export const ready = connect();
    `,
    `
async function connect(): Promise<void> {}
const ready = connect();
export { ready };
    `,
    // Not a promise local.
    `
function compute(): number { return 1; }
const n = compute();
    `,
    // Callbacks whose return value is used.
    `
async function load(id: string): Promise<string> { return id; }
async function all(ids: string[]) {
  return Promise.all(ids.map(async (id) => load(id)));
}
    `,
    `
declare function retry<T>(fn: () => Promise<T>): Promise<T>;
async function load(): Promise<string> { return ''; }
async function run() {
  await retry(async () => load());
}
    `,
    `
declare function onEvent(fn: () => void | Promise<void>): void;
onEvent(async () => {});
    `,
    `
declare function runAny(fn: () => any): void;
runAny(async () => {});
    `,
    `
const ids = ['a'];
ids.forEach((id) => console.log(id));
ids.filter((id) => id.length > 0);
    `,
    // Conditions that are not always promises.
    `
declare const cache: Map<string, Promise<string>>;
function lookup(key: string) {
  const hit = cache.get(key);
  if (hit) return hit;
  return undefined;
}
    `,
    `
async function load(): Promise<boolean> { return true; }
async function run() {
  if (await load()) console.log('yes');
}
    `,
    `
declare const maybe: Promise<void> | null;
const state = maybe ? 'pending' : 'idle';
    `,
    // Plain data and sync callbacks are not functions returning promises.
    `
declare const ids: string[];
declare const config: { ids: string[] };
console.log(ids, config.ids);
[3, 1, 2].sort((a, b) => a - b);
[1, 2].forEach((n) => {
  if (n > 1) console.log(n);
});
    `,
    // A generator is not an async callback.
    `
[1, 2].forEach(function* () {
  yield 1;
});
    `,
    // A promise-typed callback parameter that the callee awaits.
    `
declare function withLock(key: string, fn: () => Promise<void>): Promise<void>;
async function run() {
  const job = async () => {};
  await withLock('k', job);
}
    `,
    // Functions that catch their own failures (found in undici and fastify by the sweep).
    `
async function readAll(onDone: (text: string) => void, onError: (error: unknown) => void) {
  try {
    onDone(await Promise.resolve('x'));
  } catch (error) {
    onError(error);
  }
}
readAll(console.log, console.error);
    `,
    `
async function wrap(fn: () => unknown, done: (error?: unknown) => void) {
  if (fn.length === 1) {
    try {
      fn();
    } catch (error) {
      done(error);
    }
    return;
  }
  try {
    await fn();
    done();
  } catch (error) {
    done(error);
  }
}
wrap(() => 1, () => {});
    `,
    `
(async () => {
  try {
    await Promise.resolve();
  } catch (error) {
    console.error(error);
  }
})();
    `,
    `
declare function refresh(): Promise<void>;
setTimeout(async () => {
  try {
    await refresh();
  } catch (error) {
    console.error(error);
  }
}, 1000);
    `,
    `
declare function write(chunk: string): Promise<void>;
const state = { closing: false, timer: null as unknown };
state.timer = setTimeout(async () => {
  state.timer = null;
  if (state.closing) {
    return;
  }
  const chunk = 'x';
  const superseded = () => state.closing;
  try {
    if (!superseded()) await write(chunk);
  } catch (error) {
    console.error(error);
  }
}, 10);
    `,
    // Completion-callback APIs: the outcome goes to the callback.
    `
declare function query(sql: string, cb: (err: Error | null, rows: unknown[]) => void): Promise<unknown[]>;
query('select 1', (err, rows) => console.log(err, rows));
    `,
    `
declare function close(cb?: () => void): Promise<void> | undefined;
close(() => console.log('closed'));
    `,
    // Returns its own argument, not a new promise.
    `
declare const pending: Promise<string>;
Object.defineProperties(pending, { label: { value: 'x' } });
    `,
    // ignoreIIFE
    {
      code: `
(async () => {
  await Promise.resolve();
})();
      `,
      options: [{ ignoreIIFE: true }],
    },
    // allowList by function name and by type.
    {
      code: `
declare function fireAndForget(): Promise<void>;
fireAndForget();
      `,
      options: [{ allowList: ['fireAndForget'] }],
    },
    {
      code: `
interface SafePromise<T> extends Promise<T> { readonly safe: true }
declare function track(): SafePromise<void>;
track();
      `,
      options: [{ allowList: [{ from: 'file', name: 'SafePromise' }] }],
    },
    // A chain on an allowed call that handles its own rejections is handled; so is `.finally` on an allowed type.
    {
      code: `
interface SafePromise<T> extends Promise<T> { readonly safe: true }
declare function track(event: string): Promise<void>;
declare function record(): SafePromise<void>;
track('save').then(() => {}, () => {});
track('quit').catch(() => {});
record().finally(() => {});
      `,
      options: [{ allowList: ['track', { from: 'file', name: 'SafePromise' }] }],
    },
    // A property typed to return `unknown` in the base takes a promise.
    `
interface Task { result: () => unknown }
export interface Job extends Task { result: () => Promise<number> }
    `,
    // Switches off.
    {
      code: `
async function load(): Promise<void> {}
function handler() {
  const pending = load();
}
      `,
      options: [{ checkStored: false }],
    },
    {
      code: `
[1, 2].forEach(async (n) => { await Promise.resolve(n); });
      `,
      options: [{ checkCallbacks: false }],
    },
    {
      code: `
async function load(): Promise<boolean> { return true; }
if (load()) console.log('x');
      `,
      options: [{ checkConditions: false }],
    },
    // The whole expression's type decides first: `ready` is `false` here, so `start()` never runs.
    `
declare function start(): Promise<void>;
let ready = false;
ready && start();
    `,
    // allowList covers arrays and tuples of an allowed type.
    {
      code: `
interface SafePromise<T> extends Promise<T> { readonly safe: true }
declare const many: SafePromise<void>[];
declare const pair: [SafePromise<void>, 5];
declare function all(): SafePromise<void>[];
many;
pair;
all();
async function wait() {
  await many;
}
      `,
      options: [{ allowList: [{ from: 'file', name: 'SafePromise' }] }],
    },
    // One overload takes a promise-returning callback, so an async one fits it, whichever the checker picked.
    `
declare function it(name: string, fn: () => void): void;
declare function it(name: string, fn: () => Promise<void>): void;
it('works', async () => {});
    `,
    // `finally` waits for its callback's promise and passes its rejection on.
    `
declare function work(): Promise<void>;
declare function cleanup(): Promise<void>;
work().finally(async () => { await cleanup(); }).catch(() => {});
    `,
    // A rejection handler typed as a function, or as any, is called.
    `
declare function work(): Promise<number>;
declare const onError: (error: unknown) => void;
declare const loose: any;
work().then((n) => n, onError);
work().catch(onError);
work().catch(loose);
    `,
    // Spread arguments that put a function in the rejection handler's place.
    `
declare const handlers: [(value: number) => void, (error: unknown) => void];
declare function work(): Promise<number>;
work().then(...[(n: number) => n], () => {});
work().then(...handlers);
    `,
    // Awaiting what is not an array of promises, or all of them.
    `
declare const ids: number[];
declare const tasks: Promise<void>[];
async function run() {
  await ids;
  await Promise.all(tasks);
  await [1, 2];
}
    `,
    // A generator whose `next()` sends plain values, and `yield*` of one returning a plain value.
    `
function* inner(): Generator<number, number, unknown> {
  yield 1;
  return 2;
}
function* outer(): Generator<number, void, string> {
  yield 1;
  yield* inner();
}
    `,
    // `void` in an arrow's body is deliberate while allowVoid is on.
    `
declare function send(): Promise<void>;
export const run = () => void send();
    `,
    // A callback whose nested returns are no promises.
    `
[1, 2].forEach((n) => {
  if (n > 1) {
    return;
  }
  for (const m of [n]) {
    if (m) return;
  }
});
    `,
    // Variables and assignments: a promise-returning type, no annotation, a sync function, one that catches its errors.
    `
declare function send(): Promise<void>;
const a: () => Promise<void> = async () => { await send(); };
const b = async () => { await send(); };
const c: () => void = () => { console.log('sync'); };
let d: () => void;
d = () => undefined;
const e: () => void = async () => {
  try {
    await send();
  } catch (error) {
    console.error(error);
  }
};
const handlers: { onDone?: () => void | Promise<void> } = {};
handlers.onDone = async () => { await send(); };
console.log(a, b, c, d, e);
    `,
    // Properties typed to accept promises, sync methods, and untyped object literals.
    `
declare function send(): Promise<void>;
const o: { f: () => Promise<void>; g: () => void } = { f: async () => { await send(); }, g() { console.log('sync'); } };
const loose = { f: async () => { await send(); } };
console.log(o, loose);
    `,
    // Returned functions where a promise-returning one is expected, or nothing is declared.
    `
declare function send(): Promise<void>;
export function make(): () => Promise<void> {
  return async () => { await send(); };
}
export function plain() {
  return async () => { await send(); };
}
    `,
    // Overrides that keep the base's promise type, sync overrides, and static methods.
    `
class A {
  run(): Promise<void> { return Promise.resolve(); }
  stop(): void {}
  static make(): void {}
}
export class B extends A {
  async run(): Promise<void> {}
  stop(): void {}
  static async make(): Promise<void> {}
}
    `,
    // Spreading a resolved value or a plain object.
    `
declare function load(): Promise<{ a: number }>;
export async function merge() {
  const value = { ...(await load()) };
  const plain = { ...{ a: 1 } };
  return [value, plain];
}
    `,
    // Spread arguments that return nothing, or into a parameter that takes promise-returning functions.
    `
function consume(...callbacks: Array<() => void>): void { callbacks.forEach((f) => f()); }
const syncs = [() => 1, () => 2];
consume(...syncs);
function consumeAsync(...callbacks: Array<() => Promise<void>>): void { console.log(callbacks); }
const asyncs = [async () => {}, async () => {}];
consumeAsync(...asyncs);
    `,
    // Each place can be switched off on its own.
    {
      code: `
declare function send(): Promise<void>;
const f: () => void = async () => { await send(); };
const o: { g: () => void } = { g: async () => { await send(); } };
console.log(f, o);
      `,
      options: [{ checkCallbacks: { variables: false, properties: false } }],
    },
    {
      code: `
declare function send(): Promise<void>;
export function make(): () => void {
  return async () => { await send(); };
}
class Base { run(): void {} }
export class Child extends Base { async run(): Promise<void> { await send(); } }
      `,
      options: [{ checkCallbacks: { returns: false, inheritedMethods: false } }],
    },
    {
      code: `
function consume(...callbacks: Array<() => void>): void { callbacks.forEach((f) => f()); }
consume(...[async () => {}]);
      `,
      options: [{ checkCallbacks: { arguments: false } }],
    },
    {
      code: `
export const copy = { ...Promise.resolve(1) };
      `,
      options: [{ checkSpreads: false }],
    },
    // JSX: a prop that takes a promise-returning function, and a sync handler.
    {
      filename: tsxFile,
      code: `
declare global {
  namespace JSX {
    interface IntrinsicElements { button: { onClick?: () => void } }
    interface Element {}
  }
}
function Button(props: { onClick: () => Promise<void> }) { return null; }
declare function save(): Promise<void>;
export const ok = <Button onClick={async () => { await save(); }} />;
export const plain = <button onClick={() => console.log('x')} />;
      `,
    },
    {
      filename: tsxFile,
      code: `
declare global {
  namespace JSX {
    interface IntrinsicElements { button: { onClick?: () => void } }
    interface Element {}
  }
}
declare function save(): Promise<void>;
export const b = <button onClick={async () => { await save(); }} />;
      `,
      options: [{ checkCallbacks: { attributes: false } }],
    },
    // A memoised promise tested for being set yet: declared without a value, or a variable assigned later.
    `
declare function closeAll(): Promise<void>;
export class Pool {
  private closing!: Promise<void>;
  close() {
    if (this.closing) return this.closing;
    this.closing = closeAll();
    return this.closing;
  }
}
let pending = closeAll();
export function reset() {
  if (!pending) pending = closeAll();
}
    `,
    // JavaScript and TypeScript without strictNullChecks drop `| undefined` from the type.
    {
      filename: looseJs,
      code: `
export class Pool {
  close() {
    if (this._closePromise) return this._closePromise;
    this._closePromise = Promise.all([1, 2].map(async (n) => n));
    return this._closePromise;
  }
}
      `,
    },
    {
      filename: looseTs,
      code: `
declare function closeAll(): Promise<void>;
export class Pool {
  private closing: Promise<void> = undefined;
  close(ready: Promise<void>) {
    if (this.closing || ready) return this.closing;
    this.closing = closeAll();
    return this.closing;
  }
}
      `,
    },
    // An async function that catches its own errors after set-up that cannot throw: its own plain functions.
    `
declare function stat(path: string): Promise<number>;
export class Watcher {
  closed = false;
  pending = 1;
  private ready = () => {
    this.pending -= 1;
  };
  isIgnored(path: string): boolean {
    return path === '.git' || this.closed;
  }
  handleError(error: unknown) {
    console.error(error);
  }
  async add(path: string): Promise<boolean> {
    if (this.isIgnored(path)) {
      this.ready();
      return false;
    }
    const depth = this.depthOf(path);
    try {
      await stat(path);
      return depth > 0;
    } catch (error) {
      this.handleError(error);
      return false;
    }
  }
  depthOf(path: string) {
    return path.length;
  }
  start(path: string) {
    this.add(path);
  }
}
    `,
    // An async function without `await` that only emits an ordinary event: it rejects only if a listener throws.
    `
import { EventEmitter } from 'node:events';
export class Bus extends EventEmitter {
  async publish(event: string, payload: unknown): Promise<this> {
    super.emit(event, payload);
    return this;
  }
}
new Bus().publish('ready', 1);
    `,
    // A chain already caught, then a fulfilment handler that cannot throw (Node's `end()`), also as an executor's result.
    `
import type { Writable } from 'node:stream';
declare function query(sql: string): Promise<number[]>;
declare const stream: Writable;
query('select 1').catch((error) => stream.emit('error', error)).then(() => stream.end());
export const done = new Promise<void>((resolve) => {
  if (stream.writableEnded) return resolve();
  return query('select 1')
    .then((rows) => rows.length)
    .catch((error) => stream.emit('error', error))
    .then(() => stream.end());
});
    `,
    // A merged interface that adds no `void` contract.
    `
export interface Job { label: string }
export class Job {
  async start() {}
}
    `,
    // A promise that rejects only without a stream, created where the caller already returned without one.
    `
import type { Readable } from 'node:stream';
function ended(stream: Readable | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!stream) return reject(new Error('no stream'));
    stream.once('end', resolve);
  });
}
export function finish(stream: Readable | undefined) {
  if (!stream) return;
  ended(stream);
}
    `,
    // `finally` by a computed name, and a `??` whose promise side is not always reached outside a test.
    `
const f = 'finally';
Promise.reject(new Error('x'))[f](async () => {}).catch(() => {});
declare const cached: Promise<number> | undefined;
declare function load(): number;
export const value = cached ?? load();
    `,
    // Fields and accessors that keep the base's `void` type.
    `
class Base {
  accessor start = (): void => {};
  stop: () => void = () => {};
}
export class Child extends Base {
  accessor start = (): void => {};
  stop: () => void = () => {};
}
    `,
    // A method declared to return nothing.
    `
type HasVoidMethod = { f(): void } | undefined;
export const obj: HasVoidMethod = {
  f(): void {
    throw new Error('not yet');
  },
};
    `,
  ],
  invalid: [
    // A method declared to return a promise, into an optional object type.
    {
      code: `
type HasVoidMethod = { f(): void } | undefined;
export const obj: HasVoidMethod = {
  f(): Promise<void> {
    throw new Error('not yet');
  },
};
      `,
      errors: [{ messageId: 'voidProperty', data: { name: 'f' }, line: 4, column: 3 }],
    },
    // Each broken contract is a finding; accessors and typed fields override too.
    {
      code: `
interface Runner { run(): void }
interface Worker { run(): void }
export interface Both extends Runner, Worker { run(): Promise<void> }
class Base {
  accessor start = (): void => {};
  stop: () => void = () => {};
}
export abstract class Child extends Base {
  accessor start = async (): Promise<void> => {};
  abstract stop: () => Promise<void>;
}
      `,
      errors: [
        { messageId: 'voidInherited', data: { name: 'run', base: 'Runner' }, line: 4, column: 48 },
        { messageId: 'voidInherited', data: { name: 'run', base: 'Worker' }, line: 4, column: 48 },
        { messageId: 'voidInherited', data: { name: 'start', base: 'Base' }, line: 10, column: 12 },
        { messageId: 'voidInherited', data: { name: 'stop', base: 'Base' }, line: 11, column: 12 },
      ],
    },
    // Function-typed properties of interfaces are contracts too, optional ones included.
    {
      code: `
type Flush = () => Promise<void>;
interface Task {
  done: () => void;
  onCancel?: (reason: string) => void;
  flush: (() => void) | undefined;
  id: string;
}
export interface Job extends Task {
  done: () => Promise<void>;
  onCancel?: (reason: string) => Promise<void>;
  flush: Flush | undefined;
  id: 'job';
}
      `,
      errors: [
        { messageId: 'voidInherited', data: { name: 'done', base: 'Task' }, line: 10, column: 3 },
        { messageId: 'voidInherited', data: { name: 'onCancel', base: 'Task' }, line: 11, column: 3 },
        { messageId: 'voidInherited', data: { name: 'flush', base: 'Task' }, line: 12, column: 3 },
      ],
    },
    // A test reaches the right side of `??` whenever the left is nullish.
    {
      code: `
declare const a: any;
declare const p: Promise<void>;
declare const q: Promise<void> | undefined;
if (a ?? p) console.log('always');
if (q ?? Promise.reject(new Error('x'))) console.log('always');
      `,
      errors: [
        { messageId: 'condition', line: 5, column: 10, suggestions: [] },
        { messageId: 'condition', line: 6, column: 10, suggestions: [] },
      ],
    },
    // A body of only returns, with nothing caught or called, is an ordinary async function.
    {
      code: `
async function save(id: number) {
  return id;
}
save(1);
      `,
      errors: [
        {
          messageId: 'floating',
          line: 5,
          column: 1,
          suggestions: [
            { messageId: 'addVoid', output: `
async function save(id: number) {
  return id;
}
void save(1);
      ` },
            { messageId: 'addCatch', output: `
async function save(id: number) {
  return id;
}
save(1)${CATCH};
      ` },
          ],
        },
      ],
    },
    // The caller may pass no stream; or `reject` leaves the executor as a listener.
    {
      code: `
import type { Readable } from 'node:stream';
function ended(stream: Readable | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!stream) return reject(new Error('no stream'));
    stream.once('error', reject);
    stream.once('end', resolve);
  });
}
function closed(stream: Readable | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!stream) return reject(new Error('no stream'));
    stream.once('close', resolve);
  });
}
export function finish(stream: Readable | undefined) {
  closed(stream);
  if (!stream) return;
  ended(stream);
}
      `,
      errors: [
        {
          messageId: 'floating',
          line: 17,
          column: 3,
          suggestions: [
            { messageId: 'addVoid', output: `
import type { Readable } from 'node:stream';
function ended(stream: Readable | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!stream) return reject(new Error('no stream'));
    stream.once('error', reject);
    stream.once('end', resolve);
  });
}
function closed(stream: Readable | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!stream) return reject(new Error('no stream'));
    stream.once('close', resolve);
  });
}
export function finish(stream: Readable | undefined) {
  void closed(stream);
  if (!stream) return;
  ended(stream);
}
      ` },
            { messageId: 'addCatch', output: `
import type { Readable } from 'node:stream';
function ended(stream: Readable | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!stream) return reject(new Error('no stream'));
    stream.once('error', reject);
    stream.once('end', resolve);
  });
}
function closed(stream: Readable | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!stream) return reject(new Error('no stream'));
    stream.once('close', resolve);
  });
}
export function finish(stream: Readable | undefined) {
  closed(stream)${CATCH};
  if (!stream) return;
  ended(stream);
}
      ` },
          ],
        },
        {
          messageId: 'floating',
          line: 19,
          column: 3,
          suggestions: [
            { messageId: 'addVoid', output: `
import type { Readable } from 'node:stream';
function ended(stream: Readable | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!stream) return reject(new Error('no stream'));
    stream.once('error', reject);
    stream.once('end', resolve);
  });
}
function closed(stream: Readable | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!stream) return reject(new Error('no stream'));
    stream.once('close', resolve);
  });
}
export function finish(stream: Readable | undefined) {
  closed(stream);
  if (!stream) return;
  void ended(stream);
}
      ` },
            { messageId: 'addCatch', output: `
import type { Readable } from 'node:stream';
function ended(stream: Readable | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!stream) return reject(new Error('no stream'));
    stream.once('error', reject);
    stream.once('end', resolve);
  });
}
function closed(stream: Readable | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!stream) return reject(new Error('no stream'));
    stream.once('close', resolve);
  });
}
export function finish(stream: Readable | undefined) {
  closed(stream);
  if (!stream) return;
  ended(stream)${CATCH};
}
      ` },
          ],
        },
      ],
    },
    // A class merged with an interface that extends a `void` contract inherits it.
    {
      code: `
interface Runner { start(): void }
export interface Job extends Runner {}
export class Job {
  async start() {}
}
      `,
      errors: [{ messageId: 'voidInherited', data: { name: 'start', base: 'Runner' }, line: 5, column: 9 }],
    },
    // After the catch, a handler that may throw; an executor returning a chain nobody catches.
    {
      code: `
declare function query(sql: string): Promise<number[]>;
declare function render(rows: unknown): string;
query('select 1').catch(() => []).then((rows) => render(rows));
export const done = new Promise<void>((resolve) => {
  return query('select 1').then((rows) => resolve(console.log(rows.length)));
});
      `,
      errors: [
        {
          messageId: 'floatingThen',
          line: 4,
          column: 1,
          suggestions: [
            { messageId: 'addVoid', output: `
declare function query(sql: string): Promise<number[]>;
declare function render(rows: unknown): string;
void query('select 1').catch(() => []).then((rows) => render(rows));
export const done = new Promise<void>((resolve) => {
  return query('select 1').then((rows) => resolve(console.log(rows.length)));
});
      ` },
            { messageId: 'addCatch', output: `
declare function query(sql: string): Promise<number[]>;
declare function render(rows: unknown): string;
query('select 1').catch(() => []).then((rows) => render(rows))${CATCH};
export const done = new Promise<void>((resolve) => {
  return query('select 1').then((rows) => resolve(console.log(rows.length)));
});
      ` },
          ],
        },
        { messageId: 'voidCallback', data: { callee: 'Promise' }, line: 5, column: 39 },
      ],
    },
    // Set-up before the `try` that can throw: a function that throws, a library call, an `'error'` event.
    {
      code: `
import { EventEmitter } from 'node:events';
declare function stat(path: string): Promise<number>;
function check(path: string) {
  if (!path) throw new Error('empty path');
}
async function add(path: string) {
  check(path);
  try {
    await stat(path);
  } catch (error) {
    console.error(error);
  }
}
async function parse(text: string) {
  const value: unknown = JSON.parse(text);
  try {
    await stat(String(value));
  } catch (error) {
    console.error(error);
  }
}
class Bus extends EventEmitter {
  async fail(error: Error) {
    super.emit('error', error);
  }
}
add('a');
parse('1');
new Bus().fail(new Error('x'));
      `,
      errors: [
        {
          messageId: 'floating',
          line: 28,
          column: 1,
          suggestions: [
            { messageId: 'addVoid', output: `
import { EventEmitter } from 'node:events';
declare function stat(path: string): Promise<number>;
function check(path: string) {
  if (!path) throw new Error('empty path');
}
async function add(path: string) {
  check(path);
  try {
    await stat(path);
  } catch (error) {
    console.error(error);
  }
}
async function parse(text: string) {
  const value: unknown = JSON.parse(text);
  try {
    await stat(String(value));
  } catch (error) {
    console.error(error);
  }
}
class Bus extends EventEmitter {
  async fail(error: Error) {
    super.emit('error', error);
  }
}
void add('a');
parse('1');
new Bus().fail(new Error('x'));
      ` },
            { messageId: 'addCatch', output: `
import { EventEmitter } from 'node:events';
declare function stat(path: string): Promise<number>;
function check(path: string) {
  if (!path) throw new Error('empty path');
}
async function add(path: string) {
  check(path);
  try {
    await stat(path);
  } catch (error) {
    console.error(error);
  }
}
async function parse(text: string) {
  const value: unknown = JSON.parse(text);
  try {
    await stat(String(value));
  } catch (error) {
    console.error(error);
  }
}
class Bus extends EventEmitter {
  async fail(error: Error) {
    super.emit('error', error);
  }
}
add('a')${CATCH};
parse('1');
new Bus().fail(new Error('x'));
      ` },
          ],
        },
        {
          messageId: 'floating',
          line: 29,
          column: 1,
          suggestions: [
            { messageId: 'addVoid', output: `
import { EventEmitter } from 'node:events';
declare function stat(path: string): Promise<number>;
function check(path: string) {
  if (!path) throw new Error('empty path');
}
async function add(path: string) {
  check(path);
  try {
    await stat(path);
  } catch (error) {
    console.error(error);
  }
}
async function parse(text: string) {
  const value: unknown = JSON.parse(text);
  try {
    await stat(String(value));
  } catch (error) {
    console.error(error);
  }
}
class Bus extends EventEmitter {
  async fail(error: Error) {
    super.emit('error', error);
  }
}
add('a');
void parse('1');
new Bus().fail(new Error('x'));
      ` },
            { messageId: 'addCatch', output: `
import { EventEmitter } from 'node:events';
declare function stat(path: string): Promise<number>;
function check(path: string) {
  if (!path) throw new Error('empty path');
}
async function add(path: string) {
  check(path);
  try {
    await stat(path);
  } catch (error) {
    console.error(error);
  }
}
async function parse(text: string) {
  const value: unknown = JSON.parse(text);
  try {
    await stat(String(value));
  } catch (error) {
    console.error(error);
  }
}
class Bus extends EventEmitter {
  async fail(error: Error) {
    super.emit('error', error);
  }
}
add('a');
parse('1')${CATCH};
new Bus().fail(new Error('x'));
      ` },
          ],
        },
        {
          messageId: 'floating',
          line: 30,
          column: 1,
          suggestions: [
            { messageId: 'addVoid', output: `
import { EventEmitter } from 'node:events';
declare function stat(path: string): Promise<number>;
function check(path: string) {
  if (!path) throw new Error('empty path');
}
async function add(path: string) {
  check(path);
  try {
    await stat(path);
  } catch (error) {
    console.error(error);
  }
}
async function parse(text: string) {
  const value: unknown = JSON.parse(text);
  try {
    await stat(String(value));
  } catch (error) {
    console.error(error);
  }
}
class Bus extends EventEmitter {
  async fail(error: Error) {
    super.emit('error', error);
  }
}
add('a');
parse('1');
void new Bus().fail(new Error('x'));
      ` },
            { messageId: 'addCatch', output: `
import { EventEmitter } from 'node:events';
declare function stat(path: string): Promise<number>;
function check(path: string) {
  if (!path) throw new Error('empty path');
}
async function add(path: string) {
  check(path);
  try {
    await stat(path);
  } catch (error) {
    console.error(error);
  }
}
async function parse(text: string) {
  const value: unknown = JSON.parse(text);
  try {
    await stat(String(value));
  } catch (error) {
    console.error(error);
  }
}
class Bus extends EventEmitter {
  async fail(error: Error) {
    super.emit('error', error);
  }
}
add('a');
parse('1');
new Bus().fail(new Error('x'))${CATCH};
      ` },
          ],
        },
      ],
    },
    // A promise tested where nothing else can set it: a const, or a property initialised with the promise.
    {
      code: `
declare function closeAll(): Promise<void>;
export class Pool {
  private closing = closeAll();
  close() {
    if (this.closing) return 1;
    return 0;
  }
}
const pending = closeAll();
if (pending) console.log('set');
      `,
      errors: [
        { messageId: 'condition', line: 6, column: 9, suggestions: [] },
        { messageId: 'condition', line: 11, column: 5, suggestions: [] },
      ],
    },
    {
      filename: looseTs,
      code: `
declare function closeAll(): Promise<void>;
const pending = closeAll();
if (pending) console.log('set');
      `,
      errors: [{ messageId: 'condition', line: 4, column: 5, suggestions: [] }],
    },
    // A promise-returning function stored where a `void`-returning one is expected.
    {
      code: `
declare function send(): Promise<void>;
const f: () => void = async () => { await send(); };
let g: () => void;
g = async () => { await send(); };
const obj: { onDone: () => void } = { onDone: () => undefined };
obj.onDone = async () => { await send(); };
console.log(f, g);
      `,
      errors: [
        { messageId: 'voidVariable', data: { name: 'f' }, line: 3, column: 23, endColumn: 34 },
        { messageId: 'voidVariable', data: { name: 'g' }, line: 5, column: 5 },
        { messageId: 'voidVariable', data: { name: 'onDone' }, line: 7, column: 14 },
      ],
    },
    // `[Symbol.dispose]` returns `void`: a disposer that returns a promise is not awaited by `using`.
    {
      code: `
declare function close(): Promise<void>;
export function open() {
  using resource = {
    async [Symbol.dispose]() {
      await close();
    },
  };
  const typed: Disposable = {
    [Symbol.dispose]: async () => { await close(); },
  };
  return [resource, typed];
}
      `,
      errors: [
        { messageId: 'voidProperty', data: { name: 'Symbol.dispose' }, line: 5, column: 5 },
        { messageId: 'voidProperty', data: { name: 'Symbol.dispose' }, line: 10, column: 23 },
      ],
    },
    {
      code: `
declare function close(): Promise<void>;
export class Resource implements Disposable {
  async [Symbol.dispose]() {
    await close();
  }
}
      `,
      errors: [{ messageId: 'voidInherited', data: { name: 'Symbol.dispose', base: 'Disposable' }, line: 4, column: 10 }],
    },
    // Properties: arrow values, methods and shorthands.
    {
      code: `
declare function send(): Promise<void>;
const handler = async () => { await send(); };
const o: { f: () => void; g: () => void; handler: () => void } = {
  f: async () => { await send(); },
  async g() { await send(); },
  handler,
};
console.log(o);
      `,
      errors: [
        { messageId: 'voidProperty', data: { name: 'f' }, line: 5, column: 6 },
        { messageId: 'voidProperty', data: { name: 'g' }, line: 6, column: 3 },
        { messageId: 'voidProperty', data: { name: 'handler' }, line: 7, column: 3 },
      ],
    },
    // Returned where the declared return type is a `void`-returning function.
    {
      code: `
declare function send(): Promise<void>;
export function make(): () => void {
  return async () => { await send(); };
}
export const arrow = (): (() => void) => async () => { await send(); };
      `,
      errors: [
        { messageId: 'voidReturn', line: 4, column: 10 },
        { messageId: 'voidReturn', line: 6, column: 42 },
      ],
    },
    // Overrides and implementations that return a promise where the base declares `void`.
    {
      code: `
class Base { run(): void {} }
interface Runner { start(): void }
export class Child extends Base implements Runner {
  async run(): Promise<void> {}
  async start() {}
}
export interface Later extends Base { run(): Promise<void> }
export abstract class Pending extends Base { abstract run(): Promise<void>; }
      `,
      errors: [
        { messageId: 'voidInherited', data: { name: 'run', base: 'Base' }, line: 5, column: 9 },
        { messageId: 'voidInherited', data: { name: 'start', base: 'Runner' }, line: 6, column: 9 },
        { messageId: 'voidInherited', data: { name: 'run', base: 'Base' }, line: 8, column: 39 },
        { messageId: 'voidInherited', data: { name: 'run', base: 'Base' }, line: 9, column: 55 },
      ],
    },
    // Spreading a promise copies nothing.
    {
      code: `
declare function load(): Promise<{ a: number }>;
export async function merge() {
  return { ...load() };
}
const p = load();
export const copy = { ...p };
      `,
      errors: [
        {
          messageId: 'spread',
          line: 4,
          column: 15,
          suggestions: [{ messageId: 'addAwait', output: `
declare function load(): Promise<{ a: number }>;
export async function merge() {
  return { ...await load() };
}
const p = load();
export const copy = { ...p };
      ` }],
        },
        { messageId: 'spread', line: 7, column: 26, suggestions: [] },
      ],
    },
    // Spread arguments into a rest parameter of `void`-returning functions.
    {
      code: `
function consume(...callbacks: Array<() => void>): void { callbacks.forEach((f) => f()); }
const tasks = [async () => {}, async () => {}];
consume(...tasks);
      `,
      errors: [{ messageId: 'voidCallback', data: { callee: 'consume' }, line: 4, column: 9 }],
    },
    // JSX attributes typed as `void`-returning functions.
    {
      filename: tsxFile,
      code: `
declare global {
  namespace JSX {
    interface IntrinsicElements { button: { onClick?: () => void } }
    interface Element {}
  }
}
function Button(props: { onClick: () => void }) { return null; }
declare function save(): Promise<void>;
export const a = <Button onClick={async () => { await save(); }} />;
export const b = <button onClick={async () => { await save(); }} />;
      `,
      errors: [
        { messageId: 'voidAttribute', data: { name: 'onClick' }, line: 10, column: 35 },
        { messageId: 'voidAttribute', data: { name: 'onClick' }, line: 11, column: 35 },
      ],
    },
    // An optional chain's `| undefined` does not make `.then()`/`.finally()` a completion-callback call.
    {
      code: `
declare function returnsPromise(): Promise<number> | undefined;
declare const p: Promise<number> | undefined;
returnsPromise()?.then((n) => n);
p?.then((n) => n);
returnsPromise()?.finally(() => {});
      `,
      errors: [
        {
          messageId: 'floatingThen',
          line: 4,
          column: 1,
          suggestions: [
            { messageId: 'addVoid', output: `
declare function returnsPromise(): Promise<number> | undefined;
declare const p: Promise<number> | undefined;
void returnsPromise()?.then((n) => n);
p?.then((n) => n);
returnsPromise()?.finally(() => {});
      ` },
            { messageId: 'addCatch', output: `
declare function returnsPromise(): Promise<number> | undefined;
declare const p: Promise<number> | undefined;
returnsPromise()?.then((n) => n)${CATCH};
p?.then((n) => n);
returnsPromise()?.finally(() => {});
      ` },
          ],
        },
        {
          messageId: 'floatingThen',
          line: 5,
          column: 1,
          suggestions: [
            { messageId: 'addVoid', output: `
declare function returnsPromise(): Promise<number> | undefined;
declare const p: Promise<number> | undefined;
returnsPromise()?.then((n) => n);
void p?.then((n) => n);
returnsPromise()?.finally(() => {});
      ` },
            { messageId: 'addCatch', output: `
declare function returnsPromise(): Promise<number> | undefined;
declare const p: Promise<number> | undefined;
returnsPromise()?.then((n) => n);
p?.then((n) => n)${CATCH};
returnsPromise()?.finally(() => {});
      ` },
          ],
        },
        {
          messageId: 'floating',
          line: 6,
          column: 1,
          suggestions: [
            { messageId: 'addVoid', output: `
declare function returnsPromise(): Promise<number> | undefined;
declare const p: Promise<number> | undefined;
returnsPromise()?.then((n) => n);
p?.then((n) => n);
void returnsPromise()?.finally(() => {});
      ` },
            { messageId: 'addCatch', output: `
declare function returnsPromise(): Promise<number> | undefined;
declare const p: Promise<number> | undefined;
returnsPromise()?.then((n) => n);
p?.then((n) => n);
returnsPromise()?.finally(() => {})${CATCH};
      ` },
          ],
        },
      ],
    },
    // A callback that returns a promise only inside `if`/`else`.
    {
      code: `
declare function send(n: number): Promise<void>;
[1, 2].forEach((n) => {
  if (n > 1) {
    return send(n);
  } else {
    return send(0);
  }
});
      `,
      errors: [{ messageId: 'voidCallbackLoop', data: { callee: 'forEach' }, line: 3, column: 16 }],
    },
    // `await` on an array of promises waits for none of them.
    {
      code: `
declare const tasks: Promise<void>[];
async function run() {
  await tasks;
  const done = await [tasks[0], tasks[1]];
  return done;
}
      `,
      errors: [
        {
          messageId: 'awaitArray',
          line: 4,
          column: 3,
          suggestions: [{ messageId: 'awaitAll', output: `
declare const tasks: Promise<void>[];
async function run() {
  await Promise.all(tasks);
  const done = await [tasks[0], tasks[1]];
  return done;
}
      ` }],
        },
        {
          messageId: 'awaitArray',
          line: 5,
          column: 16,
          suggestions: [{ messageId: 'awaitAll', output: `
declare const tasks: Promise<void>[];
async function run() {
  await tasks;
  const done = await Promise.all([tasks[0], tasks[1]]);
  return done;
}
      ` }],
        },
      ],
    },
    // `await` on an array method's result: one promise per element, none waited for.
    {
      code: `
declare function save(id: string): Promise<void>;
async function run(ids: string[]) {
  await ids.map(async (id) => save(id));
}
      `,
      errors: [
        {
          messageId: 'awaitArray',
          line: 4,
          column: 3,
          suggestions: [{ messageId: 'awaitAll', output: `
declare function save(id: string): Promise<void>;
async function run(ids: string[]) {
  await Promise.all(ids.map(async (id) => save(id)));
}
      ` }],
        },
      ],
    },
    // A constrained generic array of promises in a union with `undefined`.
    {
      code: `
function drop<T extends Array<Promise<number>>>(tasks: T | undefined) {
  tasks;
}
      `,
      errors: [{ messageId: 'floatingArray', line: 3, column: 3, suggestions: [] }],
    },
    // `yield` evaluates to what `next()` sends in; `yield*` to the inner generator's return value.
    {
      code: `
function* inner(): Generator<number, Promise<void>, unknown> {
  yield 1;
  return Promise.resolve();
}
function* outer(): Generator<number, void, Promise<void>> {
  yield 1;
  yield* inner();
}
      `,
      errors: [
        {
          messageId: 'floating',
          line: 7,
          column: 3,
          suggestions: [
            { messageId: 'addVoid', output: `
function* inner(): Generator<number, Promise<void>, unknown> {
  yield 1;
  return Promise.resolve();
}
function* outer(): Generator<number, void, Promise<void>> {
  void (yield 1);
  yield* inner();
}
      ` },
            { messageId: 'addCatch', output: `
function* inner(): Generator<number, Promise<void>, unknown> {
  yield 1;
  return Promise.resolve();
}
function* outer(): Generator<number, void, Promise<void>> {
  (yield 1)${CATCH};
  yield* inner();
}
      ` },
          ],
        },
        {
          messageId: 'floating',
          line: 8,
          column: 3,
          suggestions: [
            { messageId: 'addVoid', output: `
function* inner(): Generator<number, Promise<void>, unknown> {
  yield 1;
  return Promise.resolve();
}
function* outer(): Generator<number, void, Promise<void>> {
  yield 1;
  void (yield* inner());
}
      ` },
            { messageId: 'addCatch', output: `
function* inner(): Generator<number, Promise<void>, unknown> {
  yield 1;
  return Promise.resolve();
}
function* outer(): Generator<number, void, Promise<void>> {
  yield 1;
  (yield* inner())${CATCH};
}
      ` },
          ],
        },
      ],
    },
    // `void` in an arrow's expression body, with allowVoid off.
    {
      code: `
declare function send(): Promise<void>;
export const run = () => void send();
      `,
      options: [{ allowVoid: false }],
      errors: [
        {
          messageId: 'floatingVoid',
          line: 3,
          column: 26,
          suggestions: [{ messageId: 'addCatch', output: `
declare function send(): Promise<void>;
export const run = () => send()${CATCH};
      ` }],
        },
      ],
    },
    // A rejection handler that is not a function is ignored by the promise.
    {
      code: `
declare function work(): Promise<number>;
declare const maybe: ((error: unknown) => void) | undefined;
work().then((n) => n, 3);
work().then((n) => n, maybe);
work().catch(3);
      `,
      errors: [
        {
          messageId: 'floatingHandler',
          line: 4,
          column: 1,
          suggestions: [
            { messageId: 'addVoid', output: `
declare function work(): Promise<number>;
declare const maybe: ((error: unknown) => void) | undefined;
void work().then((n) => n, 3);
work().then((n) => n, maybe);
work().catch(3);
      ` },
            { messageId: 'addCatch', output: `
declare function work(): Promise<number>;
declare const maybe: ((error: unknown) => void) | undefined;
work().then((n) => n, 3)${CATCH};
work().then((n) => n, maybe);
work().catch(3);
      ` },
          ],
        },
        {
          messageId: 'floatingHandler',
          line: 5,
          column: 1,
          suggestions: [
            { messageId: 'addVoid', output: `
declare function work(): Promise<number>;
declare const maybe: ((error: unknown) => void) | undefined;
work().then((n) => n, 3);
void work().then((n) => n, maybe);
work().catch(3);
      ` },
            { messageId: 'addCatch', output: `
declare function work(): Promise<number>;
declare const maybe: ((error: unknown) => void) | undefined;
work().then((n) => n, 3);
work().then((n) => n, maybe)${CATCH};
work().catch(3);
      ` },
          ],
        },
        {
          messageId: 'floatingHandler',
          line: 6,
          column: 1,
          suggestions: [
            { messageId: 'addVoid', output: `
declare function work(): Promise<number>;
declare const maybe: ((error: unknown) => void) | undefined;
work().then((n) => n, 3);
work().then((n) => n, maybe);
void work().catch(3);
      ` },
            { messageId: 'addCatch', output: `
declare function work(): Promise<number>;
declare const maybe: ((error: unknown) => void) | undefined;
work().then((n) => n, 3);
work().then((n) => n, maybe);
work().catch(3)${CATCH};
      ` },
          ],
        },
      ],
    },
    // A spread of an empty array makes the callback the fulfilment handler.
    {
      code: `
Promise.reject(new Error('x')).then(...[], () => {});
      `,
      errors: [
        {
          messageId: 'floatingThen',
          line: 2,
          column: 1,
          suggestions: [
            { messageId: 'addVoid', output: `
void Promise.reject(new Error('x')).then(...[], () => {});
      ` },
            { messageId: 'addCatch', output: `
Promise.reject(new Error('x')).then(...[], () => {})${CATCH};
      ` },
          ],
        },
      ],
    },
    // An optional call still ignores what its callback returns.
    {
      code: `
declare const hooks: { onClose?: (listener: () => void) => void } | undefined;
declare function flush(): Promise<void>;
hooks?.onClose?.(async () => { await flush(); });
      `,
      errors: [{ messageId: 'voidCallback', data: { callee: 'onClose' }, line: 4, column: 18 }],
    },
    // A dynamic import is a promise too, though it has no callee to read.
    {
      code: `
function warm() {
  import('node:fs');
}
      `,
      errors: [
        {
          messageId: 'floating',
          line: 3,
          column: 3,
          endColumn: 20,
          suggestions: [
            {
              messageId: 'addVoid',
              output: `
function warm() {
  void import('node:fs');
}
      `,
            },
            {
              messageId: 'addCatch',
              output: `
function warm() {
  import('node:fs')${CATCH};
}
      `,
            },
          ],
        },
      ],
    },
    // A fluent method of a thenable returns the thenable itself.
    {
      code: `
declare class Query implements PromiseLike<number> {
  where(field: string): this;
  then<A = number, B = never>(
    onfulfilled?: ((value: number) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): PromiseLike<A | B>;
}
declare const users: Query;
function prune() {
  users.where('inactive');
}
      `,
      errors: [
        {
          messageId: 'floating',
          line: 11,
          column: 3,
          endColumn: 26,
          suggestions: [
            {
              messageId: 'addVoid',
              output: `
declare class Query implements PromiseLike<number> {
  where(field: string): this;
  then<A = number, B = never>(
    onfulfilled?: ((value: number) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): PromiseLike<A | B>;
}
declare const users: Query;
function prune() {
  void users.where('inactive');
}
      `,
            },
            {
              messageId: 'addCatch',
              output: `
declare class Query implements PromiseLike<number> {
  where(field: string): this;
  then<A = number, B = never>(
    onfulfilled?: ((value: number) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): PromiseLike<A | B>;
}
declare const users: Query;
function prune() {
  users.where('inactive')${CATCH};
}
      `,
            },
          ],
        },
      ],
    },
    // Overloads that disagree are resolved: without a callback this API returns a promise.
    {
      code: `
declare function query(sql: string): Promise<number>;
declare function query(sql: string, done: (error: Error | null, rows: number) => void): void;
function refresh() {
  query('select 1');
}
      `,
      errors: [
        {
          messageId: 'floating',
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: 'addVoid',
              output: `
declare function query(sql: string): Promise<number>;
declare function query(sql: string, done: (error: Error | null, rows: number) => void): void;
function refresh() {
  void query('select 1');
}
      `,
            },
            {
              messageId: 'addCatch',
              output: `
declare function query(sql: string): Promise<number>;
declare function query(sql: string, done: (error: Error | null, rows: number) => void): void;
function refresh() {
  query('select 1')${CATCH};
}
      `,
            },
          ],
        },
      ],
    },
    // A generic identity hands back the promise it was given.
    {
      code: `
declare function traced<T>(value: T): T;
declare const pending: Promise<void>;
const kept = traced(pending);
      `,
      options: [{ checkConditions: false }],
      errors: [{ messageId: 'stored', line: 4, column: 7, suggestions: [] }],
    },
    // A rest parameter of void callbacks.
    {
      code: `
declare function runAll(...tasks: Array<() => void>): void;
declare function save(): Promise<void>;
runAll(() => {}, async () => { await save(); });
      `,
      errors: [{ messageId: 'voidCallback', data: { callee: 'runAll' }, line: 4, column: 18 }],
    },
    // An explicit type argument fixes what the callback may return.
    {
      code: `
declare function collect<R>(fn: () => R): R[];
const results = collect<void>(async () => {});
console.log(results);
      `,
      errors: [{ messageId: 'voidCallback', data: { callee: 'collect' }, line: 3, column: 31 }],
    },
    // Check 1: expression statements.
    {
      code: `
async function send(): Promise<void> {}
async function handler() {
  send();
}
      `,
      errors: [
        {
          messageId: 'floating',
          line: 4,
          column: 3,
          endColumn: 9,
          suggestions: [
            {
              messageId: 'addAwait',
              output: `
async function send(): Promise<void> {}
async function handler() {
  await send();
}
      `,
            },
            {
              messageId: 'addVoid',
              output: `
async function send(): Promise<void> {}
async function handler() {
  void send();
}
      `,
            },
            {
              messageId: 'addCatch',
              output: `
async function send(): Promise<void> {}
async function handler() {
  send()${CATCH};
}
      `,
            },
          ],
        },
      ],
    },
    {
      // Outside an async function there is no `await` suggestion.
      code: `
declare const mailer: { send(to: string): Promise<void> };
function notify(to: string) {
  mailer.send(to);
}
      `,
      errors: [
        {
          messageId: 'floating',
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: 'addVoid',
              output: `
declare const mailer: { send(to: string): Promise<void> };
function notify(to: string) {
  void mailer.send(to);
}
      `,
            },
            {
              messageId: 'addCatch',
              output: `
declare const mailer: { send(to: string): Promise<void> };
function notify(to: string) {
  mailer.send(to)${CATCH};
}
      `,
            },
          ],
        },
      ],
    },
    {
      // Optional chain.
      code: `
declare const mailer: { send(to: string): Promise<void> } | undefined;
mailer?.send('a');
      `,
      errors: [
        {
          messageId: 'floating',
          line: 3,
          column: 1,
          suggestions: [
            { messageId: 'addVoid', output: `
declare const mailer: { send(to: string): Promise<void> } | undefined;
void mailer?.send('a');
      ` },
            { messageId: 'addCatch', output: `
declare const mailer: { send(to: string): Promise<void> } | undefined;
mailer?.send('a')${CATCH};
      ` },
          ],
        },
      ],
    },
    {
      // Conditional expression: the branch that floats is reported, and the fix wraps the whole expression.
      code: `
declare function a(): Promise<void>;
declare function b(): void;
declare const flag: boolean;
flag ? a() : b();
      `,
      errors: [
        {
          messageId: 'floating',
          line: 5,
          column: 8,
          endColumn: 11,
          suggestions: [
            { messageId: 'addVoid', output: `
declare function a(): Promise<void>;
declare function b(): void;
declare const flag: boolean;
flag ? void a() : b();
      ` },
            { messageId: 'addCatch', output: `
declare function a(): Promise<void>;
declare function b(): void;
declare const flag: boolean;
flag ? a()${CATCH} : b();
      ` },
          ],
        },
      ],
    },
    {
      // Logical expression.
      code: `
declare function save(): Promise<void>;
declare const dirty: boolean;
dirty && save();
      `,
      errors: [{ messageId: 'floating', line: 4, column: 10, suggestions: [
        { messageId: 'addVoid', output: `
declare function save(): Promise<void>;
declare const dirty: boolean;
dirty && void save();
      ` },
        { messageId: 'addCatch', output: `
declare function save(): Promise<void>;
declare const dirty: boolean;
dirty && save()${CATCH};
      ` },
      ] }],
    },
    {
      // .then(onFulfilled) without a rejection handler.
      code: `
declare function load(): Promise<string>;
load().then((text) => console.log(text));
      `,
      errors: [{ messageId: 'floatingThen', line: 3, column: 1, suggestions: [
        { messageId: 'addVoid', output: `
declare function load(): Promise<string>;
void load().then((text) => console.log(text));
      ` },
        { messageId: 'addCatch', output: `
declare function load(): Promise<string>;
load().then((text) => console.log(text))${CATCH};
      ` },
      ] }],
    },
    {
      // .then(f, undefined) is still unhandled.
      code: `
declare function load(): Promise<string>;
load().then((text) => console.log(text), undefined);
      `,
      errors: [{ messageId: 'floatingThen', line: 3, column: 1, suggestions: [
        { messageId: 'addVoid', output: `
declare function load(): Promise<string>;
void load().then((text) => console.log(text), undefined);
      ` },
        { messageId: 'addCatch', output: `
declare function load(): Promise<string>;
load().then((text) => console.log(text), undefined)${CATCH};
      ` },
      ] }],
    },
    {
      // .finally() alone does not handle a rejection.
      code: `
declare function load(): Promise<string>;
load().finally(() => console.log('done'));
      `,
      errors: [{ messageId: 'floating', line: 3, column: 1, suggestions: [
        { messageId: 'addVoid', output: `
declare function load(): Promise<string>;
void load().finally(() => console.log('done'));
      ` },
        { messageId: 'addCatch', output: `
declare function load(): Promise<string>;
load().finally(() => console.log('done'))${CATCH};
      ` },
      ] }],
    },
    {
      // .catch() with no handler is no handler.
      code: `
declare function load(): Promise<string>;
load().catch();
      `,
      errors: [{ messageId: 'floating', line: 3, column: 1, suggestions: [
        { messageId: 'addVoid', output: `
declare function load(): Promise<string>;
void load().catch();
      ` },
        { messageId: 'addCatch', output: `
declare function load(): Promise<string>;
load().catch()${CATCH};
      ` },
      ] }],
    },
    {
      // A promise subclass, through a class method.
      code: `
class Task<T> extends Promise<T> {}
class Queue {
  async drain(): Promise<void> {}
  push(): Task<void> { return new Task((resolve) => resolve()); }
}
declare const queue: Queue;
queue.push();
      `,
      errors: [{ messageId: 'floating', line: 8, column: 1, suggestions: [
        { messageId: 'addVoid', output: `
class Task<T> extends Promise<T> {}
class Queue {
  async drain(): Promise<void> {}
  push(): Task<void> { return new Task((resolve) => resolve()); }
}
declare const queue: Queue;
void queue.push();
      ` },
        { messageId: 'addCatch', output: `
class Task<T> extends Promise<T> {}
class Queue {
  async drain(): Promise<void> {}
  push(): Task<void> { return new Task((resolve) => resolve()); }
}
declare const queue: Queue;
queue.push()${CATCH};
      ` },
      ] }],
    },
    {
      // A thenable that is not a Promise.
      code: `
interface Query<T> { then(onFulfilled: (value: T) => void, onRejected?: (error: unknown) => void): void }
declare function select(): Query<number[]>;
select();
      `,
      errors: [{ messageId: 'floating', line: 4, column: 1, suggestions: [
        { messageId: 'addVoid', output: `
interface Query<T> { then(onFulfilled: (value: T) => void, onRejected?: (error: unknown) => void): void }
declare function select(): Query<number[]>;
void select();
      ` },
        { messageId: 'addCatch', output: `
interface Query<T> { then(onFulfilled: (value: T) => void, onRejected?: (error: unknown) => void): void }
declare function select(): Query<number[]>;
select()${CATCH};
      ` },
      ] }],
    },
    {
      // A union containing a promise, through a generic constraint.
      code: `
function run<T extends Promise<void> | void>(fn: () => T) {
  fn();
}
      `,
      errors: [{ messageId: 'floating', line: 3, column: 3, suggestions: [
        { messageId: 'addVoid', output: `
function run<T extends Promise<void> | void>(fn: () => T) {
  void fn();
}
      ` },
        { messageId: 'addCatch', output: `
function run<T extends Promise<void> | void>(fn: () => T) {
  fn()${CATCH};
}
      ` },
      ] }],
    },
    {
      // `as`, `!`: the written type is still a promise.
      code: `
declare const jobs: Map<string, Promise<void>>;
async function run() {
  jobs.get('a')!;
}
      `,
      errors: [{ messageId: 'floating', line: 4, column: 3, suggestions: [
        { messageId: 'addAwait', output: `
declare const jobs: Map<string, Promise<void>>;
async function run() {
  await jobs.get('a')!;
}
      ` },
        { messageId: 'addVoid', output: `
declare const jobs: Map<string, Promise<void>>;
async function run() {
  void jobs.get('a')!;
}
      ` },
        { messageId: 'addCatch', output: `
declare const jobs: Map<string, Promise<void>>;
async function run() {
  jobs.get('a')!${CATCH};
}
      ` },
      ] }],
    },
    {
      code: `
declare function start(): unknown;
start() as Promise<void>;
      `,
      errors: [{ messageId: 'floating', line: 3, column: 1, suggestions: [
        { messageId: 'addVoid', output: `
declare function start(): unknown;
void (start() as Promise<void>);
      ` },
        { messageId: 'addCatch', output: `
declare function start(): unknown;
(start() as Promise<void>)${CATCH};
      ` },
      ] }],
    },
    {
      // new Promise as a statement.
      code: `
new Promise<void>((resolve) => setTimeout(resolve, 10));
      `,
      errors: [{ messageId: 'floating', line: 2, column: 1, suggestions: [
        { messageId: 'addVoid', output: `
void new Promise<void>((resolve) => setTimeout(resolve, 10));
      ` },
        { messageId: 'addCatch', output: `
new Promise<void>((resolve) => setTimeout(resolve, 10))${CATCH};
      ` },
      ] }],
    },
    {
      // An async IIFE, not ignored by default.
      code: `
(async () => {
  await Promise.resolve();
})();
      `,
      errors: [{ messageId: 'floating', line: 2, column: 1, suggestions: [
        { messageId: 'addVoid', output: `
void (async () => {
  await Promise.resolve();
})();
      ` },
        { messageId: 'addCatch', output: `
(async () => {
  await Promise.resolve();
})()${CATCH};
      ` },
      ] }],
    },
    {
      // An array of promises dropped.
      code: `
declare function notify(id: string): Promise<void>;
async function run(ids: string[]) {
  ids.map((id) => notify(id));
}
      `,
      errors: [{ messageId: 'floatingArray', line: 4, column: 3, suggestions: [
        { messageId: 'awaitAll', output: `
declare function notify(id: string): Promise<void>;
async function run(ids: string[]) {
  await Promise.all(ids.map((id) => notify(id)));
}
      ` },
      ] }],
    },
    {
      code: `
declare function a(): Promise<void>;
declare function b(): Promise<number>;
[a(), b()];
      `,
      errors: [{ messageId: 'floatingArray', line: 4, column: 1, suggestions: [] }],
    },
    {
      // Sequence expression.
      code: `
declare function a(): Promise<void>;
let n = 0;
(n++, a());
      `,
      errors: [{ messageId: 'floating', line: 4, column: 7, suggestions: [
        { messageId: 'addVoid', output: `
declare function a(): Promise<void>;
let n = 0;
(n++, void a());
      ` },
        { messageId: 'addCatch', output: `
declare function a(): Promise<void>;
let n = 0;
(n++, a()${CATCH});
      ` },
      ] }],
    },
    {
      // Aliased through a type alias and a destructured method.
      code: `
type Pending = Promise<void>;
declare const api: { flush(): Pending };
const { flush } = api;
flush();
      `,
      errors: [{ messageId: 'floating', line: 5, column: 1, suggestions: [
        { messageId: 'addVoid', output: `
type Pending = Promise<void>;
declare const api: { flush(): Pending };
const { flush } = api;
void flush();
      ` },
        { messageId: 'addCatch', output: `
type Pending = Promise<void>;
declare const api: { flush(): Pending };
const { flush } = api;
flush()${CATCH};
      ` },
      ] }],
    },
    {
      // `void` when allowVoid is off.
      code: `
declare function send(): Promise<void>;
async function run() {
  void send();
}
      `,
      options: [{ allowVoid: false }],
      errors: [{ messageId: 'floatingVoid', line: 4, column: 3, suggestions: [
        { messageId: 'addAwait', output: `
declare function send(): Promise<void>;
async function run() {
  await send();
}
      ` },
        { messageId: 'addCatch', output: `
declare function send(): Promise<void>;
async function run() {
  send()${CATCH};
}
      ` },
      ] }],
    },
    {
      // With allowVoid off, no `void` suggestion either.
      code: `
declare function send(): Promise<void>;
send();
      `,
      options: [{ allowVoid: false }],
      errors: [{ messageId: 'floating', line: 3, column: 1, suggestions: [
        { messageId: 'addCatch', output: `
declare function send(): Promise<void>;
send()${CATCH};
      ` },
      ] }],
    },
    {
      // An allowed call's promise is safe to drop, not to build on: the chain rejects when the call does.
      code: `
declare function track(event: string): Promise<void>;
let sent = false;
track('open').then(() => { sent = true; });
track('close').finally(() => { sent = false; });
      `,
      options: [{ allowList: ['track'] }],
      errors: [
        { messageId: 'floatingThen', line: 4, column: 1, suggestions: [
          { messageId: 'addVoid', output: `
declare function track(event: string): Promise<void>;
let sent = false;
void track('open').then(() => { sent = true; });
track('close').finally(() => { sent = false; });
      ` },
          { messageId: 'addCatch', output: `
declare function track(event: string): Promise<void>;
let sent = false;
track('open').then(() => { sent = true; })${CATCH};
track('close').finally(() => { sent = false; });
      ` },
        ] },
        { messageId: 'floating', line: 5, column: 1, suggestions: [
          { messageId: 'addVoid', output: `
declare function track(event: string): Promise<void>;
let sent = false;
track('open').then(() => { sent = true; });
void track('close').finally(() => { sent = false; });
      ` },
          { messageId: 'addCatch', output: `
declare function track(event: string): Promise<void>;
let sent = false;
track('open').then(() => { sent = true; });
track('close').finally(() => { sent = false; })${CATCH};
      ` },
        ] },
      ],
    },
    {
      // allowList names another function: this one is still reported.
      code: `
declare function fireAndForget(): Promise<void>;
declare function important(): Promise<void>;
important();
      `,
      options: [{ allowList: ['fireAndForget'] }],
      errors: [{ messageId: 'floating', line: 4, column: 1, suggestions: [
        { messageId: 'addVoid', output: `
declare function fireAndForget(): Promise<void>;
declare function important(): Promise<void>;
void important();
      ` },
        { messageId: 'addCatch', output: `
declare function fireAndForget(): Promise<void>;
declare function important(): Promise<void>;
important()${CATCH};
      ` },
      ] }],
    },

    {
      // The catch block rethrows: the promise can still reject.
      code: `
async function save(): Promise<void> {
  try {
    await Promise.resolve();
  } catch (error) {
    throw new Error('save failed', { cause: error });
  }
}
save();
      `,
      errors: [{ messageId: 'floating', line: 9, column: 1, suggestions: [
        { messageId: 'addVoid', output: `
async function save(): Promise<void> {
  try {
    await Promise.resolve();
  } catch (error) {
    throw new Error('save failed', { cause: error });
  }
}
void save();
      ` },
        { messageId: 'addCatch', output: `
async function save(): Promise<void> {
  try {
    await Promise.resolve();
  } catch (error) {
    throw new Error('save failed', { cause: error });
  }
}
save()${CATCH};
      ` },
      ] }],
    },
    {
      // A callback whose first parameter is data, not an error: not a completion callback.
      code: `
declare function mapAll<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void>;
mapAll([1, 2], async (item) => console.log(item));
      `,
      errors: [{ messageId: 'floating', line: 3, column: 1, suggestions: [
        { messageId: 'addVoid', output: `
declare function mapAll<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void>;
void mapAll([1, 2], async (item) => console.log(item));
      ` },
        { messageId: 'addCatch', output: `
declare function mapAll<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void>;
mapAll([1, 2], async (item) => console.log(item))${CATCH};
      ` },
      ] }],
    },

    {
      // A call before the try can throw, so the promise can reject.
      code: `
declare function connect(): void;
async function start(): Promise<void> {
  connect();
  try {
    await Promise.resolve();
  } catch (error) {
    console.error(error);
  }
}
start();
      `,
      errors: [{ messageId: 'floating', line: 11, column: 1, suggestions: [
        { messageId: 'addVoid', output: `
declare function connect(): void;
async function start(): Promise<void> {
  connect();
  try {
    await Promise.resolve();
  } catch (error) {
    console.error(error);
  }
}
void start();
      ` },
        { messageId: 'addCatch', output: `
declare function connect(): void;
async function start(): Promise<void> {
  connect();
  try {
    await Promise.resolve();
  } catch (error) {
    console.error(error);
  }
}
start()${CATCH};
      ` },
      ] }],
    },

    // Check 2: stored and forgotten.
    {
      code: `
declare function sendEmail(to: string): Promise<void>;
async function signup(user: { email: string }) {
  const sent = sendEmail(user.email);
  return { ok: true };
}
      `,
      errors: [{
        messageId: 'stored',
        data: { name: 'sent' },
        line: 4,
        column: 9,
        endColumn: 13,
        suggestions: [{ messageId: 'awaitInit', output: `
declare function sendEmail(to: string): Promise<void>;
async function signup(user: { email: string }) {
  const sent = await sendEmail(user.email);
  return { ok: true };
}
      ` }],
      }],
    },
    {
      // Outside async code: reported, no suggestion.
      code: `
declare function warmCache(): Promise<void>;
function boot() {
  let warming = warmCache();
  console.log('booted');
}
      `,
      errors: [{ messageId: 'stored', line: 4, column: 7, suggestions: [] }],
    },
    {
      // Only compared and logged in a template: still forgotten.
      code: `
declare function load(): Promise<string>;
function run() {
  const pending = load();
  console.log(\`state: \${pending}\`);
  return pending === undefined;
}
      `,
      errors: [{ messageId: 'stored', line: 4, column: 9, suggestions: [] }],
    },
    {
      // Reassigned, never read.
      code: `
declare function load(): Promise<string>;
async function run() {
  let pending = load();
  pending = load();
}
      `,
      errors: [
        { messageId: 'stored', line: 4, column: 7, suggestions: [{ messageId: 'awaitInit', output: `
declare function load(): Promise<string>;
async function run() {
  let pending = await load();
  pending = load();
}
      ` }] },
      ],
    },
    {
      // Module level, declared type through an interface method.
      code: `
interface Db { connect(): Promise<void> }
declare const db: Db;
const connecting = db.connect();
      `,
      errors: [{ messageId: 'stored', line: 4, column: 7, suggestions: [] }],
    },
    {
      // With conditions off, a promise only tested in an `if` is forgotten.
      code: `
declare function load(): Promise<boolean>;
function run() {
  const ready = load();
  if (ready) console.log('ready');
}
      `,
      options: [{ checkConditions: false }],
      errors: [{ messageId: 'stored', line: 4, column: 9, suggestions: [] }],
    },

    // Check 3: callbacks whose promise is ignored.
    {
      code: `
declare function save(id: number): Promise<void>;
[1, 2, 3].forEach(async (id) => {
  await save(id);
});
      `,
      errors: [{ messageId: 'voidCallbackLoop', data: { callee: 'forEach' }, line: 3, column: 19, endColumn: 32 }],
    },
    {
      code: `
declare function refresh(): Promise<void>;
setTimeout(async () => {
  await refresh();
}, 1000);
      `,
      errors: [{ messageId: 'voidCallback', data: { callee: 'setTimeout' }, line: 3, column: 12 }],
    },
    {
      // A named async function passed by reference.
      code: `
async function handle(line: string): Promise<void> {}
declare const lines: string[];
lines.forEach(handle);
      `,
      errors: [{ messageId: 'voidCallbackLoop', line: 4, column: 15, endColumn: 21 }],
    },
    {
      // A sync arrow that returns a promise.
      code: `
declare function save(id: number): Promise<void>;
[1, 2].forEach((id) => save(id));
      `,
      errors: [{ messageId: 'voidCallbackLoop', line: 3, column: 16 }],
    },
    {
      code: `
declare function isActive(id: number): Promise<boolean>;
const active = [1, 2].filter(async (id) => isActive(id));
      `,
      errors: [{ messageId: 'predicateCallback', data: { callee: 'filter' }, line: 3, column: 30 }],
    },
    {
      // A user's own predicate typed as returning boolean is still a condition.
      code: `
declare function keep<T>(items: T[], predicate: (item: T) => boolean): T[];
declare function isActive(id: number): Promise<boolean>;
const active = keep([1, 2], async (id) => isActive(id));
      `,
      errors: [{ messageId: 'predicateCallback', data: { callee: 'keep' }, line: 4, column: 29 }],
    },
    {
      code: `
declare function exists(id: number): Promise<boolean>;
const any = [1, 2].some(async (id) => exists(id));
const all = [1, 2].every(async (id) => exists(id));
const first = [1, 2].find(async (id) => exists(id));
const index = [1, 2].findIndex(async (id) => exists(id));
      `,
      errors: [
        { messageId: 'predicateCallback', data: { callee: 'some' }, line: 3, column: 25 },
        { messageId: 'predicateCallback', data: { callee: 'every' }, line: 4, column: 26 },
        { messageId: 'predicateCallback', data: { callee: 'find' }, line: 5, column: 27 },
        { messageId: 'predicateCallback', data: { callee: 'findIndex' }, line: 6, column: 32 },
      ],
    },
    {
      // An event listener typed as returning void.
      code: `
import { EventEmitter } from 'node:events';
declare function persist(value: unknown): Promise<void>;
const bus = new EventEmitter();
bus.on('order', async (order) => {
  await persist(order);
});
      `,
      errors: [{ messageId: 'voidCallback', data: { callee: 'on' }, line: 5, column: 17 }],
    },
    {
      // An async Promise executor.
      code: `
declare function fetchText(): Promise<string>;
export const text = new Promise<string>(async (resolve) => {
  resolve(await fetchText());
});
      `,
      errors: [{ messageId: 'asyncExecutor', data: { callee: 'Promise' }, line: 3, column: 41 }],
    },
    {
      // The user's own API declared with a void callback.
      code: `
declare function onShutdown(hook: () => void): void;
declare function flush(): Promise<void>;
onShutdown(async () => flush());
      `,
      errors: [{ messageId: 'voidCallback', data: { callee: 'onShutdown' }, line: 4, column: 12 }],
    },

    {
      // A sync arrow with a block body that returns a promise.
      code: `
declare function save(id: number): Promise<void>;
[1, 2].forEach((id) => {
  return save(id);
});
      `,
      errors: [{ messageId: 'voidCallbackLoop', line: 3, column: 16, endColumn: 23 }],
    },
    {
      // An async arrow held in a variable, then passed by name.
      code: `
declare const queue: { on(event: 'job', listener: (id: string) => void): void };
const onJob = async (id: string) => {
  console.log(id);
};
queue.on('job', onJob);
      `,
      errors: [{ messageId: 'voidCallback', data: { callee: 'on' }, line: 6, column: 17, endColumn: 22 }],
    },
    {
      // A method passed by reference.
      code: `
class Importer {
  async importOne(path: string): Promise<void> {}
}
declare const importer: Importer;
['a', 'b'].forEach(importer.importOne);
      `,
      errors: [{ messageId: 'voidCallbackLoop', line: 6, column: 20, endColumn: 38 }],
    },

    // Check 4: promises as conditions.
    {
      code: `
declare function isAllowed(user: string): Promise<boolean>;
async function guard(user: string) {
  if (isAllowed(user)) {
    return 'ok';
  }
  return 'denied';
}
      `,
      errors: [{ messageId: 'condition', line: 4, column: 7, endColumn: 22, suggestions: [{ messageId: 'awaitCondition', output: `
declare function isAllowed(user: string): Promise<boolean>;
async function guard(user: string) {
  if ((await isAllowed(user))) {
    return 'ok';
  }
  return 'denied';
}
      ` }] }],
    },
    {
      code: `
declare function hasMore(): Promise<boolean>;
function drain() {
  while (hasMore()) {
    break;
  }
}
      `,
      errors: [{ messageId: 'condition', line: 4, column: 10, suggestions: [] }],
    },
    {
      code: `
declare function isAdmin(): Promise<boolean>;
const label = isAdmin() ? 'admin' : 'user';
      `,
      errors: [{ messageId: 'condition', line: 3, column: 15, suggestions: [] }],
    },
    {
      code: `
declare function isAdmin(): Promise<boolean>;
declare const user: string;
async function check() {
  return !isAdmin() && user;
}
      `,
      errors: [{ messageId: 'condition', line: 5, column: 11, suggestions: [{ messageId: 'awaitCondition', output: `
declare function isAdmin(): Promise<boolean>;
declare const user: string;
async function check() {
  return !(await isAdmin()) && user;
}
      ` }] }],
    },
    {
      code: `
declare function isCached(): Promise<boolean>;
declare function load(): string;
const value = isCached() || load();
      `,
      errors: [{ messageId: 'condition', line: 4, column: 15, suggestions: [] }],
    },
    {
      // A stored promise tested in `if`: the condition is reported, not the declaration.
      code: `
declare function load(): Promise<boolean>;
function run() {
  const ready = load();
  if (ready) console.log('ready');
}
      `,
      errors: [{ messageId: 'condition', line: 5, column: 7, suggestions: [] }],
    },
    {
      code: `
declare function isReady(): Promise<boolean>;
async function poll() {
  do {
    console.log('waiting');
  } while (!isReady());
}
      `,
      errors: [{ messageId: 'condition', line: 6, column: 13, suggestions: [{ messageId: 'awaitCondition', output: `
declare function isReady(): Promise<boolean>;
async function poll() {
  do {
    console.log('waiting');
  } while (!(await isReady()));
}
      ` }] }],
    },
  ],
});
