// `node --import eslint-plugin-unblock/node-test --test`: in each test file's process, a probe whose stalls
// are attributed to the test whose code was on the blocked stack, listed when the file's process exits.
// UNBLOCK_THRESHOLD_MS (default 50); UNBLOCK_FAIL=1 (or stalls) makes a file with a stalling test fail;
// UNBLOCK_PROMISES=1 attributes each promise made to the running test and lists the tests that left
// never-awaited promises behind; UNBLOCK_FAIL=1 (or promises) fails each test with more of them than
// UNBLOCK_MAX_PROMISES (default 0).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { displayFile, startProbe, type Frame, type Stall } from '../probe/index.js';
import { promiseFailure, promisesByTest, promiseSummary, stallLines, testScope, testStallsFromEnvironment, type TestSettings, type TestStalls } from './tests.js';

const TEST_CALL = /\b(?:test|it)(?:\.(?:only|skip|todo))?\(\s*(['"`])((?:\\.|(?!\1).)*)\1/;

/** The title of the `test(...)`/`it(...)` call at or above `line` in `source`: the test the line belongs to. */
export function testAt(source: string, line: number): string | undefined {
  const lines = source.split('\n');
  for (let index = Math.min(line, lines.length) - 1; index >= 0; index -= 1) {
    const match = TEST_CALL.exec(lines[index]);
    if (match !== null) return match[2];
  }
  return undefined;
}

interface Hooks {
  beforeEach: (fn: (context: { name: string }) => void) => void;
  afterEach: (fn: (context: { name: string }) => void) => void;
}

async function install(settings: TestSettings, testFile: string): Promise<void> {
  // Subtests run inside their parent: the innermost running test makes the promise. Each scope is built once,
  // when its test starts, since the probe asks for it at every promise.
  const running: { name: string; scope: string }[] = [];
  const hooks = settings.promises ? ((await import('node:test')) as unknown as Hooks) : undefined;
  const sources = new Map<string, string>();
  const byTest = new Map<string, TestStalls>();
  const nameOf = (frame: Frame): string => {
    let source = sources.get(frame.file);
    if (source === undefined) {
      source = readFileSync(frame.file, 'utf8');
      sources.set(frame.file, source);
    }
    return testAt(source, frame.line) ?? '<outside any test>';
  };
  const probe = startProbe({
    ...(settings.thresholdMs === undefined ? {} : { thresholdMs: settings.thresholdMs }),
    promises: settings.promises,
    ...(settings.promises ? { promiseScope: () => running.at(-1)?.scope } : {}),
    onStall(stall: Stall) {
      // The deepest frame in the test file is the test's own callback.
      const frame = [...stall.stack].reverse().find((entry) => entry.file === testFile);
      const name = frame === undefined ? '<outside any test>' : nameOf(frame);
      let entry = byTest.get(name);
      if (entry === undefined) {
        entry = { name, file: testFile, stalls: [] };
        byTest.set(name, entry);
      }
      entry.stalls.push(stall);
    },
  });
  if (hooks !== undefined) {
    hooks.beforeEach((context) => {
      const name = [...running.map((test) => test.name), context.name].join(' > ');
      running.push({ name, scope: testScope(testFile, name) });
    });
    // Throwing here fails the test that just ran (node:test reports it as a failed hook).
    hooks.afterEach(() => {
      const name = running.pop()?.name;
      if (name === undefined) return;
      const promises = probe.snapshot().promises;
      if (promises === undefined) return;
      const failure = promiseFailure(promisesByTest(promises).find((test) => test.file === testFile && test.name === name), settings);
      if (failure !== undefined) throw new Error(failure);
    });
  }
  process.on('exit', () => {
    const lines: string[] = [];
    if (byTest.size > 0) {
      lines.push(`unblock: ${byTest.size} test${byTest.size === 1 ? '' : 's'} blocked the event loop over ${probe.options.thresholdMs} ms:`);
      for (const test of byTest.values()) lines.push(`  ${test.name} (${displayFile(test.file)})`, ...stallLines(test.stalls).map((line) => `  ${line}`));
      if (settings.fail.stalls && process.exitCode === undefined) process.exitCode = 1;
    }
    const promises = probe.snapshot().promises;
    if (promises !== undefined) lines.push(...promiseSummary(promisesByTest(promises)));
    if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
  });
}

// The runner itself runs no test code; each test file's process (NODE_TEST_CONTEXT set) gets a probe.
if (process.env.NODE_TEST_CONTEXT !== undefined && process.argv[1] !== undefined) {
  let settings: TestSettings | undefined;
  try {
    settings = testStallsFromEnvironment(process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message} The probe is off in this test run.\n`);
  }
  if (settings !== undefined) await install(settings, resolve(process.argv[1]));
}
