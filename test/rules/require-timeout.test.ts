import path from 'node:path';

import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

import rule from '../../rules/require-timeout.js';
import { TimeoutChecker } from '../../src/analysis/timeouts.js';
import { node26Program } from '../helpers/node-26.js';
import { fixturesDir, typedRuleTester } from '../rule-tester.js';

const ruleTester = typedRuleTester();
// Cases that import ./clients.js are linted next to it.
const file = path.join(fixturesDir, 'timeout', 'file.ts');
const jsFile = path.join(fixturesDir, 'timeout', 'js', 'require.js');

ruleTester.run('require-timeout', rule, {
  valid: [
    // The correct example of docs/rules/require-timeout.md.
    {
      filename: file,
      code: `import axios from 'axios';
import { once } from 'node:events';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const api = axios.create({ baseURL: 'https://billing.internal', timeout: 2_000 });
const run = promisify(execFile);

export async function invoice(id: string, signal: AbortSignal) {
  const res = await fetch(\`https://pdf.internal/\${id}\`, {
    signal: AbortSignal.any([signal, AbortSignal.timeout(3_000)]),
  });
  const { data } = await api.get(\`/invoices/\${id}\`);
  const { stdout } = await run('git', ['rev-parse', 'HEAD'], { timeout: 5_000 });
  return { pdf: await res.arrayBuffer(), data, stdout };
}

export async function ready(worker: import('node:events').EventEmitter) {
  await once(worker, 'ready', { signal: AbortSignal.timeout(10_000) });
}
`,
    },
    // fetch: a signal in the init, through a const, a spread, a shorthand, and a required property of its type.
    `fetch('https://a.example', { signal: AbortSignal.timeout(1000) });`,
    `const init = { method: 'POST', signal: AbortSignal.timeout(1000) };
fetch('https://a.example', init);`,
    `const base = { signal: AbortSignal.timeout(1000) };
fetch('https://a.example', { ...base, method: 'POST' });`,
    `function get(url: string, signal: AbortSignal) { return fetch(url, { signal }); }`,
    `function get(url: string, init: RequestInit & { signal: AbortSignal }) { return fetch(url, init); }`,
    `declare function withDeadline(init: RequestInit): RequestInit & { signal: AbortSignal };
fetch('https://a.example', withDeadline({ method: 'POST' }));`,
    `const init: RequestInit = { method: 'POST' };
init.signal = AbortSignal.timeout(1000);
fetch('https://a.example', init);`,
    // The checker cannot tell: an optional signal of the caller's RequestInit, or `any`.
    `function get(url: string, init?: RequestInit) { return fetch(url, init); }`,
    `function get(url: string, init: RequestInit) { return fetch(url, { ...init, method: 'GET' }); }`,
    `function get(url: string, signal?: AbortSignal) { return fetch(url, { signal }); }`,
    `declare const init: any;
fetch('https://a.example', init);`,
    `declare const args: [string, RequestInit];
fetch(...args);`,
    `fetch('https://a.example', { signal: Math.random() > 0.5 ? AbortSignal.timeout(1) : AbortSignal.timeout(2) });`,
    // An explicit dispatcher carries its own timeouts.
    `import { Agent } from 'undici';
const dispatcher = new Agent({ headersTimeout: 1000, bodyTimeout: 1000 });
fetch('https://a.example', { dispatcher } as RequestInit);`,
    // A global dispatcher with both timeouts set below undici's 300 s.
    `import { Agent, setGlobalDispatcher, request } from 'undici';
setGlobalDispatcher(new Agent({ headersTimeout: 5_000, bodyTimeout: 10_000 }));
export async function f() {
  await fetch('https://a.example');
  await request('https://a.example');
}`,
    `import { Agent, setGlobalDispatcher } from 'undici';
const agent = new Agent({ headersTimeout: 5_000, bodyTimeout: 10_000, connections: 8 });
setGlobalDispatcher(agent);
fetch('https://a.example');`,
    `import { Agent, interceptors, setGlobalDispatcher } from 'undici';
setGlobalDispatcher(new Agent({ headersTimeout: 5_000, bodyTimeout: 10_000 }).compose(interceptors.retry()));
fetch('https://a.example');`,
    // Wrappers: one that always passes a deadline, and callers that pass the signal or options a wrapper forwards.
    `function get(url: string) { return fetch(url, { signal: AbortSignal.timeout(1000) }); }
get('https://a.example');`,
    `function get(url: string, signal?: AbortSignal) { return fetch(url, { signal }); }
declare const callerSignal: AbortSignal | undefined;
get('https://a.example', AbortSignal.timeout(1000));
get('https://a.example', callerSignal);`,
    `const get = (url: string, init?: RequestInit) => fetch(url, init);
get('https://a.example', { signal: AbortSignal.timeout(1000) });`,
    `async function getJson(url: string, init: RequestInit = {}) {
  const signal = init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(5000)]) : AbortSignal.timeout(5000);
  return fetch(url, { ...init, signal });
}
getJson('https://a.example');`,
    // Not fetch: a user function of the same name, a method named fetch, ky (it has a 10 s default).
    `function fetch(url: string) { return url; }
fetch('https://a.example');`,
    `declare const cache: { fetch(key: string): Promise<string> };
cache.fetch('user:1');`,
    // ky sets a 10 s timeout of its own; its `get`, `post` and `ky()` look like got's but are not reported.
    `import ky from 'ky';
ky('https://a.example');
ky.get('https://a.example');
ky.post('https://a.example', { json: {} });
ky.create({ prefixUrl: 'https://a.example' }).get('x');`,
    {
      filename: file,
      code: `import { undiciFetch } from './clients.js';
undiciFetch('https://a.example', { signal: AbortSignal.timeout(1000) });`,
    },
    // undici: signal, or both per-request timeouts.
    `import { request } from 'undici';
request('https://a.example', { signal: AbortSignal.timeout(1000) });
request('https://a.example', { headersTimeout: 1000, bodyTimeout: 1000 });`,
    // A Pool's request runs on that pool's own timeouts.
    `import { Pool } from 'undici';
const pool = new Pool('https://a.example', { headersTimeout: 1000, bodyTimeout: 1000 });
pool.request({ path: '/', method: 'GET' });`,
    // node-fetch with a signal.
    `import nodeFetch from 'node-fetch';
nodeFetch('https://a.example', { signal: AbortSignal.timeout(1000) });`,
    // http/https: a timeout or signal option, or setTimeout on the request (chained or kept).
    `import * as https from 'node:https';
https.get('https://a.example', { timeout: 1000 }, (res) => res.resume());`,
    `import http from 'node:http';
http.request({ host: 'a.example', signal: AbortSignal.timeout(1000) }).end();`,
    `import http from 'node:http';
http.get('http://a.example', (res) => res.resume()).setTimeout(1000);`,
    `import http from 'node:http';
http.request('http://a.example').on('error', () => {}).setTimeout(1000).end();`,
    `import { request } from 'node:https';
const req = request('https://a.example', (res) => res.resume());
req.setTimeout(1000, () => req.destroy());
req.end();`,
    // The request is handed on: whoever gets it may set the timeout.
    `import http from 'node:http';
export function open(url: string) { return http.request(url); }`,
    `import http from 'node:http';
declare function track(req: http.ClientRequest): void;
const req = http.request('http://a.example');
track(req);`,
    // A URL-or-string first argument is not the options; options typed with an optional timeout are the caller's.
    `import http from 'node:http';
export function get(url: URL | string, options: http.RequestOptions = {}) {
  return new Promise((resolve) => { http.get(url, options, (res) => resolve(res.statusCode)).end(); });
}`,
    // Destroyed by its own timer.
    `import http from 'node:http';
export function get(url: string) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { method: 'GET' }, (res) => resolve(res.statusCode)).on('error', reject).end();
    setTimeout(() => request.destroy(new Error('timed out')), 10_000);
  });
}`,
    // axios: a timeout or signal per call, on the instance, or in defaults.
    `import axios from 'axios';
axios.get('/a', { timeout: 1000 });
axios.post('/a', { name: 'x' }, { timeout: 1000 });
axios({ url: '/a', timeout: 1000 });
axios('/a', { signal: AbortSignal.timeout(1000) });
axios.request({ url: '/a', timeout: 1000 });`,
    `import axios from 'axios';
axios.defaults.timeout = 5000;
axios.get('/a');
const client = axios.create();
client.get('/a');`,
    `import axios from 'axios';
const client = axios.create({ baseURL: '/api' });
client.defaults.timeout = 2000;
client.get('/a');`,
    {
      filename: file,
      code: `import { api } from './clients.js';
api.get('/a');
api.post('/a', {});
api('/a');`,
    },
    `import axios from 'axios';
class Billing {
  private readonly http = axios.create({ timeout: 2000 });
  private readonly other;
  constructor() { this.other = axios.create({ timeout: 1000 }); }
  load() { return Promise.all([this.http.get('/a'), this.other.get('/b')]); }
}`,
    // An instance the rule cannot trace (a parameter) is left alone.
    `import type { AxiosInstance } from 'axios';
export function load(client: AxiosInstance) { return client.get('/a'); }`,
    // The data argument of post is not the config.
    `import axios from 'axios';
function post(config: import('axios').AxiosRequestConfig) { return axios.post('/a', { timeout: 0 }, config); }`,
    // got: a timeout per call, or an instance from extend() with one.
    `import got from 'got';
got('https://a.example', { timeout: { request: 1000 } });
got.get('https://a.example', { timeout: { request: 1000 } });
got.post('https://a.example', { signal: AbortSignal.timeout(1000) });
got.stream('https://a.example', { timeout: { request: 1000 } });
const client = got.extend({ timeout: { request: 1000 } });
client('https://a.example');
client.get('https://a.example');
const nested = client.extend({ prefixUrl: 'https://b.example' });
nested.post('x');`,
    {
      filename: file,
      code: `import { bounded } from './clients.js';
bounded.get('https://a.example');`,
    },
    // events: a signal, or a process signal the operator sends.
    `import { once, on } from 'node:events';
import { EventEmitter } from 'node:events';
const emitter = new EventEmitter();
export async function f() {
  await once(emitter, 'ready', { signal: AbortSignal.timeout(1000) });
  for await (const [event] of on(emitter, 'data', { signal: AbortSignal.timeout(1000) })) console.log(event);
  await once(process, 'SIGTERM');
}`,
    // The instance methods of an emitter register listeners: they do not wait.
    `import { EventEmitter } from 'node:events';
const emitter = new EventEmitter();
emitter.once('ready', () => {});
emitter.on('data', () => {});`,
    // checkEvents / checkChildProcesses turned off.
    {
      code: `import { once, on, EventEmitter } from 'node:events';
export async function f(emitter: EventEmitter) {
  await once(emitter, 'ready');
  for await (const [line] of on(emitter, 'line')) console.log(line);
}`,
      options: [{ checkEvents: false }],
    },
    {
      code: `import { exec } from 'node:child_process';
import { promisify } from 'node:util';
exec('ls', () => {});
promisify(exec)('ls');`,
      options: [{ checkChildProcesses: false }],
    },
    // child_process: timeout or signal, callback and promisified.
    `import { exec, execFile } from 'node:child_process';
import { promisify } from 'node:util';
exec('ls', { timeout: 1000 }, () => {});
execFile('git', ['status'], { timeout: 1000 }, () => {});
const run = promisify(exec);
run('ls', { timeout: 1000 });
promisify(execFile)('git', ['status'], { signal: AbortSignal.timeout(1000) });`,
    `import { execSync, spawn } from 'node:child_process';
execSync('ls');
spawn('ls');`,
    // allow
    {
      code: `import axios from 'axios';
axios.get('/a');`,
      options: [{ allow: [{ from: 'package', package: 'axios', name: 'Axios.get' }] }],
    },
    {
      code: `fetch('https://a.example');`,
      options: [{ allow: [{ from: 'package', package: 'node', name: 'fetch' }] }],
    },
    // clients: with the option set.
    {
      filename: file,
      code: `import { call, Remote } from './clients.js';
call('/a', { deadline: 1000 });
new Remote().fetchThing('1', { deadline: 1000 });`,
      options: [{ clients: [{ module: 'test/fixtures/timeout/clients.ts', names: ['call', 'Remote.fetchThing'], timeoutOption: 'deadline' }] }],
    },
    {
      filename: file,
      code: `import { call } from './clients.js';
call('/a');`,
      options: [{ clients: [{ module: 'src/other.ts', names: ['call'], timeoutOption: 'deadline' }] }],
    },
    {
      filename: jsFile,
      code: `const axios = require('axios');
const api = axios.create({ timeout: 1000 });
api.get('/a');`,
    },
  ],
  invalid: [
    // The incorrect example of docs/rules/require-timeout.md.
    {
      filename: file,
      code: `import axios from 'axios';
import { once, EventEmitter } from 'node:events';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const api = axios.create({ baseURL: 'https://billing.internal' });
const run = promisify(execFile);

export async function invoice(id: string) {
  const res = await fetch(\`https://pdf.internal/\${id}\`);
  const { data } = await api.get(\`/invoices/\${id}\`);
  const { stdout } = await run('git', ['rev-parse', 'HEAD']);
  return { pdf: await res.arrayBuffer(), data, stdout };
}

export async function ready(worker: EventEmitter) {
  await once(worker, 'ready');
}
`,
      errors: [
        { messageId: 'fetch', line: 10, column: 21, suggestions: [{ messageId: 'addDeadline', output: `import axios from 'axios';
import { once, EventEmitter } from 'node:events';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const api = axios.create({ baseURL: 'https://billing.internal' });
const run = promisify(execFile);

export async function invoice(id: string) {
  const res = await fetch(\`https://pdf.internal/\${id}\`, { signal: AbortSignal.timeout(10000) });
  const { data } = await api.get(\`/invoices/\${id}\`);
  const { stdout } = await run('git', ['rev-parse', 'HEAD']);
  return { pdf: await res.arrayBuffer(), data, stdout };
}

export async function ready(worker: EventEmitter) {
  await once(worker, 'ready');
}
` }] },
        { messageId: 'axios', line: 11, column: 26, suggestions: [{ messageId: 'addDeadline', output: `import axios from 'axios';
import { once, EventEmitter } from 'node:events';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const api = axios.create({ baseURL: 'https://billing.internal' });
const run = promisify(execFile);

export async function invoice(id: string) {
  const res = await fetch(\`https://pdf.internal/\${id}\`);
  const { data } = await api.get(\`/invoices/\${id}\`, { timeout: 10000 });
  const { stdout } = await run('git', ['rev-parse', 'HEAD']);
  return { pdf: await res.arrayBuffer(), data, stdout };
}

export async function ready(worker: EventEmitter) {
  await once(worker, 'ready');
}
` }] },
        { messageId: 'childProcess', line: 12, column: 28, suggestions: [{ messageId: 'addDeadline', output: `import axios from 'axios';
import { once, EventEmitter } from 'node:events';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const api = axios.create({ baseURL: 'https://billing.internal' });
const run = promisify(execFile);

export async function invoice(id: string) {
  const res = await fetch(\`https://pdf.internal/\${id}\`);
  const { data } = await api.get(\`/invoices/\${id}\`);
  const { stdout } = await run('git', ['rev-parse', 'HEAD'], { timeout: 10000 });
  return { pdf: await res.arrayBuffer(), data, stdout };
}

export async function ready(worker: EventEmitter) {
  await once(worker, 'ready');
}
` }] },
        { messageId: 'event', line: 17, column: 9, suggestions: [{ messageId: 'addDeadline', output: `import axios from 'axios';
import { once, EventEmitter } from 'node:events';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const api = axios.create({ baseURL: 'https://billing.internal' });
const run = promisify(execFile);

export async function invoice(id: string) {
  const res = await fetch(\`https://pdf.internal/\${id}\`);
  const { data } = await api.get(\`/invoices/\${id}\`);
  const { stdout } = await run('git', ['rev-parse', 'HEAD']);
  return { pdf: await res.arrayBuffer(), data, stdout };
}

export async function ready(worker: EventEmitter) {
  await once(worker, 'ready', { signal: AbortSignal.timeout(10000) });
}
` }] },
      ],
    },
    // fetch: no init, an init without a signal (literal, const, spread, type), signal: undefined.
    {
      code: `fetch('https://a.example');`,
      errors: [{ messageId: 'fetch', line: 1, column: 1, data: { name: 'fetch' }, suggestions: [{ messageId: 'addDeadline', output: `fetch('https://a.example', { signal: AbortSignal.timeout(10000) });` }] }],
    },
    {
      code: `fetch('https://a.example', {});`,
      errors: [{ messageId: 'fetch', column: 1, suggestions: [{ messageId: 'addDeadline', output: `fetch('https://a.example', { signal: AbortSignal.timeout(10000) });` }] }],
    },
    {
      code: `fetch('https://a.example', { method: 'POST', body: '{}' });`,
      options: [{ suggestedTimeout: 2500 }],
      errors: [{ messageId: 'fetch', column: 1, suggestions: [{ messageId: 'addDeadline', output: `fetch('https://a.example', { method: 'POST', body: '{}', signal: AbortSignal.timeout(2500) });` }] }],
    },
    {
      code: `const init = { method: 'POST' };
fetch('https://a.example', init);`,
      errors: [{ messageId: 'fetch', line: 2, column: 1, suggestions: [{ messageId: 'addDeadline', output: `const init = { method: 'POST' };
fetch('https://a.example', { ...init, signal: AbortSignal.timeout(10000) });` }] }],
    },
    {
      code: `const base = { headers: { accept: 'json' } };
fetch('https://a.example', { ...base, signal: undefined });`,
      errors: [{ messageId: 'fetch', line: 2, column: 1, suggestions: [{ messageId: 'addDeadline', output: `const base = { headers: { accept: 'json' } };
fetch('https://a.example', { ...base, signal: undefined, signal: AbortSignal.timeout(10000) });` }] }],
    },
    {
      code: `function get(url: string, init: { method: string }) { return fetch(url, init); }`,
      errors: [{ messageId: 'fetch', column: 62, suggestions: [{ messageId: 'addDeadline', output: `function get(url: string, init: { method: string }) { return fetch(url, { ...init, signal: AbortSignal.timeout(10000) }); }` }] }],
    },
    {
      code: `const url = 'https://a.example';
(fetch)(url, undefined)!;`,
      errors: [{ messageId: 'fetch', line: 2, column: 1, data: { name: 'fetch' }, suggestions: [{ messageId: 'addDeadline', output: `const url = 'https://a.example';
(fetch)(url, { signal: AbortSignal.timeout(10000) })!;` }] }],
    },
    {
      code: `globalThis.fetch('https://a.example');`,
      errors: [{ messageId: 'fetch', column: 1, data: { name: 'globalThis.fetch' }, suggestions: [{ messageId: 'addDeadline', output: `globalThis.fetch('https://a.example', { signal: AbortSignal.timeout(10000) });` }] }],
    },
    // A wrapper that forwards its caller's signal or options: the caller that passes none is reported.
    {
      code: `function get(url: string, signal?: AbortSignal) { return fetch(url, { signal }); }
get('https://a.example');
get('https://a.example', undefined);`,
      errors: [
        { messageId: 'forwarded', line: 2, column: 1, data: { name: 'get', parameter: 'signal', inner: 'fetch' } },
        { messageId: 'forwarded', line: 3, column: 1, data: { name: 'get', parameter: 'signal', inner: 'fetch' } },
      ],
    },
    {
      code: `async function post(url: string, body: unknown, init?: RequestInit) {
  return fetch(url, { ...init, method: 'POST', body: JSON.stringify(body) });
}
export const notify = (text: string) => post('https://hooks.example', { text }, { headers: {} });`,
      errors: [{ messageId: 'forwarded', line: 4, column: 41, data: { name: 'post', parameter: 'init', inner: 'fetch' } }],
    },
    {
      code: `const get = (url: string, signal: AbortSignal | undefined) => fetch(url, { signal });
get('https://a.example', undefined);`,
      errors: [{ messageId: 'forwarded', line: 2, column: 1, data: { name: 'get', parameter: 'signal', inner: 'fetch' } }],
    },
    {
      filename: jsFile,
      code: `/**
 * @param {string} url
 * @param {RequestInit} [init]
 */
function get(url, init) { return fetch(url, init); }
get('https://a.example');`,
      errors: [{ messageId: 'forwarded', line: 6, column: 1, data: { name: 'get', parameter: 'init', inner: 'fetch' } }],
    },
    {
      code: `import axios, { type AxiosRequestConfig } from 'axios';
function load(config?: AxiosRequestConfig) { return axios.get('/a', config); }
load();`,
      errors: [{ messageId: 'forwarded', line: 3, column: 1, data: { name: 'load', parameter: 'config', inner: 'axios.get' } }],
    },
    // A global dispatcher that leaves a default in place, or sets one no shorter; or the option turned off.
    {
      code: `import { Agent, setGlobalDispatcher } from 'undici';
setGlobalDispatcher(new Agent({ headersTimeout: 5_000 }));
fetch('https://a.example');`,
      errors: [{ messageId: 'fetch', line: 3, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import { Agent, setGlobalDispatcher } from 'undici';
setGlobalDispatcher(new Agent({ headersTimeout: 5_000 }));
fetch('https://a.example', { signal: AbortSignal.timeout(10000) });` }] }],
    },
    {
      code: `import { Agent, setGlobalDispatcher } from 'undici';
setGlobalDispatcher(new Agent({ headersTimeout: 5_000, bodyTimeout: 600_000 }));
fetch('https://a.example');`,
      errors: [{ messageId: 'fetch', line: 3, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import { Agent, setGlobalDispatcher } from 'undici';
setGlobalDispatcher(new Agent({ headersTimeout: 5_000, bodyTimeout: 600_000 }));
fetch('https://a.example', { signal: AbortSignal.timeout(10000) });` }] }],
    },
    {
      code: `import { Agent, setGlobalDispatcher } from 'undici';
setGlobalDispatcher(new Agent({ headersTimeout: 5_000, bodyTimeout: 5_000 }));
fetch('https://a.example');`,
      options: [{ trustGlobalDispatcher: false }],
      errors: [{ messageId: 'fetch', line: 3, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import { Agent, setGlobalDispatcher } from 'undici';
setGlobalDispatcher(new Agent({ headersTimeout: 5_000, bodyTimeout: 5_000 }));
fetch('https://a.example', { signal: AbortSignal.timeout(10000) });` }] }],
    },
    // undici's fetch and request, through a namespace, a default import and a re-export.
    {
      code: `import * as undici from 'undici';
undici.fetch('https://a.example');`,
      errors: [{ messageId: 'fetch', line: 2, column: 1, data: { name: 'undici.fetch' }, suggestions: [{ messageId: 'addDeadline', output: `import * as undici from 'undici';
undici.fetch('https://a.example', { signal: AbortSignal.timeout(10000) });` }] }],
    },
    {
      code: `import undici from 'undici';
undici.request('https://a.example', { method: 'GET' });`,
      errors: [{ messageId: 'undiciRequest', line: 2, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import undici from 'undici';
undici.request('https://a.example', { method: 'GET', signal: AbortSignal.timeout(10000) });` }] }],
    },
    {
      code: `import { request } from 'undici';
request('https://a.example', { headersTimeout: 1000 });`,
      errors: [{ messageId: 'undiciRequest', line: 2, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import { request } from 'undici';
request('https://a.example', { headersTimeout: 1000, signal: AbortSignal.timeout(10000) });` }] }],
    },
    {
      filename: file,
      code: `import { undiciFetch as get } from './clients.js';
get('https://a.example');`,
      errors: [{ messageId: 'fetch', line: 2, column: 1, data: { name: 'get' }, suggestions: [{ messageId: 'addDeadline', output: `import { undiciFetch as get } from './clients.js';
get('https://a.example', { signal: AbortSignal.timeout(10000) });` }] }],
    },
    // node-fetch.
    {
      code: `import nodeFetch from 'node-fetch';
export const load = () => nodeFetch('https://a.example');`,
      errors: [{ messageId: 'nodeFetch', line: 2, column: 27, suggestions: [{ messageId: 'addDeadline', output: `import nodeFetch from 'node-fetch';
export const load = () => nodeFetch('https://a.example', { signal: AbortSignal.timeout(10000) });` }] }],
    },
    // http/https: no option, a request never given a timeout, a timeout of 0.
    {
      code: `import * as https from 'node:https';
https.get('https://a.example', (res) => res.resume());`,
      errors: [{ messageId: 'http', line: 2, column: 1, data: { name: 'https.get' }, suggestions: [{ messageId: 'addDeadline', output: `import * as https from 'node:https';
https.get('https://a.example', { timeout: 10000 }, (res) => res.resume());` }] }],
    },
    {
      code: `import http from 'http';
http.request({ host: 'a.example', path: '/' }).on('error', () => {}).end();`,
      errors: [{ messageId: 'http', line: 2, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import http from 'http';
http.request({ host: 'a.example', path: '/', timeout: 10000 }).on('error', () => {}).end();` }] }],
    },
    {
      code: `import { request } from 'node:https';
new Promise((resolve, reject) => {
  const req = request('https://a.example', { method: 'POST', timeout: 0 }, resolve);
  req.on('error', reject);
  req.end('{}');
});`,
      errors: [{ messageId: 'http', line: 3, column: 15, suggestions: [{ messageId: 'addDeadline', output: `import { request } from 'node:https';
new Promise((resolve, reject) => {
  const req = request('https://a.example', { method: 'POST', timeout: 0, timeout: 10000 }, resolve);
  req.on('error', reject);
  req.end('{}');
});` }] }],
    },
    {
      code: `import http from 'node:http';
http.get(new URL('http://a.example'));`,
      errors: [{ messageId: 'http', line: 2, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import http from 'node:http';
http.get(new URL('http://a.example'), { timeout: 10000 });` }] }],
    },
    {
      code: `import http from 'node:http';
export function get(url: URL | string) {
  return new Promise((resolve) => { http.get(url, (res) => resolve(res.statusCode)).end(); });
}`,
      errors: [{ messageId: 'http', line: 3, column: 37, suggestions: [{ messageId: 'addDeadline', output: `import http from 'node:http';
export function get(url: URL | string) {
  return new Promise((resolve) => { http.get(url, { timeout: 10000 }, (res) => resolve(res.statusCode)).end(); });
}` }] }],
    },
    // The other checks stay on when events and child processes are turned off.
    {
      code: `import { once, EventEmitter } from 'node:events';
export async function f(emitter: EventEmitter) {
  await once(emitter, 'ready');
  return fetch('https://a.example');
}`,
      options: [{ checkEvents: false, checkChildProcesses: false }],
      errors: [{ messageId: 'fetch', line: 4, column: 10, suggestions: [{ messageId: 'addDeadline', output: `import { once, EventEmitter } from 'node:events';
export async function f(emitter: EventEmitter) {
  await once(emitter, 'ready');
  return fetch('https://a.example', { signal: AbortSignal.timeout(10000) });
}` }] }],
    },
    // axios: the default instance, an instance without a timeout, `timeout: 0`, re-exports and require.
    {
      code: `import axios from 'axios';
axios.get('/a');`,
      errors: [{ messageId: 'axios', line: 2, column: 1, data: { name: 'axios.get' }, suggestions: [{ messageId: 'addDeadline', output: `import axios from 'axios';
axios.get('/a', { timeout: 10000 });` }] }],
    },
    {
      code: `import axios from 'axios';
axios.post('/a');`,
      errors: [{ messageId: 'axios', line: 2, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import axios from 'axios';
axios.post('/a', undefined, { timeout: 10000 });` }] }],
    },
    {
      code: `import axios from 'axios';
axios.put('/a', { timeout: 5 }, { headers: {} });`,
      errors: [{ messageId: 'axios', line: 2, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import axios from 'axios';
axios.put('/a', { timeout: 5 }, { headers: {}, timeout: 10000 });` }] }],
    },
    {
      code: `import axios from 'axios';
axios({ url: '/a', timeout: 0 });`,
      errors: [{ messageId: 'axios', line: 2, column: 1, data: { name: 'axios' }, suggestions: [{ messageId: 'addDeadline', output: `import axios from 'axios';
axios({ url: '/a', timeout: 0, timeout: 10000 });` }] }],
    },
    {
      code: `import axios from 'axios';
axios.defaults.timeout = 0;
axios('/a');`,
      errors: [{ messageId: 'axios', line: 3, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import axios from 'axios';
axios.defaults.timeout = 0;
axios('/a', { timeout: 10000 });` }] }],
    },
    {
      code: `import axios from 'axios';
const client = axios.create({ baseURL: '/api' });
const other = axios.create({ baseURL: '/api' });
other.defaults.timeout = 1000;
client.request({ url: '/a' });`,
      errors: [{ messageId: 'axios', line: 5, column: 1, data: { name: 'client.request' }, suggestions: [{ messageId: 'addDeadline', output: `import axios from 'axios';
const client = axios.create({ baseURL: '/api' });
const other = axios.create({ baseURL: '/api' });
other.defaults.timeout = 1000;
client.request({ url: '/a', timeout: 10000 });` }] }],
    },
    {
      filename: file,
      code: `import { bare, http } from './clients.js';
bare.get('/a');
http.delete('/a');`,
      errors: [
        { messageId: 'axios', line: 2, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import { bare, http } from './clients.js';
bare.get('/a', { timeout: 10000 });
http.delete('/a');` }] },
        { messageId: 'axios', line: 3, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import { bare, http } from './clients.js';
bare.get('/a');
http.delete('/a', { timeout: 10000 });` }] },
      ],
    },
    {
      code: `import axios from 'axios';
class Billing {
  private readonly http = axios.create({ baseURL: '/api' });
  load() { return this.http?.get('/a'); }
}`,
      errors: [{ messageId: 'axios', line: 4, column: 19, suggestions: [{ messageId: 'addDeadline', output: `import axios from 'axios';
class Billing {
  private readonly http = axios.create({ baseURL: '/api' });
  load() { return this.http?.get('/a', { timeout: 10000 }); }
}` }] }],
    },
    {
      filename: jsFile,
      code: `const axios = require('axios');
axios.get('/a');`,
      errors: [{ messageId: 'axios', line: 2, column: 1, suggestions: [{ messageId: 'addDeadline', output: `const axios = require('axios');
axios.get('/a', { timeout: 10000 });` }] }],
    },
    // got: the default instance, its methods and stream, an instance from extend() without a timeout.
    {
      code: `import got from 'got';
got('https://a.example');`,
      errors: [{ messageId: 'got', line: 2, column: 1, data: { name: 'got' }, suggestions: [{ messageId: 'addDeadline', output: `import got from 'got';
got('https://a.example', { timeout: { request: 10000 } });` }] }],
    },
    {
      code: `import got from 'got';
got.post('https://a.example', { json: {} });`,
      errors: [{ messageId: 'got', line: 2, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import got from 'got';
got.post('https://a.example', { json: {}, timeout: { request: 10000 } });` }] }],
    },
    {
      code: `import got from 'got';
got.stream.get('https://a.example');`,
      errors: [{ messageId: 'got', line: 2, column: 1, data: { name: 'got.stream.get' }, suggestions: [{ messageId: 'addDeadline', output: `import got from 'got';
got.stream.get('https://a.example', { timeout: { request: 10000 } });` }] }],
    },
    {
      code: `import got from 'got';
const client = got.extend({ prefixUrl: 'https://a.example' });
client.get('x');`,
      errors: [{ messageId: 'got', line: 3, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import got from 'got';
const client = got.extend({ prefixUrl: 'https://a.example' });
client.get('x', { timeout: { request: 10000 } });` }] }],
    },
    {
      filename: file,
      code: `import { unbounded } from './clients.js';
unbounded('x');`,
      errors: [{ messageId: 'got', line: 2, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import { unbounded } from './clients.js';
unbounded('x', { timeout: { request: 10000 } });` }] }],
    },
    {
      code: `import got from 'got';
got.paginate.all('https://a.example/items');`,
      errors: [{ messageId: 'got', line: 2, column: 1, data: { name: 'got.paginate.all' }, suggestions: [{ messageId: 'addDeadline', output: `import got from 'got';
got.paginate.all('https://a.example/items', { timeout: { request: 10000 } });` }] }],
    },
    // events: once and on, through the module's default export.
    {
      code: `import events from 'node:events';
const emitter = new events.EventEmitter();
events.once(emitter, 'ready');`,
      errors: [{ messageId: 'event', line: 3, column: 1, data: { name: 'events.once', event: "'ready'" }, suggestions: [{ messageId: 'addDeadline', output: `import events from 'node:events';
const emitter = new events.EventEmitter();
events.once(emitter, 'ready', { signal: AbortSignal.timeout(10000) });` }] }],
    },
    {
      code: `import { on, EventEmitter } from 'node:events';
export async function f(emitter: EventEmitter) {
  for await (const [line] of on(emitter, 'line')) console.log(line);
}`,
      errors: [{ messageId: 'event', line: 3, column: 30 }],
    },
    {
      code: `import { once } from 'node:events';
once(process, 'message');`,
      errors: [{ messageId: 'event', line: 2, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import { once } from 'node:events';
once(process, 'message', { signal: AbortSignal.timeout(10000) });` }] }],
    },
    // child_process: callback and promisified forms.
    {
      code: `import { exec } from 'node:child_process';
exec('ls', (error, stdout) => console.log(stdout));`,
      errors: [{ messageId: 'childProcess', line: 2, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import { exec } from 'node:child_process';
exec('ls', { timeout: 10000 }, (error, stdout) => console.log(stdout));` }] }],
    },
    {
      code: `import * as cp from 'child_process';
cp.execFile('git', ['status'], { cwd: '/' }, () => {});`,
      errors: [{ messageId: 'childProcess', line: 2, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import * as cp from 'child_process';
cp.execFile('git', ['status'], { cwd: '/', timeout: 10000 }, () => {});` }] }],
    },
    {
      code: `import { exec } from 'node:child_process';
import util from 'node:util';
util.promisify(exec)('ls');`,
      errors: [{ messageId: 'childProcess', line: 3, column: 1, suggestions: [{ messageId: 'addDeadline', output: `import { exec } from 'node:child_process';
import util from 'node:util';
util.promisify(exec)('ls', { timeout: 10000 });` }] }],
    },
    // clients: a user's client, by file, without its option; no suggestion (the option's shape is unknown).
    {
      filename: file,
      code: `import { call, Remote } from './clients.js';
call('/a', { retries: 2 });
new Remote().fetchThing('1');`,
      options: [{ clients: [{ module: 'test/fixtures/timeout/clients.ts', names: ['call', 'Remote.fetchThing'], timeoutOption: ['deadline'] }] }],
      errors: [
        { messageId: 'user', line: 2, column: 1, data: { name: 'call', option: 'deadline' } },
        { messageId: 'user', line: 3, column: 1, data: { name: 'newRemote().fetchThing', option: 'deadline' } },
      ],
    },
    {
      code: `import got from 'got';
got('https://a.example', { timeout: { request: 1000 } });`,
      options: [{ clients: [{ module: 'got', names: ['got'], timeoutOption: 'deadline' }] }],
      errors: [{ messageId: 'user', line: 2, column: 1, data: { name: 'got', option: 'deadline' } }],
    },
  ],
});

describe('require-timeout against @types/node v26', () => {
  const v26File = path.join(fixturesDir, 'timeout', 'v26', 'usage.ts');
  let program: ts.Program;
  let calls: ts.CallExpression[] = [];

  beforeAll(() => {
    ({ program, calls } = node26Program(v26File));
  });

  it('finds the same calls without a deadline as on v20', () => {
    const checker = new TimeoutChecker(program, {
      clients: [],
      allow: [],
      trustGlobalDispatcher: true,
      checkEvents: true,
      checkChildProcesses: true,
    });
    const found = calls.flatMap((call) => {
      const missing = checker.check(call);
      return missing === undefined ? [] : [[missing.client, call.getText()]];
    });
    expect(found).toEqual([
      ['fetch', "fetch('https://a.example')"],
      ['http', "http.get('http://a.example', (res) => res.resume())"],
      ['events', "once(emitter, 'ready')"],
      ['child-process', "exec('ls', () => {})"],
      ['child-process', "promisify(exec)('ls')"],
    ]);
  });
});
