import path from 'node:path';

import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

import rule from '../../rules/no-blocking-in-async.js';
import { LoopContextFinder } from '../../src/analysis/async-context.js';
import { BlockingMatcher } from '../../src/analysis/call-graph.js';
import { resolveCallee } from '../../src/analysis/callee.js';
import { node26Program } from '../helpers/node-26.js';
import { fixturesDir, typedRuleTester } from '../rule-tester.js';

const ruleTester = typedRuleTester();
// Cases that import ./helpers.js or ./reexport.js are linted next to them.
const crossFile = path.join(fixturesDir, 'blocking', 'file.ts');
const jsFile = path.join(fixturesDir, 'blocking', 'js', 'require.js');
// lib.dom.d.ts and @types/node both declare the timer globals here.
const domFile = path.join(fixturesDir, 'blocking', 'dom', 'file.ts');
// A project without Node's types: its tsconfig has `types: []`, TypeScript 6's default.
const noNodeTypesFile = path.join(fixturesDir, 'blocking', 'no-node-types', 'file.ts');
const noNodeTypesJsFile = path.join(fixturesDir, 'blocking', 'no-node-types', 'require.js');
// A hashbang file, and a package whose package.json `bin` is built from src/tool.ts (beside src/other.ts).
const hashbangFile = path.join(fixturesDir, 'blocking', 'cli', 'tool.ts');
const binFile = path.join(fixturesDir, 'blocking', 'bin-package', 'src', 'tool.ts');
const notBinFile = path.join(fixturesDir, 'blocking', 'bin-package', 'src', 'other.ts');

ruleTester.run('no-blocking-in-async', rule, {
  valid: [
    // The correct example of docs/rules/no-blocking-in-async.md.
    `import * as fs from 'node:fs';
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

// Start-up: the server is not listening yet.
const config = JSON.parse(fs.readFileSync('config.json', 'utf8'));

export async function handler(name: string) {
  const page = await fs.promises.readFile(\`views/\${name}.html\`, 'utf8');
  const { stdout: commit } = await promisify(execFile)('git', ['rev-parse', 'HEAD']);
  return page.replace('{{commit}}', commit);
}

export async function pause(ms: number) {
  await sleep(ms);
}

// Exit listeners must be synchronous.
process.on('exit', () => fs.writeFileSync('state.json', JSON.stringify(config)));
`,
    // Start-up code: module level, and sync code reached only from there.
    `import * as fs from 'fs';
const config = fs.readFileSync('config.json', 'utf8');`,
    `import * as fs from 'fs';
function loadConfig() { return fs.readFileSync('config.json', 'utf8'); }
const config = loadConfig();`,
    `import * as fs from 'fs';
const files = ['a', 'b'].map((name) => fs.readFileSync(name, 'utf8'));`,
    `import * as fs from 'fs';
const text = new Promise<string>((resolve) => resolve(fs.readFileSync('a', 'utf8')));`,
    `import * as fs from 'fs';
class Loader { load() { return fs.readFileSync('a', 'utf8'); } }
new Loader().load();`,
    // Start-up inside an async main() or async IIFE that module code calls once: before the first await.
    `import * as fs from 'fs';
declare const server: { listen(port: number): Promise<void> };
async function main() {
  const config = JSON.parse(fs.readFileSync('config.json', 'utf8')) as { port: number };
  ['a', 'b'].forEach((dir) => fs.mkdirSync(dir, { recursive: true }));
  await server.listen(config.port);
}
main().catch(() => process.exit(1));`,
    `import * as fs from 'fs';
declare function connect(): Promise<void>;
void (async () => {
  fs.writeFileSync('server.pid', String(process.pid));
  await connect();
})();`,
    `import * as fs from 'fs';
const start = async () => { fs.readFileSync('a'); };
start();`,
    // The asynchronous APIs.
    `import * as fs from 'fs';
async function f() { return fs.promises.readFile('a', 'utf8'); }`,
    `import { readFile, stat } from 'node:fs/promises';
async function f() { await stat('a'); return readFile('a', 'utf8'); }`,
    `import { exec } from 'child_process';
async function f() { exec('ls', () => {}); }`,
    `import { randomBytes, randomUUID } from 'crypto';
async function f() { randomBytes(4096, () => {}); return randomUUID(); }`,
    `import { randomBytes } from 'crypto';
async function token() { return randomBytes(32).toString('hex'); }`,
    // Sizes the source spells out, through const bindings and arithmetic: a few KiB of random bytes return at once.
    `import { randomFillSync } from 'node:crypto';
const POOL = 8 * 1024;
const pool = Buffer.alloc(POOL);
function refill() { randomFillSync(pool, 0, POOL); }
export function mask(ready: Promise<void>) { return ready.then(() => refill()); }`,
    `import * as crypto from 'crypto';
const KEY_BYTES = 32;
const scratch = new Uint8Array(4096);
async function f() { crypto.randomFillSync(scratch); return crypto.randomBytes(KEY_BYTES * 2); }`,
    `async function f(buffer: Int32Array) { await Atomics.waitAsync(buffer, 0, 0).value; }`,
    `import { execa } from 'execa';
async function f() { await execa('ls'); }`,
    `import { glob } from 'glob';
import bcrypt from 'bcrypt';
async function f() { await glob('*.ts'); return bcrypt.hash('secret', 10); }`,
    // Names that only look blocking.
    `function parseSync(text: string) { return JSON.parse(text) as unknown; }
async function f() { return parseSync('{}'); }`,
    { filename: crossFile, code: `import { parseSync, formatName } from './helpers.js';
async function f() { return [parseSync('{}'), formatName(' a ')]; }` },
    `class Cache { readFileSync(key: string) { return key; } }
async function f(cache: Cache) { return cache.readFileSync('a'); }`,
    // Type positions.
    `import * as fs from 'fs';
type Reader = typeof fs.readFileSync;
async function f(read: Reader): Promise<ReturnType<typeof fs.readFileSync> | undefined> { void read; return undefined; }`,
    // A method of a union with a type of the user's: which `run` runs is not known.
    `import Database from 'better-sqlite3';
interface Job { run(id: number): void }
async function f(task: Database.Statement<[number]> | Job) { task.run(1); }`,
    // Calling a module namespace is a type error, not a crash.
    { filename: crossFile, code: `import * as ns from './namespace.js';
async function f() { // @ts-expect-error not callable
  ns(); }` },
    // Calls through any are skipped, not guessed.
    `async function f(fs: any) { return fs.readFileSync('a'); }`,
    `declare const lib: any;
async function f() { lib.execSync('ls'); }`,
    // A nested sync function that is never called.
    `import * as fs from 'fs';
async function f() { function later() { return fs.existsSync('a'); } return later; }`,
    // Exit and crash listeners must be synchronous.
    `import * as fs from 'fs';
process.on('exit', () => { fs.writeFileSync('state.json', '{}'); });`,
    `import * as fs from 'fs';
process.once('uncaughtException', (error) => { fs.writeSync(process.stderr.fd, String(error)); process.exit(1); });`,
    // A function handed to something that is not a scheduler runs at start-up.
    `import * as fs from 'fs';
function register(callback: () => void) { callback(); }
register(() => fs.readFileSync('a'));`,
    `import * as fs from 'fs';
const registry = { on(event: string, callback: () => void) { void event; callback(); } };
registry.on('ready', () => fs.readFileSync('a'));`,
    // Start-up callbacks of frameworks: `listen` runs once, when the server is bound.
    `import express from 'express';
import * as fs from 'fs';
const app = express();
app.set('views', fs.realpathSync('views'));
app.listen(3000, () => { fs.writeFileSync('server.pid', String(process.pid)); });`,
    // Named sync functions handed to code that calls them now, or to exit listeners.
    `import * as fs from 'fs';
function flush() { fs.writeFileSync('state.json', '{}'); }
process.on('exit', flush);
['a', 'b'].forEach(flush);`,
    { filename: crossFile, code: `import { loadTemplate } from './helpers.js';
setTimeout(loadTemplate, 10, 'home');`, options: [{ checkCallbacks: false }] },
    // checkCallbacks: false leaves callbacks at start-up alone.
    { code: `import * as fs from 'fs';
setTimeout(() => fs.readFileSync('a'), 10);`, options: [{ checkCallbacks: false }] },
    // Transitive: helpers that do not block, cycles, the depth bound, and an option that turns it off.
    { filename: crossFile, code: `import { ping, scheduleLater, readAsync } from './helpers.js';
async function f() { ping(4); scheduleLater(); await readAsync('a'); }` },
    { filename: crossFile, code: `import { depth1 } from './helpers.js';
async function f() { return depth1(); }`, options: [{ maxDepth: 2 }] },
    { filename: crossFile, code: `import { loadTemplate } from './helpers.js';
async function f() { return loadTemplate('home'); }`, options: [{ maxDepth: 0 }] },
    { filename: crossFile, code: `import { loadTemplate } from './helpers.js';
const home = loadTemplate('home');` },
    // allow: exact callees, `node:` in the package name, and a helper that cuts the chain.
    { code: `import * as fs from 'fs';
async function f() { return fs.readFileSync('a'); }`, options: [{ allow: [{ from: 'package', package: 'node:fs', name: 'readFileSync' }] }] },
    { code: `import { execSync } from 'child_process';
async function f() { execSync('git rev-parse HEAD'); }`, options: [{ allow: [{ from: 'package', package: 'child_process', name: ['execSync', 'spawnSync'] }] }] },
    { filename: crossFile, code: `import { loadTemplate } from './helpers.js';
async function f() { return loadTemplate('home'); }`, options: [{ allow: [{ from: 'file', path: 'blocking/helpers.ts', name: 'readPartial' }] }] },
    { filename: crossFile, code: `import { loadTemplate } from './helpers.js';
async function f() { return loadTemplate('home'); }`, options: [{ allow: [{ from: 'file', name: 'loadTemplate' }] }] },
    { filename: crossFile, code: `import { loadTemplate } from './helpers.js';
async function f() { return loadTemplate('home'); }`, options: [{ allow: [{ from: 'package', package: 'fs', name: 'readFileSync' }] }] },
    // The promise API however it is imported; Atomics.wait at start-up.
    `import { promises as fsp } from 'fs';
import fsPromises from 'node:fs/promises';
async function f() { await fsp.readFile('a'); return fsPromises.readdir('.'); }`,
    `const shared = new Int32Array(new SharedArrayBuffer(4));
Atomics.wait(shared, 0, 0, 10);`,
    // Loops that do work, or do not watch the clock; busy-waits at start-up.
    `declare function step(): Promise<void>;
async function f(end: number) { while (Date.now() < end) { await step(); } }`,
    `async function f() { let total = 0; for (let i = 0; i < 10; i++) { total += i; } return total; }`,
    `const end = Date.now() + 50;
while (Date.now() < end) {}`,
    `declare function poll(): boolean;
async function f(end: number) { while (Date.now() < end) { if (poll()) break; } }`,
    // Member calls the name pre-filter skips: no catalogue name, no user function or alias of that name.
    `async function f(items: string[], byId: Map<string, number>) {
  const all = await Promise.all(items.map(async (item) => item.trim()));
  return [all.join(','), byId.get('a')];
}`,
    // `run` and `get` are catalogue names only as members of better-sqlite3's Statement.
    `interface Job { run(): void; get(key: string): string }
async function f(job: Job) { job.run(); return job.get('a'); }`,
    // A re-keying mapped type keeps no declaration for its members: nothing to resolve, before or after the filter.
    `import * as fs from 'fs';
type Later<T> = { [K in keyof T & string as \`\${K}Later\`]: T[K] };
declare const api: Later<typeof fs>;
async function f() { api.readFileSyncLater('a'); }`,
    // A user method that does not block, called through `this`.
    `class Formatter {
  format(text: string) { return text.trim(); }
  async handle(text: string) { return this.format(text); }
}`,
    // Node's types are there: every builtin import resolves, in TypeScript and in JavaScript.
    `import { readFile } from 'node:fs/promises';
export * from 'fs';
import os = require('os');
export async function f() { return [await readFile('a'), os.hostname(), await import('node:path')]; }`,
    {
      filename: jsFile,
      code: `const { execFile } = require('child_process');
module.exports = async () => execFile('ls');`,
    },
    // Without them, an unresolved import of anything but a builtin is not about Node's types.
    {
      filename: noNodeTypesFile,
      code: `import { helper } from './missing.js';
import type { Options } from 'some-package';
export async function f(options: Options) { return helper(options); }`,
    },
    // In TypeScript, a plain `require()` is no import: the checker never resolves it.
    {
      filename: noNodeTypesFile,
      code: `declare const require: (name: string) => unknown;
export const fs = require('fs');`,
    },
    // `require()` in TypeScript: a computed name, a mutable binding, a local `require`, and the callback API.
    `declare const name: string;
async function f(p: string) { return require(name).readFileSync(p); }`,
    `let legacyFs = require('fs');
async function f(p: string) { legacyFs.unlinkSync(p); }`,
    `export {};
function require(name: string) { return { readFileSync: (p: string) => name + p }; }
async function f(p: string) { return require('fs').readFileSync(p); }`,
    `const { readFile } = require('node:fs');
async function f(p: string) { readFile(p, () => {}); }`,
    `const { gunzipSync } = require('zlib');
const defaults = gunzipSync(Buffer.from('')); `,
    // A command-line entry point: the async main() of a hashbang or `bin` file, called once by module code.
    { filename: hashbangFile, code: `#!/usr/bin/env node
import * as fs from 'node:fs';
async function main() {
  const config = fs.readFileSync('config.json', 'utf8');
  await fs.promises.mkdir('out', { recursive: true });
  fs.writeFileSync('out/config.json', config);
  await Promise.all(['a', 'b'].map(async (name) => fs.readFileSync(name)));
}
main().catch(() => process.exit(1));
await Promise.all(['c'].map(async (name) => fs.statSync(name)));` },
    { filename: binFile, code: `import * as fs from 'node:fs';
async function main() {
  const config = fs.readFileSync('config.json', 'utf8');
  await fs.promises.mkdir('out', { recursive: true });
  fs.writeFileSync('out/config.json', config);
  await Promise.all(['a', 'b'].map(async (name) => fs.readFileSync(name)));
}
main().catch(() => process.exit(1));` },
    // allowIn: file globs relative to ESLint's working directory.
    { code: `import * as fs from 'fs';
export async function f() { return fs.readFileSync('a'); }`, options: [{ allowIn: ['file.ts'] }] },
    // A function reference handed to a call that may keep it for later, or iterated at start-up.
    `import * as fs from 'fs';
function ensureDir(dir: string) { if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true }); }
declare function register(hook: (dir: string) => void): void;
class Dirs { forEach(hook: (dir: string) => void) { void hook; } }
['logs', 'tmp'].forEach(ensureDir);
export async function f(dirs: Dirs) { register(ensureDir); dirs.forEach(ensureDir); }`,
  ],
  invalid: [
    // The examples of docs/rules/no-blocking-in-async.md.
    {
      code: `import * as fs from 'node:fs';
import { execSync } from 'node:child_process';

export async function handler(name: string) {
  const page = fs.readFileSync(\`views/\${name}.html\`, 'utf8');
  const commit = execSync('git rev-parse HEAD').toString();
  return page.replace('{{commit}}', commit);
}

// Runs on every request, through two helpers.
function readPartial(name: string) {
  return fs.readFileSync(\`partials/\${name}.html\`, 'utf8');
}
function loadTemplate(name: string) {
  return readPartial(name).trim();
}
export const render = async (name: string) => loadTemplate(name);

setInterval(() => {
  fs.writeFileSync('stats.json', JSON.stringify(process.memoryUsage()));
}, 1000);

export async function pause(ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {} // busy-wait
}
`,
      errors: [
        { messageId: 'blocking', line: 5, column: 16, suggestions: [{ messageId: 'suggestAsync', output: `import * as fs from 'node:fs';
import { execSync } from 'node:child_process';

export async function handler(name: string) {
  const page = await fs.promises.readFile(\`views/\${name}.html\`, 'utf8');
  const commit = execSync('git rev-parse HEAD').toString();
  return page.replace('{{commit}}', commit);
}

// Runs on every request, through two helpers.
function readPartial(name: string) {
  return fs.readFileSync(\`partials/\${name}.html\`, 'utf8');
}
function loadTemplate(name: string) {
  return readPartial(name).trim();
}
export const render = async (name: string) => loadTemplate(name);

setInterval(() => {
  fs.writeFileSync('stats.json', JSON.stringify(process.memoryUsage()));
}, 1000);

export async function pause(ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {} // busy-wait
}
` }] },
        { messageId: 'blocking', line: 6, column: 18 },
        { messageId: 'blockingTransitive', line: 17, column: 47 },
        { messageId: 'blocking', line: 20, column: 3 },
        { messageId: 'busyWait', line: 25, column: 3 },
      ],
    },
    // Import styles, each with its suggestion.
    {
      code: `import * as fs from 'fs';
async function f() { return fs.readFileSync('a', 'utf8'); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 29, suggestions: [{ messageId: 'suggestAsync', output: `import * as fs from 'fs';
async function f() { return await fs.promises.readFile('a', 'utf8'); }` }] }],
    },
    {
      code: `import fs from 'node:fs';
async function f() { const text = fs.readFileSync('a', 'utf8'); return text; }`,
      errors: [{ messageId: 'blocking', line: 2, column: 35, suggestions: [{ messageId: 'suggestAsync', output: `import fs from 'node:fs';
async function f() { const text = await fs.promises.readFile('a', 'utf8'); return text; }` }] }],
    },
    {
      code: `import { readFileSync } from 'fs';
async function f() { return readFileSync('a', 'utf8'); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 29, suggestions: [{ messageId: 'suggestAsync', output: `import * as fsPromises from 'fs/promises';
async function f() { return await fsPromises.readFile('a', 'utf8'); }` }] }],
    },
    {
      code: `import { writeFileSync as save } from 'node:fs';
async function f() { save('a', 'b'); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 22, suggestions: [{ messageId: 'suggestAsync', output: `import * as fsPromises from 'node:fs/promises';
async function f() { await fsPromises.writeFile('a', 'b'); }` }] }],
    },
    {
      // The suggestion removes the sync import it leaves unused, and only that: a specifier still used stays.
      code: `import { existsSync, readFileSync } from 'node:fs';
async function f() { return existsSync('a') ? readFileSync('a') : undefined; }`,
      errors: [
        { messageId: 'blocking', line: 2, column: 29 },
        { messageId: 'blocking', line: 2, column: 47, suggestions: [{ messageId: 'suggestAsync', output: `import { existsSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
async function f() { return existsSync('a') ? await fsPromises.readFile('a') : undefined; }` }] },
      ],
    },
    {
      // Used twice: the import stays.
      code: `import { readFileSync } from 'node:fs';
export const config = readFileSync('config.json');
async function f() { return readFileSync('a'); }`,
      errors: [{ messageId: 'blocking', line: 3, column: 29, suggestions: [{ messageId: 'suggestAsync', output: `import { readFileSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
export const config = readFileSync('config.json');
async function f() { return await fsPromises.readFile('a'); }` }] }],
    },
    {
      code: `import { readFileSync } from 'fs';
async function f(fsPromises: string) { return readFileSync(fsPromises); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 47 }],
    },
    {
      code: `import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
async function f() { return readFileSync('a'); }`,
      errors: [{ messageId: 'blocking', line: 3, column: 29, suggestions: [{ messageId: 'suggestAsync', output: `import { readFile } from 'node:fs/promises';
async function f() { return await readFile('a'); }` }] }],
    },
    {
      code: `import { mkdirSync } from 'fs';
import * as fsp from 'fs/promises';
async function f() { mkdirSync('d', { recursive: true }); }`,
      errors: [{ messageId: 'blocking', line: 3, column: 22, suggestions: [{ messageId: 'suggestAsync', output: `import * as fsp from 'fs/promises';
async function f() { await fsp.mkdir('d', { recursive: true }); }` }] }],
    },
    {
      code: `import fs = require('fs');
async function f() { fs.unlinkSync('a'); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 22, suggestions: [{ messageId: 'suggestAsync', output: `import fs = require('fs');
async function f() { await fs.promises.unlink('a'); }` }] }],
    },
    {
      code: `import * as fs from 'fs';
const { appendFileSync } = fs;
async function f() { appendFileSync('log', 'line'); }`,
      errors: [{ messageId: 'blocking', line: 3, column: 22, suggestions: [{ messageId: 'suggestAsync', output: `import * as fs from 'fs';
const { appendFileSync } = fs;
async function f() { await fs.promises.appendFile('log', 'line'); }` }] }],
    },
    {
      code: `import * as fs from 'fs';
const read = fs.readFileSync;
async function f() { return read('a'); }`,
      errors: [{ messageId: 'blocking', line: 3, column: 29, suggestions: [{ messageId: 'suggestAsync', output: `import * as fs from 'fs';
const read = fs.readFileSync;
async function f() { return await fs.promises.readFile('a'); }` }] }],
    },
    {
      filename: crossFile,
      code: `import { readText, execSync } from './reexport.js';
async function f() { execSync('ls'); return readText('a'); }`,
      errors: [
        // A re-exported function is named as the code calls it, then by the API it is.
        { messageId: 'blocking', line: 2, column: 22, data: {
          call: '`child_process.execSync()`',
          reason: 'a synchronous child process',
          context: 'inside an async function',
          alternative: 'Use `execFile` or `spawn`, or their promisified forms.',
        } },
        { messageId: 'blocking', line: 2, column: 45, data: {
          call: '`readText()` (`fs.readFileSync`)',
          reason: 'a synchronous file-system call',
          context: 'inside an async function',
          alternative: 'Use `await fs.promises.readFile()`.',
        }, suggestions: [{ messageId: 'suggestAsync', output: `import { readText, execSync } from './reexport.js';
import * as fsPromises from 'fs/promises';
async function f() { execSync('ls'); return await fsPromises.readFile('a'); }` }] },
      ],
    },
    {
      filename: jsFile,
      code: `const { execSync } = require('child_process');
async function f() { execSync('ls'); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 22 }],
    },
    {
      filename: jsFile,
      code: `const fs = require('node:fs');
async function f() { return fs.readdirSync('.'); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 29, suggestions: [{ messageId: 'suggestAsync', output: `const fs = require('node:fs');
async function f() { return await fs.promises.readdir('.'); }` }] }],
    },
    {
      filename: jsFile,
      code: `const readConfig = require('./legacy.js');
async function f() { return readConfig(); }`,
      errors: [{ messageId: 'blockingTransitive', line: 2, column: 29, data: {
        name: 'readConfig',
        context: 'inside an async function',
        chain: 'readConfig → fs.readFileSync',
        location: 'legacy.js:4',
        reason: 'a synchronous file-system call',
      } }],
    },
    // Suggestions only where the promise API is an exact equivalent, with parentheses where needed.
    {
      code: `import * as fs from 'fs';
async function f() { return fs.statSync('a', { throwIfNoEntry: false }); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 29 }],
    },
    {
      code: `import * as fs from 'fs';
async function f() { return fs.existsSync('a'); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 29 }],
    },
    {
      code: `import * as fs from 'fs';
async function f() { return fs.readFileSync('a', 'utf8').length; }`,
      errors: [{ messageId: 'blocking', line: 2, column: 29, suggestions: [{ messageId: 'suggestAsync', output: `import * as fs from 'fs';
async function f() { return (await fs.promises.readFile('a', 'utf8')).length; }` }] }],
    },
    {
      code: `import * as fs from 'fs';
async function f() { return (fs.readFileSync('a', 'utf8') as string).trim(); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 30, suggestions: [{ messageId: 'suggestAsync', output: `import * as fs from 'fs';
async function f() { return (await fs.promises.readFile('a', 'utf8') as string).trim(); }` }] }],
    },
    {
      code: `import * as fs from 'fs';
async function f() { return fs?.readFileSync('a'); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 29 }],
    },
    {
      code: `import * as fs from 'fs';
async function f(names: string[]) { names.forEach((name) => fs.unlinkSync(name)); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 61 }],
    },
    {
      code: `import * as fs from 'fs';
async function f(dir: fs.Dir) { return dir.readSync(); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 40 }],
    },
    {
      code: `import * as fs from 'fs';
async function f() { return await fs.readFileSync('a'); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 35, suggestions: [{ messageId: 'suggestAsync', output: `import * as fs from 'fs';
async function f() { return await fs.promises.readFile('a'); }` }] }],
    },
    {
      code: `import * as fs from 'fs';
async function f() { const text = fs.readFileSync('a', 'utf8') satisfies string; return text; }`,
      errors: [{ messageId: 'blocking', line: 2, column: 35, suggestions: [{ messageId: 'suggestAsync', output: `import * as fs from 'fs';
async function f() { const text = await fs.promises.readFile('a', 'utf8') satisfies string; return text; }` }] }],
    },
    {
      code: `import * as fs from 'fs';
async function f() { return fs.readFileSync('a')!; }`,
      errors: [{ messageId: 'blocking', line: 2, column: 29, suggestions: [{ messageId: 'suggestAsync', output: `import * as fs from 'fs';
async function f() { return (await fs.promises.readFile('a'))!; }` }] }],
    },
    {
      code: `import * as fs from 'fs';
async function f() { (fs.readFileSync)('a'); fs['writeFileSync']('b', ''); }`,
      errors: [
        { messageId: 'blocking', line: 2, column: 22 },
        { messageId: 'blocking', line: 2, column: 46 },
      ],
    },
    {
      code: `import * as fs from 'fs';
async function f<D extends fs.Dir>(dir: D) { dir.closeSync(); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 46 }],
    },
    {
      filename: crossFile,
      code: `import { views } from './reexport.js';
async function f() { return views.loadTemplate('home'); }`,
      errors: [{ messageId: 'blockingTransitive', line: 2, column: 29 }],
    },
    // Async arrows, methods, object methods, async generators.
    {
      code: `import * as fs from 'fs';
const list = async () => fs.readdirSync('.');`,
      errors: [{ messageId: 'blocking', line: 2, column: 26, suggestions: [{ messageId: 'suggestAsync', output: `import * as fs from 'fs';
const list = async () => await fs.promises.readdir('.');` }] }],
    },
    {
      code: `import * as fs from 'fs';
class Store { async save() { fs.mkdirSync('d'); } }`,
      errors: [{ messageId: 'blocking', line: 2, column: 30, suggestions: [{ messageId: 'suggestAsync', output: `import * as fs from 'fs';
class Store { async save() { await fs.promises.mkdir('d'); } }` }] }],
    },
    {
      code: `import * as fs from 'fs';
const store = { async drop() { fs.rmSync('d', { recursive: true }); } };`,
      errors: [{ messageId: 'blocking', line: 2, column: 32, suggestions: [{ messageId: 'suggestAsync', output: `import * as fs from 'fs';
const store = { async drop() { await fs.promises.rm('d', { recursive: true }); } };` }] }],
    },
    {
      code: `import * as fs from 'fs';
async function* lines() { yield fs.readFileSync('a', 'utf8'); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 33, suggestions: [{ messageId: 'suggestAsync', output: `import * as fs from 'fs';
async function* lines() { yield await fs.promises.readFile('a', 'utf8'); }` }] }],
    },
    // child_process, zlib, crypto, Atomics.
    {
      code: `import * as cp from 'node:child_process';
async function f() { cp.execSync('ls'); cp.execFileSync('git', ['status']); cp.spawnSync('ls'); }`,
      errors: [
        { messageId: 'blocking', line: 2, column: 22 },
        { messageId: 'blocking', line: 2, column: 41 },
        { messageId: 'blocking', line: 2, column: 77 },
      ],
    },
    {
      code: `import { gzipSync, brotliCompressSync } from 'zlib';
async function f(body: Buffer) { return [gzipSync(body), brotliCompressSync(body)]; }`,
      errors: [
        { messageId: 'blocking', line: 2, column: 42 },
        { messageId: 'blocking', line: 2, column: 58 },
      ],
    },
    {
      code: `import crypto from 'node:crypto';
async function f(password: string, salt: string) { return crypto.pbkdf2Sync(password, salt, 100000, 64, 'sha512'); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 59 }],
    },
    {
      code: `import { scryptSync, generateKeyPairSync } from 'crypto';
async function f(password: string) { scryptSync(password, 'salt', 64); generateKeyPairSync('ed25519'); }`,
      errors: [
        { messageId: 'blocking', line: 2, column: 38 },
        { messageId: 'blocking', line: 2, column: 72 },
      ],
    },
    {
      code: `import { randomBytes } from 'crypto';
async function f(size: number) { return randomBytes(size); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 41 }],
    },
    // zlib has no small size: compressing even a short literal is reported.
    {
      code: `import { gzipSync } from 'node:zlib';
async function f() { return gzipSync('{"ok":true}'); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 29 }],
    },
    // Past the small size, or a size that is not constant.
    {
      code: `import { randomFillSync, randomBytes } from 'node:crypto';
const POOL = 8 * 1024;
const pool = Buffer.alloc(POOL);
const big = Buffer.allocUnsafe(1024 * 1024);
async function f(n: number) { randomFillSync(big); randomFillSync(pool, 0, n); return randomBytes(POOL * 16); }`,
      errors: [
        { messageId: 'blocking', line: 5, column: 31 },
        { messageId: 'blocking', line: 5, column: 52 },
        { messageId: 'blocking', line: 5, column: 87 },
      ],
    },
    {
      code: `import { randomFillSync } from 'node:crypto';
let POOL = 8 * 1024;
function refill(pool: Buffer) { randomFillSync(pool, 0, POOL); }
export function mask(ready: Promise<Buffer>) { return ready.then(refill); }`,
      errors: [{ messageId: 'blockingTransitive', line: 4, column: 66 }],
    },
    {
      code: `async function f(buffer: Int32Array) { Atomics.wait(buffer, 0, 0, 100); }`,
      errors: [{ messageId: 'blocking', line: 1, column: 40 }],
    },
    // Libraries, through their own type declarations.
    {
      code: `import Database from 'better-sqlite3';
const db = new Database(':memory:');
const byId = db.prepare('select * from users where id = ?');
async function f(id: number) { db.exec('vacuum'); byId.run(id); return [byId.get(id), byId.all(id)]; }`,
      errors: [
        { messageId: 'blocking', line: 4, column: 32 },
        { messageId: 'blocking', line: 4, column: 51 },
        { messageId: 'blocking', line: 4, column: 73 },
        { messageId: 'blocking', line: 4, column: 87 },
      ],
    },
    {
      code: `import bcrypt from 'bcrypt';
async function f(password: string, hash: string) { return bcrypt.compareSync(password, hash) ? null : bcrypt.hashSync(password, 12); }`,
      errors: [
        { messageId: 'blocking', line: 2, column: 59 },
        { messageId: 'blocking', line: 2, column: 103 },
      ],
    },
    {
      code: `import bcrypt from 'bcryptjs';
async function f() { return bcrypt.genSaltSync(12); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 29 }],
    },
    {
      code: `import { globSync, glob } from 'glob';
async function f() { return [globSync('*.ts'), glob.sync('*.js')]; }`,
      errors: [
        { messageId: 'blocking', line: 2, column: 30 },
        { messageId: 'blocking', line: 2, column: 48 },
      ],
    },
    {
      code: `import fse from 'fs-extra';
async function f() { fse.copySync('a', 'b'); fse.ensureDirSync('d'); }`,
      errors: [
        { messageId: 'blocking', line: 2, column: 22 },
        { messageId: 'blocking', line: 2, column: 46 },
      ],
    },
    {
      code: `import { execaSync, execaCommandSync, $ } from 'execa';
async function f() { execaSync('ls'); execaCommandSync('ls -la'); $.sync\`ls\`; }`,
      errors: [
        { messageId: 'blocking', line: 2, column: 22 },
        { messageId: 'blocking', line: 2, column: 39 },
        { messageId: 'blocking', line: 2, column: 67 },
      ],
    },
    // Callbacks the loop runs later.
    {
      code: `import * as fs from 'fs';
setTimeout(() => { fs.readFileSync('a'); }, 10);`,
      errors: [{ messageId: 'blocking', line: 2, column: 20 }],
    },
    {
      code: `import * as fs from 'fs';
setInterval(function tick() { fs.statSync('a'); }, 1000);`,
      errors: [{ messageId: 'blocking', line: 2, column: 31 }],
    },
    {
      code: `import { setImmediate } from 'node:timers';
import * as fs from 'fs';
setImmediate(() => fs.readFileSync('a'));`,
      errors: [{ messageId: 'blocking', line: 3, column: 20 }],
    },
    {
      code: `import * as fs from 'fs';
process.nextTick(() => fs.readFileSync('a'));
queueMicrotask(() => { fs.readFileSync('b'); });`,
      errors: [
        { messageId: 'blocking', line: 2, column: 24 },
        { messageId: 'blocking', line: 3, column: 24 },
      ],
    },
    {
      code: `import * as fs from 'fs';
declare const ready: Promise<string>;
ready.then((name) => fs.readFileSync(name)).catch(() => fs.readFileSync('fallback')).finally(() => fs.rmSync('tmp'));`,
      errors: [
        { messageId: 'blocking', line: 3, column: 22 },
        { messageId: 'blocking', line: 3, column: 57 },
        { messageId: 'blocking', line: 3, column: 100 },
      ],
    },
    {
      code: `import { EventEmitter } from 'node:events';
import * as fs from 'fs';
const bus = new EventEmitter();
bus.on('job', () => fs.readFileSync('job.json'));
bus.once('done', () => { fs.writeFileSync('done', ''); });`,
      errors: [
        { messageId: 'blocking', line: 4, column: 21 },
        { messageId: 'blocking', line: 5, column: 26 },
      ],
    },
    {
      code: `import http from 'node:http';
import * as fs from 'fs';
const server = http.createServer((req, res) => { res.end(fs.readFileSync('index.html')); });
server.on('connection', () => fs.appendFileSync('log', 'connection'));`,
      errors: [
        { messageId: 'blocking', line: 3, column: 58 },
        { messageId: 'blocking', line: 4, column: 31 },
      ],
    },
    {
      code: `import express from 'express';
import * as fs from 'fs';
const app = express();
const router = express.Router();
app.get('/', (req, res) => { res.send(fs.readFileSync('index.html')); });
router.post('/upload', (req, res) => { fs.writeFileSync('upload', ''); res.end(); });
app.route('/items').put((req, res) => { res.json(fs.readdirSync('items')); });
app.use((req, res, next) => { fs.appendFileSync('access.log', req.url); next(); });`,
      errors: [
        { messageId: 'blocking', line: 5, column: 39, data: { call: '`fs.readFileSync()`', reason: 'a synchronous file-system call', context: 'inside a request handler', alternative: 'Use `await fs.promises.readFile()`.' } },
        { messageId: 'blocking', line: 6, column: 40 },
        { messageId: 'blocking', line: 7, column: 50 },
        { messageId: 'blocking', line: 8, column: 31 },
      ],
    },
    {
      code: `import Fastify from 'fastify';
import * as fs from 'fs';
const app = Fastify();
app.get('/', (request, reply) => { reply.send(fs.readFileSync('index.html')); });
app.addHook('onRequest', (request, reply, done) => { fs.appendFileSync('log', request.url); done(); });`,
      errors: [
        { messageId: 'blocking', line: 4, column: 47 },
        { messageId: 'blocking', line: 5, column: 54 },
      ],
    },
    {
      code: `import Koa from 'koa';
import * as fs from 'fs';
const app = new Koa();
app.use((ctx) => { ctx.body = fs.readFileSync('index.html'); });`,
      errors: [{ messageId: 'blocking', line: 4, column: 31 }],
    },
    {
      code: `import * as fs from 'fs';
process.on('SIGTERM', () => fs.writeFileSync('state.json', '{}'));`,
      errors: [{ messageId: 'blocking', line: 2, column: 29 }],
    },
    {
      code: `import * as fs from 'fs';
setTimeout((() => fs.readFileSync('a')) as () => void, 10);`,
      errors: [{ messageId: 'blocking', line: 2, column: 19 }],
    },
    {
      code: `import * as fs from 'fs';
async function f() { setTimeout(() => fs.readFileSync('a'), 10); }`,
      options: [{ checkCallbacks: false }],
      errors: [{ messageId: 'blocking', line: 2, column: 39 }],
    },
    // Transitive chains through the user's own code.
    {
      filename: crossFile,
      code: `import { loadTemplate } from './helpers.js';
export async function handler() { return loadTemplate('home'); }`,
      errors: [{
        messageId: 'blockingTransitive',
        line: 2,
        column: 42,
        data: {
          name: 'loadTemplate',
          context: 'inside an async function',
          chain: 'loadTemplate → readPartial → fs.readFileSync',
          location: 'blocking/helpers.ts:4',
          reason: 'a synchronous file-system call',
        },
      }],
    },
    {
      filename: crossFile,
      code: `import { render } from './reexport.js';
const handler = async () => render('home');`,
      errors: [{ messageId: 'blockingTransitive', line: 2, column: 29, data: {
        name: 'render',
        context: 'inside an async function',
        chain: 'render → loadTemplate → readPartial → fs.readFileSync',
        location: 'blocking/helpers.ts:4',
        reason: 'a synchronous file-system call',
      } }],
    },
    {
      filename: crossFile,
      code: `import { TemplateCache, Config, helpers } from './helpers.js';
const cache = new TemplateCache();
async function f() { cache.get('home'); new Config('app.json'); helpers.load('x'); }`,
      errors: [
        { messageId: 'blockingTransitive', line: 3, column: 22, data: {
          name: 'TemplateCache.get',
          context: 'inside an async function',
          chain: 'TemplateCache.get → … → readPartial → fs.readFileSync',
          location: 'blocking/helpers.ts:4',
          reason: 'a synchronous file-system call',
        } },
        { messageId: 'blockingTransitive', line: 3, column: 41, data: {
          name: 'new Config',
          context: 'inside an async function',
          chain: 'new Config → fs.readFileSync',
          location: 'blocking/helpers.ts:82',
          reason: 'a synchronous file-system call',
        } },
        { messageId: 'blockingTransitive', line: 3, column: 65 },
      ],
    },
    {
      code: `import * as fs from 'fs';
function outer() { return inner(); }
function inner() { return fs.readFileSync('x'); }
async function handler() { return outer(); }`,
      errors: [{ messageId: 'blockingTransitive', line: 4, column: 35, data: {
        name: 'outer',
        context: 'inside an async function',
        chain: 'outer → inner → fs.readFileSync',
        location: 'file.ts:3',
        reason: 'a synchronous file-system call',
      } }],
    },
    {
      code: `import * as fs from 'fs';
class Service {
  private load() { return fs.readFileSync('a', 'utf8'); }
  async handle() { return this.load(); }
}`,
      errors: [{ messageId: 'blockingTransitive', line: 4, column: 27 }],
    },
    {
      filename: crossFile,
      code: `import { cycleA } from './helpers.js';
async function f() { return cycleA(3); }`,
      errors: [{ messageId: 'blockingTransitive', line: 2, column: 29, data: {
        name: 'cycleA',
        context: 'inside an async function',
        chain: 'cycleA → cycleB → fs.readFileSync',
        location: 'blocking/helpers.ts:35',
        reason: 'a synchronous file-system call',
      } }],
    },
    {
      filename: crossFile,
      code: `import { depth1 } from './helpers.js';
async function f() { return depth1(); }`,
      options: [{ maxDepth: 3 }],
      errors: [{ messageId: 'blockingTransitive', line: 2, column: 29 }],
    },
    {
      filename: crossFile,
      code: `import { readAll, sleepSync } from './helpers.js';
async function f() { sleepSync(5); return readAll(['a']); }`,
      errors: [
        { messageId: 'blockingTransitive', line: 2, column: 22, data: {
          name: 'sleepSync',
          context: 'inside an async function',
          chain: 'sleepSync → busy-wait loop',
          location: 'blocking/helpers.ts:58',
          reason: 'a busy-wait loop',
        } },
        { messageId: 'blockingTransitive', line: 2, column: 43 },
      ],
    },
    {
      filename: crossFile,
      code: `import { loadTemplate } from './helpers.js';
setTimeout(() => loadTemplate('home'), 0);`,
      errors: [{ messageId: 'blockingTransitive', line: 2, column: 18, data: {
        name: 'loadTemplate',
        context: 'inside a timer callback',
        chain: 'loadTemplate → readPartial → fs.readFileSync',
        location: 'blocking/helpers.ts:4',
        reason: 'a synchronous file-system call',
      } }],
    },
    {
      code: `import http from 'node:http';
import * as fs from 'fs';
function page() { return fs.readFileSync('index.html'); }
function handle(req: http.IncomingMessage, res: http.ServerResponse) { res.end(page()); }
http.createServer(handle).listen(8080);`,
      errors: [{ messageId: 'blockingTransitive', line: 5, column: 19, data: {
        name: 'handle',
        context: 'inside a request handler',
        chain: 'handle → page → fs.readFileSync',
        location: 'file.ts:3',
        reason: 'a synchronous file-system call',
      } }],
    },
    {
      filename: crossFile,
      code: `import { loadTemplate, TemplateCache } from './helpers.js';
const cache = new TemplateCache();
setTimeout(loadTemplate, 10, 'home');
declare const ready: Promise<string>;
void ready.then(cache.get);`,
      errors: [
        { messageId: 'blockingTransitive', line: 3, column: 12 },
        { messageId: 'blockingTransitive', line: 5, column: 17, data: {
          name: 'TemplateCache.get',
          context: 'inside a promise callback',
          chain: 'TemplateCache.get → … → readPartial → fs.readFileSync',
          location: 'blocking/helpers.ts:4',
          reason: 'a synchronous file-system call',
        } },
      ],
    },
    {
      filename: domFile,
      code: `import * as fs from 'fs';
export function start() {
  setTimeout(() => { fs.readFileSync('a'); }, 10);
  queueMicrotask(() => fs.statSync('b'));
}
export async function pause(until: number) { while (performance.now() < until) {} }`,
      errors: [
        { messageId: 'blocking', line: 3, column: 22 },
        { messageId: 'blocking', line: 4, column: 24 },
        { messageId: 'busyWait', line: 6, column: 46 },
      ],
    },
    {
      code: `import * as fs from 'fs';
async function f() {
  function load() { return fs.readFileSync('a', 'utf8'); }
  return new Promise<string>((resolve) => resolve(load()));
}`,
      errors: [{ messageId: 'blockingTransitive', line: 4, column: 51, data: {
        name: 'load',
        context: 'inside an async function',
        chain: 'load → fs.readFileSync',
        location: 'file.ts:3',
        reason: 'a synchronous file-system call',
      } }],
    },
    {
      code: `import * as fs from 'fs';
declare const ready: Promise<void>;
async function main() {
  const config = fs.readFileSync('config.json', 'utf8');
  await ready;
  fs.writeFileSync('config.bak', config);
}
void main();`,
      errors: [{ messageId: 'blocking', line: 6, column: 3, suggestions: [{ messageId: 'suggestAsync', output: `import * as fs from 'fs';
declare const ready: Promise<void>;
async function main() {
  const config = fs.readFileSync('config.json', 'utf8');
  await ready;
  await fs.promises.writeFile('config.bak', config);
}
void main();` }] }],
    },
    {
      code: `import * as fs from 'fs';
export async function main() { return fs.existsSync('a'); }
void main();`,
      errors: [{ messageId: 'blocking', line: 2, column: 39 }],
    },
    {
      code: `import * as fs from 'fs';
async function load() { return fs.existsSync('a'); }
void load();
void load();`,
      errors: [{ messageId: 'blocking', line: 2, column: 32 }],
    },
    {
      code: `import * as fs from 'fs';
async function load() { return fs.existsSync('a'); }
process.on('SIGHUP', () => { void load(); });`,
      errors: [{ messageId: 'blocking', line: 2, column: 32 }],
    },
    {
      code: `import * as fs from 'fs';
async function main() {
  for (const name of ['a', 'b']) { fs.existsSync(name); await Promise.resolve(); }
}
void main();`,
      errors: [{ messageId: 'blocking', line: 3, column: 36 }],
    },
    // Options: in-house blocking APIs.
    {
      filename: crossFile,
      code: `import { parseSync } from './helpers.js';
async function f() { return parseSync('{}'); }`,
      options: [{ blocking: [{ from: 'file', path: 'blocking/helpers.ts', name: 'parseSync' }] }],
      errors: [{ messageId: 'blocking', line: 2, column: 29 }],
    },
    {
      code: `async function f(text: string) { return JSON.parse(text) as unknown; }`,
      options: [{ blocking: [{ from: 'lib', name: 'JSON.parse' }] }],
      errors: [{ messageId: 'blocking', line: 1, column: 41 }],
    },
    {
      code: `import Database from 'better-sqlite3';
async function f(db: Database.Database) { db.serialize(); }`,
      options: [{ blocking: [{ from: 'package', package: 'better-sqlite3', name: 'Database.serialize' }] }],
      errors: [{ messageId: 'blocking', line: 2, column: 43 }],
    },
    // Busy-wait loops.
    {
      code: `async function f(ms: number) { const end = Date.now() + ms; while (Date.now() < end) {} }`,
      errors: [{ messageId: 'busyWait', line: 1, column: 61 }],
    },
    {
      code: `async function f(until: number) { do {} while (performance.now() < until); }`,
      errors: [{ messageId: 'busyWait', line: 1, column: 35 }],
    },
    {
      code: `setTimeout(() => { const end = Date.now() + 5; for (;;) { if (Date.now() >= end) break; } }, 0);`,
      errors: [{ messageId: 'busyWait', line: 1, column: 48 }],
    },
    {
      code: `async function f(end: number) { let spins = 0; while (new Date().getTime() < end) { spins++; } return spins; }`,
      errors: [{ messageId: 'busyWait', line: 1, column: 48 }],
    },
    {
      code: `async function f(start: number) { while (Date.now() - start < 100); }`,
      errors: [{ messageId: 'busyWait', line: 1, column: 35 }],
    },
    // Paths the member-name pre-filter (src/analysis/blocking-names.ts) must keep.
    {
      filename: crossFile,
      code: `import * as renames from './renames.js';
async function f() { renames.fetchTemplate('home'); renames.slurp('a'); renames.slurpFile('b'); renames.slurpText('c'); }`,
      errors: [
        { messageId: 'blockingTransitive', line: 2, column: 22, data: {
          name: 'loadTemplate',
          context: 'inside an async function',
          chain: 'loadTemplate → readPartial → fs.readFileSync',
          location: 'blocking/helpers.ts:4',
          reason: 'a synchronous file-system call',
        } },
        { messageId: 'blocking', line: 2, column: 53 },
        { messageId: 'blocking', line: 2, column: 73 },
        { messageId: 'blocking', line: 2, column: 97 },
      ],
    },
    {
      code: `import * as fs from 'fs';
const store = {
  load() { return fs.readFileSync('a', 'utf8'); },
  read: () => fs.readFileSync('b', 'utf8'),
};
async function f() { store.load(); store['read'](); }`,
      errors: [
        { messageId: 'blockingTransitive', line: 6, column: 22, data: {
          name: 'load',
          context: 'inside an async function',
          chain: 'load → fs.readFileSync',
          location: 'file.ts:3',
          reason: 'a synchronous file-system call',
        } },
        { messageId: 'blockingTransitive', line: 6, column: 36 },
      ],
    },
    {
      code: `import * as fs from 'fs';
const key = 'restore';
const store = { [key]() { return fs.readFileSync('a', 'utf8'); } };
async function f() { store.restore(); }`,
      errors: [{ messageId: 'blockingTransitive', line: 4, column: 22 }],
    },
    {
      code: `import * as fs from 'fs';
class Repository {
  static open = function () { return fs.openSync('db', 'r'); };
  private readRow = (id: string) => fs.readFileSync(id, 'utf8');
  private loadAll() { return fs.readdirSync('rows'); }
  async find(id: string) { return this.readRow(id); }
  async list() { Repository.open(); return this.loadAll(); }
}`,
      errors: [
        { messageId: 'blockingTransitive', line: 6, column: 35, data: {
          name: 'Repository.readRow',
          context: 'inside an async function',
          chain: 'Repository.readRow → fs.readFileSync',
          location: 'file.ts:4',
          reason: 'a synchronous file-system call',
        } },
        { messageId: 'blockingTransitive', line: 7, column: 18 },
        { messageId: 'blockingTransitive', line: 7, column: 44, data: {
          name: 'Repository.loadAll',
          context: 'inside an async function',
          chain: 'Repository.loadAll → fs.readdirSync',
          location: 'file.ts:5',
          reason: 'a synchronous file-system call',
        } },
      ],
    },
    {
      // A filtering mapped type keeps the declared names.
      code: `import * as fs from 'fs';
type Readers<T> = { [K in keyof T as K extends \`read\${string}\` ? K : never]: T[K] };
declare const readers: Readers<typeof fs>;
async function f() { readers.readdirSync('.'); }`,
      errors: [{ messageId: 'blocking', line: 4, column: 22 }],
    },
    {
      // Only an interface declares `querySyncish`: the user's pattern is what keeps the call.
      code: `interface Db { querySyncish(sql: string): unknown[] }
declare const db: Db;
async function f() { return db.querySyncish('select 1'); }`,
      options: [{ blocking: [{ from: 'file', name: 'Db.querySyncish' }] }],
      errors: [{ messageId: 'blocking', line: 3, column: 29, data: {
        call: '`Db.querySyncish()`',
        reason: 'blocking, by the rule options',
        context: 'inside an async function',
        alternative: 'Use its asynchronous counterpart.',
      } }],
    },
    {
      filename: jsFile,
      code: `const aliases = require('./aliases.js');
async function f() { aliases.slurp('a'); return aliases.loadState(); }`,
      errors: [
        { messageId: 'blocking', line: 2, column: 22 },
        { messageId: 'blockingTransitive', line: 2, column: 49 },
      ],
    },
    {
      filename: noNodeTypesFile,
      code: `import { readFileSync } from 'node:fs';
import { execSync } from 'child_process';
export async function f() { execSync('ls'); return readFileSync('a'); }`,
      errors: [{ messageId: 'nodeTypesMissing', data: { module: 'node:fs' }, line: 1, column: 30 }],
    },
    {
      filename: noNodeTypesFile,
      code: `export { readFile } from './local.js';
export * from 'fs/promises';`,
      errors: [{ messageId: 'nodeTypesMissing', data: { module: 'fs/promises' }, line: 2, column: 15 }],
    },
    {
      filename: noNodeTypesFile,
      code: `import cp = require('child_process');
export const run = () => cp;`,
      errors: [{ messageId: 'nodeTypesMissing', data: { module: 'child_process' }, line: 1, column: 21 }],
    },
    {
      filename: noNodeTypesFile,
      code: `export async function f() { return import('node:os'); }`,
      errors: [{ messageId: 'nodeTypesMissing', data: { module: 'node:os' }, line: 1, column: 43 }],
    },
    {
      filename: noNodeTypesJsFile,
      code: `const fs = require('fs');
module.exports = async () => fs.readFileSync('a');`,
      errors: [{ messageId: 'nodeTypesMissing', data: { module: 'fs' }, line: 1, column: 20 }],
    },
    // `require()` of a string literal in TypeScript files, typed `any` by the checker, resolves as in JavaScript.
    {
      code: `async function f(p: string) { return require('node:fs').readFileSync(p); }`,
      errors: [{ messageId: 'blocking', line: 1, column: 38 }],
    },
    {
      code: `const { gunzipSync } = require('zlib');
async function f(buf: Buffer) { return gunzipSync(buf); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 40 }],
    },
    {
      code: `const legacyFs = require('fs');
async function f(p: string) { legacyFs.unlinkSync(p); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 31 }],
    },
    {
      code: `const { execSync, execFileSync: run } = require('node:child_process');
async function f() { execSync('ls'); run('git', ['status']); }`,
      errors: [
        { messageId: 'blocking', line: 2, column: 22 },
        { messageId: 'blocking', line: 2, column: 38 },
      ],
    },
    {
      code: `const read = require('fs').readFileSync;
async function f(p: string) { return read(p); }`,
      errors: [{ messageId: 'blocking', line: 2, column: 38 }],
    },
    // A project file required by its path resolves through the program's module resolution.
    {
      filename: crossFile,
      code: `const views = require('./helpers.js');
export async function page(name: string) { return views.loadTemplate(name); }`,
      errors: [{ messageId: 'blockingTransitive', line: 2, column: 51 }],
    },
    // A sync helper that checks and creates a directory, through a required `fs`: reported at the call site.
    {
      code: `const fs = require('fs');
function ensureDir(dir: string) { if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true }); }
export async function save(dir: string) { ensureDir(dir); }`,
      errors: [{ messageId: 'blockingTransitive', line: 3, column: 43 }],
    },
    // Not a command-line entry point: exported, called twice, outside a CLI file, or a callback the loop runs.
    {
      filename: hashbangFile,
      code: `#!/usr/bin/env node
import * as fs from 'node:fs';
import http from 'node:http';
export async function main() { await fs.promises.mkdir('out'); fs.existsSync('out/a'); }
async function step() { await main(); fs.existsSync('out/b'); }
async function serve() {
  http.createServer((request, response) => response.end(String(fs.existsSync('index.html')))).listen(8080);
}
void step();
void step();
void serve();`,
      errors: [
        { messageId: 'blocking', line: 4, column: 64 },
        { messageId: 'blocking', line: 5, column: 39 },
        { messageId: 'blocking', line: 7, column: 64 },
      ],
    },
    {
      filename: notBinFile,
      code: `import * as fs from 'node:fs';
async function main() {
  const config = fs.readFileSync('config.json', 'utf8');
  await fs.promises.mkdir('out', { recursive: true });
  fs.existsSync(config);
  await Promise.all(['a', 'b'].map(async (name) => fs.existsSync(name)));
}
main().catch(() => process.exit(1));`,
      errors: [
        { messageId: 'blocking', line: 5, column: 3 },
        { messageId: 'blocking', line: 6, column: 52 },
      ],
    },
    {
      code: `import * as fs from 'fs';
export async function f() { return fs.existsSync('a'); }`,
      options: [{ allowIn: ['src/cli/**', 'blocking/**', '*.js'] }],
      errors: [{ messageId: 'blocking', line: 2, column: 36 }],
    },
    // A helper passed by reference to an array iteration runs in place, in the async function.
    {
      code: `import * as fs from 'fs';
function ensureDir(dir: string) { if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true }); }
export async function prepare(dirs: string[]) { dirs.forEach(ensureDir); await Promise.resolve(); }`,
      errors: [{ messageId: 'blockingTransitive', line: 3, column: 62 }],
    },
  ],
});

describe('analysis against @types/node v26', () => {
  const file = path.join(fixturesDir, 'blocking', 'v26', 'usage.ts');
  let program: ts.Program;
  let calls: ts.CallExpression[] = [];
  const callTo = (text: string): ts.CallExpression =>
    calls.find((call) => call.getText(call.getSourceFile()).startsWith(text))!;

  beforeAll(() => {
    ({ program, calls } = node26Program(file));
  });
  const matcher = new BlockingMatcher([], []);

  it('resolves fs and child_process from every import style to the v26 declarations', () => {
    for (const text of ["fs.readFileSync('a')", "nodeFs.writeFileSync", "readFileSync('c')", "execSync('ls')"]) {
      const callee = resolveCallee(program, callTo(text));
      expect(callee?.origin).toBe('package');
      // v26 declares the `node:`-prefixed module and has `"fs"` re-export it; v20 did the opposite.
      let holder: ts.Node | undefined = callee?.declaration;
      while (holder !== undefined && !(ts.isModuleDeclaration(holder) && ts.isStringLiteral(holder.name))) holder = holder.parent;
      expect((holder)?.name.getText()).toMatch(/^['"]node:(fs|child_process)['"]$/);
    }
    expect(resolveCallee(program, callTo("nodeFs.writeFileSync"))).toMatchObject({ module: 'fs', name: 'writeFileSync' });
    expect(matcher.match(program, callTo("fs.readFileSync('a')"))).toMatchObject({ kind: 'fs', name: 'fs.readFileSync' });
    expect(matcher.match(program, callTo("execSync('ls')"))).toMatchObject({ kind: 'child-process', name: 'child_process.execSync' });
    expect(matcher.match(program, callTo("fs.promises.readFile('d')"))).toBeUndefined();
  });

  it('finds the async function and the timer, microtask and nextTick callbacks', () => {
    const finder = new LoopContextFinder(program, { checkCallbacks: true });
    expect(finder.contextOf(callTo("fs.readFileSync('a')"))?.kind).toBe('async');
    expect(finder.contextOf(callTo("fs.statSync('e')"))?.kind).toBe('timer');
    expect(finder.contextOf(callTo("fs.statSync('f')"))?.kind).toBe('microtask');
    expect(finder.contextOf(callTo("fs.statSync('g')"))?.kind).toBe('microtask');
    expect(finder.contextOf(callTo('setTimeout('))).toBeUndefined();
  });
});
