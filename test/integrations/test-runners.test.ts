// Real vitest and `node --test` (TypeScript through tsx) child runs over the fixtures, against the built
// package (dist/, as a user's install resolves `eslint-plugin-unblock/...`): stalls and never-awaited
// promises come back at the TypeScript lines marked `// @site <name>`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PromiseReport, Stall } from '../../src/probe/index.js';
import { testAt } from '../../src/integrations/node-test.js';
import { testStallsFromEnvironment } from '../../src/integrations/tests.js';
import { assertBuilt, root, runChild } from '../helpers/built-child.js';

const fixtures = path.join(root, 'test/integrations/fixtures');
const helpers = path.join(fixtures, 'helpers.ts');
const vitestApp = path.join(fixtures, 'vitest-app');
const vitestBin = path.join(root, 'node_modules/vitest/vitest.mjs');
const testFile = path.join(vitestApp, 'stall.fixture.ts');
const temp = mkdtempSync(path.join(tmpdir(), 'unblock-runners-'));

function line(file: string, name: string): number {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((text) => text.endsWith(`// @site ${name}`));
  if (index < 0) throw new Error(`no @site ${name} in ${file}`);
  return index + 1;
}

// The caller names the shape of what the fixture printed.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
function printed<T>(stdout: string, label: string): T {
  const text = stdout.split('\n').find((entry) => entry.replace(/^# /, '').startsWith(`${label}: `));
  if (text === undefined) throw new Error(`no "${label}:" line in:\n${stdout}`);
  return JSON.parse(text.replace(/^# /, '').slice(label.length + 2)) as T;
}

beforeAll(assertBuilt);
afterAll(() => { rmSync(temp, { recursive: true, force: true }); });

describe('vitest', () => {
  it('attributes each stall to the test that ran, lists the tests that stalled, and maps every frame to TypeScript', async () => {
    const result = await runChild(process.execPath, [vitestBin, 'run'], { cwd: vitestApp, env: { UNBLOCK_THRESHOLD_MS: '200', UNBLOCK_PROMISES: '1' } });
    expect(result.code).toBe(0);
    const report = result.stderr.slice(result.stderr.indexOf('unblock: '));
    const [stalledPart, promisePart = ''] = report.split('unblock: 2 tests left never-awaited');
    // The hashing test is listed too when pbkdf2 takes over 200 ms on the machine; spinning always does.
    expect(stalledPart).toMatch(/^unblock: [12] tests? blocked the event loop over 200 ms:\n {2}spins \(.*stall\.fixture\.ts\)\n {4}\d+\.\d ms at (\S+):(\d+) \(spin\)\n/);
    expect(stalledPart).toContain(` ms at ${helpers}:${line(helpers, 'busy')} (spin)\n`);
    expect(stalledPart).toContain(`at spin (${helpers}:${line(helpers, 'busy')}:`);
    expect(stalledPart).not.toContain('stays quiet');
    // Each promise under the test that was running when it was made, with that test's own line in the stack.
    const forgotten = `${helpers}:${line(helpers, 'forgotten')}`;
    expect(promisePart).toContain(
      ` promises behind:\n  forgets a promise (stall.fixture.ts)\n    1 never awaited (0 collected, 1 pending) at ${forgotten} (async waitForReply in forget)\n        at forget (${forgotten}:3)\n        at <anonymous> (stall.fixture.ts:${line(testFile, 'forget-one')}:3)\n`,
    );
    expect(promisePart).toContain(
      `\n  forgets two promises (stall.fixture.ts)\n    2 never awaited (0 collected, 2 pending) at ${forgotten} (async waitForReply in forget)\n        at forget (${forgotten}:3)\n        at <anonymous> (stall.fixture.ts:${line(testFile, 'forget-two')}:3)\n`,
    );
    expect(promisePart).not.toContain('awaits its promises');
    expect(promisePart).not.toContain('<outside any test>');

    // assertNoStall's own frames, under vitest's in-memory transform: the pbkdf2Sync line and the test's line.
    const [stall] = printed<Stall[]>(result.stdout, 'assertNoStall');
    expect(stall.site).toMatchObject({ file: helpers, line: line(helpers, 'pbkdf2'), functionName: 'hashPassword' });
    expect(stall.stack.find((frame) => frame.file === testFile)?.line).toBe(line(testFile, 'assert'));
  });

  it('fails a test that stalled with UNBLOCK_FAIL=1, and only that one', async () => {
    const output = path.join(temp, 'vitest.json');
    const result = await runChild(process.execPath, [vitestBin, 'run', '--reporter=json', `--outputFile=${output}`], {
      cwd: vitestApp,
      env: { UNBLOCK_THRESHOLD_MS: '200', UNBLOCK_FAIL: '1' },
    });
    expect(result.code).toBe(1);
    const json = JSON.parse(readFileSync(output, 'utf8')) as { testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[] };
    const byTitle = Object.fromEntries(json.testResults[0].assertionResults.map((test) => [test.title, test]));
    expect(byTitle.spins.status).toBe('failed');
    expect(byTitle.spins.failureMessages[0]).toContain(`The test blocked the event loop over 200 ms:`);
    expect(byTitle.spins.failureMessages[0]).toContain(`helpers.ts:${line(helpers, 'busy')} (spin)`);
    expect(byTitle['stays quiet'].status).toBe('passed');
    expect(byTitle['forgets a promise'].status).toBe('passed');
  });

  it('fails the test that left more never-awaited promises than UNBLOCK_MAX_PROMISES, and only that one', async () => {
    const output = path.join(temp, 'vitest-promises.json');
    const result = await runChild(process.execPath, [vitestBin, 'run', '--reporter=json', `--outputFile=${output}`], {
      cwd: vitestApp,
      env: { UNBLOCK_THRESHOLD_MS: '200', UNBLOCK_PROMISES: '1', UNBLOCK_FAIL: 'promises', UNBLOCK_MAX_PROMISES: '1' },
    });
    expect(result.code).toBe(1);
    const json = JSON.parse(readFileSync(output, 'utf8')) as { testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[] };
    const byTitle = Object.fromEntries(json.testResults[0].assertionResults.map((test) => [test.title, test]));
    expect(byTitle['forgets two promises'].status).toBe('failed');
    expect(byTitle['forgets two promises'].failureMessages[0]).toContain(
      `The test left 2 never-awaited promises behind (UNBLOCK_MAX_PROMISES allows 1):\n  2 never awaited (0 collected, 2 pending) at ${helpers}:${line(helpers, 'forgotten')} (async waitForReply in forget)\n`,
    );
    // One promise is within the allowance; the late subscription is no never-awaited promise; stalls fail nothing here.
    expect(byTitle['forgets a promise'].status).toBe('passed');
    expect(byTitle['awaits its promises'].status).toBe('passed');
    expect(byTitle.spins.status).toBe('passed');
  });

  it('refuses a malformed setting in one line and runs the tests without the probe', async () => {
    const result = await runChild(process.execPath, [vitestBin, 'run'], { cwd: vitestApp, env: { UNBLOCK_FAIL: 'yes' } });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('unblock: UNBLOCK_FAIL must be "1" (stalls, and promises with UNBLOCK_PROMISES=1), "0", "stalls", "promises" or "stalls,promises"; received "yes". The probe is off in this test run.\n');
    expect(result.stderr).not.toContain('blocked the event loop');
  });
});

describe('test-runner settings', () => {
  it('reads UNBLOCK_FAIL as 1, 0, or a list of stalls and promises, and UNBLOCK_MAX_PROMISES as a count', () => {
    expect(testStallsFromEnvironment({})).toEqual({ thresholdMs: undefined, fail: { stalls: false, promises: false }, promises: false, maxPromises: 0 });
    expect(testStallsFromEnvironment({ UNBLOCK_FAIL: '1' }).fail).toEqual({ stalls: true, promises: false });
    expect(testStallsFromEnvironment({ UNBLOCK_FAIL: '1', UNBLOCK_PROMISES: '1' }).fail).toEqual({ stalls: true, promises: true });
    expect(testStallsFromEnvironment({ UNBLOCK_FAIL: 'promises', UNBLOCK_PROMISES: '1', UNBLOCK_MAX_PROMISES: '3' })).toMatchObject({ fail: { stalls: false, promises: true }, maxPromises: 3 });
    expect(testStallsFromEnvironment({ UNBLOCK_FAIL: 'stalls, promises', UNBLOCK_PROMISES: '1' }).fail).toEqual({ stalls: true, promises: true });
  });

  it('refuses a malformed value in one line', () => {
    expect(() => testStallsFromEnvironment({ UNBLOCK_FAIL: 'promise' })).toThrow(
      'unblock: UNBLOCK_FAIL must be "1" (stalls, and promises with UNBLOCK_PROMISES=1), "0", "stalls", "promises" or "stalls,promises"; received "promise".',
    );
    expect(() => testStallsFromEnvironment({ UNBLOCK_FAIL: 'promises' })).toThrow('unblock: UNBLOCK_FAIL=promises needs UNBLOCK_PROMISES=1 to track the promises.');
    for (const value of ['-1', '1.5', '', 'many']) {
      expect(() => testStallsFromEnvironment({ UNBLOCK_MAX_PROMISES: value })).toThrow(`unblock: UNBLOCK_MAX_PROMISES must be a whole number of promises (0 or more); received ${JSON.stringify(value)}.`);
    }
  });
});

describe('node --test with tsx', () => {
  it('names the TypeScript lines of a stall, a never-awaited promise and a rejection handled late', async () => {
    const file = path.join(fixtures, 'node-test/stall.fixture.ts');
    const result = await runChild(process.execPath, ['--import', 'tsx', '--test', file], { cwd: root });
    expect(result.stdout).toContain('ok 1 - spins\n');
    // node:test fails a test during which a rejection went unhandled, even if handled later.
    expect(result.stdout).toContain('not ok 2 - promises\n');
    expect(result.stdout).toContain("failureType: 'unhandledRejection'");
    expect(result.code).toBe(1);
    const [stall] = printed<Stall[]>(result.stdout, 'assertNoStall');
    expect(stall.site).toMatchObject({ file: helpers, line: line(helpers, 'busy'), functionName: 'spin' });
    expect(stall.stack.find((frame) => frame.file === file)?.line).toBe(line(file, 'assert'));
    const promises = printed<PromiseReport>(result.stdout, 'promises');
    expect(promises.sites).toMatchObject([
      { createdBy: 'async waitForReply', pending: 1, unhandled: 0, site: { file: helpers, line: line(helpers, 'forgotten'), functionName: 'forget' } },
      { createdBy: 'async failLater', pending: 0, unhandled: 1, handledLate: 1, site: { file: helpers, line: line(helpers, 'late'), functionName: 'handleLate' } },
    ]);
  });
});

describe('node --test with eslint-plugin-unblock/node-test', () => {
  const file = path.join(fixtures, 'node-test/attribution.fixture.ts');
  const integration = path.join(root, 'dist/src/integrations/node-test.js');

  it('lists the test that stalled the loop, at the TypeScript line, and not the quiet one', async () => {
    const result = await runChild(process.execPath, ['--import', 'tsx', '--import', integration, '--test', file], { cwd: root, env: { UNBLOCK_THRESHOLD_MS: '200' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /\n# unblock: 1 test blocked the event loop over 200 ms:\n# {3}spins \(test\/integrations\/fixtures\/node-test\/attribution\.fixture\.ts\)\n# {5}\d+\.\d ms at test\/integrations\/fixtures\/helpers\.ts:15 \(spin\)\n/,
    );
    expect(result.stdout).not.toContain('stays quiet (');
  });

  it('fails the file with UNBLOCK_FAIL=1', async () => {
    const result = await runChild(process.execPath, ['--import', 'tsx', '--import', integration, '--test', file], {
      cwd: root,
      env: { UNBLOCK_THRESHOLD_MS: '200', UNBLOCK_FAIL: '1' },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('# unblock: 1 test blocked the event loop over 200 ms:');
  });

  it('lists the tests that left never-awaited promises behind, subtests by their path, and not the one that awaited late', async () => {
    const result = await runChild(process.execPath, ['--import', 'tsx', '--import', integration, '--test', file], { cwd: root, env: { UNBLOCK_THRESHOLD_MS: '200', UNBLOCK_PROMISES: '1' } });
    expect(result.code).toBe(0);
    const forgotten = `test/integrations/fixtures/helpers.ts:${line(helpers, 'forgotten')}`;
    const fixture = 'test/integrations/fixtures/node-test/attribution.fixture.ts';
    expect(result.stdout).toContain(
      `\n# unblock: 2 tests left never-awaited promises behind:\n#   forgets a promise (${fixture})\n#     1 never awaited (0 collected, 1 pending) at ${forgotten} (async waitForReply in forget)\n#         at forget (${forgotten}:3)\n#         at <anonymous> (${fixture}:${line(file, 'forget-one')}:3)\n`,
    );
    expect(result.stdout).toContain(`\n#   groups > forgets inside (${fixture})\n#     2 never awaited (0 collected, 2 pending) at ${forgotten} (async waitForReply in forget)\n`);
    expect(result.stdout).not.toContain('awaits its promises (');
    expect(result.stdout).not.toContain('stays quiet (');
  });

  it('fails each test that left a never-awaited promise with UNBLOCK_FAIL=promises, and not the others', async () => {
    const result = await runChild(process.execPath, ['--import', 'tsx', '--import', integration, '--test', file], { cwd: root, env: { UNBLOCK_PROMISES: '1', UNBLOCK_FAIL: 'promises' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('\nnot ok 3 - forgets a promise\n');
    expect(result.stdout).toContain("failureType: 'hookFailed'");
    expect(result.stdout).toContain('The test left 1 never-awaited promise behind:');
    expect(result.stdout).toMatch(/\n {4}not ok 1 - forgets inside\n/);
    expect(result.stdout).toContain('\nok 1 - spins\n');
    expect(result.stdout).toContain('\nok 2 - stays quiet\n');
    expect(result.stdout).toContain('\nok 5 - awaits its promises\n');
  });

  it('names the test a line belongs to from the source', () => {
    const source = "import { test } from 'node:test';\n\ntest('first', () => {\n  spin();\n});\nit.only(\"it's second\", () => {\n  spin();\n});\n";
    expect(testAt(source, 4)).toBe('first');
    expect(testAt(source, 7)).toBe("it's second");
    expect(testAt(source, 1)).toBeUndefined();
  });
});
