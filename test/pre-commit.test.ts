// Pre-commit, proven: a temporary git repository with a small TypeScript project installs this package from
// its `npm pack` tarball (as a user gets it from the registry), and a pre-commit hook runs `unblock lint` on
// the staged files. A commit with a floating promise is refused with the rule's message; the fix commits.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { removeTempProjects, tempProject } from './helpers/temp-project.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const versionOf = (name: string) =>
  (JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

// The hook a user would write without extra tools (docs/pre-commit.md shows lint-staged and the pre-commit
// framework too): lint the staged TypeScript and JavaScript files, refuse the commit on errors.
const hook = `#!/bin/sh
files=$(git diff --cached --name-only --diff-filter=ACMR -- '*.ts' '*.tsx' '*.mts' '*.cts' '*.js' '*.mjs' '*.cjs')
[ -z "$files" ] && exit 0
exec ./node_modules/.bin/unblock lint $files
`;

const floating = `export async function save(order: { id: string }): Promise<string> {
  return order.id;
}

export function handle(order: { id: string }): void {
  save(order);
}
`;

let repo: string;
const env = {
  ...process.env,
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  npm_config_update_notifier: 'false',
};

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' });
}

async function commit(message: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('git', ['commit', '-m', message], { cwd: repo, env, timeout: 120_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, output: failure.stdout + failure.stderr };
  }
}

beforeAll(async () => {
  repo = tempProject({
    'package.json': JSON.stringify({ name: 'shop', private: true, type: 'module' }, null, 2),
    'tsconfig.json': JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], strict: true, noEmit: true },
      include: ['src'],
    }),
    '.gitignore': 'node_modules/\n*.tgz\n',
    'src/index.ts': "export const name = 'shop';\n",
  });
  // dist/ is built by `npm test` before vitest; --ignore-scripts skips prepack's rebuild.
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', repo], { cwd: root, env, encoding: 'utf8' }),
  ) as { filename: string }[];
  // Same versions as this repository's lockfile, so the npm cache that `npm ci` filled serves them.
  await promisify(execFile)(
    'npm',
    [
      'install', '--prefer-offline', '--no-audit', '--no-fund', '--save-dev',
      `./${path.basename(filename)}`, `eslint@${versionOf('eslint')}`, `typescript@${versionOf('typescript')}`, `@types/node@${versionOf('@types/node')}`,
    ],
    { cwd: repo, env, timeout: 300_000 },
  );
  git('init', '--quiet');
  git('add', '.');
  git('commit', '--quiet', '-m', 'Project skeleton');
  git('config', 'core.hooksPath', '.git/hooks');
  writeFileSync(path.join(repo, '.git/hooks/pre-commit'), hook);
  chmodSync(path.join(repo, '.git/hooks/pre-commit'), 0o755);
}, 120_000);

afterAll(removeTempProjects);

describe('a pre-commit hook running unblock lint from the installed tarball', () => {
  it('refuses a commit that adds a floating promise, with the rule message', async () => {
    writeFileSync(path.join(repo, 'src/orders.ts'), floating);
    git('add', 'src/orders.ts');
    const result = await commit('Add orders');
    expect(result.code).toBe(1);
    expect(result.output).toContain('src/orders.ts');
    expect(result.output).toMatch(/6:3 +error +This promise is neither awaited, returned nor handled\. .* +unblock\/no-floating-promises/);
    expect(git('log', '--format=%s')).toBe('Project skeleton\n');
  }, 60_000);

  it('accepts the fixed file', async () => {
    writeFileSync(path.join(repo, 'src/orders.ts'), floating.replace('  save(order);', '  save(order).catch((error) => console.error(error));'));
    git('add', 'src/orders.ts');
    const result = await commit('Add orders');
    expect(result).toEqual({ code: 0, output: expect.stringContaining('Add orders') });
    expect(git('log', '--format=%s')).toBe('Add orders\nProject skeleton\n');
  }, 60_000);
});
