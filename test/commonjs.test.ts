// A CommonJS eslint.config.cjs gets the plugin with require(): Node (20.19+, 22.12+) returns an ES module's
// namespace unless the module exports the name 'module.exports', which the plugin does.
import { createRequire } from 'node:module';

import { afterAll, describe, expect, it } from 'vitest';

import plugin from '../dist/src/index.js';
import { eslintCli, linkedProject } from './helpers/linked-project.js';
import { removeTempProjects } from './helpers/temp-project.js';

afterAll(removeTempProjects);

describe('require("eslint-plugin-unblock")', () => {
  it('returns the plugin itself, not a module namespace', () => {
    // vitest loads the default import through its own module graph, so the two are equal, not identical.
    const required = createRequire(import.meta.url)('eslint-plugin-unblock') as typeof plugin;
    expect(Object.keys(required)).toEqual(['meta', 'rules', 'configs']);
    expect(required.meta).toEqual(plugin.meta);
    expect(required.configs.recommended.plugins?.unblock).toBe(required);
    expect(Object.keys(required.rules)).toEqual(Object.keys(plugin.rules));
  });

  it('works in an eslint.config.cjs run by the ESLint CLI', async () => {
    const cwd = linkedProject({
      'package.json': '{}\n',
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', strict: true, types: [], noEmit: true }, include: ['src'] }),
      'src/a.ts': 'async function save(): Promise<void> {}\nexport function handler(): void {\n  save();\n}\n',
      'eslint.config.cjs': "const unblock = require('eslint-plugin-unblock');\n\nmodule.exports = [unblock.configs.recommended];\n",
    });
    const { code, stdout, stderr } = await eslintCli(cwd, ['-f', 'json', '.']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as { messages: { ruleId: string; line: number }[] }[];
    expect(results.flatMap((result) => result.messages.map((m) => [m.ruleId, m.line]))).toEqual([['unblock/no-floating-promises', 3]]);
  });
});
