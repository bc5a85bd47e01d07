// Type-checked by `npm test` (tsc --noEmit): a user's eslint.config.ts must accept the plugin as exported.
import { defineConfig } from 'eslint/config';
import type { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

import unblock from '../../src/index.js';

export const plain: Linter.Config[] = [unblock.configs.recommended, unblock.configs.strict];

export const withDefine = defineConfig([
  unblock.configs.recommended,
  { plugins: { unblock }, rules: { 'unblock/no-floating-promises': ['error', { allowVoid: false }] } },
]);

// typescript-eslint's configs inside ESLint's defineConfig, the form its docs now recommend over tseslint.config.
export const withTsEslint = defineConfig(...tseslint.configs.recommended, unblock.configs.recommended);
