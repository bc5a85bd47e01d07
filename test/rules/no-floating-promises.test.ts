import rule from '../../rules/no-floating-promises.js';
import { typedRuleTester } from '../rule-tester.js';

const ruleTester = typedRuleTester();
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
  ],
  invalid: [
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
