// The built bin in a child process, for what only a real process shows: its streams, signals and status.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { mainHelp } from '../../src/cli/main.js';
import { removeTempProjects, strictTsconfig, tempProject } from '../helpers/temp-project.js';

const bin = fileURLToPath(new URL('../../bin/unblock.js', import.meta.url));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function unblock(args: string[], cwd: string, nodeOptions: string[] = []): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...nodeOptions, bin, ...args], { cwd, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code as number | null) : 0, signal: error?.signal ?? null, stdout, stderr });
    });
  });
}

function exitOf(child: ChildProcess): Promise<[number | null, NodeJS.Signals | null]> {
  return new Promise((resolve) => {
    child.on('close', (...exit) => {
      resolve(exit);
    });
  });
}

const floatingTs = 'export async function save(): Promise<void> {}\nexport function handler(): void {\n  save();\n}\n';

afterAll(removeTempProjects);

describe('the bin', () => {
  it('prints the usage on stderr and exits 2 when given no command', async () => {
    const run = await unblock([], tempProject({}));
    expect(run).toEqual({ code: 2, signal: null, stdout: '', stderr: mainHelp });
  });

  it('prints the usage on stdout and exits 0 when asked for it', async () => {
    const run = await unblock(['--help'], tempProject({}));
    expect(run).toEqual({ code: 0, signal: null, stdout: mainHelp, stderr: '' });
  });

  it('names the rule and the file, relative to the project, when a rule crashes', async () => {
    const root = tempProject({
      'package.json': '{ "type": "module" }\n',
      'eslint.config.js': `function deeper(n) { return deeper(n + 1) + 1; }
export default [{
  plugins: { local: { rules: { recurse: { create: () => ({ CallExpression: () => deeper(0) }) } } } },
  rules: { 'local/recurse': 'error' },
}];
`,
      'src/app.js': 'const x = 1;\n\nconsole.log(x);\n',
    });
    const run = await unblock(['lint', '--use-config'], path.join(root, 'src'));
    expect(run).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr: 'unblock: local/recurse crashed on src/app.js:3: Maximum call stack size exceeded (UNBLOCK_DEBUG=1 shows the stack)\n',
    });
  });

  it('names the config file when it does not load', async () => {
    const root = tempProject({ 'package.json': '{ "type": "module" }\n', 'eslint.config.js': 'export default [\n  {,\n];\n', 'src/app.js': 'export {};\n' });
    const run = await unblock(['lint', '--use-config'], path.join(root, 'src'));
    expect(run).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr: `unblock: ${path.join(root, 'eslint.config.js')}: SyntaxError: Unexpected token ',' (UNBLOCK_DEBUG=1 shows the stack)\n`,
    });
  });

  it.each([
    [['lint', ''], "unblock: an empty path was given: name files or folders, or none for the whole project (see unblock lint --help)\n"],
    [['lint', '--formt', 'json'], 'unblock: unknown option --formt (did you mean --format?)\n'],
  ])('exits 2 with one line for %j', async (args, stderr) => {
    const run = await unblock(args, tempProject({ 'tsconfig.json': strictTsconfig, 'src/ok.ts': 'export {};\n' }));
    expect(run).toEqual({ code: 2, signal: null, stdout: '', stderr });
  });

  it('exits with the lint status and no error when the reader of its output has gone (`| head -1`)', async () => {
    const cwd = tempProject({ 'tsconfig.json': strictTsconfig, 'src/handler.ts': floatingTs });
    // A pipe whose read end is closed before the bin starts: its first write to stdout gets EPIPE.
    const fifo = path.join(cwd, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY);
    closeSync(reader);
    const child = spawn(process.execPath, [bin, 'lint', '-f', 'json'], { cwd, stdio: ['ignore', writer, 'pipe'] });
    closeSync(writer);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code, signal] = await exitOf(child);
    expect({ code, signal, stderr }).toEqual({ code: 1, signal: null, stderr: '' });
  });

  it('clears its progress line on Ctrl-C and dies by SIGINT', async () => {
    // A config that never finishes loading keeps the bin in its linting phase until the signal comes.
    const cwd = tempProject({
      'package.json': '{ "type": "module" }\n',
      'eslint.config.js': 'await new Promise(() => setInterval(() => {}, 60_000));\nexport default [];\n',
      'app.js': 'export {};\n',
    });
    // stdout is a pipe here; the bin is told it is a terminal, which is all the progress line asks.
    const tty = 'data:text/javascript,process.stdout.isTTY=true';
    const child = spawn(process.execPath, ['--import', tty, bin, 'lint', '--use-config'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const shown = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('unblock: linting...')) resolve();
      }),
    );
    const exited = exitOf(child);
    await shown;
    child.kill('SIGINT');
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGINT' });
    expect(stderr).toMatch(/^(\r\x1b\[2Kunblock: linting\.\.\. \d+s)+\r\x1b\[2K$/);
  });
});

describe('unblock run without the lint side', () => {
  it('loads neither ESLint nor TypeScript, so it starts fast and runs where only the probe is installed', () => {
    const main = new URL('../../dist/src/cli/main.js', import.meta.url).href;
    const loaded = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `await import(${JSON.stringify(main)});
const { createRequire } = await import('node:module');
const cache = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify(cache.filter((file) => /[\\\\/]node_modules[\\\\/](eslint|typescript|@typescript-eslint)[\\\\/]/.test(file))));`,
      ],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(loaded)).toEqual([]);
  });
});
