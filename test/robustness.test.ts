import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../src/index.js';

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
