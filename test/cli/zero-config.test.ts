// `unblock lint` without a tsconfig.json, through the built bin in a child process as a user runs it.
import { execFile } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { removeTempProjects, strictTsconfig, tempProject } from '../helpers/temp-project.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(repo, 'bin/unblock.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function unblock(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; message: string }[];
}

function findings(output: string, root: string) {
  return (JSON.parse(output) as JsonResult[]).flatMap((result) =>
    result.messages.map((m) => ({ file: path.relative(root, result.filePath).split(path.sep).join('/'), ruleId: m.ruleId, line: m.line, message: m.message })),
  );
}

afterAll(removeTempProjects);

const store = `export async function save(id) {
  return id;
}
`;

describe('unblock lint with no tsconfig.json', () => {
  it('types and lints a file fourteen folders deep, and none inside node_modules', async () => {
    const deep = 'a/b/c/d/e/f/g/h/i/j/k/l/m/n/deep.js';
    const cwd = tempProject({
      'package.json': '{ "type": "module" }\n',
      'lib/store.js': store,
      [deep]: `import { save } from '${'../'.repeat(14)}lib/store.js';\n\nsave(1);\n`,
      'node_modules/dep/a/b/c/d/e/f/g/h/i/j/k/l/m/index.js': 'Promise.reject(new Error());\n',
    });
    const run = await unblock(['lint', '--format', 'json'], cwd);
    expect(run.stderr).toBe('');
    expect(findings(run.stdout, cwd).map(({ file, ruleId, line }) => ({ file, ruleId, line }))).toEqual([
      { file: deep, ruleId: 'unblock/no-floating-promises', line: 3 },
    ]);
    expect(run.code).toBe(1);
  });
});

describe('unblock lint with no tsconfig.json, an import chain TypeScript cannot follow', () => {
  it('says so in one line and exits 2', async () => {
    // Each file imports the next, and the first is read first: 4,000 imports deep, beyond V8's default stack.
    const name = (index: number) => `m${String(index).padStart(4, '0')}.js`;
    const files: Record<string, string> = { 'package.json': '{ "type": "module" }\n' };
    for (let index = 0; index < 4000; index++) files[name(index)] = index === 3999 ? 'export {};\n' : `import './${name(index + 1)}';\n`;
    const cwd = tempProject(files);
    const run = await unblock(['lint'], cwd);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `unblock: TypeScript ran out of stack following the imports of the files under ${cwd}: a chain of imports too long for it (tsc fails on it too) (UNBLOCK_DEBUG=1 shows the stack)\n`,
    });
  });
});

describe('unblock lint with no tsconfig.json, symbolic links', () => {
  it('types a link to a file, which ESLint lints, and leaves a link to a folder, which ESLint does not enter', async () => {
    const outside = tempProject({ 'shared/task.js': 'async function run() {}\n\nrun();\n' });
    const cwd = tempProject({ 'package.json': '{ "type": "module" }\n', 'app.js': 'export {};\n' });
    symlinkSync(path.join(outside, 'shared/task.js'), path.join(cwd, 'task.js'));
    symlinkSync(path.join(outside, 'shared'), path.join(cwd, 'shared'));
    const run = await unblock(['lint', '--format', 'json'], cwd);
    expect(findings(run.stdout, cwd).map(({ file, ruleId, line }) => ({ file, ruleId, line }))).toEqual([
      { file: 'task.js', ruleId: 'unblock/no-floating-promises', line: 3 },
    ]);
    expect(run.code).toBe(1);
  });
});

describe('file names in messages', () => {
  const helper = `import { readFileSync } from 'node:fs';
export function load(name: string): string {
  return readFileSync(name, 'utf8');
}
`;
  const handler = `import { load } from '../lib/load.js';
export async function handle(): Promise<string> {
  return load('x.json');
}
`;

  // typescript-eslint's program for `parserOptions.project` takes the process's directory as its own.
  it('are relative to the project (the tsconfig folder), not to the folder unblock runs in', async () => {
    const plugin = pathToFileURL(path.join(repo, 'dist/src/index.js')).href;
    const root = tempProject({
      'package.json': '{ "type": "module" }\n',
      'tsconfig.json': JSON.stringify({ ...JSON.parse(strictTsconfig), include: ['src', 'lib'] }).replace('"types":[]', '"types":["node"]'),
      'eslint.config.js': `import unblock from '${plugin}';
const { recommended } = unblock.configs;
export default [{
  ...recommended,
  files: ['**/*.ts'],
  languageOptions: { ...recommended.languageOptions, parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
}];
`,
      'lib/load.ts': helper,
      'src/handle.ts': handler,
    });
    mkdirSync(path.join(root, 'node_modules/@types'), { recursive: true });
    symlinkSync(path.join(repo, 'node_modules/@types/node'), path.join(root, 'node_modules/@types/node'));
    const run = await unblock(['lint', '--use-config', '--format', 'json'], path.join(root, 'src'));
    const [finding] = findings(run.stdout, root);
    expect(finding).toMatchObject({ file: 'src/handle.ts', ruleId: 'unblock/no-blocking-in-async', line: 3 });
    expect(finding.message).toContain('(lib/load.ts:3)');
  });
});
