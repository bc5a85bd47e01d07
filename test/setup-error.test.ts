// A rule run without type information stops ESLint with the fix in one line, not with a stack trace.
import { afterAll, describe, expect, it } from 'vitest';

import { eslintCli, linkedProject } from './helpers/linked-project.js';
import { removeTempProjects } from './helpers/temp-project.js';

afterAll(removeTempProjects);

const tsconfig = JSON.stringify({ compilerOptions: { module: 'NodeNext', strict: true, types: [], noEmit: true }, include: ['src'] });
const floating = 'async function save() {}\nexport function handler() {\n  save();\n}\n';

describe('a typed rule on a file without type information', () => {
  it('stops the ESLint CLI with a one-line message that says the fix, and no stack frames', async () => {
    const cwd = linkedProject({
      'package.json': '{ "type": "module" }\n',
      'tsconfig.json': tsconfig,
      'src/a.js': floating,
      // The rule on every file, with ESLint's default JavaScript parser.
      'eslint.config.js': "import unblock from 'eslint-plugin-unblock';\n\nexport default [{ plugins: { unblock }, rules: { 'unblock/no-floating-promises': 'error' } }];\n",
    });
    const { code, stderr } = await eslintCli(cwd, ['src/a.js']);
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines.slice(-2)).toEqual([
      'Error: Error while loading rule \'unblock/no-floating-promises\': eslint-plugin-unblock: rule "unblock/no-floating-promises" needs type ' +
        "information, and this file has none. Lint it with typescript-eslint's parser and parserOptions.projectService: true " +
        "(unblock.configs.recommended sets both), or leave it out of the rule's files. See https://typescript-eslint.io/getting-started/typed-linting",
      `Occurred while linting ${cwd}/src/a.js`,
    ]);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('does not stop the run when the rule gets the types it needs', async () => {
    const cwd = linkedProject({
      'package.json': '{ "type": "module" }\n',
      'tsconfig.json': tsconfig,
      'src/a.ts': floating,
      'eslint.config.js': "import unblock from 'eslint-plugin-unblock';\n\nexport default [unblock.configs.recommended];\n",
    });
    const { code, stdout, stderr } = await eslintCli(cwd, ['src/a.ts']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toContain('unblock/no-floating-promises');
  });
});
