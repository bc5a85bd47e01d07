// `unblock lint --changed` through the built bin in a real child process, in temporary git repositories:
// the changed files and the files that import them are linted, and nothing else.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

import { removeTempProjects, strictTsconfig, tempProject } from '../helpers/temp-project.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin/unblock.js');
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_'))),
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

const syncStore = 'export function save(id: number): number {\n  return id;\n}\n';
const asyncStore = 'export async function save(id: number): Promise<number> {\n  return id;\n}\n';
const floatingElsewhere = 'export async function ping(): Promise<void> {}\nexport function start(): void {\n  ping();\n}\n';
// Calls save() and leaves its result alone: fine while save() is synchronous.
const caller = (from: string) => `import { save } from '${from}';\nexport function handler(): void {\n  save(1);\n}\n`;

async function unblock(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, 'lint', ...args], { cwd, env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' });
}

function repository(files: Record<string, string>): string {
  const cwd = tempProject(files);
  git(cwd, 'init', '--quiet', '--initial-branch=main');
  git(cwd, 'add', '.');
  git(cwd, 'commit', '--quiet', '-m', 'initial');
  return cwd;
}

/** The files and rules of --format json output, relative to `cwd`. */
function findings(stdout: string, cwd: string): string[] {
  return (JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null; line: number }[] }[]).flatMap((result) =>
    result.messages.map((message) => `${path.relative(cwd, result.filePath)}:${message.line} ${message.ruleId}`),
  );
}

function linted(stdout: string, cwd: string): string[] {
  return (JSON.parse(stdout) as { filePath: string }[]).map((result) => path.relative(cwd, result.filePath)).sort();
}

afterAll(removeTempProjects);

describe('unblock lint --changed against HEAD', () => {
  it("finds the caller's promise that a changed signature left floating, and lints nothing unrelated", async () => {
    const cwd = repository({
      'tsconfig.json': strictTsconfig,
      'src/store.ts': syncStore,
      'src/handler.ts': caller('./store.js'),
      'src/ping.ts': floatingElsewhere,
    });
    writeFileSync(path.join(cwd, 'src/store.ts'), asyncStore);
    const result = await unblock(cwd, ['--changed', '--format', 'json']);
    expect(result.code).toBe(1);
    expect(findings(result.stdout, cwd)).toEqual(['src/handler.ts:3 unblock/no-floating-promises']);
    expect(linted(result.stdout, cwd)).toEqual(['src/handler.ts', 'src/store.ts']);
    expect(result.stderr).toBe('');
  });

  it('follows a barrel that re-exports the changed file, and no further than the files that use it', async () => {
    const cwd = repository({
      'tsconfig.json': strictTsconfig,
      'src/store.ts': syncStore,
      'src/index.ts': "export { save } from './store.js';\n",
      'src/handler.ts': caller('./index.js'),
      // Imports the changed file without passing it on: its own importer is not linted.
      'src/wrapper.ts': "import { save } from './store.js';\nexport function wrap(): number {\n  return 1 + Number(save);\n}\n",
      'src/uses-wrapper.ts': `import { wrap } from './wrapper.js';\nexport const w = wrap;\n${floatingElsewhere}`,
    });
    writeFileSync(path.join(cwd, 'src/store.ts'), asyncStore);
    const result = await unblock(cwd, ['--changed', '--format', 'json']);
    expect(findings(result.stdout, cwd)).toEqual(['src/handler.ts:3 unblock/no-floating-promises']);
    expect(linted(result.stdout, cwd)).toEqual(['src/handler.ts', 'src/index.ts', 'src/store.ts', 'src/wrapper.ts']);
  });

  it('includes untracked files and leaves out changed files the tsconfig does not include, run from a subfolder', async () => {
    const cwd = repository({ 'tsconfig.json': strictTsconfig, 'src/ok.ts': 'export const x = 1;\n', 'scripts/tool.ts': 'export const y = 1;\n' });
    writeFileSync(path.join(cwd, 'src/new.ts'), floatingElsewhere);
    writeFileSync(path.join(cwd, 'scripts/tool.ts'), floatingElsewhere);
    const result = await unblock(path.join(cwd, 'src'), ['--changed', '--format', 'json']);
    expect(findings(result.stdout, cwd)).toEqual(['src/new.ts:3 unblock/no-floating-promises']);
    expect(linted(result.stdout, cwd)).toEqual(['src/new.ts']);
  });

  it('lints the whole project when the tsconfig changed', async () => {
    const cwd = repository({ 'tsconfig.json': strictTsconfig, 'src/ping.ts': floatingElsewhere, 'src/ok.ts': 'export const x = 1;\n' });
    writeFileSync(path.join(cwd, 'tsconfig.json'), `${strictTsconfig}\n`);
    const result = await unblock(cwd, ['--changed', '--format', 'json']);
    expect(linted(result.stdout, cwd)).toEqual(['src/ok.ts', 'src/ping.ts']);
    expect(result.code).toBe(1);
  });

  it('lints every file before the first commit', async () => {
    const cwd = tempProject({ 'tsconfig.json': strictTsconfig, 'src/ping.ts': floatingElsewhere, 'src/ok.ts': 'export const x = 1;\n' });
    git(cwd, 'init', '--quiet');
    git(cwd, 'add', 'src/ok.ts');
    const result = await unblock(cwd, ['--changed', '--format', 'json']);
    expect(linted(result.stdout, cwd)).toEqual(['src/ok.ts', 'src/ping.ts']);
  });

  it('lints the whole project when a lockfile is among the changed files, no git needed', async () => {
    const cwd = tempProject({ 'tsconfig.json': strictTsconfig, 'package-lock.json': '{}\n', 'src/ping.ts': floatingElsewhere, 'src/ok.ts': 'export const x = 1;\n' });
    const result = await unblock(cwd, ['--changed', '--format', 'json', 'package-lock.json']);
    expect(linted(result.stdout, cwd)).toEqual(['src/ok.ts', 'src/ping.ts']);
  });

  it('exits 0 with an empty report when nothing changed', async () => {
    const cwd = repository({ 'tsconfig.json': strictTsconfig, 'src/ping.ts': floatingElsewhere });
    expect(await unblock(cwd, ['--changed'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await unblock(cwd, ['--changed', '-f', 'json'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('types JavaScript without a tsconfig.json the same way', async () => {
    const cwd = repository({
      'package.json': '{ "type": "module" }\n',
      'lib/store.js': 'export function save(id) {\n  return id;\n}\n',
      'main.js': "import { save } from './lib/store.js';\n\nsave(1);\n",
      'other.js': 'export async function ping() {}\nping();\n',
    });
    writeFileSync(path.join(cwd, 'lib/store.js'), 'export async function save(id) {\n  return id;\n}\n');
    const result = await unblock(cwd, ['--changed', '--format', 'json']);
    expect(findings(result.stdout, cwd)).toEqual(['main.js:3 unblock/no-floating-promises']);
  });
});

describe('unblock lint --changed=<ref>', () => {
  it("lints what the branch changed since it left the ref, not the ref's own later changes", async () => {
    const cwd = repository({ 'tsconfig.json': strictTsconfig, 'src/store.ts': syncStore, 'src/handler.ts': caller('./store.js'), 'src/ping.ts': 'export {};\n' });
    git(cwd, 'checkout', '--quiet', '-b', 'feature');
    writeFileSync(path.join(cwd, 'src/store.ts'), asyncStore);
    git(cwd, 'commit', '--quiet', '-am', 'async save');
    git(cwd, 'checkout', '--quiet', 'main');
    writeFileSync(path.join(cwd, 'src/ping.ts'), floatingElsewhere);
    git(cwd, 'commit', '--quiet', '-am', 'ping');
    git(cwd, 'checkout', '--quiet', 'feature');
    const result = await unblock(cwd, ['--changed=main', '--format', 'json']);
    expect(findings(result.stdout, cwd)).toEqual(['src/handler.ts:3 unblock/no-floating-promises']);
    expect(linted(result.stdout, cwd)).toEqual(['src/handler.ts', 'src/store.ts']);
  });
});

describe('unblock lint --changed in a git commit hook', () => {
  it('lints the staged files and their importers only', async () => {
    const cwd = repository({
      'tsconfig.json': strictTsconfig,
      'src/store.ts': syncStore,
      'src/handler.ts': caller('./store.js'),
      'src/ping.ts': 'export {};\n',
    });
    const hook = path.join(cwd, '.git/hooks/pre-commit');
    writeFileSync(hook, `#!/bin/sh\ncd src && exec "${process.execPath}" "${bin}" lint --changed --format json > ../hook-output.json\n`);
    chmodSync(hook, 0o755);
    writeFileSync(path.join(cwd, '.gitignore'), 'hook-output.json\n');
    writeFileSync(path.join(cwd, 'src/store.ts'), asyncStore);
    // Changed but not staged: not part of the commit, so not linted by the hook.
    writeFileSync(path.join(cwd, 'src/ping.ts'), floatingElsewhere);
    git(cwd, 'add', 'src/store.ts');
    const commit = await promisify(execFile)('git', ['commit', '-m', 'async save'], { cwd, env, timeout: 120_000 }).then(
      () => 0,
      (error: unknown) => (error as { code: number }).code,
    );
    expect(commit).toBe(1);
    const output = readFileSync(path.join(cwd, 'hook-output.json'), 'utf8');
    expect(linted(output, cwd)).toEqual(['src/handler.ts', 'src/store.ts']);
    // The same command outside the hook sees the unstaged change too.
    const outside = await unblock(cwd, ['--changed', '--format', 'json']);
    expect(linted(outside.stdout, cwd)).toEqual(['src/handler.ts', 'src/ping.ts', 'src/store.ts']);
  });
});

describe('unblock lint --changed <files>, as lint-staged calls it', () => {
  it('takes the named files as the changed ones, no git needed', async () => {
    const cwd = tempProject({ 'tsconfig.json': strictTsconfig, 'src/store.ts': asyncStore, 'src/handler.ts': caller('./store.js'), 'src/ping.ts': floatingElsewhere });
    const result = await unblock(cwd, ['--changed', '--format', 'json', path.join(cwd, 'src/store.ts')]);
    expect(findings(result.stdout, cwd)).toEqual(['src/handler.ts:3 unblock/no-floating-promises']);
    expect(linted(result.stdout, cwd)).toEqual(['src/handler.ts', 'src/store.ts']);
  });
});

describe('unblock lint --changed usage errors, one line and exit 2', () => {
  const plain = tempProject({ 'tsconfig.json': strictTsconfig, 'src/ok.ts': 'export const x = 1;\n' });

  it.each([
    [['--changed'], `unblock: --changed: ${plain} is not in a git repository (name the changed files instead: unblock lint --changed <files>)\n`],
    [['--changed', 'main'], "unblock: --changed: 'main' is not a file (name changed files, or compare against a git ref with --changed=main)\n"],
    [['--chnaged'], 'unblock: unknown option --chnaged (did you mean --changed?)\n'],
  ])('outside a repository: %j', async (args, message) => {
    expect(await unblock(plain, args)).toEqual({ code: 2, stdout: '', stderr: message });
  });

  it('an unknown ref, or a ref and files together', async () => {
    const cwd = repository({ 'tsconfig.json': strictTsconfig, 'src/ok.ts': 'export const x = 1;\n' });
    expect(await unblock(cwd, ['--changed=nope'])).toEqual({ code: 2, stdout: '', stderr: `unblock: --changed=nope: no such git commit, branch or tag in ${cwd}\n` });
    expect(await unblock(cwd, ['--changed=HEAD', 'src/ok.ts'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'unblock: --changed=HEAD asks git what changed; to name the changed files, use --changed without a ref (see unblock lint --help)\n',
    });
  });
});

describe('unblock lint --use-config --changed', () => {
  it("lints the changed file's importers with the project's own config", async () => {
    const pluginUrl = pathToFileURL(path.join(root, 'dist/src/index.js')).href;
    const cwd = tempProject({
      'package.json': '{ "type": "module" }\n',
      'eslint.config.js': `import unblock from '${pluginUrl}';\nexport default [unblock.configs.recommended];\n`,
      'tsconfig.json': strictTsconfig,
      'src/store.ts': asyncStore,
      'src/handler.ts': caller('./store.js'),
      'src/ping.ts': floatingElsewhere,
    });
    const result = await unblock(cwd, ['--use-config', '--changed', '--format', 'json', 'src/store.ts']);
    expect(findings(result.stdout, cwd)).toEqual(['src/handler.ts:3 unblock/no-floating-promises']);
    expect(linted(result.stdout, cwd)).toEqual(['src/handler.ts', 'src/store.ts']);
    expect(result.stderr).toBe('');
  });
});
