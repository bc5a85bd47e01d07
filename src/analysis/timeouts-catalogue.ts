/**
 * Calls that wait on another system, and the options that give the wait a deadline: data only, matched against
 * callees resolved through the checker (src/analysis/callee.ts), never against identifier text.
 *
 * A name without a dot matches a function declared outside any class or interface; `Container.name` a member.
 * Modules are written without the `node:` prefix; `lib` means TypeScript's own lib files, `node` @types/node's
 * globals.
 */

export type TimeoutClient =
  | 'fetch'
  | 'node-fetch'
  | 'undici-request'
  | 'http'
  | 'axios'
  | 'got'
  | 'events'
  | 'child-process'
  | 'user';

export interface TimeoutEntry {
  client: TimeoutClient;
  modules: readonly string[];
  names: readonly string[];
  /** Each alternative is a set of options that together bound the wait; any one alternative is enough. */
  deadlines: readonly (readonly string[])[];
  /** The first argument that may hold the options; strings, arrays and functions before it are skipped. */
  optionsFrom: number;
  /** The options are exactly at `optionsFrom` (`axios.post(url, data, config)`: `data` is an object too). */
  optionsExact?: boolean;
  /** Matches only a `static` member (`EventEmitter.once`, not the instance method `emitter.once`). */
  staticOnly?: boolean;
}

const SIGNAL = [['signal']] as const;

export const timeoutCatalogue: readonly TimeoutEntry[] = [
  { client: 'fetch', modules: ['node', 'lib', 'undici-types', 'undici'], names: ['fetch'], deadlines: SIGNAL, optionsFrom: 1, optionsExact: true },
  { client: 'node-fetch', modules: ['node-fetch'], names: ['fetch'], deadlines: SIGNAL, optionsFrom: 1, optionsExact: true },
  {
    client: 'undici-request',
    modules: ['undici'],
    names: ['request'],
    deadlines: [['signal'], ['headersTimeout', 'bodyTimeout']],
    optionsFrom: 1,
    optionsExact: true,
  },
  { client: 'http', modules: ['http', 'https'], names: ['request', 'get'], deadlines: [['timeout'], ['signal']], optionsFrom: 0 },
  {
    client: 'axios',
    modules: ['axios'],
    names: ['Axios.request'],
    deadlines: [['timeout'], ['signal']],
    optionsFrom: 0,
    optionsExact: true,
  },
  {
    client: 'axios',
    modules: ['axios'],
    names: ['Axios.get', 'Axios.delete', 'Axios.head', 'Axios.options'],
    deadlines: [['timeout'], ['signal']],
    optionsFrom: 1,
    optionsExact: true,
  },
  {
    client: 'axios',
    modules: ['axios'],
    names: ['Axios.post', 'Axios.put', 'Axios.patch', 'Axios.postForm', 'Axios.putForm', 'Axios.patchForm'],
    deadlines: [['timeout'], ['signal']],
    optionsFrom: 2,
    optionsExact: true,
  },
  {
    client: 'events',
    modules: ['events'],
    names: ['EventEmitter.once', 'EventEmitter.on'],
    deadlines: SIGNAL,
    optionsFrom: 2,
    optionsExact: true,
    staticOnly: true,
  },
  // @types/node v26 declares them as functions of `namespace EventEmitter`.
  { client: 'events', modules: ['events'], names: ['once', 'on'], deadlines: SIGNAL, optionsFrom: 2, optionsExact: true },
  { client: 'child-process', modules: ['child_process'], names: ['exec', 'execFile'], deadlines: [['timeout'], ['signal']], optionsFrom: 1 },
];

/** `axios(config)`, `axios(url, config)` and an instance called the same way. */
export const axiosCallDeadlines: readonly (readonly string[])[] = [['timeout'], ['signal']];

/** got's request methods, on `got` itself and on `got.stream`; `paginate` and its `all`/`each` take options too. */
export const gotMethods: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'head', 'delete', 'query']);
export const gotDeadlines: readonly (readonly string[])[] = [['timeout'], ['signal']];

/** `util.promisify(exec)` returns `exec.__promisify__`; its options are the second argument of both. */
export const promisifiedChildProcess: ReadonlySet<string> = new Set(['exec', 'execFile']);

/** undici's own `headersTimeout` and `bodyTimeout` default, which Node's global `fetch` inherits. */
export const UNDICI_DEFAULT_TIMEOUT_MS = 300_000;

/** The deadline suggestions write when the rule's `suggestedTimeout` option is not set. */
export const DEFAULT_SUGGESTED_TIMEOUT_MS = 10_000;
