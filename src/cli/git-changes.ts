import { execFileSync } from 'node:child_process';
import path from 'node:path';

import { UsageError } from './io.js';

interface GitFailure {
  code?: string;
  status?: number | null;
  stderr?: string;
}

function git(args: string[], cwd: string, env: NodeJS.ProcessEnv): { ok: true; output: string } | { ok: false; status: number | null; stderr: string } {
  try {
    return { ok: true, output: execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 }) };
  } catch (error) {
    const failure = error as GitFailure;
    if (failure.code === 'ENOENT') throw new UsageError('--changed asks git which files changed, and git is not on the PATH (name the changed files instead: unblock lint --changed <files>)');
    return { ok: false, status: failure.status ?? null, stderr: failure.stderr ?? '' };
  }
}

function names(output: string, top: string): string[] {
  return output.split('\0').filter((name) => name !== '').map((name) => path.join(top, name));
}

/**
 * The files that changed, as absolute paths, deleted ones left out. Against `ref` (the working tree against
 * the commit where the branch left it, plus untracked files); without one, inside a git commit hook (where
 * git sets GIT_INDEX_FILE) the staged files, elsewhere the working tree against HEAD plus untracked files.
 */
export function changedFiles(cwd: string, env: NodeJS.ProcessEnv, ref?: string): string[] {
  const topLevel = git(['rev-parse', '--show-toplevel'], cwd, env);
  if (!topLevel.ok) throw new UsageError(`--changed: ${cwd} is not in a git repository (name the changed files instead: unblock lint --changed <files>)`);
  const top = topLevel.output.trim();
  // At the top level, where `git diff` and `git ls-files` both name files relative to it.
  const run = (args: string[]) => {
    const result = git(args, top, env);
    if (!result.ok) throw new UsageError(`--changed: git ${args.join(' ')} failed: ${result.stderr.trim().split('\n')[0]}`);
    return names(result.output, top);
  };
  const untracked = () => run(['ls-files', '-z', '--others', '--exclude-standard']);
  if (ref !== undefined) {
    if (!git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top, env).ok) {
      throw new UsageError(`--changed=${ref}: no such git commit, branch or tag in ${top}`);
    }
    return [...new Set([...run(['diff', '-z', '--name-only', '--diff-filter=d', '--merge-base', ref, '--']), ...untracked()])];
  }
  if (env.GIT_INDEX_FILE !== undefined) return run(['diff', '-z', '--cached', '--name-only', '--diff-filter=d', '--']);
  // Before the first commit, everything is new.
  if (!git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], top, env).ok) return run(['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  return [...new Set([...run(['diff', '-z', '--name-only', '--diff-filter=d', 'HEAD', '--']), ...untracked()])];
}
