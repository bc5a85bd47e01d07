/**
 * What blocks the event loop, and where code runs on the loop after start-up: data only, matched against
 * callees resolved through the checker (src/analysis/callee.ts), never against identifier text.
 *
 * A name pattern is `name` (any container) or `Container.name`; `*` matches any run of characters.
 * Modules are written without the `node:` prefix; `lib` means TypeScript's own lib files.
 */

export type BlockingKind =
  | 'fs'
  | 'child-process'
  | 'zlib'
  | 'crypto'
  | 'atomics'
  | 'sqlite'
  | 'password-hash'
  | 'glob'
  | 'user';

export interface BlockingEntry {
  kind: BlockingKind;
  modules: readonly string[];
  names: readonly string[];
  /** Blocks only when no callback is passed (`crypto.randomBytes(n)` vs `crypto.randomBytes(n, cb)`). */
  unlessCallback?: boolean;
}

export const blockingCatalogue: readonly BlockingEntry[] = [
  // fs-extra re-exports fs, so its copies of the fs functions resolve to `fs` itself.
  { kind: 'fs', modules: ['fs', 'fs-extra'], names: ['*Sync'] },
  { kind: 'child-process', modules: ['child_process'], names: ['execSync', 'execFileSync', 'spawnSync'] },
  { kind: 'child-process', modules: ['execa'], names: ['execaSync', 'execaCommandSync', 'sync', 's'] },
  { kind: 'zlib', modules: ['zlib'], names: ['*Sync'] },
  {
    kind: 'crypto',
    modules: ['crypto'],
    names: [
      'pbkdf2Sync',
      'scryptSync',
      'generateKeyPairSync',
      'generateKeySync',
      'generatePrimeSync',
      'checkPrimeSync',
      'randomFillSync',
    ],
  },
  { kind: 'crypto', modules: ['crypto'], names: ['randomBytes'], unlessCallback: true },
  { kind: 'atomics', modules: ['lib'], names: ['Atomics.wait'] },
  {
    kind: 'sqlite',
    modules: ['better-sqlite3'],
    names: ['Statement.run', 'Statement.get', 'Statement.all', 'Statement.iterate', 'Database.exec', 'Database.pragma'],
  },
  { kind: 'password-hash', modules: ['bcrypt', 'bcryptjs'], names: ['hashSync', 'compareSync', 'genSaltSync'] },
  {
    kind: 'glob',
    modules: ['glob'],
    names: ['globSync', 'sync', 'globIterateSync', 'iterateSync', 'globStreamSync', 'streamSync'],
  },
];

/** `crypto.randomBytes(n)` with a small literal size reads the entropy pool and returns at once. */
export const RANDOM_BYTES_SMALL_LITERAL = 1024;

/** Why each kind blocks, and what to use instead (sentences for the messages). */
export const blockingReasons: Readonly<Record<BlockingKind, { reason: string; alternative: string }>> = {
  fs: {
    reason: 'a synchronous file-system call',
    alternative: 'Use `fs/promises` instead.',
  },
  'child-process': {
    reason: 'a synchronous child process',
    alternative: 'Use `execFile` or `spawn`, or their promisified forms.',
  },
  zlib: {
    reason: 'synchronous compression',
    alternative: 'Use the callback or stream form of `zlib`.',
  },
  crypto: {
    reason: 'CPU-bound synchronous crypto',
    alternative: 'Use the callback form, which runs on the thread pool.',
  },
  atomics: {
    reason: 'a blocking wait on shared memory',
    alternative: 'Use `Atomics.waitAsync()`, or wait in a worker thread.',
  },
  sqlite: {
    reason: 'a synchronous SQLite query',
    alternative: 'Keep it short and indexed, or run it in a worker thread.',
  },
  'password-hash': {
    reason: 'a synchronous password hash',
    alternative: 'Use the async `hash`/`compare`/`genSalt`.',
  },
  glob: {
    reason: 'a synchronous directory walk',
    alternative: 'Use the async `glob()`.',
  },
  user: {
    reason: 'blocking, by the rule options',
    alternative: 'Use its asynchronous counterpart.',
  },
};

/** Exact `fs/promises` equivalents of fs sync calls, for suggestions (same arguments, same result). */
export const fsPromiseEquivalents: Readonly<Record<string, string>> = {
  accessSync: 'access',
  appendFileSync: 'appendFile',
  chmodSync: 'chmod',
  chownSync: 'chown',
  copyFileSync: 'copyFile',
  cpSync: 'cp',
  linkSync: 'link',
  mkdirSync: 'mkdir',
  mkdtempSync: 'mkdtemp',
  readdirSync: 'readdir',
  readFileSync: 'readFile',
  readlinkSync: 'readlink',
  realpathSync: 'realpath',
  renameSync: 'rename',
  rmdirSync: 'rmdir',
  rmSync: 'rm',
  symlinkSync: 'symlink',
  truncateSync: 'truncate',
  unlinkSync: 'unlink',
  utimesSync: 'utimes',
  writeFileSync: 'writeFile',
  // `statSync(p, { throwIfNoEntry: false })` has no promise equivalent: suggested only with one argument.
  statSync: 'stat',
  lstatSync: 'lstat',
};

export const fsOneArgumentOnly: ReadonlySet<string> = new Set(['statSync', 'lstatSync']);

export type CallbackContextKind = 'timer' | 'microtask' | 'promise' | 'listener' | 'request-handler';

export interface CallbackContextEntry {
  kind: CallbackContextKind;
  modules: readonly string[];
  names: readonly string[];
}

/** Calls whose function arguments run later, on the loop: timers, ticks, promise reactions, servers, routers. */
export const callbackContexts: readonly CallbackContextEntry[] = [
  { kind: 'timer', modules: ['timers', 'lib', 'node'], names: ['setTimeout', 'setInterval', 'setImmediate'] },
  { kind: 'microtask', modules: ['timers', 'lib', 'node'], names: ['queueMicrotask'] },
  { kind: 'microtask', modules: ['process'], names: ['Process.nextTick'] },
  {
    kind: 'promise',
    modules: ['lib'],
    names: ['Promise.then', 'Promise.catch', 'Promise.finally', 'PromiseLike.then'],
  },
  { kind: 'request-handler', modules: ['http', 'https'], names: ['createServer'] },
  { kind: 'request-handler', modules: ['http2'], names: ['createServer', 'createSecureServer'] },
  {
    kind: 'request-handler',
    modules: ['express-serve-static-core'],
    names: [
      'IRouter.all', 'IRouter.get', 'IRouter.post', 'IRouter.put', 'IRouter.delete', 'IRouter.patch',
      'IRouter.options', 'IRouter.head', 'IRouter.use', 'IRoute.*', 'Application.get', 'Application.use',
    ],
  },
  {
    kind: 'request-handler',
    modules: ['fastify'],
    names: [
      'FastifyInstance.all', 'FastifyInstance.get', 'FastifyInstance.post', 'FastifyInstance.put',
      'FastifyInstance.delete', 'FastifyInstance.patch', 'FastifyInstance.options', 'FastifyInstance.head',
      'FastifyInstance.addHook',
    ],
  },
  { kind: 'request-handler', modules: ['koa'], names: ['Application.use'] },
];

/**
 * Listener registration methods: a function passed to one of these on an object that can also emit
 * (`emit` or `dispatchEvent`) runs when the event fires, on the loop.
 */
export const listenerMethods: ReadonlySet<string> = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'addEventListener',
]);

/**
 * Process events whose listeners should block: after `exit` the loop has stopped, and after an uncaught
 * exception Node's own docs write the report with `fs.writeSync` because the process is going down.
 */
export const synchronousProcessEvents: ReadonlySet<string> = new Set([
  'exit',
  'uncaughtException',
  'uncaughtExceptionMonitor',
]);

/** Clock reads that make a loop a busy-wait when its condition compares them with a deadline. */
export const clockReads: readonly { modules: readonly string[]; names: readonly string[] }[] = [
  { modules: ['lib'], names: ['DateConstructor.now', 'Date.getTime', 'Date.valueOf'] },
  { modules: ['perf_hooks', 'lib'], names: ['Performance.now'] },
  { modules: ['process'], names: ['Process.hrtime', 'HRTime.bigint', 'Process.uptime'] },
];
