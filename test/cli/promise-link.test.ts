// Never-awaited promises → lint, through the built package in real child processes: `unblock run --promises`
// on a small TypeScript program compiled with source maps says, for each promise site, whether
// no-floating-promises reports it (at the line that made it or at the caller that dropped it), silences it,
// has it off, or why no rule sees it; `unblock explain` does the same from the saved report. Every planted
// promise stays pending, so each is in the report at exit whatever the garbage collector does.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { assertBuilt, bin } from '../helpers/built-child.js';
import { linkedProject, run } from '../helpers/linked-project.js';
import { removeTempProjects } from '../helpers/temp-project.js';

const jobs = `import { each } from 'cb-lib';

interface Mail {
  to: string;
}

const held: Promise<void>[] = [];

export async function waitForReply(mail: Mail): Promise<string> {
  await new Promise<void>(() => undefined);
  return mail.to;
}

export async function replied(mail: Mail): Promise<string> {
  return mail.to;
}

export function dropped(): void {
  waitForReply({ to: 'dropped' });
}

function startJob(): Promise<string> {
  return waitForReply({ to: 'helper' });
}

export function dropsHelper(): void {
  startJob();
}

export function silenced(): void {
  // eslint-disable-next-line unblock/no-floating-promises -- fire and forget
  waitForReply({ to: 'silenced' });
}

export function throughAny(): void {
  const send: any = waitForReply;
  send({ to: 'any' });
}

export function stored(): void {
  held.push(new Promise<void>(() => undefined));
}

export function callback(): void {
  each(['callback'], (to) => waitForReply({ to }));
}

const handlers: Record<string, (mail: Mail) => unknown> = { reply: waitForReply };

export function dispatch(name: string): void {
  handlers[name]({ to: 'dispatch' });
}

export async function awaited(): Promise<void> {
  await replied({ to: 'awaited' });
  void 0;
}
`;

const legacy = `import { waitForReply } from './jobs.js';

export function legacy(): void {
  waitForReply({ to: 'legacy' });
}
`;

const main = `import { awaited, callback, dispatch, dropped, dropsHelper, silenced, stored, throughAny } from './jobs.js';
import { legacy } from './legacy.js';

dropped();
dropsHelper();
silenced();
throughAny();
stored();
callback();
dispatch('reply');
legacy();
await awaited();
`;

const files = {
  'package.json': '{ "type": "module" }\n',
  'tsconfig.json': JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: ['node'], noEmit: true },
    include: ['src'],
  }),
  'eslint.config.js': `import unblock from 'eslint-plugin-unblock';

export default [{ ignores: ['out/'] }, unblock.configs.recommended, { files: ['src/legacy.ts'], rules: { 'unblock/no-floating-promises': 'off' } }];
`,
  'node_modules/cb-lib/package.json': '{ "name": "cb-lib", "type": "module", "exports": { ".": { "types": "./index.d.ts", "default": "./index.js" } } }\n',
  'node_modules/cb-lib/index.js': 'export function each(items, fn) {\n  for (const item of items) fn(item);\n}\n',
  'node_modules/cb-lib/index.d.ts': 'export declare function each<T>(items: T[], fn: (item: T) => unknown): void;\n',
  'src/jobs.ts': jobs,
  'src/legacy.ts': legacy,
  'src/main.ts': main,
};

function lineOf(source: string, text: string): number {
  const index = source.split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`no line with ${text}`);
  return index + 1;
}

function compile(dir: string): void {
  mkdirSync(path.join(dir, 'out'), { recursive: true });
  for (const name of ['jobs', 'legacy', 'main']) {
    const source = readFileSync(path.join(dir, 'src', `${name}.ts`), 'utf8');
    const result = ts.transpileModule(source, {
      fileName: path.join(dir, 'src', `${name}.ts`),
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: true },
    });
    const map = JSON.parse(result.sourceMapText!) as { sources: string[] };
    map.sources = [`../src/${name}.ts`];
    writeFileSync(path.join(dir, 'out', `${name}.js`), result.outputText.replace(/\/\/# sourceMappingURL=.*$/m, `//# sourceMappingURL=${name}.js.map`));
    writeFileSync(path.join(dir, 'out', `${name}.js.map`), JSON.stringify(map));
  }
}

interface JsonSite {
  key: string;
  createdBy: string;
  pending: number;
  site: { file: string; line: number };
  lint?: { status: string; findings?: { ruleId: string; line: number; frame: number; message: string }[]; directive?: { line: number }; likely?: string };
}

let dir: string;
let stderr: string;
let sites: JsonSite[];

// The site's block in the text: its heading line and the verdict line under it.
function block(heading: string): [string, string] {
  const start = stderr.indexOf(heading, stderr.indexOf('never-awaited promise site(s) linked'));
  if (start < 0) throw new Error(`no "${heading}" in:\n${stderr}`);
  const lines = stderr.slice(start).split('\n');
  return [lines[0], lines[1]];
}

function jsonSite(line: number, file = 'jobs.ts'): JsonSite {
  const found = sites.find((site) => site.site.file.endsWith(`/src/${file}`) && site.site.line === line);
  if (found === undefined) throw new Error(`no site at ${file}:${line} in ${JSON.stringify(sites.map((site) => site.key))}`);
  return found;
}

beforeAll(async () => {
  assertBuilt();
  dir = linkedProject(files);
  compile(dir);
  const text = await run(process.execPath, [bin, 'run', '--promises', '--', 'node', 'out/main.js'], dir);
  expect(text.code).toBe(0);
  stderr = text.stderr;
  const json = await run(process.execPath, [bin, 'run', '--promises', '--json', 'promises.json', '--', 'node', 'out/main.js'], dir);
  expect(json.code).toBe(0);
  sites = (JSON.parse(readFileSync(path.join(dir, 'promises.json'), 'utf8')) as { promises: { sites: JsonSite[] } }[])[0].promises.sites;
}, 120_000);

afterAll(removeTempProjects);

describe('unblock run --promises links each never-awaited promise site to no-floating-promises', () => {
  it('names the finding at the line that dropped the promise', () => {
    expect(stderr).toMatch(/\nunblock: 8 never-awaited promise site\(s\) linked to no-floating-promises \(\d+ file\(s\) linted with the project's ESLint config\); 2 reported by the rule:\n/);
    const line = lineOf(jobs, "waitForReply({ to: 'dropped' })");
    const [, verdict] = block(`src/jobs.ts:${line}  async waitForReply in dropped  1 pending`);
    expect(verdict).toBe(`      reported by unblock/no-floating-promises at src/jobs.ts:${line}:3: This promise is neither awaited, returned nor handled. Its rejection is lost: await it, return it, or add \`.catch()\`.`);
  });

  it('follows a promise made in a helper to the caller that dropped it', () => {
    const [, verdict] = block(`src/jobs.ts:${lineOf(jobs, "waitForReply({ to: 'helper' })")}  async waitForReply in startJob  1 pending`);
    expect(verdict).toMatch(new RegExp(`^ {6}reported by unblock/no-floating-promises at src/jobs.ts:${lineOf(jobs, '  startJob();')}:3 \\(in dropsHelper, 1 frame\\(s\\) below the site\\): This promise`));
  });

  it('says where an eslint-disable comment silences the finding, and when the rule is off', () => {
    const [, quiet] = block(`src/jobs.ts:${lineOf(jobs, "to: 'silenced'")}  async waitForReply in silenced`);
    expect(quiet).toMatch(new RegExp(`^ {6}silenced: unblock/no-floating-promises reports src/jobs.ts:${lineOf(jobs, "to: 'silenced'")}:3, but an eslint-disable comment at src/jobs.ts:${lineOf(jobs, 'eslint-disable-next-line')} turns it off: `));
    const [, off] = block(`src/legacy.ts:${lineOf(legacy, 'waitForReply(')}  async waitForReply in legacy`);
    expect(off).toMatch(/^ {6}turned off: unblock\/no-floating-promises would report src\/legacy.ts:4:3, but the rule is off in the ESLint config: /);
  });

  it('says why no rule reports the others: `any`, a stored promise, a callback API, dynamic dispatch', () => {
    expect(block(`src/jobs.ts:${lineOf(jobs, "send({ to: 'any' })")}  async waitForReply in throughAny`)[1]).toBe(
      '      no rule reports this code; likely a promise passed through `any` (`send` is typed `any`), which the rule skips: give `send` its real type, then await the call.',
    );
    expect(block(`src/jobs.ts:${lineOf(jobs, 'held.push(')}  new Promise in stored`)[1]).toBe(
      '      no rule reports this code; likely a promise stored or passed on (a variable, an array, an argument) and never awaited later, which the rule does not follow: await it where it is taken out, or handle it with `.catch()` where it is made.',
    );
    expect(block(`src/jobs.ts:${lineOf(jobs, "each(['callback']")}  async waitForReply in`)[1]).toBe(
      "      no rule reports this code; likely a callback API that drops what the callback returns (cb-lib): await the promise inside the callback and handle its errors there, or use the API's promise form if it has one.",
    );
    expect(block(`src/jobs.ts:${lineOf(jobs, "handlers[name]({ to: 'dispatch' })")}  async waitForReply in dispatch`)[1]).toMatch(/^ {6}no rule reports this code; likely dynamic dispatch /);
  });

  it('lists no awaited promise, and puts each verdict in the JSON report', () => {
    expect(stderr).not.toContain("to: 'awaited'");
    expect(stderr).not.toMatch(/in awaited/);
    expect(jsonSite(lineOf(jobs, "to: 'dropped'")).lint).toMatchObject({ status: 'reported', findings: [{ ruleId: 'unblock/no-floating-promises', frame: 0 }] });
    expect(jsonSite(lineOf(jobs, "to: 'helper'")).lint).toMatchObject({ status: 'reported', findings: [{ frame: 1, line: lineOf(jobs, '  startJob();') }] });
    expect(jsonSite(lineOf(jobs, "to: 'silenced'")).lint).toMatchObject({ status: 'silenced', directive: { line: lineOf(jobs, 'eslint-disable-next-line') } });
    expect(jsonSite(4, 'legacy.ts').lint?.status).toBe('off');
    expect(jsonSite(lineOf(jobs, 'held.push(')).lint).toMatchObject({ status: 'unreported', likely: expect.stringContaining('stored or passed on') });
  });
});

describe('unblock explain on a report written with promises on', () => {
  it('links the promise sites the same way', async () => {
    const result = await run(process.execPath, [bin, 'explain', '--format', 'json', 'promises.json'], dir);
    expect(result.code).toBe(0);
    const linked = JSON.parse(result.stdout) as { sites: unknown[]; promises: { createdBy: string; site: { line: number }; verdict: { status: string } }[] };
    expect(linked.sites).toEqual([]);
    expect(Object.fromEntries(linked.promises.map((site) => [site.site.line, site.verdict.status]))).toMatchObject({
      [lineOf(jobs, "to: 'dropped'")]: 'reported',
      [lineOf(jobs, "to: 'helper'")]: 'reported',
      [lineOf(jobs, "to: 'silenced'")]: 'silenced',
      [lineOf(jobs, "send({ to: 'any' })")]: 'unreported',
    });
    const textResult = await run(process.execPath, [bin, 'explain', 'promises.json'], dir);
    expect(textResult.stdout).toMatch(/^unblock: 8 never-awaited promise site\(s\) linked to no-floating-promises /);
    expect(textResult.stdout).not.toContain('stall site(s)');
  });

  it('leaves out a promise site without a position in an edited report, and links the rest', async () => {
    const reports = JSON.parse(readFileSync(path.join(dir, 'promises.json'), 'utf8')) as { promises: { sites: unknown } }[];
    const [first, ...rest] = reports[0].promises.sites as Record<string, unknown>[];
    delete first.site;
    reports[0].promises.sites = [first, ...rest];
    writeFileSync(path.join(dir, 'edited.json'), JSON.stringify([...reports, { ...reports[0], promises: { sites: 'oops' } }]));
    const result = await run(process.execPath, [bin, 'explain', '--format', 'json', 'edited.json'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const linked = JSON.parse(result.stdout) as { promises: unknown[] };
    expect(linked.promises).toHaveLength(7);
  });
});
