// Real stalls in child processes, from a TypeScript fixture compiled with source maps: each must be detected,
// measured within a generous tolerance, and blamed on the exact TypeScript line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Snapshot, Stall } from '../../src/probe/index.js';
import { covering, probeBuild, runNode, siteLine, stallsSource, type Window } from './helpers.js';

interface Result {
  name: string;
  measuredMs: number;
  window: Window;
  stalls: Stall[];
}

// Quiet first: later, the garbage of the big JSON may cost a long collection on a loaded machine.
const SCENARIOS = ['quiet', 'busy', 'readFile', 'pbkdf2', 'exec', 'regex', 'atomics', 'json', 'setupThenCrunch'];

let temp: string;
let results: Map<string, Result>;
let report: Snapshot;

async function run(scenarios: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Promise<{ results: Map<string, Result>; report: Snapshot }> {
  const child = await runNode([...nodeArgs, join(probeBuild(), 'test/probe/fixtures/run.js'), ...scenarios], { env, timeoutMs: 50_000 });
  expect(child.timedOut).toBe(false);
  expect(child.stderr).toBe('');
  expect(child.code).toBe(0);
  const parsed = JSON.parse(child.stdout) as { results: Result[]; report: Snapshot };
  return { results: new Map(parsed.results.map((result) => [result.name, result])), report: parsed.report };
}

function only(name: string, from: Map<string, Result> = results): { stall: Stall; measuredMs: number } {
  const result = from.get(name)!;
  // On a machine shared with other work the OS may deschedule the child past the threshold; such delays are
  // real but are not the injected stall.
  const injected = covering(result.stalls, result.window);
  expect(injected).toHaveLength(1);
  return { stall: injected[0], measuredMs: result.measuredMs };
}

function expectDuration(stall: Stall, measuredMs: number): void {
  // The heartbeat measures lateness, so a stall reads up to one period (10 ms) short, plus scheduling noise
  // on a busy machine.
  expect(Math.abs(stall.durationMs - measuredMs)).toBeLessThanOrEqual(Math.max(50, measuredMs * 0.3));
}

function expectSite(stall: Stall, marker: string): void {
  expect(stall.site).toMatchObject({ file: stallsSource, line: siteLine(marker) });
  expect(stall.site?.generated?.file).toMatch(/stalls\.js$/);
}

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'unblock-probe-detect-'));
  const fifo = join(temp, 'slow.fifo');
  execFileSync('mkfifo', [fifo]);
  ({ results, report } = await run(SCENARIOS, { STALL_FIFO: fifo }));
});

afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

describe('stall detection and attribution', () => {
  it('names the line of a busy loop, sampled while it runs', () => {
    const { stall, measuredMs } = only('busy');
    expectDuration(stall, measuredMs);
    expectSite(stall, 'busy');
    expect(stall.late).toBe(false);
    // The interrupt may land inside `performance.now()` (node: frames, or a V8 builtin such as
    // `hasOwnProperty` with no file); the site skips such internal frames, and only those.
    expect(stall.site?.functionName).toBe('busyLoop');
    const above = stall.stack.slice(0, stall.stack.findIndex((frame) => frame.functionName === 'busyLoop'));
    expect(above.filter((frame) => frame.file !== '' && !frame.file.startsWith('node:'))).toEqual([]);
  });

  it('names the caller of readFileSync waiting on a slow pipe, from a stack taken inside the call', () => {
    const { stall, measuredMs } = only('readFile');
    expectDuration(stall, measuredMs);
    expectSite(stall, 'readFile');
    expect(stall.late).toBe(false);
    expect(stall.stack[0]).toMatchObject({ functionName: 'readFileSync', file: 'node:fs' });
  });

  it('names the caller of pbkdf2Sync', () => {
    const { stall, measuredMs } = only('pbkdf2');
    expectDuration(stall, measuredMs);
    expectSite(stall, 'pbkdf2');
    expect(stall.site?.functionName).toBe('hashPassword');
  });

  it("names the caller of execSync('sleep 0.2')", () => {
    const { stall, measuredMs } = only('exec');
    expectDuration(stall, measuredMs);
    expectSite(stall, 'exec');
    expect(stall.durationMs).toBeGreaterThan(150);
  });

  it('names the line of a catastrophic regex, interrupted inside the match', () => {
    const { stall, measuredMs } = only('regex');
    expectDuration(stall, measuredMs);
    expectSite(stall, 'regex');
    expect(stall.late).toBe(false);
  });

  it('names the line of Atomics.wait', () => {
    const { stall, measuredMs } = only('atomics');
    expectDuration(stall, measuredMs);
    expectSite(stall, 'atomics');
    expect(stall.late).toBe(false);
  });

  it('marks the stack of an uninterruptible JSON.parse as taken late', () => {
    const { stall, measuredMs } = only('json');
    expectDuration(stall, measuredMs);
    expect(stall.late).toBe(true);
    expect(stall.samples).toBeGreaterThanOrEqual(1);
  });

  it('samples a long stall repeatedly and blames where most of it was spent, not the setup', () => {
    const { stall, measuredMs } = only('setupThenCrunch');
    expectDuration(stall, measuredMs);
    expect(stall.samples).toBeGreaterThanOrEqual(3);
    expectSite(stall, 'crunch');
    const own = stall.stack.filter((frame) => frame.file === stallsSource).map((frame) => frame.functionName);
    expect(own).toEqual(['crunch', 'setupThenCrunch']);
  });

  it('reports nothing for code that does not block', () => {
    const quiet = results.get('quiet')!;
    expect(covering(quiet.stalls, quiet.window)).toEqual([]);
    // What a loaded machine adds around it is no code of the program's.
    expect(quiet.stalls.filter((stall) => stall.stack.some((frame) => frame.file === stallsSource))).toEqual([]);
  });

  it('aggregates the stalls by site in the final report', () => {
    expect(report.stalls).toBeGreaterThanOrEqual(8);
    expect(report.attribution).toEqual({ active: true });
    const crunch = report.topSites.find((entry) => entry.site?.line === siteLine('crunch'));
    expect(crunch).toMatchObject({ count: 1, key: `${stallsSource}:${siteLine('crunch')}` });
    expect(crunch!.totalMs).toBeGreaterThan(300);
    expect(report.topSites[0].totalMs).toBeGreaterThanOrEqual(report.topSites[1].totalMs);
    expect(report.delay.max).toBeGreaterThan(300);
    expect(report.utilization).toBeGreaterThan(0);
    expect(report.utilization).toBeLessThanOrEqual(1);
  });
});

describe('source maps', () => {
  it('maps through Node’s own cache under --enable-source-maps', async () => {
    const { results: mapped } = await run(['busy', 'regex'], {}, ['--enable-source-maps']);
    expectSite(only('busy', mapped).stall, 'busy');
    expectSite(only('regex', mapped).stall, 'regex');
  });

  it('reports generated JavaScript positions when source maps are off', async () => {
    const { results: raw } = await run(['busy'], { SOURCE_MAPS: 'off' });
    const { stall } = only('busy', raw);
    expect(stall.site?.file).toMatch(/test[\\/]probe[\\/]fixtures[\\/]stalls\.js$/);
    expect(stall.site?.generated).toBeUndefined();
  });
});
