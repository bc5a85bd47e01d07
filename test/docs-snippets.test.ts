// Docs that cannot rot: every code block in README.md and docs/ that configures ESLint or uses the probe is
// run here, as a user would paste it, against the built package.
//
// - A js/mjs/cjs/ts block with `export default` or `module.exports` is an eslint.config file. It is written
//   into a small project (a floating promise in src/handler.ts) and run by the ESLint CLI, which must report
//   that promise and nothing fatal. A first-line comment `// eslint.config.mjs` names the file.
// - A block after `<!-- snippet: rules -->` is a `rules` object, run inside the recommended config.
// - A block that imports `eslint-plugin-unblock/probe` is a program, run with Node; it must exit 0.
// - A block after `<!-- snippet: skip <why> -->` is left out on purpose.
// Any other js block, or a ts block naming the package, fails the test until it is classified.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

import { eslintCli, linkedProject, repoRoot, run } from './helpers/linked-project.js';
import { removeTempProjects } from './helpers/temp-project.js';

interface Snippet {
  where: string;
  lang: string;
  marker: string | undefined;
  code: string;
}

function markdownFiles(): string[] {
  const docs = readdirSync(path.join(repoRoot, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join('docs', name));
  return ['README.md', ...docs.sort()];
}

function snippets(file: string): Snippet[] {
  const lines = readFileSync(path.join(repoRoot, file), 'utf8').split('\n');
  const found: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*```(\w*)/.exec(lines[i]);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end])) end++;
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    const marker = before >= 0 ? /^<!-- snippet: (.+?) -->$/.exec(lines[before].trim())?.[1] : undefined;
    found.push({ where: `${file}:${i + 1}`, lang: open[1], marker, code: lines.slice(i + 1, end).join('\n') + '\n' });
    i = end;
  }
  return found;
}

type Kind = 'config' | 'rules' | 'program' | 'skip' | 'other' | 'unclassified';

function kindOf(snippet: Snippet): Kind {
  if (snippet.marker === 'rules') return 'rules';
  if (snippet.marker?.startsWith('skip ')) return 'skip';
  if (snippet.marker !== undefined) return 'unclassified';
  const script = ['js', 'mjs', 'cjs', 'javascript', 'ts', 'mts', 'cts', 'typescript'].includes(snippet.lang);
  if (!script) return 'other';
  if (/\bexport default\b|\bmodule\.exports\b/.test(snippet.code)) return 'config';
  if (/from 'eslint-plugin-unblock\/probe'/.test(snippet.code)) return 'program';
  // TypeScript blocks are the rules' ❌/✅ examples and type listings; one that names the package is not.
  if (snippet.lang.startsWith('t') && !snippet.code.includes('eslint-plugin-unblock')) return 'other';
  return 'unclassified';
}

const all = markdownFiles().flatMap(snippets);
const byKind = (kind: Kind) => all.filter((snippet) => kindOf(snippet) === kind);

function javascript(snippet: Snippet): string {
  if (!snippet.lang.startsWith('t')) return snippet.code;
  return ts.transpileModule(snippet.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
}

function configFileName(snippet: Snippet): string {
  const named = /^\/\/ (eslint\.config\.[cm]?js)\b/.exec(snippet.code)?.[1];
  if (named) return named;
  return /\bmodule\.exports\b/.test(snippet.code) ? 'eslint.config.cjs' : 'eslint.config.js';
}

const project = {
  'package.json': '{ "type": "module" }\n',
  // What the README asks of a TypeScript 6 project.
  'tsconfig.json': JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true, types: ['node'], noEmit: true },
    include: ['src'],
  }),
  'src/handler.ts': 'async function save(): Promise<void> {}\nexport function handler(): void {\n  save();\n}\n',
};

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; fatal?: boolean; message: string }[];
}

async function lintWith(configName: string, config: string) {
  const cwd = linkedProject({ ...project, [configName]: config });
  const { code, stdout, stderr } = await eslintCli(cwd, ['-f', 'json', '.']);
  expect(stderr).toBe('');
  const results = JSON.parse(stdout) as JsonResult[];
  const messages = results.flatMap((result) => result.messages.map((m) => ({ ...m, file: path.relative(cwd, result.filePath) })));
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  expect(messages.filter((m) => m.ruleId?.startsWith('unblock/'))).toEqual([
    expect.objectContaining({ file: 'src/handler.ts', ruleId: 'unblock/no-floating-promises', line: 3 }),
  ]);
  expect(code).toBe(1);
}

afterAll(removeTempProjects);

describe('the code blocks of README.md and docs/', () => {
  it('are each classified', () => {
    expect(byKind('unclassified').map((snippet) => snippet.where)).toEqual([]);
    // The README's own configs: the plain one, the one beside typescript-eslint, the CommonJS one.
    expect(byKind('config').filter((snippet) => snippet.where.startsWith('README.md')).length).toBeGreaterThanOrEqual(3);
    expect(byKind('program').filter((snippet) => snippet.where.startsWith('README.md')).length).toBeGreaterThanOrEqual(1);
  });

  it('include JSON that parses', () => {
    for (const snippet of all.filter((s) => s.lang === 'json')) {
      expect(() => JSON.parse(snippet.code), snippet.where).not.toThrow();
    }
  });

  describe.each(byKind('config').map((snippet) => [snippet.where, snippet] as const))('eslint.config at %s', (_where, snippet) => {
    it('lints a project and reports its floating promise', async () => {
      await lintWith(configFileName(snippet), javascript(snippet));
    });
  });

  describe.each(byKind('rules').map((snippet) => [snippet.where, snippet] as const))('rules at %s', (_where, snippet) => {
    it('are accepted inside the recommended config', async () => {
      const config = `import unblock from 'eslint-plugin-unblock';\n\nexport default [\n  unblock.configs.recommended,\n  { files: ['**/*.ts'], rules: ${snippet.code.trim()} },\n];\n`;
      await lintWith('eslint.config.js', config);
    });
  });

  describe.each(byKind('program').map((snippet) => [snippet.where, snippet] as const))('program at %s', (_where, snippet) => {
    it('runs to completion', async () => {
      // Stand-ins for what the snippets take from the reader's own code.
      const prelude = [
        'const quiet = { warn() {}, info() {}, error() {} };',
        'globalThis.log ??= quiet;',
        'globalThis.logger ??= quiet;',
        'globalThis.it ??= async (_name, fn) => { await fn(); };',
        'globalThis.renderDashboard ??= (rows) => rows.map((row) => `<tr>${row}</tr>`).join("");',
        'globalThis.bigFixture ??= ["a", "b"];',
      ].join('\n');
      const cwd = linkedProject({ 'package.json': '{ "type": "module" }\n', 'prelude.mjs': `${prelude}\n` });
      writeFileSync(path.join(cwd, 'snippet.mjs'), `import './prelude.mjs';\n${javascript(snippet)}`);
      const { code, stderr } = await run(process.execPath, ['snippet.mjs'], cwd);
      expect(stderr).toBe('');
      expect(code).toBe(0);
    });
  });
});
