import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import ts from 'typescript';
import ts59 from 'typescript-59';
import { afterAll, describe, expect, it } from 'vitest';

import plugin from '../src/index.js';
import { removeTempProjects, strictTsconfig, tempProject } from './helpers/temp-project.js';

afterAll(removeTempProjects);

const repo = fileURLToPath(new URL('..', import.meta.url));
const repoModules = path.join(repo, 'node_modules');
const run = promisify(execFile);

const asyncRead = "import { readFileSync } from 'node:fs';\nexport async function load() {\n  return readFileSync('x');\n}\n";
const nodeTsconfig = strictTsconfig.replace('"types":[]', '"types":["node"]');

function programWith(compiler: typeof ts | typeof ts59, dir: string): ts.Program {
  const file = path.join(dir, 'src/a.ts');
  const options = { target: compiler.ScriptTarget.ES2022, module: compiler.ModuleKind.NodeNext, strict: true, types: ['node'] };
  return (compiler as typeof ts).createProgram([file], options as ts.CompilerOptions);
}

async function lintWithProgram(dir: string, program: ts.Program): Promise<ESLint.LintResult[]> {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser, parserOptions: { programs: [program] } },
        plugins: { unblock: plugin },
        rules: { 'unblock/no-blocking-in-async': 'error' },
      },
    ],
  });
  return eslint.lintFiles(['src/a.ts']);
}

/**
 * A project whose node_modules holds a copy of the built plugin with its own `typescript` (`typescript` is a
 * folder to link, or package files to write), and links to the repository's packages for everything else: the
 * parser there keeps the repository's TypeScript 6.
 */
function projectWithTypeScript(typescript: string | Record<string, string>): string {
  const dir = tempProject({
    'package.json': JSON.stringify({ name: 'app', private: true, type: 'module' }),
    'tsconfig.json': nodeTsconfig,
    'eslint.config.js': "import unblock from 'eslint-plugin-unblock';\nexport default [unblock.configs.recommended];\n",
    'src/a.ts': asyncRead,
  });
  const modules = path.join(dir, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(repoModules)) {
    if (entry.startsWith('.') || entry === 'typescript' || entry === 'eslint-plugin-unblock') continue;
    symlinkSync(path.join(repoModules, entry), path.join(modules, entry));
  }
  const own = path.join(modules, 'eslint-plugin-unblock');
  mkdirSync(own);
  cpSync(path.join(repo, 'package.json'), path.join(own, 'package.json'));
  cpSync(path.join(repo, 'dist'), path.join(own, 'dist'), { recursive: true });
  cpSync(path.join(repo, 'bin'), path.join(own, 'bin'), { recursive: true });
  if (typeof typescript === 'string') {
    symlinkSync(typescript, path.join(modules, 'typescript'));
  } else {
    for (const [name, text] of Object.entries(typescript)) {
      mkdirSync(path.dirname(path.join(modules, 'typescript', name)), { recursive: true });
      writeFileSync(path.join(modules, 'typescript', name), text);
    }
  }
  return dir;
}

async function eslintIn(dir: string, script = path.join(repoModules, 'eslint/bin/eslint.js'), args = ['src']): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], { cwd: dir });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

// What typescript@7.0.2 ships for `require('typescript')`: a version, and no compiler API.
const typescript7 = {
  'package.json': JSON.stringify({ name: 'typescript', version: '7.0.2', type: 'module', exports: { '.': './lib/version.cjs' } }),
  'lib/version.cjs': "exports.version = '7.0.2';\nexports.versionMajorMinor = '7.0';\n",
};

describe('two copies of TypeScript', () => {
  it('stops, naming both versions and folders, when the parser program was built by another copy', async () => {
    const dir = tempProject({ 'src/a.ts': asyncRead });
    await expect(lintWithProgram(dir, programWith(ts59, dir))).rejects.toThrow(
      [
        `  The plugin uses typescript ${ts.version} from ${path.join(repoModules, 'typescript')}`,
        `  The parser built the program with typescript 5.9.3 from ${path.join(repoModules, 'typescript-59')}`,
      ].join('\n'),
    );
  });

  it('lints as usual when the program was built by the same copy', async () => {
    const dir = tempProject({ 'src/a.ts': asyncRead });
    const [result] = await lintWithProgram(dir, programWith(ts, dir));
    expect(result?.messages.map((message) => `${message.ruleId}:${message.line}`)).toEqual(['unblock/no-blocking-in-async:3']);
  });

  it('stops through the built package when the plugin has TypeScript 5.9 and the parser TypeScript 6', async () => {
    const dir = projectWithTypeScript(path.join(repoModules, 'typescript-59'));
    const { code, output } = await eslintIn(dir);
    expect(code).toBe(2);
    expect(output).toContain(`The plugin uses typescript 5.9.3 from ${realpathSync(path.join(repoModules, 'typescript-59'))}\n`);
    expect(output).toContain(`The parser built the program with typescript ${ts.version} from ${path.join(repoModules, 'typescript')}\n`);
    expect(output).not.toMatch(/^\s+at /m);
  });
});

describe('TypeScript 7', () => {
  it('stops at load time with the install lines that work, and no stack trace', async () => {
    const dir = projectWithTypeScript(typescript7);
    const { code, output } = await eslintIn(dir);
    expect(code).toBe(2);
    expect(output).toContain(
      `eslint-plugin-unblock: typescript 7.0.2 (at ${realpathSync(path.join(dir, 'node_modules/typescript'))}) has no JavaScript API`,
    );
    expect(output).toContain('npm install --save-dev typescript@6');
    expect(output).toContain('npm install --save-dev typescript@npm:@typescript/typescript6@^6 typescript7@npm:typescript@7');
    expect(output).not.toMatch(/^\s+at /m);
  });

  it('makes `unblock lint` a config error with the same message', async () => {
    const dir = projectWithTypeScript(typescript7);
    const { code, output } = await eslintIn(dir, path.join(dir, 'node_modules/eslint-plugin-unblock/bin/unblock.js'), ['lint']);
    expect(code).toBe(2);
    expect(output).toMatch(/^eslint-plugin-unblock: typescript 7\.0\.2 \(at .*\) has no JavaScript API/);
    expect(output).toContain('npm install --save-dev typescript@npm:@typescript/typescript6@^6 typescript7@npm:typescript@7');
    expect(output).not.toMatch(/^\s+at /m);
  });

  it('loads and lints when the same layout holds TypeScript 6', async () => {
    const dir = projectWithTypeScript(path.join(repoModules, 'typescript'));
    const { code, output } = await eslintIn(dir);
    expect(output).toContain('unblock/no-blocking-in-async');
    expect(code).toBe(1);
  });
});
