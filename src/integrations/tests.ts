import { describeReason, displayFile, formatFrame, type Frame, type PromiseReport, type PromiseSite, type Stall } from '../probe/index.js';

/** The stalls seen while one test ran. */
export interface TestStalls {
  name: string;
  file: string;
  stalls: Stall[];
}

export interface TestSettings {
  thresholdMs: number | undefined;
  /** What fails a test: stalling the loop, leaving more than `maxPromises` never-awaited promises behind. */
  fail: { stalls: boolean; promises: boolean };
  promises: boolean;
  maxPromises: number;
}

const FAIL_VALUES = 'UNBLOCK_FAIL must be "1" (stalls, and promises with UNBLOCK_PROMISES=1), "0", "stalls", "promises" or "stalls,promises"';

function failSetting(value: string | undefined, promises: boolean): TestSettings['fail'] {
  if (value === undefined || value === '0') return { stalls: false, promises: false };
  if (value === '1') return { stalls: true, promises };
  const kinds = value.split(',').map((kind) => kind.trim());
  if (kinds.length === 0 || !kinds.every((kind) => kind === 'stalls' || kind === 'promises')) {
    throw new Error(`unblock: ${FAIL_VALUES}; received ${JSON.stringify(value)}.`);
  }
  if (kinds.includes('promises') && !promises) throw new Error(`unblock: UNBLOCK_FAIL=${value} needs UNBLOCK_PROMISES=1 to track the promises.`);
  return { stalls: kinds.includes('stalls'), promises: kinds.includes('promises') };
}

// Malformed values are refused with one line; a typo must not silently turn the check off.
export function testStallsFromEnvironment(env: NodeJS.ProcessEnv): TestSettings {
  const threshold = env.UNBLOCK_THRESHOLD_MS;
  const thresholdMs = threshold === undefined ? undefined : Number(threshold);
  if (thresholdMs !== undefined && !(threshold!.trim() !== '' && thresholdMs >= 1 && thresholdMs <= 3_600_000)) {
    throw new Error(`unblock: UNBLOCK_THRESHOLD_MS must be a number of milliseconds from 1 to 3600000; received ${JSON.stringify(threshold)}.`);
  }
  const flag = (name: string): boolean => {
    const value = env[name];
    if (value === undefined || value === '0') return false;
    if (value === '1') return true;
    throw new Error(`unblock: ${name} must be "1" or "0"; received ${JSON.stringify(value)}.`);
  };
  const promises = flag('UNBLOCK_PROMISES');
  const max = env.UNBLOCK_MAX_PROMISES;
  const maxPromises = max === undefined ? 0 : Number(max);
  if (!(Number.isInteger(maxPromises) && maxPromises >= 0 && (max === undefined || /^\d+$/.test(max.trim())))) {
    throw new Error(`unblock: UNBLOCK_MAX_PROMISES must be a whole number of promises (0 or more); received ${JSON.stringify(max)}.`);
  }
  return { thresholdMs, fail: failSetting(env.UNBLOCK_FAIL, promises), promises, maxPromises };
}

/** `  312.4 ms at src/helpers.ts:9 (hashPassword)` and its first frames. */
export function stallLines(stalls: Stall[]): string[] {
  const lines: string[] = [];
  for (const stall of stalls) {
    const where = stall.site === undefined ? 'an unknown site' : `${displayFile(stall.site.file)}:${stall.site.line} (${stall.site.functionName})`;
    lines.push(`  ${stall.durationMs.toFixed(1)} ms at ${where}`);
    if (stall.stack.length === 0) lines.push(`      (no stack: ${describeReason(stall.reason ?? 'not-sampled')})`);
    for (const frame of stall.stack.slice(0, 5)) lines.push(`      at ${formatFrame(frame)}`);
  }
  return lines;
}

/** The probe's `promiseScope` for a test: its file and name, read back by `testOfScope`. */
export function testScope(file: string, name: string): string {
  return JSON.stringify([file, name]);
}

function testOfScope(scope: string): { file: string; name: string } {
  const [file, name] = JSON.parse(scope) as [string, string];
  return { file, name };
}

/** The never-awaited promises one test made, by site (`collected` so far, `pending` now). */
export interface TestPromises {
  name: string;
  file: string | undefined;
  sites: { site: PromiseSite; collected: number; pending: number; unhandled: number; stack: Frame[] }[];
  neverAwaited: number;
}

/** The tests whose promises were never awaited, in the order first seen; promises made outside any test last. */
export function promisesByTest(report: PromiseReport): TestPromises[] {
  const sites = new Map(report.sites.map((site) => [site.key, site]));
  const tests = new Map<string, TestPromises>();
  const scoped = new Map<string, number>();
  for (const count of report.byScope ?? []) {
    const site = sites.get(count.key);
    if (site === undefined || count.collected + count.pending === 0) continue;
    let test = tests.get(count.scope);
    if (test === undefined) {
      test = { ...testOfScope(count.scope), sites: [], neverAwaited: 0 };
      tests.set(count.scope, test);
    }
    test.sites.push({ site, collected: count.collected, pending: count.pending, unhandled: count.unhandled, stack: count.stack });
    test.neverAwaited += count.collected + count.pending;
    scoped.set(count.key, (scoped.get(count.key) ?? 0) + count.collected + count.pending);
  }
  const outside: TestPromises = { name: '<outside any test>', file: undefined, sites: [], neverAwaited: 0 };
  for (const site of report.sites) {
    const left = site.collected + site.pending - (scoped.get(site.key) ?? 0);
    if (left <= 0) continue;
    outside.sites.push({ site, collected: Math.min(site.collected, left), pending: left - Math.min(site.collected, left), unhandled: 0, stack: site.stack });
    outside.neverAwaited += left;
  }
  return [...tests.values(), ...(outside.neverAwaited > 0 ? [outside] : [])];
}

/** `    1 never awaited (0 collected, 1 pending) at src/jobs.ts:12 (async waitForReply in forget)` and a short stack. */
export function promiseLines(test: TestPromises): string[] {
  const lines: string[] = [];
  for (const { site, collected, pending, unhandled, stack } of test.sites) {
    const rejected = unhandled > 0 ? `, ${unhandled} unhandled rejection${unhandled === 1 ? '' : 's'}` : '';
    lines.push(`  ${collected + pending} never awaited (${collected} collected, ${pending} pending${rejected}) at ${displayFile(site.site.file)}:${site.site.line} (${site.createdBy} in ${site.site.functionName})`);
    for (const frame of stack.slice(0, 3)) lines.push(`      at ${formatFrame(frame)}`);
  }
  return lines;
}

/** The end-of-run section: each test that left never-awaited promises behind, with its sites. */
export function promiseSummary(tests: TestPromises[]): string[] {
  const count = tests.filter((test) => test.file !== undefined).length;
  if (tests.length === 0) return [];
  const lines = [`unblock: ${count} test${count === 1 ? '' : 's'} left never-awaited promises behind:`];
  for (const test of tests) lines.push(`  ${test.name}${test.file === undefined ? '' : ` (${displayFile(test.file)})`}`, ...promiseLines(test).map((line) => `  ${line}`));
  return lines;
}

/** The failure message of a test over `UNBLOCK_MAX_PROMISES`, or undefined. */
export function promiseFailure(test: TestPromises | undefined, settings: TestSettings): string | undefined {
  if (!settings.fail.promises || test === undefined || test.neverAwaited <= settings.maxPromises) return undefined;
  const allowed = settings.maxPromises === 0 ? '' : ` (UNBLOCK_MAX_PROMISES allows ${settings.maxPromises})`;
  return `The test left ${test.neverAwaited} never-awaited promise${test.neverAwaited === 1 ? '' : 's'} behind${allowed}:\n${promiseLines(test).join('\n')}`;
}
