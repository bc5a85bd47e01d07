// `unblock run`: how it starts the program (preload flag, environment, exit code, signals) is proven with a
// stand-in register module; the real probe's report is checked once dist/src/register.js is built.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { UsageError } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/run.js';
import type { ProcessReport } from '../../src/probe/index.js';
import { captureIO } from '../helpers/cli-io.js';
import { removeTempProjects, tempProject } from '../helpers/temp-project.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin/unblock.js');
const builtRun = pathToFileURL(path.join(root, 'dist/src/cli/run.js')).href;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function spawnNode(args: string[], cwd: string, onStdout?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('UNBLOCK_')));
    const child = spawn(process.execPath, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// A stand-in for the probe's register module: it shows what the child process received.
const fakeRegister = `import { tmpdir } from 'node:os';
import path from 'node:path';
const file = process.env.UNBLOCK_REPORT_FILE;
process.stdout.write('register: ' + JSON.stringify({
  threshold: process.env.UNBLOCK_THRESHOLD_MS ?? null,
  report: process.env.UNBLOCK_REPORT ?? null,
  file: file === undefined ? null : path.relative(tmpdir(), file).replace(/^unblock-run-\\w+/, '<run dir>'),
  execArgv: process.execArgv.length,
}) + '\\n');
`;

/** Runs the built runCommand in a fresh process (so signals can be sent to it) with the stand-in register. */
function runWithFake(dir: string, argv: string[], onStdout?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Exit> {
  const script = `import { runCommand } from '${builtRun}';
process.exitCode = await runCommand(${JSON.stringify(argv)}, { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env },
  { registerPath: ${JSON.stringify(path.join(dir, 'register.mjs'))} });`;
  return spawnNode(['--input-type=module', '-e', script], dir, onStdout);
}

afterAll(removeTempProjects);

describe('unblock run with a stand-in register module', () => {
  const dir = tempProject({
    'register.mjs': fakeRegister,
    'app.mjs': "console.log('app args: ' + process.argv.slice(2).join(' '));\nprocess.exitCode = 7;\n",
    'wait.mjs': "console.log('ready');\nsetInterval(() => {}, 1000);\n",
  });

  it('preloads it into `node app.js` and forwards arguments and the exit code', async () => {
    const result = await runWithFake(dir, ['--threshold', '25', '--', 'node', 'app.mjs', '--port', '3000']);
    expect(result.stdout).toBe('register: {"threshold":"25","report":"json","file":"<run dir>/report.json","execArgv":2}\napp args: --port 3000\n');
    expect(result.code).toBe(7);
  });

  it('runs a script file directly, and --json writes the reports collected (none here) to the file named', async () => {
    const result = await runWithFake(dir, ['--json', 'report.json', 'app.mjs', 'x']);
    expect(result.stdout).toBe('register: {"threshold":null,"report":"json","file":"<run dir>/report.json","execArgv":2}\napp args: x\n');
    expect(result.code).toBe(7);
    expect(readFileSync(path.join(dir, 'report.json'), 'utf8')).toBe('[]\n');
  });

  it('forwards SIGTERM to the program and exits as a shell reports a signal death (128 + 15)', async () => {
    let sent = false;
    const result = await runWithFake(dir, ['wait.mjs'], (stdout, child) => {
      if (!sent && stdout.includes('ready\n')) {
        sent = true;
        child.kill('SIGTERM');
      }
    });
    expect(sent).toBe(true);
    expect(result.code).toBe(143);
  });
});

describe('unblock run errors', () => {
  it('says the probe is missing from the build, in one line, when its register module is absent', async () => {
    const io = captureIO(root);
    await expect(runCommand(['app.js'], io, { registerPath: '/nonexistent/register.js' })).rejects.toThrow(
      new UsageError('the runtime probe is not in this build of eslint-plugin-unblock (/nonexistent/register.js is missing)'),
    );
  });

  it('rejects a bad threshold and a missing program before starting anything', async () => {
    const io = captureIO(root);
    await expect(runCommand(['--threshold', 'soon', 'app.js'], io)).rejects.toThrow("--threshold must be a number of milliseconds from 1 to 3600000, got 'soon'");
    await expect(runCommand(['--threshold', '0.5', 'app.js'], io)).rejects.toThrow("--threshold must be a number of milliseconds from 1 to 3600000, got '0.5'");
    await expect(runCommand(['--threshold', '5'], io)).rejects.toThrow('no program to run: unblock run [options] -- node app.js');
  });
});

// The probe is part of the build (`npm test` builds first), so these run against the real register module.
describe('unblock run with the real probe', () => {
  // A 300 ms busy loop inside a timer callback, so the event loop is running when it stalls.
  const stall = 'setTimeout(() => {\n  const until = Date.now() + 300;\n  while (Date.now() < until);\n}, 20);\n';

  it('writes a JSON report at exit with the threshold it was given, and keeps the exit code', async () => {
    const dir = tempProject({ 'stall.mjs': `${stall}process.exitCode = 3;\n` });
    const result = await spawnNode([bin, 'run', '--threshold', '50', '--json', 'report.json', '--', 'node', 'stall.mjs'], dir);
    expect(result.code).toBe(3);
    const [report, ...others] = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as ProcessReport[];
    expect(others).toEqual([]);
    expect(report.thresholdMs).toBe(50);
    expect(report.stalls).toBeGreaterThanOrEqual(1);
    expect(report.process.argv.slice(1)).toEqual([path.join(dir, 'stall.mjs')]);
  });

  it('prints a text report on stderr at exit', async () => {
    const dir = tempProject({ 'stall.mjs': stall });
    const result = await spawnNode([bin, 'run', '--threshold', '50', 'stall.mjs'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^unblock probe: pid \d+ \(node stall\.mjs\), .* stall threshold 50 ms\n/);
  });
});
