// The auto-started probe (`--import …/register`) and its report at exit, and the test helper, each in a
// child process so that stacks are captured on a main thread.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import type { ProcessReport } from '../../src/probe/index.js';
import { probeBuild, runNode, script, siteLine, stallsSource } from './helpers.js';

const temp = mkdtempSync(join(tmpdir(), 'unblock-probe-report-'));
afterAll(() => { rmSync(temp, { recursive: true, force: true }); });

const app = `
import { setTimeout as sleep } from 'node:timers/promises';
import { currentProbe } from '../src/probe/index.js';
import * as stalls from '../test/probe/fixtures/stalls.js';
// The register module's probe (the same module instance); its internal ready() resolves once it can sample.
while (!(await currentProbe().ready()));
await sleep(30);
stalls.busyLoop(200);
const iterations = stalls.pbkdf2Iterations(150);
await sleep(30);
stalls.hashPassword(iterations);
await sleep(30);
stalls.busyLoop(200);
await sleep(30);
`;

function register(): string {
  return join(probeBuild(), 'src/register.js');
}

describe('register', () => {
  it('prints a text report on standard error at exit, sites with file:line, count, times and a stack', async () => {
    const child = await runNode(['--import', register(), script('app-text', app)], { env: { UNBLOCK_THRESHOLD_MS: '40' } });
    expect(child.code).toBe(0);
    const lines = child.stderr.split('\n');
    expect(lines[0]).toMatch(/^unblock probe: pid \d+ \(node [^)]*app-text\.mjs\), \d+\.\d s observed, stall threshold 40 ms$/);
    expect(lines[1]).toMatch(/^ {2}loop delay {3}p50 [\d.]+ ms {2}p90 [\d.]+ ms {2}p99 [\d.]+ ms {2}max [\d.]+ ms {2}\(min [\d.]+, mean [\d.]+\)$/);
    expect(lines[2]).toMatch(/^ {2}utilization {2}[\d.]+ %$/);
    // At least the three injected stalls (a loaded machine adds some of its own).
    expect(lines[3]).toMatch(/^ {2}stalls {7}\d+ \([\d.]+ ms in total\)$/);
    expect(Number(lines[3].split(/ +/)[2])).toBeGreaterThanOrEqual(3);
    expect(lines[4]).toBe('  top stall sites, by total time:');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ +\\d\\. test/probe/fixtures/stalls.ts:${siteLine('busy')} {2}busyLoop {2}2x {2}total`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ +\\d\\. test/probe/fixtures/stalls.ts:${siteLine('pbkdf2')} {2}hashPassword {2}1x {2}total`)));
    const hash = lines.findIndex((line) => line.includes(`test/probe/fixtures/stalls.ts:${siteLine('pbkdf2')}  hashPassword`));
    expect(lines[hash + 1]).toBe('        at pbkdf2Sync (node:crypto)');
    expect(lines[hash + 2]).toBe(`        at hashPassword (test/probe/fixtures/stalls.ts:${siteLine('pbkdf2')}:${lines[hash + 2].split(':').at(-1)}`);
  });

  it('writes a JSON report to UNBLOCK_REPORT_FILE, with the pid in the file name', async () => {
    const file = join(temp, 'report.json');
    const child = await runNode(['--import', register(), script('app-json', app)], {
      env: { UNBLOCK_THRESHOLD_MS: '40', UNBLOCK_REPORT: 'json', UNBLOCK_REPORT_FILE: file },
    });
    expect(child.code).toBe(0);
    expect(child.stderr).toBe('');
    const [written] = readdirSync(temp);
    const report = JSON.parse(readFileSync(join(temp, written), 'utf8')) as ProcessReport;
    expect(readdirSync(temp)).toEqual([`report.${report.process.pid}.json`]);
    expect(report).toMatchObject({ thresholdMs: 40, attribution: { active: true } });
    expect(report.stalls).toBeGreaterThanOrEqual(3);
    expect(report.topSites.map((entry) => [entry.site?.file, entry.site?.line, entry.count])).toEqual(
      expect.arrayContaining([
        [stallsSource, siteLine('busy'), 2],
        [stallsSource, siteLine('pbkdf2'), 1],
      ]),
    );
  });

  it('refuses a malformed environment with a clear message, and the program runs without the probe', async () => {
    const child = await runNode(['--import', register(), script('app-bad-env', 'export {};')], { env: { UNBLOCK_REPORT: 'xml' } });
    expect(child.code).toBe(0);
    expect(child.stderr).toContain('UNBLOCK_REPORT must be "text" or "json"; received "xml".');
    const zero = await runNode(['--import', register(), script('app-bad-env', 'export {};')], { env: { UNBLOCK_THRESHOLD_MS: '0' } });
    expect(zero.code).toBe(0);
    expect(zero.stderr).toContain('UNBLOCK_THRESHOLD_MS must be a number of milliseconds from 1 to 3600000; received "0".');
  });
});

describe('assertNoStall', () => {
  it('passes code that does not block, and fails blocking code naming the stall’s TypeScript site and stack', async () => {
    const file = script(
      'assert',
      `
      import { assertNoStall } from '../src/probe/index.js';
      import * as stalls from '../test/probe/fixtures/stalls.js';
      await assertNoStall(async () => { await new Promise((resolve) => setTimeout(resolve, 100)); }, { maxMs: 100 });
      try {
        await assertNoStall(() => stalls.busyLoop(300), { maxMs: 100 });
        process.stdout.write('no error');
      } catch (error) {
        process.stdout.write(JSON.stringify({ name: error.name, message: error.message, stalls: error.stalls.length }));
      }`,
    );
    const child = await runNode([file]);
    expect(child.code).toBe(0);
    const failure = JSON.parse(child.stdout) as { name: string; message: string; stalls: number };
    expect(failure.name).toBe('StallAssertionError');
    // Limits of 100 ms keep the OS's scheduling hiccups on a busy machine out of the way; one may still slip in.
    expect(failure.stalls).toBeGreaterThanOrEqual(1);
    const lines = failure.message.split('\n');
    expect(lines[0]).toMatch(/^Expected the event loop never to be blocked over 100 ms, but \d+ stalls? happened:$/);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}\\d+\\.\\d ms at test/probe/fixtures/stalls.ts:${siteLine('busy')} \\(busyLoop\\)$`)));
    expect(lines.some((line) => line.startsWith(`      at busyLoop (test/probe/fixtures/stalls.ts:${siteLine('busy')}:`))).toBe(true);
  });
});
