import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

// The built package, as a user gets it: `npm test` builds before vitest runs.
import plugin from '../dist/src/index.js';

const exampleDir = fileURLToPath(new URL('../examples/service', import.meta.url));

interface Finding {
  file: string;
  line: number;
  column: number;
  ruleId: string | null;
  messageId: string | undefined;
  message: string;
}

async function lintExample(): Promise<Finding[]> {
  // The example's own eslint.config.js imports 'eslint-plugin-unblock', which resolves to dist/ by self-reference.
  const eslint = new ESLint({ cwd: exampleDir });
  const results = await eslint.lintFiles(['src']);
  return results.flatMap((result) =>
    result.messages.map((message) => ({
      file: path.relative(exampleDir, result.filePath),
      line: message.line,
      column: message.column,
      ruleId: message.ruleId,
      messageId: message.messageId,
      message: message.message,
    })),
  );
}

describe('the built plugin on examples/service', () => {
  it('reports exactly the planted problems, through the example eslint.config.js', async () => {
    const findings = await lintExample();
    expect(findings.map(({ message: _, ...rest }) => rest)).toEqual([
      { file: 'src/notify.ts', line: 22, column: 26, ruleId: 'unblock/no-unbounded-fan-out', messageId: 'fanOut' },
      { file: 'src/notify.ts', line: 31, column: 5, ruleId: 'unblock/no-unbounded-fan-out', messageId: 'loopFireAndForget' },
      { file: 'src/orders.ts', line: 5, column: 7, ruleId: 'unblock/no-floating-promises', messageId: 'condition' },
      { file: 'src/orders.ts', line: 9, column: 23, ruleId: 'unblock/no-floating-promises', messageId: 'floatingFanOut' },
      { file: 'src/orders.ts', line: 14, column: 3, ruleId: 'unblock/no-floating-promises', messageId: 'floating' },
      { file: 'src/orders.ts', line: 15, column: 9, ruleId: 'unblock/no-floating-promises', messageId: 'stored' },
      { file: 'src/server.ts', line: 6, column: 29, ruleId: 'unblock/no-floating-promises', messageId: 'voidCallback' },
      { file: 'src/templates.ts', line: 18, column: 20, ruleId: 'unblock/no-blocking-in-async', messageId: 'blockingTransitive' },
    ]);
  });

  it('gives each line one finding, in a message that fits a tooltip', async () => {
    const findings = await lintExample();
    const lines = findings.map((finding) => `${finding.file}:${finding.line}`);
    expect(new Set(lines).size).toBe(lines.length);
    for (const finding of findings) expect(finding.message.length, finding.message).toBeLessThanOrEqual(160);
  });

  it('exposes meta, rules and flat configs', () => {
    expect(plugin.meta.name).toBe('eslint-plugin-unblock');
    expect(plugin.meta.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(plugin.rules)).toContain('no-floating-promises');
    expect(plugin.configs.recommended.plugins?.unblock).toBe(plugin);
    expect(plugin.configs.recommended.rules?.['unblock/no-floating-promises']).toBe('error');
    expect(plugin.configs.strict.rules?.['unblock/no-floating-promises']).toEqual(['error', expect.objectContaining({ allowVoid: false })]);
  });
});

describe('clear errors for bad setups', () => {
  it('says how to enable type information when it is missing', () => {
    const linter = new Linter({ configType: 'flat' });
    const run = () =>
      linter.verify('async function f() {}\nf();\n', [
        { files: ['**/*.js'], plugins: { unblock: plugin }, rules: { 'unblock/no-floating-promises': 'error' } },
      ], 'file.js');
    expect(run).toThrow(/needs type information[\s\S]*projectService: true/);
  });

  it('rejects a wrong option with a readable schema error', () => {
    const linter = new Linter({ configType: 'flat' });
    const run = () =>
      linter.verify('x;\n', [
        { files: ['**/*.js'], plugins: { unblock: plugin }, rules: { 'unblock/no-floating-promises': ['error', { allowVoid: 'yes' }] } },
      ], 'file.js');
    expect(run).toThrow(/Key "unblock\/no-floating-promises":\s+Value "yes" should be boolean\./);
  });

  it('rejects an unknown option name', () => {
    const linter = new Linter({ configType: 'flat' });
    const run = () =>
      linter.verify('x;\n', [
        { files: ['**/*.js'], plugins: { unblock: plugin }, rules: { 'unblock/no-floating-promises': ['error', { allowVoids: true }] } },
      ], 'file.js');
    expect(run).toThrow(/should NOT have additional properties|must NOT have additional properties/);
  });
});
