import path from 'node:path';

import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/no-unbounded-fan-out.js';
import { fixturesDir } from '../rule-tester.js';

// Cases are linted as fixtures/fan-out/file.ts: an ESM folder (its own package.json) next to api.ts,
// whose declarations the cases import, and my-pool.d.ts, a user limiter module.
const ruleTester = new RuleTester({
  defaultFilenames: { ts: 'fan-out/file.ts', tsx: 'fan-out/react.tsx' },
  languageOptions: {
    parserOptions: {
      projectService: { allowDefaultProject: ['*.js'] },
      tsconfigRootDir: fixturesDir,
    },
  },
});

// A project whose classic module resolution never finds node_modules/p-map.
const noPMapFile = path.join(fixturesDir, 'fan-out/no-p-map/file.ts');

ruleTester.run('no-unbounded-fan-out', rule, {
  valid: [
    // The results of awaiting a literal list are as many as the list: a loop over them is bounded.
    `import { fetchProfile, sendEmail } from './api.js';
export async function notify() {
  const profiles = await Promise.all([fetchProfile('a'), fetchProfile('b')]);
  for (const profile of profiles) {
    sendEmail(profile.email);
  }
}`,
    // A cast hides what the callback returns, so the elements are not promises to this rule.
    `import { fetchProfile, userIds } from './api.js';
export const all = Promise.all(userIds.map((id) => fetchProfile(id) as unknown));`,
    // The object's own state (cluster nodes, pooled children, cache keys) is sized by configuration.
    `import { fetchProfile } from './api.js';
class Cluster {
  #keys = new Set<string>();
  nodes(): string[] { return []; }
  retained: Record<string, string> = {};
  async quitAll() {
    await Promise.all(this.nodes().map((node) => fetchProfile(node)));
    await Promise.all([...this.#keys].map((key) => fetchProfile(key)));
    const children = Object.values(this.retained).concat(this.nodes());
    await Promise.all(children.map((child) => fetchProfile(child)));
  }
}
export { Cluster };`,
    // Sequential forms.
    `import { fetchProfile, userIds } from './api.js';
export async function load() {
  for (const id of userIds) {
    await fetchProfile(id);
  }
}`,
    `import { sendEmail } from './api.js';
export async function drain(ids: AsyncIterable<string>) {
  for await (const id of ids) {
    void sendEmail(id);
  }
}`,
    `import { sendEmail, userIds } from './api.js';
export async function notify() {
  for (const id of userIds) {
    const sent = sendEmail(id);
    await sent;
  }
}`,
    // Tuples, literals, constant slices.
    `import { fetchProfile } from './api.js';
export const both = Promise.all([fetchProfile('a'), fetchProfile('b')]);`,
    `import { fetchProfile } from './api.js';
export async function pair(ids: [string, string]) {
  return Promise.all(ids.map(fetchProfile));
}`,
    `import { fetchProfile } from './api.js';
const ids = ['a', 'b', 'c'] as const;
export const all = Promise.all(ids.map((id) => fetchProfile(id)));`,
    `import { fetchProfile } from './api.js';
const admins = ['root', 'ops'];
export const all = Promise.allSettled(admins.map((id) => fetchProfile(id)));`,
    `import { fetchProfile, userIds } from './api.js';
export const firstTen = Promise.all(userIds.slice(0, 10).map(fetchProfile));`,
    `import { fetchProfile, userIds } from './api.js';
const TOP = 5;
export const top = Promise.all(userIds.slice(0, TOP).map(fetchProfile));`,
    `import { fetchProfile, userIds } from './api.js';
export const lastThree = Promise.any(userIds.slice(-3).map(fetchProfile));`,
    `import { fetchProfile, userIds } from './api.js';
export const middle = Promise.all(userIds.slice(2, 6).filter(Boolean).map(fetchProfile));`,
    // Chunk loops.
    `import { fetchProfile, userIds } from './api.js';
export async function load() {
  for (let i = 0; i < userIds.length; i += 10) {
    const chunk = userIds.slice(i, i + 10);
    await Promise.all(chunk.map(fetchProfile));
  }
}`,
    `import { chunks, fetchProfile, userIds } from './api.js';
export async function load() {
  for (const batch of chunks(userIds, 50)) {
    await Promise.all(batch.map((id) => fetchProfile(id)));
  }
}`,
    `import { chunks, sendEmail, userIds } from './api.js';
export async function notify() {
  for (const batch of chunks(userIds, 20)) {
    const sends: Promise<void>[] = [];
    for (const id of batch) {
      sends.push(sendEmail(id));
    }
    await Promise.all(sends);
  }
}`,
    // p-limit.
    `import pLimit from 'p-limit';
import { fetchProfile, userIds } from './api.js';
const limit = pLimit(8);
export const all = Promise.all(userIds.map((id) => limit(() => fetchProfile(id))));`,
    `import type { LimitFunction } from 'p-limit';
import { fetchProfile, userIds } from './api.js';
export function load(limit: LimitFunction) {
  return Promise.all(userIds.map(async (id) => {
    const profile = await limit(() => fetchProfile(id));
    return profile.email;
  }));
}`,
    `import { limitFunction } from 'p-limit';
import { fetchProfile, userIds } from './api.js';
const fetchLimited = limitFunction(fetchProfile, { concurrency: 4 });
export const all = Promise.all(userIds.map(fetchLimited));`,
    `import pLimit from 'p-limit';
import { sendEmail, userIds } from './api.js';
const limit = pLimit(4);
export async function notify() {
  const sends: Promise<void>[] = [];
  for (const id of userIds) {
    sends.push(limit(() => sendEmail(id)));
  }
  await Promise.all(sends);
}`,
    // p-map with a finite concurrency.
    `import pMap from 'p-map';
import { fetchProfile, userIds } from './api.js';
export const all = pMap(userIds, fetchProfile, { concurrency: 8 });`,
    `import pMap from 'p-map';
import { fetchProfile, userIds } from './api.js';
export function load(options: { concurrency: number }) {
  return pMap(userIds, fetchProfile, options);
}`,
    `import pMap, { type Options } from 'p-map';
import { fetchProfile, userIds } from './api.js';
export function load(options: Options) {
  return pMap(userIds, fetchProfile, options);
}`,
    `import pMap from 'p-map';
import { fetchProfile } from './api.js';
export const pair = pMap(['a', 'b'], fetchProfile);`,
    // p-queue.
    `import PQueue from 'p-queue';
import { fetchProfile, userIds } from './api.js';
const queue = new PQueue({ concurrency: 4 });
export const all = Promise.all(userIds.map((id) => queue.add(() => fetchProfile(id))));`,
    `import PQueue from 'p-queue';
import { sendEmail, userIds } from './api.js';
export function enqueue(queue: PQueue) {
  for (const id of userIds) {
    void queue.add(() => sendEmail(id));
  }
}`,
    // async and Bluebird.
    `import { mapLimit } from 'async';
import { fetchProfile, userIds } from './api.js';
export const all = mapLimit(userIds, 5, async (id: string) => fetchProfile(id));`,
    `import { eachLimit } from 'async';
import { sendEmail, users } from './api.js';
export function notify() {
  for (const user of users) {
    void eachLimit(user.friends, 2, async (id: string) => sendEmail(id));
  }
}`,
    `import Bluebird from 'bluebird';
import { fetchProfile, userIds } from './api.js';
export const all = Bluebird.map(userIds, fetchProfile, { concurrency: 4 });`,
    // User limiters, recognised by module and declared name.
    {
      code: `import type { Pool } from 'my-pool';
import { fetchProfile, userIds } from './api.js';
export function load(pool: Pool) {
  return Promise.all(userIds.map((id) => pool.run(() => fetchProfile(id))));
}`,
      options: [{ limiters: [{ module: 'my-pool', names: ['Pool.run'] }] }],
    },
    {
      code: `import { throttle } from 'my-pool';
import { fetchProfile, userIds } from './api.js';
const throttled = throttle(3);
export const all = Promise.all(userIds.map((id) => throttled(() => fetchProfile(id))));`,
      options: [{ limiters: [{ module: 'my-pool', names: ['Throttled'] }] }],
    },
    {
      code: `import enqueue from 'my-pool';
import { sendEmail, userIds } from './api.js';
for (const id of userIds) {
  void enqueue(() => sendEmail(id));
}`,
      options: [{ limiters: [{ module: 'my-pool', names: ['default'] }] }],
    },
    // Hand-written worker pools: the number of workers is the bound.
    `import { sendEmail } from './api.js';
export async function run(queue: string[], concurrency: number) {
  const worker = async () => {
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) await sendEmail(id);
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
}`,
    `import { sendEmail } from './api.js';
export async function run(worker: () => Promise<void>, concurrency: number) {
  const running: Promise<void>[] = [];
  while (running.length < concurrency) {
    running.push(worker());
  }
  await Promise.all(running);
  await sendEmail('done');
}`,
    // A loop that awaits each full batch is bounded by the batch size.
    `import { fetchProfile, userIds } from './api.js';
export async function load() {
  const batch: Promise<unknown>[] = [];
  for (const id of userIds) {
    batch.push(fetchProfile(id));
    if (batch.length >= 10) {
      await Promise.all(batch);
      batch.length = 0;
    }
  }
}`,
    // Near-misses.
    `import { userIds } from './api.js';
export const lengths = Promise.all(userIds.map((id) => id.length));`,
    `import { fetchProfile, anything } from './api.js';
const ids = anything();
export const all = Promise.all(ids.map((id: string) => fetchProfile(id)));`,
    `import { fetchProfile, userIds } from './api.js';
const Promise = { all: (values: unknown[]) => values };
export const all = Promise.all(userIds.map(fetchProfile));`,
    `export async function wait(tasks: Promise<void>[]) {
  await Promise.all(tasks);
}`,
    `import { fetchProfile, userIds } from './api.js';
export function start() {
  const tasks: Promise<unknown>[] = [];
  for (const id of userIds) tasks.push(fetchProfile(id));
  return tasks;
}`,
    `import { sendEmail } from './api.js';
sendEmail('admin@example.com');
void sendEmail('ops@example.com');`,
    `import { sendEmail } from './api.js';
for (const id of ['a', 'b']) {
  void sendEmail(id);
}
for (let i = 0; i < 4; i++) {
  void sendEmail(String(i));
}`,
    `import { sendEmail } from './api.js';
const settings = { a: 1, b: 2 };
for (const key in settings) {
  void sendEmail(key);
}`,
    `import { log, userIds } from './api.js';
userIds.forEach((id) => log(id));
userIds.map((id) => log(id));`,
    `import { sendEmail } from './api.js';
['a', 'b'].forEach(async (id) => {
  await sendEmail(id);
});`,
    // Promises that already exist are only collected, not started.
    `import { userIds, type User } from './api.js';
export function collect(inflight: Record<string, Promise<User>>) {
  return Promise.all(userIds.map((id) => inflight[id]));
}`,
    `import { userIds, type User } from './api.js';
export async function collect(inflight: Record<string, Promise<User>>) {
  const waiting: Promise<User>[] = [];
  for (const id of userIds) waiting.push(inflight[id]);
  return Promise.all(waiting);
}`,
    `export function whenReady(ready: Promise<void>, listeners: Array<() => void>) {
  for (const listener of listeners) {
    ready.then(listener);
  }
}`,
    // Keys of an object with fixed properties are bounded.
    `import { sendEmail } from './api.js';
const templates = { welcome: 'w', digest: 'd' };
export const sent = Promise.all(Object.keys(templates).map((key) => sendEmail(key)));`,
    `import { sendEmail } from './api.js';
export function notify(count: number) {
  for (let i = 0; i < count; i++) {
    void sendEmail(String(i));
  }
}`,
    // Re-exports and classes: limiters are found by declaration.
    `import { createLimit } from './limits.js';
import { fetchProfile, userIds } from './api.js';
const limit = createLimit(2);
export const all = Promise.all(userIds.map((id) => limit(() => fetchProfile(id))));`,
    `import pLimit from 'p-limit';
import { log, sendEmail, userIds } from './api.js';
export class Mailer {
  private readonly limit = pLimit(4);
  sendAll() {
    for (const id of userIds) {
      this.limit(() => sendEmail(id)).catch(() => log(id));
    }
  }
}`,
    // A \`map\` that is not Array's.
    `import { fetchProfile } from './api.js';
declare const list: { map<T>(fn: (id: string) => T): T[] };
export const all = Promise.all(list.map(fetchProfile));`,
    // Constant sizes within maxFanOut.
    `import { sendEmail } from './api.js';
const worker = () => sendEmail('next');
export const pool = Promise.all(Array.from({ length: 8 }, worker));
for (let i = 0; i < 10; i++) {
  void sendEmail(String(i));
}`,
    // The docs page's ✅ example.
    `import pLimit from 'p-limit';
import pMap from 'p-map';
import { fetchProfile, sendEmail, type User } from './api.js';

const smtp = pLimit(4); // the mail relay accepts 5 connections per client

export async function loadProfiles(userIds: string[]) {
  return pMap(userIds, (id) => fetchProfile(id), { concurrency: 8 });
}

export async function notifyAll(users: User[]) {
  await Promise.allSettled(users.map((user) => smtp(() => sendEmail(user.email))));
}

export async function remindAll(users: User[]) {
  for (let i = 0; i < users.length; i += 10) {
    const batch = users.slice(i, i + 10);
    await Promise.all(batch.map((user) => sendEmail(user.email)));
  }
}

export const admins = Promise.all([fetchProfile('root'), fetchProfile('ops')]);`,
    // A constant chunk size is a bound the user wrote: slices in a chunk loop, and chunks of a chunking helper.
    `import { fetchProfile, userIds } from './api.js';
export async function load() {
  for (let i = 0; i < userIds.length; i += 100) {
    const batch = userIds.slice(i, i + 100);
    await Promise.allSettled(batch.map((id) => fetchProfile(id)));
  }
}`,
    `import { fetchProfile, userIds } from './api.js';
const BATCH = 25 * 2;
export async function load() {
  for (let i = 0; i < userIds.length; i += BATCH) {
    await Promise.allSettled(userIds.slice(i, i + BATCH).map((id) => fetchProfile(id)));
  }
}`,
    `import { chunks, fetchProfile, userIds } from './api.js';
export async function load() {
  const batches = chunks(userIds, 50);
  for (let i = 0; i < batches.length; i++) {
    await Promise.allSettled(batches[i]!.map((id) => fetchProfile(id)));
  }
}`,
    // The object's own resources (clients, nodes, workers: elements with methods) are sized by configuration.
    `declare class Client { host: string; quit(): Promise<void> }
export class Pool {
  private clients: Client[] = [];
  async close() {
    const open = this.clients.filter((client) => client.host !== '');
    await Promise.allSettled(open.map((client) => client.quit()));
  }
}`,
    // A method of an object built with a finite `concurrency` is a limiter, whatever its library.
    `import { fetchProfile, userIds } from './api.js';
declare class Retrier { constructor(check: (error: Error) => boolean, options?: { concurrency?: number }); retry<T>(task: () => Promise<T>): Promise<T> }
export async function load() {
  const retrier = new Retrier(() => true, { concurrency: 100 });
  await Promise.allSettled(userIds.map((id) => retrier.retry(() => fetchProfile(id))));
}`,
  ],
  invalid: [
    // The results of awaiting a fan-out are as many as its input: still one task per user.
    {
      code: `import { fetchProfile, sendEmail, userIds } from './api.js';
export async function notify() {
  const profiles = await Promise.all(userIds.map((id) => fetchProfile(id)));
  for (const profile of profiles) {
    sendEmail(profile.email);
  }
}`,
      errors: [
        {
          messageId: 'fanOut',
          line: 3,
          column: 26,
          data: { combinator: 'Promise.all', source: 'userIds.map(…)', collection: 'userIds' },
          suggestions: [
            {
              messageId: 'usePMap',
              data: { concurrency: '16' },
              output: `import { fetchProfile, sendEmail, userIds } from './api.js';
import pMap from 'p-map';
export async function notify() {
  const profiles = await pMap(userIds, (id) => fetchProfile(id), { concurrency: 16 });
  for (const profile of profiles) {
    sendEmail(profile.email);
  }
}`,
            },
          ],
        },
        { messageId: 'loopFireAndForget', line: 5, column: 5, data: { collection: 'profiles' } },
      ],
    },
    // checkInstanceState widens the rule to the object's own state.
    {
      code: `import { fetchProfile } from './api.js';
export class Cluster {
  nodes(): string[] { return []; }
  async quitAll() {
    await Promise.all(this.nodes().map((node) => fetchProfile(node)));
  }
}`,
      options: [{ checkInstanceState: true }],
      errors: [
        {
          messageId: 'fanOut',
          line: 5,
          column: 11,
          data: { combinator: 'Promise.all', source: 'this.nodes().map(…)', collection: 'this.nodes()' },
          suggestions: [
            {
              messageId: 'usePMap',
              data: { concurrency: '16' },
              output: `import { fetchProfile } from './api.js';
import pMap from 'p-map';
export class Cluster {
  nodes(): string[] { return []; }
  async quitAll() {
    await pMap(this.nodes(), (node) => fetchProfile(node), { concurrency: 16 });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // A parameter is data from the caller, not the object's state: reported with the default options.
      code: `import { fetchProfile } from './api.js';
export class Cluster {
  async quitAll(ids: string[]) {
    const wanted = ids.filter(Boolean);
    await Promise.all(wanted.map((id) => fetchProfile(id)));
  }
}`,
      errors: [
        {
          messageId: 'fanOut',
          line: 5,
          column: 11,
          data: { combinator: 'Promise.all', source: 'wanted.map(…)', collection: 'wanted' },
          suggestions: [
            {
              messageId: 'usePMap',
              data: { concurrency: '16' },
              output: `import { fetchProfile } from './api.js';
import pMap from 'p-map';
export class Cluster {
  async quitAll(ids: string[]) {
    const wanted = ids.filter(Boolean);
    await pMap(wanted, (id) => fetchProfile(id), { concurrency: 16 });
  }
}`,
            },
          ],
        },
      ],
    },
    // Form 1: a combinator over an unbounded map, with the p-map suggestion (p-map resolves here).
    {
      code: `import { fetchProfile, userIds } from './api.js';
export async function load() {
  return Promise.all(userIds.map((id) => fetchProfile(id)));
}`,
      errors: [
        {
          messageId: 'fanOut',
          line: 3,
          column: 10,
          data: { combinator: 'Promise.all', source: 'userIds.map(…)', collection: 'userIds' },
          suggestions: [
            {
              messageId: 'usePMap',
              data: { concurrency: '16' },
              output: `import { fetchProfile, userIds } from './api.js';
import pMap from 'p-map';
export async function load() {
  return pMap(userIds, (id) => fetchProfile(id), { concurrency: 16 });
}`,
            },
          ],
        },
      ],
    },
    {
      code: `import mapLimited from 'p-map';
import { fetchProfile, userIds } from './api.js';
export const all = Promise.all(userIds.map(fetchProfile));
export const again = mapLimited(userIds, fetchProfile, { concurrency: 2 });`,
      errors: [
        {
          messageId: 'fanOut',
          line: 3,
          column: 20,
          suggestions: [
            {
              messageId: 'usePMap',
              output: `import mapLimited from 'p-map';
import { fetchProfile, userIds } from './api.js';
export const all = mapLimited(userIds, fetchProfile, { concurrency: 16 });
export const again = mapLimited(userIds, fetchProfile, { concurrency: 2 });`,
            },
          ],
        },
      ],
    },
    {
      code: `import { fetchProfile, userIds } from './api.js';
export const all = Promise.all((userIds!).map(fetchProfile) as Promise<unknown>[]);`,
      options: [{ maxFanOut: 8 }],
      errors: [
        {
          messageId: 'fanOut',
          line: 2,
          column: 20,
          suggestions: [
            {
              messageId: 'usePMap',
              data: { concurrency: '8' },
              output: `import { fetchProfile, userIds } from './api.js';
import pMap from 'p-map';
export const all = pMap((userIds!), fetchProfile, { concurrency: 8 });`,
            },
          ],
        },
      ],
    },
    {
      code: `import { fetchProfile, userIds } from './api.js';
const pMap = 1;
export const all = Promise.all(userIds.map(fetchProfile));`,
      errors: [{ messageId: 'fanOut', line: 3, column: 20, suggestions: [] }],
    },
    {
      code: `declare const ids: string[];
declare function fetchOne(id: string): Promise<string>;
export const all = Promise.all(ids.map((id) => fetchOne(id)));`,
      filename: noPMapFile,
      errors: [{ messageId: 'fanOut', line: 3, column: 20, suggestions: [] }],
    },
    {
      code: `import { sendEmail, users } from './api.js';
export const results = Promise.allSettled(users.map(async (user) => {
  await sendEmail(user.email);
  return user.id;
}));`,
      errors: [
        {
          messageId: 'fanOut',
          line: 2,
          column: 24,
          data: { combinator: 'Promise.allSettled', source: 'users.map(…)', collection: 'users' },
          suggestions: [],
        },
      ],
    },
    {
      code: `import { fetchProfile, userIds } from './api.js';
export const first = Promise.any(userIds.map(fetchProfile));
export const fastest = Promise.race(userIds.map(fetchProfile));`,
      errors: [
        { messageId: 'fanOut', line: 2, column: 22, data: { combinator: 'Promise.any', source: 'userIds.map(…)', collection: 'userIds' }, suggestions: [] },
        { messageId: 'fanOut', line: 3, column: 24, data: { combinator: 'Promise.race', source: 'userIds.map(…)', collection: 'userIds' }, suggestions: [] },
      ],
    },
    {
      code: `import { fetchProfile, userIds } from './api.js';
export const all = globalThis.Promise.all(userIds.map(fetchProfile));`,
      errors: [
        {
          messageId: 'fanOut',
          line: 2,
          column: 20,
          suggestions: [
            {
              messageId: 'usePMap',
              output: `import { fetchProfile, userIds } from './api.js';
import pMap from 'p-map';
export const all = pMap(userIds, fetchProfile, { concurrency: 16 });`,
            },
          ],
        },
      ],
    },
    // Array.from and flatMap.
    {
      code: `import { emailsById, sendEmail } from './api.js';
export const sent = Promise.all(Array.from(emailsById.values(), (email) => sendEmail(email)));`,
      errors: [
        {
          messageId: 'fanOut',
          line: 2,
          column: 21,
          data: {
            combinator: 'Promise.all',
            source: 'Array.from(emailsById.values(), …)',
            collection: 'emailsById.values()',
          },
          suggestions: [],
        },
      ],
    },
    {
      code: `import { sendEmail } from './api.js';
export const sent = Promise.all(Array.from({ length: 1000 }, (_, i) => sendEmail(\`user\${i}\`)));`,
      errors: [
        { messageId: 'fanOut', line: 2, column: 21, data: { combinator: 'Promise.all', source: 'Array.from({ length: 1000 }, …)', collection: '{ length: 1000 }' }, suggestions: [] },
      ],
    },
    {
      code: `import { sendEmail, users } from './api.js';
export const sent = Promise.all(users.flatMap((user) => user.friends.map(sendEmail)));`,
      errors: [
        { messageId: 'fanOut', line: 2, column: 21, data: { combinator: 'Promise.all', source: 'users.flatMap(…)', collection: 'users' }, suggestions: [] },
      ],
    },
    // Nested fan-out: both levels start everything at once.
    {
      code: `import { sendEmail, users } from './api.js';
export const sent = Promise.all(users.map(async (user) => {
  await Promise.all(user.friends.map((friend) => sendEmail(friend)));
}));`,
      errors: [
        {
          messageId: 'fanOut',
          line: 2,
          column: 21,
          data: { combinator: 'Promise.all', source: 'users.map(…)', collection: 'users' },
          suggestions: [
            {
              messageId: 'usePMap',
              output: `import { sendEmail, users } from './api.js';
import pMap from 'p-map';
export const sent = pMap(users, async (user) => {
  await Promise.all(user.friends.map((friend) => sendEmail(friend)));
}, { concurrency: 16 });`,
            },
          ],
        },
        {
          messageId: 'fanOut',
          line: 3,
          column: 9,
          data: { combinator: 'Promise.all', source: 'user.friends.map(…)', collection: 'user.friends' },
          suggestions: [
            {
              messageId: 'usePMap',
              output: `import { sendEmail, users } from './api.js';
import pMap from 'p-map';
export const sent = Promise.all(users.map(async (user) => {
  await pMap(user.friends, (friend) => sendEmail(friend), { concurrency: 16 });
}));`,
            },
          ],
        },
      ],
    },
    // A loop that awaits per user but fans out over each user's friends is not a chunk loop.
    {
      code: `import { sendEmail, users } from './api.js';
export async function notify() {
  for (const user of users) {
    await Promise.allSettled(user.friends.map(sendEmail));
  }
}`,
      errors: [
        {
          messageId: 'fanOut',
          line: 4,
          column: 11,
          data: { combinator: 'Promise.allSettled', source: 'user.friends.map(…)', collection: 'user.friends' },
          suggestions: [],
        },
      ],
    },
    // Stored tasks and spreads.
    {
      code: `import { fetchProfile, userIds } from './api.js';
export async function load() {
  const tasks = userIds.map(fetchProfile);
  return Promise.all(tasks);
}`,
      errors: [
        {
          messageId: 'fanOut',
          line: 4,
          column: 10,
          data: { combinator: 'Promise.all', source: 'userIds.map(…)', collection: 'userIds' },
          suggestions: [],
        },
      ],
    },
    {
      code: `import { fetchProfile, sendEmail, userIds } from './api.js';
export const all = Promise.all([sendEmail('admin'), ...userIds.map(fetchProfile)]);`,
      errors: [{ messageId: 'fanOut', line: 2, column: 20, suggestions: [] }],
    },
    {
      code: `import { pending, sendEmail } from './api.js';
export const all = Promise.all([...pending].map(sendEmail));`,
      errors: [
        {
          messageId: 'fanOut',
          line: 2,
          column: 20,
          data: { combinator: 'Promise.all', source: '[...pending].map(…)', collection: 'pending' },
          suggestions: [
            {
              messageId: 'usePMap',
              output: `import { pending, sendEmail } from './api.js';
import pMap from 'p-map';
export const all = pMap([...pending], sendEmail, { concurrency: 16 });`,
            },
          ],
        },
      ],
    },
    // Slices and sizes over maxFanOut, grown literals, tuples with rest, generics, unions, thenables.
    {
      code: `import { fetchProfile, userIds } from './api.js';
export const first = Promise.allSettled(userIds.slice(0, 100).map(fetchProfile));`,
      errors: [
        {
          messageId: 'fanOut',
          line: 2,
          column: 22,
          data: {
            combinator: 'Promise.allSettled',
            source: 'userIds.slice(0, 100).map(…)',
            collection: 'userIds.slice(0, 100)',
          },
          suggestions: [],
        },
      ],
    },
    {
      code: `import { fetchProfile, userIds } from './api.js';
export const first = Promise.allSettled(userIds.slice(0, 10).map(fetchProfile));`,
      options: [{ maxFanOut: 4 }],
      errors: [{ messageId: 'fanOut', line: 2, column: 22, suggestions: [] }],
    },
    {
      code: `import { fetchProfile, userIds } from './api.js';
const ids = ['admin'];
ids.push(...userIds);
export const all = Promise.allSettled(ids.map(fetchProfile));`,
      errors: [
        {
          messageId: 'fanOut',
          line: 4,
          column: 20,
          data: { combinator: 'Promise.allSettled', source: 'ids.map(…)', collection: 'ids' },
          suggestions: [],
        },
      ],
    },
    {
      code: `import { fetchProfile } from './api.js';
export function load(ids: [string, ...string[]]) {
  return Promise.allSettled(ids.map(fetchProfile));
}`,
      errors: [{ messageId: 'fanOut', line: 3, column: 10, suggestions: [] }],
    },
    {
      code: `import { sendEmail } from './api.js';
export function notify<T extends string>(ids: readonly T[] | Set<T>) {
  return Promise.allSettled(Array.from(ids, (id) => sendEmail(id)));
}`,
      errors: [
        {
          messageId: 'fanOut',
          line: 3,
          column: 10,
          data: { combinator: 'Promise.allSettled', source: 'Array.from(ids, …)', collection: 'ids' },
          suggestions: [],
        },
      ],
    },
    {
      code: `import { sendEmail } from './api.js';
export function notify(byTeam: Record<string, string>) {
  return Promise.allSettled(Object.values(byTeam).map(sendEmail));
}`,
      errors: [
        {
          messageId: 'fanOut',
          line: 3,
          column: 10,
          data: {
            combinator: 'Promise.allSettled',
            source: 'Object.values(byTeam).map(…)',
            collection: 'Object.values(byTeam)',
          },
          suggestions: [],
        },
      ],
    },
    {
      code: `import { startJob, userIds } from './api.js';
export const jobs = Promise.allSettled(userIds.map(startJob));`,
      errors: [{ messageId: 'fanOut', line: 2, column: 21, suggestions: [] }],
    },
    // Limiters are recognised by declaration, not by name.
    {
      code: `import { fetchProfile, userIds } from './api.js';
const limit = <T>(task: () => Promise<T>) => task();
export const all = Promise.allSettled(userIds.map((id) => limit(() => fetchProfile(id))));`,
      errors: [{ messageId: 'fanOut', line: 3, column: 20, suggestions: [] }],
    },
    {
      code: `import type { Pool } from 'my-pool';
import { fetchProfile, userIds } from './api.js';
export function load(pool: Pool) {
  return Promise.allSettled(userIds.map((id) => pool.run(() => fetchProfile(id))));
}`,
      options: [{ limiters: [{ module: 'other-pool', names: ['Pool.run'] }] }],
      errors: [{ messageId: 'fanOut', line: 4, column: 10, suggestions: [] }],
    },
    {
      code: `import pLimit from 'p-limit';
import { fetchProfile, userIds } from './api.js';
export const limit = pLimit(4);
export const all = Promise.allSettled(userIds.map((id) => fetchProfile(id)));`,
      errors: [{ messageId: 'fanOut', line: 4, column: 20, suggestions: [] }],
    },
    {
      code: `import pLimit from 'p-limit';
import { fetchProfile, userIds } from './api.js';
export const all = Promise.allSettled(userIds.map((id) => {
  const limit = pLimit(4);
  return fetchProfile(id);
}));`,
      errors: [{ messageId: 'fanOut', line: 3, column: 20, suggestions: [] }],
    },
    {
      code: `import enqueue from 'my-pool';
import { sendEmail, userIds } from './api.js';
for (const id of userIds) {
  void enqueue(() => sendEmail(id));
}`,
      options: [{ limiters: [{ module: 'my-pool', names: ['throttle'] }] }],
      errors: [{ messageId: 'loopFireAndForget', line: 4, column: 3, data: { collection: 'userIds' } }],
    },
    // p-map and Bluebird without a finite concurrency.
    {
      code: `import pMap from 'p-map';
import { fetchProfile, userIds } from './api.js';
export const all = pMap(userIds, fetchProfile);`,
      errors: [
        { messageId: 'unlimitedMapper', line: 3, column: 20, data: { callee: 'pMap', collection: 'userIds' } },
      ],
    },
    {
      code: `import mapConcurrently from 'p-map';
import { fetchProfile, userIds } from './api.js';
export const all = mapConcurrently(userIds, fetchProfile, { concurrency: Infinity, stopOnError: false });`,
      errors: [{ messageId: 'unlimitedMapper', line: 3, column: 20, data: { callee: 'mapConcurrently', collection: 'userIds' } }],
    },
    {
      code: `import { pMapIterable } from 'p-map';
import { fetchProfile } from './api.js';
export function stream(ids: Iterable<string>) {
  return pMapIterable(ids, fetchProfile, { preserveOrder: false });
}`,
      errors: [{ messageId: 'unlimitedMapper', line: 4, column: 10, data: { callee: 'pMapIterable', collection: 'ids' } }],
    },
    {
      code: `import Bluebird from 'bluebird';
import { fetchProfile, userIds } from './api.js';
export const all = Bluebird.map(userIds, fetchProfile);`,
      errors: [{ messageId: 'unlimitedMapper', line: 3, column: 20, data: { callee: 'Bluebird.map', collection: 'userIds' } }],
    },
    // Form 2: promises pushed in a loop.
    {
      code: `import { fetchProfile, userIds } from './api.js';
export async function load() {
  const tasks = [];
  for (const id of userIds) {
    tasks.push(fetchProfile(id));
  }
  return Promise.all(tasks);
}`,
      errors: [
        {
          messageId: 'pushAll',
          line: 5,
          column: 5,
          data: { target: 'tasks', collection: 'userIds', combinator: 'Promise.all' },
        },
      ],
    },
    {
      code: `import { sendEmail, userIds } from './api.js';
export function notify() {
  const started: Promise<void>[] = [];
  for (let i = 0; i < userIds.length; i++) {
    started.push(sendEmail(userIds[i]).catch(() => undefined));
  }
}`,
      errors: [{ messageId: 'pushNeverAwaited', line: 5, column: 5, data: { target: 'started', collection: 'userIds' } }],
    },
    {
      code: `import { sendEmail } from './api.js';
export async function drain(queue: string[]) {
  const sends: Promise<void>[] = [];
  while (queue.length > 0) {
    sends.push(sendEmail(queue.shift()!));
  }
  await Promise.allSettled(sends);
}`,
      errors: [{ messageId: 'pushAll', line: 5, column: 5, data: { target: 'sends', collection: 'queue', combinator: 'Promise.allSettled' } }],
    },
    {
      code: `import { fetchProfile, userIds } from './api.js';
export async function load() {
  const tasks: Promise<unknown>[] = [];
  userIds.forEach((id) => {
    tasks.push(fetchProfile(id));
  });
  await Promise.all(tasks);
}`,
      errors: [
        {
          messageId: 'pushAll',
          line: 5,
          column: 5,
          data: { target: 'tasks', collection: 'userIds', combinator: 'Promise.all' },
        },
      ],
    },
    {
      code: `import { sendEmail, users } from './api.js';
export async function notify() {
  const sends: Promise<void>[] = [];
  for (const user of users) {
    for (const friend of user.friends) sends.push(sendEmail(friend));
  }
  await Promise.all(sends);
}`,
      errors: [{ messageId: 'pushAll', line: 5, column: 40, data: { target: 'sends', collection: 'user.friends', combinator: 'Promise.all' } }],
    },
    // Form 3: fire-and-forget in a loop.
    {
      code: `import { sendEmail, userIds } from './api.js';
export function notify() {
  for (const id of userIds) {
    sendEmail(id);
  }
}`,
      errors: [{ messageId: 'loopFireAndForget', line: 4, column: 5, data: { collection: 'userIds' } }],
    },
    {
      code: `import { sendEmail, userIds } from './api.js';
for (const id of userIds) {
  void sendEmail(id);
}`,
      errors: [{ messageId: 'loopFireAndForget', line: 3, column: 3 }],
    },
    {
      code: `import { log, sendEmail, users } from './api.js';
export function notify() {
  for (const user of users) {
    sendEmail(user.email).catch(() => log('failed'));
  }
}`,
      errors: [{ messageId: 'loopFireAndForget', line: 4, column: 5, data: { collection: 'users' } }],
    },
    {
      code: `import { sendEmail } from './api.js';
export function notify(byTeam: Record<string, string>) {
  for (const team in byTeam) {
    void sendEmail(byTeam[team]);
  }
}`,
      errors: [{ messageId: 'loopFireAndForget', line: 4, column: 5, data: { collection: 'byTeam' } }],
    },
    {
      code: `import { sendEmail } from './api.js';
for (let i = 0; i < 100; i++) {
  void sendEmail(String(i));
}`,
      errors: [{ messageId: 'loopFireAndForget', line: 3, column: 3, data: { collection: 'i < 100' } }],
    },
    {
      code: `import { sendEmail, users } from './api.js';
for (const user of users) {
  for (const kind of ['welcome', 'digest'] as const) {
    void sendEmail(user.email + kind);
  }
}`,
      errors: [{ messageId: 'loopFireAndForget', line: 4, column: 5, data: { collection: 'users' } }],
    },
    {
      code: `import { emailsById, sendEmail } from './api.js';
emailsById.forEach((email) => {
  void sendEmail(email);
});`,
      errors: [{ messageId: 'loopFireAndForget', line: 3, column: 3, data: { collection: 'emailsById' } }],
    },
    {
      code: `import { sendEmail, userIds } from './api.js';
export async function notify() {
  for (const id of userIds) {
    await Promise.resolve();
  }
  for (const id of userIds) {
    new Promise<void>((resolve) => resolve(sendEmail(id)));
  }
}`,
      errors: [{ messageId: 'loopFireAndForget', line: 7, column: 5 }],
    },
    // Async callbacks that no one waits for.
    {
      code: `import { sendEmail, userIds } from './api.js';
userIds.forEach(async (id) => {
  await sendEmail(id);
});`,
      errors: [{ messageId: 'forEachAsync', line: 2, column: 1, data: { collection: 'userIds' } }],
    },
    {
      code: `import { pending, sendEmail } from './api.js';
pending.forEach(async (id) => {
  await sendEmail(id);
});`,
      errors: [{ messageId: 'forEachAsync', line: 2, column: 1, data: { collection: 'pending' } }],
    },
    {
      code: `import { sendEmail, userIds } from './api.js';
export function notify() {
  userIds.map((id) => sendEmail(id));
}`,
      errors: [
        { messageId: 'mapNotAwaited', line: 3, column: 3, data: { source: 'userIds.map(…)', collection: 'userIds' } },
      ],
    },
    // An unawaited combinator in a loop is reported once, as the fan-out it is.
    {
      code: `import { sendEmail, users } from './api.js';
for (const user of users) {
  void Promise.all(user.friends.map(sendEmail));
}`,
      errors: [
        {
          messageId: 'fanOut',
          line: 3,
          column: 8,
          suggestions: [
            {
              messageId: 'usePMap',
              output: `import { sendEmail, users } from './api.js';
import pMap from 'p-map';
for (const user of users) {
  void pMap(user.friends, sendEmail, { concurrency: 16 });
}`,
            },
          ],
        },
      ],
    },
    // Optional chaining, aliases, satisfies, classes, re-exports.
    {
      code: `import { fetchProfile } from './api.js';
export function load(ids?: string[]) {
  return Promise.all(ids?.map(fetchProfile) ?? []);
}`,
      errors: [
        {
          messageId: 'fanOut',
          line: 3,
          column: 10,
          data: { combinator: 'Promise.all', source: 'ids.map(…)', collection: 'ids' },
          suggestions: [],
        },
      ],
    },
    {
      code: `import { fetchProfile, userIds } from './api.js';
const P = Promise;
export const all = P.all(userIds.map(fetchProfile) satisfies Promise<unknown>[]);`,
      errors: [
        {
          messageId: 'fanOut',
          line: 3,
          column: 20,
          suggestions: [
            {
              messageId: 'usePMap',
              output: `import { fetchProfile, userIds } from './api.js';
import pMap from 'p-map';
const P = Promise;
export const all = pMap(userIds, fetchProfile, { concurrency: 16 });`,
            },
          ],
        },
      ],
    },
    {
      code: `import pLimit from 'p-limit';
import { sendEmail } from './api.js';
export class Mailer {
  private readonly limit = pLimit(4);
  sendAll(ids: string[]) {
    return Promise.all(ids.map((id) => this.limit(() => sendEmail(id))));
  }
  sendAllAtOnce(ids: string[]) {
    return Promise.all(ids.map((id) => this.send(id), this));
  }
  private send(id: string) {
    return sendEmail(id);
  }
}`,
      errors: [{ messageId: 'fanOut', line: 9, column: 12, suggestions: [] }],
    },
    {
      code: `import { fetchProfile, userIds } from './api.js';
export const all = Promise.all(userIds.map((id, index, array) => fetchProfile(array[index] ?? id)));`,
      errors: [{ messageId: 'fanOut', line: 2, column: 20, suggestions: [] }],
    },
    {
      code: `import { mapWithLimit } from './limits.js';
import { fetchProfile, userIds } from './api.js';
export const all = mapWithLimit(userIds, fetchProfile);`,
      errors: [
        { messageId: 'unlimitedMapper', line: 3, column: 20, data: { callee: 'mapWithLimit', collection: 'userIds' } },
      ],
    },
    {
      code: `import { emailsById, sendEmail } from './api.js';
for (const [, email] of emailsById) {
  sendEmail(email).catch(() => undefined);
}`,
      errors: [{ messageId: 'loopFireAndForget', line: 3, column: 3, data: { collection: 'emailsById' } }],
    },
    {
      code: `import { sendEmail } from './api.js';
for (let i = 0; i < 10; i++) {
  void sendEmail(String(i));
}`,
      options: [{ maxFanOut: 8 }],
      errors: [{ messageId: 'loopFireAndForget', line: 3, column: 3, data: { collection: 'i < 10' } }],
    },
    {
      code: `import { startJob, userIds } from './api.js';
export function start() {
  const jobs = [];
  for (const id of userIds) jobs.push(startJob(id));
}`,
      errors: [{ messageId: 'pushNeverAwaited', line: 4, column: 29, data: { target: 'jobs', collection: 'userIds' } }],
    },
    // The docs page's ❌ example.
    {
      code: `import { fetchProfile, sendEmail, type User } from './api.js';

export async function loadProfiles(userIds: string[]) {
  return Promise.all(userIds.map((id) => fetchProfile(id)));
}

export async function notifyAll(users: User[]) {
  const sends: Promise<void>[] = [];
  for (const user of users) {
    sends.push(sendEmail(user.email));
  }
  await Promise.allSettled(sends);
}

export function remindAll(users: User[]) {
  for (const user of users) {
    void sendEmail(user.email); // the loop ends before any email is sent
  }
  users.forEach(async (user) => {
    await sendEmail(user.email); // forEach does not wait either
  });
}`,
      errors: [
        {
          messageId: 'fanOut',
          line: 4,
          column: 10,
          suggestions: [{ messageId: 'usePMap', output: `import { fetchProfile, sendEmail, type User } from './api.js';
import pMap from 'p-map';

export async function loadProfiles(userIds: string[]) {
  return pMap(userIds, (id) => fetchProfile(id), { concurrency: 16 });
}

export async function notifyAll(users: User[]) {
  const sends: Promise<void>[] = [];
  for (const user of users) {
    sends.push(sendEmail(user.email));
  }
  await Promise.allSettled(sends);
}

export function remindAll(users: User[]) {
  for (const user of users) {
    void sendEmail(user.email); // the loop ends before any email is sent
  }
  users.forEach(async (user) => {
    await sendEmail(user.email); // forEach does not wait either
  });
}` }],
        },
        { messageId: 'pushAll', line: 10, column: 5 },
        { messageId: 'loopFireAndForget', line: 17, column: 5 },
        { messageId: 'forEachAsync', line: 19, column: 3 },
      ],
    },
    // Chunks above maxChunkSize, and the chunks themselves started all at once (reported once, on the outer call).
    {
      code: `import { fetchProfile, userIds } from './api.js';
export async function load() {
  for (let i = 0; i < userIds.length; i += 5000) {
    await Promise.allSettled(userIds.slice(i, i + 5000).map((id) => fetchProfile(id)));
  }
}`,
      errors: [{ messageId: 'fanOut', line: 4, column: 11 }],
    },
    {
      code: `import { fetchProfile, userIds } from './api.js';
export async function load() {
  for (let i = 0; i < userIds.length; i += 100) {
    const batch = userIds.slice(i, i + 100);
    await Promise.allSettled(batch.map((id) => fetchProfile(id)));
  }
}`,
      options: [{ maxChunkSize: 50 }],
      errors: [{ messageId: 'fanOut', line: 5, column: 11 }],
    },
    {
      code: `import { chunks, fetchProfile, userIds } from './api.js';
export const all = Promise.allSettled(chunks(userIds, 50).map((batch) => Promise.allSettled(batch.map(fetchProfile))));`,
      errors: [{ messageId: 'fanOut', line: 2, column: 20 }],
    },
    // Records the object received or loaded (elements without methods) grow with the data: reported.
    {
      code: `interface Subscription { url: string; events: string[] }
export class Webhooks {
  private subscriptions: Subscription[] = [];
  private deliver(subscription: Subscription, event: string): Promise<Response> { return fetch(subscription.url + event); }
  async publish(event: string) {
    const targets = this.subscriptions.filter((s) => s.events.includes(event));
    await Promise.allSettled(targets.map((s) => this.deliver(s, event)));
  }
}`,
      errors: [{ messageId: 'fanOut', line: 7, column: 11 }],
    },
    // Built with an infinite concurrency, or with none.
    {
      code: `import { fetchProfile, userIds } from './api.js';
declare class Retrier { constructor(check: (error: Error) => boolean, options?: { concurrency?: number; retries?: number }); retry<T>(task: () => Promise<T>): Promise<T> }
export async function load() {
  const unlimited = new Retrier(() => true, { concurrency: Infinity });
  const plain = new Retrier(() => true, { retries: 3 });
  await Promise.allSettled(userIds.map((id) => unlimited.retry(() => fetchProfile(id))));
  await Promise.allSettled(userIds.map((id) => plain.retry(() => fetchProfile(id))));
}`,
      errors: [
        { messageId: 'fanOut', line: 6, column: 9 },
        { messageId: 'fanOut', line: 7, column: 9 },
      ],
    },
    // Not a chunking helper: its groups hold something other than the input's elements.
    {
      code: `import { fetchProfile, userIds } from './api.js';
declare function scoresOf(ids: string[], top: number): string[][][];
export async function load() {
  const groups = scoresOf(userIds, 50);
  for (let i = 0; i < groups.length; i++) {
    await Promise.allSettled(groups[i]!.map((group) => fetchProfile(group.join())));
  }
}`,
      errors: [{ messageId: 'fanOut', line: 6, column: 11 }],
    },
  ],
});
