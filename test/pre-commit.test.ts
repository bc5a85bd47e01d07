// Pre-commit, proven: a temporary git repository with a small TypeScript project installs this package from
// its `npm pack` tarball (as a user gets it from the registry) with husky and lint-staged, set up as the
// README says. A commit with a floating promise is refused with the rule's message and loses nothing; the fix
// commits; `unblock lint --changed` also refuses a change whose caller, not staged, now floats a promise.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { removeTempProjects, tempProject } from './helpers/temp-project.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const versionOf = (name: string) =>
  (JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

const floating = `export async function save(order: { id: string }): Promise<string> {
  return order.id;
}

export function handle(order: { id: string }): void {
  save(order);
}
`;
const handled = floating.replace('  save(order);', '  save(order).catch((error) => console.error(error));');

let repo: string;
// Without the GIT_* variables of a hook that might be running this suite (they would point git elsewhere),
// vitest's NODE_ENV=test (lint-staged then prints its task events as JSON) and colours.
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_') && !['NODE_ENV', 'FORCE_COLOR'].includes(name))),
  NO_COLOR: '1',
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

function setLintStaged(command: string): void {
  const file = path.join(repo, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  pkg['lint-staged'] = { '*.{ts,tsx,mts,cts}': command };
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  // Only package.json, whatever else is staged.
  git('commit', '--quiet', '--no-verify', '-m', `lint-staged: ${command}`, '--', 'package.json');
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
  git('init', '--quiet');
  // Same versions as this repository's lockfile, so the npm cache that `npm ci` filled serves them.
  await promisify(execFile)(
    'npm',
    [
      'install', '--prefer-offline', '--no-audit', '--no-fund', '--save-dev',
      `./${path.basename(filename)}`, `eslint@${versionOf('eslint')}`, `typescript@${versionOf('typescript')}`, `@types/node@${versionOf('@types/node')}`,
      `husky@${versionOf('husky')}`, `lint-staged@${versionOf('lint-staged')}`,
    ],
    { cwd: repo, env, timeout: 300_000 },
  );
  // The README's steps: `npx husky init`, then the hook runs lint-staged.
  execFileSync('npx', ['husky', 'init'], { cwd: repo, env });
  writeFileSync(path.join(repo, '.husky/pre-commit'), 'npx lint-staged\n');
  git('add', '.');
  git('commit', '--quiet', '--no-verify', '-m', 'Project skeleton');
  setLintStaged('unblock lint');
}, 300_000);

afterAll(removeTempProjects);

describe('husky and lint-staged running unblock lint from the installed tarball', () => {
  it('refuses a commit that adds a floating promise, with the rule message, and keeps the file staged', async () => {
    writeFileSync(path.join(repo, 'src/orders.ts'), floating);
    git('add', 'src/orders.ts');
    const result = await commit('Add orders');
    expect(result.code).toBe(1);
    expect(result.output).toContain(path.join(repo, 'src/orders.ts'));
    expect(result.output).toMatch(/6:3 +error +This promise is neither awaited, returned nor handled\. .* +unblock\/no-floating-promises/);
    expect(git('log', '-1', '--format=%s')).toBe('lint-staged: unblock lint\n');
    expect(git('diff', '--cached', '--name-only')).toBe('src/orders.ts\n');
    expect(readFileSync(path.join(repo, 'src/orders.ts'), 'utf8')).toBe(floating);
  }, 120_000);

  it('accepts the fixed file', async () => {
    writeFileSync(path.join(repo, 'src/orders.ts'), handled);
    git('add', 'src/orders.ts');
    const result = await commit('Add orders');
    expect(result).toEqual({ code: 0, output: expect.stringContaining('Add orders') });
    expect(git('log', '-1', '--format=%s')).toBe('Add orders\n');
  }, 120_000);

  it('lints the staged version: a floating promise left unstaged does not block, and is still there after', async () => {
    writeFileSync(path.join(repo, 'src/orders.ts'), `${handled}// staged\n`);
    git('add', 'src/orders.ts');
    const unstaged = `${handled}// staged\nexport function later(): void {\n  save({ id: 'x' });\n}\n`;
    writeFileSync(path.join(repo, 'src/orders.ts'), unstaged);
    const result = await commit('Note');
    expect(result.code).toBe(0);
    expect(git('show', 'HEAD:src/orders.ts')).toBe(`${handled}// staged\n`);
    expect(readFileSync(path.join(repo, 'src/orders.ts'), 'utf8')).toBe(unstaged);
    git('checkout', '--', 'src/orders.ts');
  }, 120_000);
});

describe('lint-staged running unblock lint --changed', () => {
  const caller = "import { total } from './prices.js';\n\nexport function checkout(): void {\n  total();\n}\n";
  const syncPrices = 'export function total(): number {\n  return 1;\n}\n';
  const asyncPrices = 'export async function total(): Promise<number> {\n  return 1;\n}\n';

  it('refuses a change that makes an unstaged importer float a promise, which plain unblock lint lets through', async () => {
    writeFileSync(path.join(repo, 'src/prices.ts'), syncPrices);
    writeFileSync(path.join(repo, 'src/checkout.ts'), caller);
    git('add', 'src');
    expect((await commit('Prices')).code).toBe(0);

    setLintStaged('unblock lint --changed');
    writeFileSync(path.join(repo, 'src/prices.ts'), asyncPrices);
    git('add', 'src/prices.ts');
    const refused = await commit('Async prices');
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(path.join(repo, 'src/checkout.ts'));
    expect(refused.output).toMatch(/4:3 +error +This promise is neither awaited, returned nor handled\. .* +unblock\/no-floating-promises/);
    expect(git('log', '-1', '--format=%s')).toBe('lint-staged: unblock lint --changed\n');

    setLintStaged('unblock lint');
    git('add', 'src/prices.ts');
    const missed = await commit('Async prices');
    expect(missed.code).toBe(0);
    expect(git('log', '-1', '--format=%s')).toBe('Async prices\n');
  }, 180_000);
});
