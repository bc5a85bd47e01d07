import { execFile } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { tempProject } from './temp-project.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

// What a user's project has installed. The plugin is this repository (its package.json exports point at
// the built dist/), and Node follows the links, so each package resolves its own dependencies from here.
const LINKED = ['eslint', 'typescript', 'typescript-eslint', '@types'];

/** A temporary project (`files` as in tempProject) whose node_modules link to this repository's packages. */
export function linkedProject(files: Record<string, string>): string {
  const dir = tempProject(files);
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  symlinkSync(repoRoot, path.join(dir, 'node_modules/eslint-plugin-unblock'), 'dir');
  for (const name of LINKED) symlinkSync(path.join(repoRoot, 'node_modules', name), path.join(dir, 'node_modules', name), 'dir');
  return dir;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command in a child process and returns its exit code and output, whatever the code. */
export async function run(command: string, args: string[], cwd: string): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** The ESLint CLI, as `npx eslint` runs it in `cwd`. */
export function eslintCli(cwd: string, args: string[]): Promise<Run> {
  return run(process.execPath, [path.join(cwd, 'node_modules/eslint/bin/eslint.js'), ...args], cwd);
}
