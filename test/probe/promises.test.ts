// The never-awaited promise tracker, in child processes on the built probe: sites come back as TypeScript
// lines through the fixture's source maps. GC is forced (--expose-gc), and collection awaited by polling.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { resolveOptions } from '../../src/probe/options.js';
import type { ProcessReport, PromiseReport, PromiseSite } from '../../src/probe/index.js';
import { probeBuild, runNode, script } from './helpers.js';

const promisesSource = join(new URL('.', import.meta.url).pathname, 'fixtures/promises.ts');

function line(name: string): number {
  const index = readFileSync(promisesSource, 'utf8').split('\n').findIndex((text) => text.endsWith(`// @site ${name}`));
  if (index < 0) throw new Error(`no @site ${name}`);
  return index + 1;
}

// Collects garbage until `done` holds or 200 rounds passed; FinalizationRegistry callbacks run between tasks.
const collect = `
async function collect(probe, done) {
  for (let round = 0; round < 200 && !done(probe.snapshot().promises); round += 1) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
`;

function at(report: PromiseReport, name: string): PromiseSite[] {
  return report.sites.filter((site) => site.site.file === promisesSource && site.site.line === line(name));
}

describe('never-awaited promises', () => {
  it('is off by default, and the option must be a boolean', () => {
    expect(resolveOptions({}).promises).toBe(false);
    expect(resolveOptions({ promises: true }).promises).toBe(true);
    expect(() => resolveOptions({ promises: 1 } as never)).toThrow(new TypeError('The "promises" option must be a boolean; received a value of type number.'));
  });

  it('reports collected promises nobody subscribed to, at the TypeScript line that made them, and nothing that was awaited', async () => {
    const file = script(
      'promises-collected',
      `import { startProbe } from '../src/probe/index.js';
import * as p from '../test/probe/fixtures/promises.js';
${collect}
const probe = startProbe({ promises: true, attribution: false });
p.dropped();
p.throughAny();
p.forgotten();
p.forgotten();
await p.handled();
console.log(await p.relay());
await collect(probe, (report) => report.collected >= 4);
process.stdout.write(JSON.stringify((await probe.stop()).promises));
`,
    );
    const child = await runNode(['--expose-gc', file]);
    expect(child.stderr).toBe('');
    const report = JSON.parse(child.stdout.slice(child.stdout.indexOf('{'))) as PromiseReport;
    expect(at(report, 'dropped')).toMatchObject([{ createdBy: 'async sendEmail', collected: 1, pending: 0, site: { functionName: 'dropped' } }]);
    expect(at(report, 'any')).toMatchObject([{ createdBy: 'async sendEmail', collected: 1, site: { functionName: 'throughAny' } }]);
    expect(at(report, 'forgotten')).toMatchObject([{ createdBy: 'new Promise', collected: 2, site: { functionName: 'forgotten' } }]);
    // Awaited, then/catch/finally, combinators, awaited later, returned from an async function: none reported.
    expect(report.sites.map((site) => site.site.line).sort()).toEqual([line('dropped'), line('any'), line('forgotten')].sort());
    expect(report).toMatchObject({ neverAwaited: 4, collected: 4, pending: 0, unhandled: 0, handledLate: 0 });
    expect(report.created).toBeGreaterThan(20);
    expect(at(report, 'dropped')[0].stack[0]).toMatchObject({ file: promisesSource, line: line('dropped'), functionName: 'dropped' });
  });

  it('does not report a promise subscribed late, after collections, and counts a dropped one before its code yielded', async () => {
    const file = script(
      'promises-late',
      `import { startProbe } from '../src/probe/index.js';
import * as p from '../test/probe/fixtures/promises.js';
${collect}
const probe = startProbe({ promises: true, attribution: false });
const later = p.sendEmail({ to: 'late@example.com' });
p.forgotten();
// Taken before the code that made them yielded: the forgotten one is pending, the other one too, for now.
const early = probe.snapshot().promises;
await collect(probe, (report) => report.collected >= 1);
for (let round = 0; round < 5; round += 1) {
  globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, 5));
}
await later;
const afterAwait = probe.snapshot().promises;
for (let round = 0; round < 5; round += 1) {
  globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, 5));
}
process.stdout.write(JSON.stringify({ early, afterAwait, final: (await probe.stop()).promises }));
`,
    );
    const child = await runNode(['--expose-gc', file]);
    expect(child.stderr).toBe('');
    const { early, afterAwait, final } = JSON.parse(child.stdout) as Record<'early' | 'afterAwait' | 'final', PromiseReport>;
    expect(early.pending).toBeGreaterThanOrEqual(2);
    expect(at(early, 'forgotten')).toMatchObject([{ pending: 1 }]);
    expect(afterAwait.sites.map((site) => site.createdBy)).toEqual(['new Promise']);
    expect(final).toMatchObject({ neverAwaited: 1, collected: 1, pending: 0 });
    expect(at(final, 'forgotten')).toMatchObject([{ collected: 1 }]);
  });

  it('splits the counts by the scope current when each promise was made', async () => {
    const file = script(
      'promises-scope',
      `import { startProbe } from '../src/probe/index.js';
import * as p from '../test/probe/fixtures/promises.js';
let scope;
const probe = startProbe({ promises: true, attribution: false, promiseScope: () => scope });
scope = 'first';
p.heldForever();
p.heldForever();
await p.handled();
scope = 'second';
p.heldForever();
await p.handled();
scope = undefined;
p.heldForever();
process.stdout.write(JSON.stringify((await probe.stop()).promises));
`,
    );
    const child = await runNode([file]);
    expect(child.stderr).toBe('');
    const report = JSON.parse(child.stdout) as PromiseReport;
    const key = at(report, 'held')[0].key;
    expect(at(report, 'held')).toMatchObject([{ pending: 4 }]);
    expect(report.byScope).toHaveLength(2);
    expect(report.byScope).toMatchObject([
      { scope: 'first', key, collected: 0, pending: 2, unhandled: 0, handledLate: 0 },
      { scope: 'second', key, collected: 0, pending: 1, unhandled: 0, handledLate: 0 },
    ]);
    expect(report.byScope![0].stack[0]).toMatchObject({ functionName: 'heldForever', line: line('held') });
  });

  it('has no byScope without a promiseScope, and the option must be a function', async () => {
    expect(() => resolveOptions({ promises: true, promiseScope: 'test' } as never)).toThrow(new TypeError('The "promiseScope" option must be a function; received the string "test".'));
    const file = script('promises-no-scope', `import { startProbe } from '../src/probe/index.js';
const probe = startProbe({ promises: true, attribution: false });
process.stdout.write(JSON.stringify((await probe.stop()).promises));
`);
    const report = JSON.parse((await runNode([file])).stdout) as PromiseReport;
    expect(report).not.toHaveProperty('byScope');
  });

  it('reports promises still pending at exit under the register module, in the text report', async () => {
    const file = script(
      'promises-exit',
      `import * as p from '../test/probe/fixtures/promises.js';
p.heldForever();
await p.handled();
`,
    );
    const child = await runNode(['--import', join(probeBuild(), 'src/register.js'), file], { env: { UNBLOCK_PROMISES: '1' } });
    expect(child.code).toBe(0);
    const lines = child.stderr.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}promises {5}1 never awaited \(0 collected, 1 pending\), 0 unhandled rejections \(0 handled late\), of \d+ created$/));
    expect(lines).toContainEqual(`   1. test/probe/fixtures/promises.ts:${line('held')}  new Promise in heldForever  1 pending`);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ {8}at heldForever \\(test/probe/fixtures/promises\\.ts:${line('held')}:\\d+\\)$`)));
  });

  it('stays off without UNBLOCK_PROMISES=1: no promise section', async () => {
    const file = script('promises-off', `import * as p from '../test/probe/fixtures/promises.js';\np.heldForever();\n`);
    const child = await runNode(['--import', join(probeBuild(), 'src/register.js'), file]);
    expect(child.code).toBe(0);
    expect(child.stderr).toContain('unblock probe:');
    expect(child.stderr).not.toContain('never awaited');
  });

  it('refuses a malformed UNBLOCK_PROMISES in one line and runs the program without the probe', async () => {
    const file = script('promises-bad-env', `console.log('ran');\n`);
    const child = await runNode(['--import', join(probeBuild(), 'src/register.js'), file], { env: { UNBLOCK_PROMISES: 'yes' } });
    expect(child.code).toBe(0);
    expect(child.stdout).toBe('ran\n');
    expect(child.stderr).toBe('unblock: UNBLOCK_PROMISES must be "1" (track never-awaited promises) or "0"; received "yes". The probe is off in this process.\n');
  });
});

describe('rejections per site', () => {
  it('counts an unhandled rejection and one handled late at their TypeScript lines', async () => {
    const file = script(
      'promises-rejections',
      `import { startProbe } from '../src/probe/index.js';
import * as p from '../test/probe/fixtures/promises.js';
const probe = startProbe({ promises: true, attribution: false });
p.unhandled();
p.unhandledAtOnce();
p.handledAtOnce();
await p.handledLate();
process.stdout.write(JSON.stringify((await probe.stop()).promises));
`,
    );
    const child = await runNode(['--unhandled-rejections=warn', file]);
    const report = JSON.parse(child.stdout) as PromiseReport;
    expect(at(report, 'unhandled')).toMatchObject([{ createdBy: 'async fail', unhandled: 1, handledLate: 0, site: { functionName: 'unhandled' } }]);
    expect(at(report, 'late')).toMatchObject([{ createdBy: 'async fail', unhandled: 1, handledLate: 1, site: { functionName: 'handledLate' } }]);
    // Rejected while its caller still ran, and unsubscribed once it returned; the one handled at once is not counted.
    expect(at(report, 'at-once')).toMatchObject([{ createdBy: 'async failAtOnce', unhandled: 1, site: { functionName: 'unhandledAtOnce' } }]);
    expect(report).toMatchObject({ unhandled: 3, handledLate: 1 });
    // Node's own warnings still come: the tracker changes nothing in how rejections are handled.
    expect(child.stderr).toContain('PromiseRejectionHandledWarning');
  });

  it('counts the rejection that kills the process (default --unhandled-rejections=throw) in the report at exit', async () => {
    const file = script('promises-crash', `import * as p from '../test/probe/fixtures/promises.js';\np.unhandled();\n`);
    const child = await runNode(['--import', join(probeBuild(), 'src/register.js'), file], { env: { UNBLOCK_PROMISES: '1', UNBLOCK_REPORT: 'json' } });
    expect(child.code).toBe(1);
    expect(child.stderr).toContain('Error: nobody listens');
    // The report (written at exit) comes before Node prints the error.
    const start = child.stderr.indexOf('{\n');
    const report = JSON.parse(child.stderr.slice(start, child.stderr.indexOf('\n}\n', start) + 2)) as ProcessReport;
    expect(at(report.promises!, 'unhandled')).toMatchObject([{ unhandled: 1 }]);
  });
});
