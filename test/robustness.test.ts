import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint, Linter, type Rule } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, expect, it } from 'vitest';

import plugin from '../src/index.js';
import { createRule } from '../src/util/create-rule.js';
import { guardListeners } from '../src/util/guard.js';
import { removeTempProjects, strictTsconfig, tempProject } from './helpers/temp-project.js';

afterAll(removeTempProjects);

// Odd but valid code (unresolved imports, `any` everywhere, JS without types, JSX, `using`, static blocks...):
// every rule, with every check widened, must lint it without throwing and without a fatal error.
const dir = fileURLToPath(new URL('./fixtures/robustness', import.meta.url));
const files = readdirSync(dir).filter((file) => /\.(ts|tsx|js)$/.test(file));

describe('rules on code the checker can only partly type', () => {
  it('lint every fixture without a crash', async () => {
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts', '**/*.tsx', '**/*.js'],
          languageOptions: {
            parser: tseslint.parser,
            parserOptions: { projectService: true, tsconfigRootDir: dir, ecmaFeatures: { jsx: true } },
          },
          plugins: { unblock: plugin },
          rules: plugin.configs.strict.rules,
        },
      ],
    });
    const results = await eslint.lintFiles(files);
    expect(results.map((result) => result.filePath.slice(dir.length + 1)).sort()).toEqual([...files].sort());
    const fatal = results.flatMap((result) => result.messages.filter((message) => message.fatal || !message.ruleId));
    expect(fatal).toEqual([]);
    // The typed parts are still checked: the JS file's sync read inside an async function is found.
    const plain = results.find((result) => result.filePath.endsWith('plain.js'));
    expect(plain?.messages.map((message) => message.ruleId)).toContain('unblock/no-blocking-in-async');
  });
});

describe('no-measured-stall on any file and any report', () => {
  it('lints every fixture without a crash, with stalls on empty lines, past the end, at odd columns, and odd report fields', async () => {
    const reportDir = mkdtempSync(path.join(tmpdir(), 'unblock-robust-stalls-'));
    const frames = files.flatMap((file) =>
      [1, 2, 3, 10_000].flatMap((line) => [
        { functionName: '', file: path.join(dir, file), line, column: 0 },
        { functionName: 'x'.repeat(300), file: path.join(dir, file), line, column: 99_999, text: '' },
      ]),
    );
    const sites = frames.map((frame, index) => ({ key: `${frame.file}:${frame.line}:${index}`, site: frame, count: 'many', totalMs: null, maxMs: 5, stack: [frame, ...frames.slice(0, 3)], late: 'no' }));
    const report = { startedAt: 0, elapsedMs: 1, topSites: [null, 7, { key: 'k', site: {}, stack: [] }, ...sites] };
    writeFileSync(path.join(reportDir, 'odd.json'), JSON.stringify(report));
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts', '**/*.tsx', '**/*.js'],
          languageOptions: {
            parser: tseslint.parser,
            parserOptions: { projectService: true, tsconfigRootDir: dir, ecmaFeatures: { jsx: true } },
          },
          plugins: { unblock: plugin },
          settings: { unblock: { stallReports: [path.join(reportDir, '*.json')] } },
          rules: { ...plugin.configs.strict.rules, 'unblock/no-measured-stall': 'warn' },
        },
      ],
    });
    const results = await eslint.lintFiles(files);
    expect(results.flatMap((result) => result.messages.filter((message) => message.fatal || !message.ruleId))).toEqual([]);
    expect(results.some((result) => result.messages.some((message) => message.ruleId === 'unblock/no-measured-stall'))).toBe(true);
  });
});

// `function f0() { return f1(); } ... async function fN() {}`: inferring f0 recurses once per link in the checker.
function helperChain(length: number, last: string, link = (i: number) => `function f${i}() { return f${i + 1}(); }`): string {
  const lines = [last];
  for (let i = length - 1; i >= 0; i--) lines.push(link(i));
  return `${lines.join('\n')}\nf0();\n`;
}

describe('rules on chains deeper than the checker recurses', () => {
  it('report a promise returned through thousands of helpers, and nothing when the chain ends in a sync function', async () => {
    const dir = tempProject({
      'tsconfig.json': strictTsconfig,
      'src/to-async.ts': helperChain(5000, 'async function f5000() {}'),
      'src/to-sync.ts': helperChain(5000, 'function f5000() {}'),
      'src/cycle.ts': helperChain(5000, 'function f5000() { return f0(); }'),
      'src/arrows.ts': helperChain(5000, 'const f5000 = async () => {};', (i) => `const f${i} = () => f${i + 1}();`),
    });
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: dir } },
          plugins: { unblock: plugin },
          rules: plugin.configs.strict.rules,
        },
      ],
    });
    const results = await eslint.lintFiles(['src']);
    const found = Object.fromEntries(
      results.map((result) => [path.basename(result.filePath), result.messages.map((m) => `${m.ruleId ?? 'fatal'}:${m.line}`)]),
    );
    expect(found).toEqual({
      'to-async.ts': ['unblock/no-floating-promises:5002'],
      'to-sync.ts': [],
      'cycle.ts': [],
      'arrows.ts': ['unblock/no-floating-promises:5002'],
    });
  });
});

describe('guardListeners', () => {
  const overflow = (): number => overflow() + 1;

  it('skips a node whose listener overflows the stack', () => {
    const seen: string[] = [];
    const listeners = guardListeners({
      Identifier: () => {
        seen.push('before');
        overflow();
      },
    });
    expect(() => { (listeners.Identifier)(); }).not.toThrow();
    expect(seen).toEqual(['before']);
  });

  it('guards every rule made with createRule, so the rest of the file is still linted', () => {
    const rule = createRule<[], 'seen'>({
      name: 'overflow-on-first',
      meta: { type: 'problem', docs: { description: 'Test rule' }, messages: { seen: 'Seen.' }, schema: [], defaultOptions: [] },
      create(context) {
        let calls = 0;
        return {
          Identifier(node) {
            if (calls++ === 0) overflow();
            context.report({ node, messageId: 'seen' });
          },
        };
      },
    });
    const linter = new Linter({ configType: 'flat' });
    const messages = linter.verify('a; b;', {
      plugins: { test: { rules: { overflow: rule as unknown as Rule.RuleModule } } },
      rules: { 'test/overflow': 'error' },
    });
    expect(messages.map((message) => `${message.ruleId}:${message.column}`)).toEqual(['test/overflow:4']);
  });

  it('lets every other error through', () => {
    const listeners = guardListeners({
      Identifier: () => {
        throw new RangeError('Invalid array length');
      },
    });
    expect(() => { (listeners.Identifier as () => void)(); }).toThrow('Invalid array length');
  });
});
