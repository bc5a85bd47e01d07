#!/usr/bin/env node
// Builds, then runs the probe tests again and again, every other run while busy processes load every core,
// and prints how many runs were green. A test that depends on the machine's speed or load fails here first.
//
//   npm run test:stress [-- --runs N] [-- test/probe/detection.test.ts ...]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const vitest = join(root, 'node_modules/vitest/vitest.mjs');

function usage(message) {
  process.stderr.write(`test:stress: ${message}\nusage: npm run test:stress -- [--runs N] [test files or folders]\n`);
  process.exit(2);
}

function parseArgs(argv) {
  let runs = 10;
  const paths = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--runs' || arg.startsWith('--runs=')) {
      const value = arg === '--runs' ? argv[++i] : arg.slice('--runs='.length);
      if (value === undefined || !/^[1-9]\d*$/.test(value) || Number(value) > 1000) usage(`--runs must be a whole number from 1 to 1000, got ${JSON.stringify(value ?? '')}`);
      runs = Number(value);
    } else if (arg.startsWith('-')) {
      usage(`unknown option ${arg}`);
    } else {
      if (!existsSync(resolve(root, arg))) usage(`no such test file or folder: ${arg}`);
      paths.push(arg);
    }
  }
  return { runs, paths: paths.length > 0 ? paths : ['test/probe'] };
}

// Each busy child spins, and leaves by itself once this script is gone, even if it was killed with SIGKILL.
const BUSY = `const parent = ${process.pid}; for (let i = 1; ; i += 1) if ((i & 0xffffff) === 0 && process.ppid !== parent) process.exit(0);`;
let busy = [];
let current;

function startLoad() {
  busy = Array.from({ length: availableParallelism() }, () => spawn(process.execPath, ['-e', BUSY], { stdio: 'ignore' }));
}

function stopLoad() {
  for (const child of busy) child.kill('SIGKILL');
  busy = [];
}

process.on('exit', () => {
  stopLoad();
  current?.kill('SIGKILL');
});
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, () => {
    process.stderr.write(`\ntest:stress: stopped by ${signal}\n`);
    process.exit(code);
  });
}

function runOnce(paths, outputFile) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [vitest, 'run', ...paths, '--reporter=json', `--outputFile=${outputFile}`], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    current = child;
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      current = undefined;
      resolvePromise({ code, signal, stderr });
    });
  });
}

function summarise(outputFile, exit) {
  if (!existsSync(outputFile)) {
    const last = exit.stderr.trim().split('\n').slice(-5).join('\n    ');
    return { green: false, text: `vitest ended with ${exit.signal ?? `code ${exit.code}`} and wrote no results${last ? `:\n    ${last}` : ''}` };
  }
  const result = JSON.parse(readFileSync(outputFile, 'utf8'));
  const failed = result.testResults.flatMap((file) =>
    file.assertionResults.filter((test) => test.status === 'failed').map((test) => `${test.fullName}: ${(test.failureMessages[0] ?? '').split('\n')[0]}`),
  );
  // A file that fails to load has no assertion results, only a message.
  const broken = result.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).map((file) => `${file.name}: ${file.message}`);
  const problems = [...failed, ...broken];
  const green = exit.code === 0 && problems.length === 0 && result.numTotalTests > 0;
  if (green) return { green, text: `green, ${result.numPassedTests} tests` };
  return { green, text: `RED, ${result.numFailedTests} of ${result.numTotalTests} failed${problems.map((line) => `\n    ${line}`).join('')}` };
}

const { runs, paths } = parseArgs(process.argv.slice(2));
// Some probe tests run the built package (dist/) in a child process.
const build = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
if (build.status !== 0) {
  process.stderr.write(`test:stress: the build failed:\n${build.stdout}${build.stderr}`);
  process.exit(1);
}
const temp = mkdtempSync(join(tmpdir(), 'unblock-test-stress-'));
const cores = availableParallelism();
process.stdout.write(`test:stress: ${runs} runs of vitest ${paths.join(' ')}, every other run with ${cores} busy processes\n`);
let greens = 0;
try {
  for (let run = 1; run <= runs; run += 1) {
    const loaded = run % 2 === 0;
    const outputFile = join(temp, `run-${run}.json`);
    if (loaded) startLoad();
    const started = performance.now();
    let exit;
    try {
      exit = await runOnce(paths, outputFile);
    } finally {
      stopLoad();
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const { green, text } = summarise(outputFile, exit);
    if (green) greens += 1;
    process.stdout.write(`run ${run}/${runs}  ${loaded ? 'loaded' : 'quiet '}  ${seconds.padStart(5)} s  ${text}\n`);
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
process.stdout.write(`${greens} of ${runs} green\n`);
process.exitCode = greens === runs ? 0 : 1;
