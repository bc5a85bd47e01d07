import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { rules } from '../rules/index.js';
import { writeReport } from './helpers/stall-report.js';
import { fixturesDir } from './rule-tester.js';

const file = path.join(fixturesDir, 'stalls/templates.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'unblock-owned-'));
// readFileSync inside loadTemplate (line 10), called from the async render (line 15); and a busy loop (line 5)
// reached from render's line 16, which no rule reports.
const report = writeReport(path.join(dir, 'stalls.json'), [
  {
    stack: [
      { functionName: 'readFileSync', file: 'node:fs', line: 441, column: 20 },
      { functionName: 'loadTemplate', file, line: 10, column: 10, text: "return readFileSync(`/srv/templates/${name}.html`, 'utf8');" },
      { functionName: 'render', file, line: 15, column: 16, text: 'const html = loadTemplate(name);' },
    ],
    site: 1,
    count: 3,
    totalMs: 270,
    maxMs: 95,
  },
  {
    stack: [
      { functionName: 'checksum', file, line: 5, column: 44, text: 'for (let i = 0; i < text.length * 1000; i++) sum = (sum * 31 + text.charCodeAt(i % text.length)) | 0;' },
      { functionName: 'render', file, line: 16, column: 13, text: 'return `${checksum(html)}:${html}`;' },
    ],
    count: 2,
    totalMs: 130,
    maxMs: 70,
  },
  {
    stack: [{ functionName: 'warm', file, line: 20, column: 29, text: 'for (const name of names) render(name);' }],
    count: 1,
    totalMs: 60,
    maxMs: 60,
  },
]);

async function lint(enabled: string[]): Promise<string[]> {
  const config: Linter.Config = {
    files: ['**/*.ts'],
    plugins: { unblock: { rules } as unknown as NonNullable<Linter.Config['plugins']>[string] },
    languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: fixturesDir } },
    settings: { unblock: { stallReports: [report] } },
    rules: Object.fromEntries(enabled.map((rule) => [`unblock/${rule}`, 'error'])),
  };
  const eslint = new ESLint({ cwd: fixturesDir, overrideConfigFile: true, overrideConfig: config });
  const [result] = await eslint.lintFiles([file]);
  return result.messages.map((message) => `${message.line}:${message.column} ${message.ruleId ?? ''} ${message.messageId ?? message.message}`);
}

describe('no-measured-stall leaves a stall to the rule that reports its line', () => {
  it('with no-blocking-in-async on (even listed after the stall rule), the readFileSync stall is that rule’s one finding', async () => {
    expect(await lint(['no-measured-stall', 'no-blocking-in-async'])).toEqual([
      '5:44 unblock/no-measured-stall stalled',
      '15:16 unblock/no-blocking-in-async blockingTransitive',
      '16:13 unblock/no-measured-stall callerStalled',
      '20:29 unblock/no-measured-stall stalled',
    ]);
  });

  it('a finding that no-floating-promises reports only at Program:exit still owns its line', async () => {
    expect(await lint(['no-measured-stall', 'no-floating-promises'])).toEqual([
      '5:44 unblock/no-measured-stall stalled',
      '10:10 unblock/no-measured-stall stalled',
      '15:16 unblock/no-measured-stall callerStalled',
      '16:13 unblock/no-measured-stall callerStalled',
      '20:29 unblock/no-floating-promises floating',
    ]);
  });

  it('with no-blocking-in-async off, the stall rule reports the readFileSync stall at its site and its caller', async () => {
    expect(await lint(['no-measured-stall'])).toEqual([
      '5:44 unblock/no-measured-stall stalled',
      '10:10 unblock/no-measured-stall stalled',
      '15:16 unblock/no-measured-stall callerStalled',
      '16:13 unblock/no-measured-stall callerStalled',
      '20:29 unblock/no-measured-stall stalled',
    ]);
  });
});
