// Test harness for the probe: builds the probe and its fixtures to JavaScript with source maps (once per
// content, cached in the OS temp dir) and runs child Node processes against the build. Stalls are injected in
// children so that each runs on a main thread, where the watchdog can reach it.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

import type { Stall } from '../../src/probe/index.js';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const stallsSource = join(root, 'test/probe/fixtures/stalls.ts');

const inputs = [
  ...readdirSync(join(root, 'src/probe')).map((name) => `src/probe/${name}`),
  ...readdirSync(join(root, 'src/probe/export')).map((name) => `src/probe/export/${name}`),
  'src/register.ts',
  ...readdirSync(join(root, 'test/probe/fixtures')).map((name) => `test/probe/fixtures/${name}`),
].filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));

let built: string | undefined;

/** Compiles src/probe, src/register.ts and the fixtures (with source maps) and returns the output root. */
export function probeBuild(): string {
  if (built !== undefined) return built;
  // The checkout's path is part of the key: the source maps point back into it.
  const hash = createHash('sha256').update(root).update(ts.version);
  for (const file of inputs) hash.update(file).update(readFileSync(join(root, file)));
  const out = join(tmpdir(), `unblock-probe-test-${hash.digest('hex').slice(0, 16)}`);
  if (!existsSync(out)) {
    const staging = `${out}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    for (const file of inputs) {
      const source = readFileSync(join(root, file), 'utf8');
      const target = join(staging, file.replace(/\.ts$/, '.js'));
      const result = ts.transpileModule(source, {
        fileName: join(root, file),
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: true },
      });
      const map = JSON.parse(result.sourceMapText!) as { sources: string[]; file: string };
      map.sources = [relative(dirname(target), join(root, file))];
      map.file = basename(target);
      const code = result.outputText.replace(/\/\/# sourceMappingURL=.*$/m, `//# sourceMappingURL=${basename(target)}.map`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, code);
      writeFileSync(`${target}.map`, JSON.stringify(map));
    }
    writeFileSync(join(staging, 'package.json'), '{ "type": "module" }\n');
    try {
      renameSync(staging, out);
    } catch {
      // Another test worker built the same content first.
      rmSync(staging, { recursive: true, force: true });
    }
  }
  built = out;
  return out;
}

/** The line of `// @site <name>` in the stalls fixture. */
export function siteLine(name: string): number {
  const lines = readFileSync(stallsSource, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.endsWith(`// @site ${name}`));
  if (index < 0) throw new Error(`no @site ${name} marker`);
  return index + 1;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs `node ...args`; kills the child after `timeoutMs` and says so instead of hanging the suite. */
export function runNode(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const env = { ...process.env, ...options.env };
    delete env.NODE_OPTIONS;
    if (options.env?.NODE_OPTIONS !== undefined) env.NODE_OPTIONS = options.env.NODE_OPTIONS;
    const child = spawn(process.execPath, args, { cwd: options.cwd ?? root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** Writes a throwaway ES module next to the build (so relative imports of the probe work) and returns its path. */
export function script(name: string, code: string): string {
  const file = join(probeBuild(), 'scripts', `${name}.mjs`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, code);
  return file;
}

/** When an injected stall ran, in epoch milliseconds. */
export interface Window {
  from: number;
  to: number;
}

/**
 * The stalls that span an injected stall's window. A stall runs from its last beat (`startedAt`) to the next
 * beat, one heartbeat plus `durationMs` later; the stall that covers the window is the injected one (with
 * whatever the OS added to it), and the stalls a loaded machine adds before or after it are left out.
 */
export function covering(stalls: Stall[], window: Window, heartbeatMs = 10): Stall[] {
  return stalls.filter((stall) => stall.startedAt <= window.from + 2 && stall.startedAt + heartbeatMs + stall.durationMs >= window.to - 2);
}

/** The stall lines and window lines (`{"window":…}`) that a child script printed. */
export function printed(stdout: string): { stalls: Stall[]; windows: Window[]; other: unknown[] } {
  const stalls: Stall[] = [];
  const windows: Window[] = [];
  const other: unknown[] = [];
  for (const line of stdout.split('\n').filter((text) => text.startsWith('{'))) {
    const value = JSON.parse(line) as Record<string, unknown>;
    if ('window' in value) windows.push(value.window as Window);
    else if ('durationMs' in value) stalls.push(value as unknown as Stall);
    else other.push(value);
  }
  return { stalls, windows, other };
}
