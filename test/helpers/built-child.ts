// Child processes against the built package (dist/), driven by what they print: a test waits for a line
// such as "ready" before it signals the child, never for a span of time.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const builtRegister = path.join(root, 'dist/src/register.js');
export const builtProbe = pathToFileURL(path.join(root, 'dist/src/probe/index.js')).href;
export const bin = path.join(root, 'bin/unblock.js');

export function assertBuilt(): void {
  if (!existsSync(builtRegister)) throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ChildOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Give the child a standard input pipe (`child.stdin`) instead of none. */
  stdin?: boolean;
  /** Called with each complete line of standard output. */
  onLine?: (line: string, child: ChildProcess) => void;
}

/** Runs a command with the environment of the tests minus any NODE_OPTIONS and UNBLOCK_* settings. */
export function runChild(file: string, args: string[], options: ChildOptions): Promise<Finished> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (name !== 'NODE_OPTIONS' && !name.startsWith('UNBLOCK_')) env[name] = value;
  Object.assign(env, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env, stdio: [options.stdin === true ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    // A hung child fails the test with what it printed instead of hanging the suite.
    const guard = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      pending += chunk;
      let newline;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        options.onLine?.(line, child);
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** `node --import dist/src/register.js ...args`. */
export function runRegistered(args: string[], options: ChildOptions): Promise<Finished> {
  return runChild(process.execPath, ['--import', builtRegister, ...args], options);
}

/** The text reports in a stream, by their header line: `unblock probe: pid 42 (node app.mjs), ...`. */
export function reportHeaders(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('unblock probe'));
}
