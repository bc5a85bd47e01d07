// The repository lints itself with the plugin's own strict config (from the build: `npm run build` first),
// typescript-eslint's strictTypeChecked and eslint-plugin-eslint-plugin's recommended rules.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

import unblock from './dist/src/index.js';

const code = ['**/*.ts', '**/*.js'];

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.cache/', 'examples/', 'bench/', 'test/fixtures/', 'test/fixtures-lsp/', 'test/probe/fixtures/', 'test/export/fixtures/', 'test/integrations/fixtures/'] },
  {
    files: code,
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: code,
    rules: {
      // A number in a template literal prints one way only; objects, nullish values and unions are still reported.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // With `noUncheckedIndexedAccess` off (tsconfig.json), these two read every index and Map lookup as
      // defined: they flag the guards that make such reads safe and the `!` that records a guard already made.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Leaving a key out by destructuring the rest is how a copy drops it.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  { ...unblock.configs.strict, files: code },
  {
    // The command line does one thing at a time for one user: blocking there keeps nothing else waiting.
    // Its entry point is bin/unblock.js, which loads the build, so the rule cannot see src/cli as a `bin`.
    files: ['src/cli/**', 'bin/**'],
    rules: { 'unblock/no-blocking-in-async': ['error', { checkCallbacks: true, maxDepth: 10, allowIn: ['src/cli/**', 'bin/**'] }] },
  },
  { ...eslintPlugin.configs.recommended, files: ['rules/**/*.ts'] },
  {
    // Plain JavaScript has no declared types: every value from JSON or an untyped module is `any`.
    files: ['**/*.js'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/restrict-plus-operands': 'off',
    },
  },
  {
    // vitest's asymmetric matchers (`expect.stringMatching(…)`, `expect.any(…)`) are typed `any`.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // Tests and one-shot scripts are not servers: nothing else waits on their event loop while they read a
    // fixture or spawn a child synchronously, and the probe's tests block on purpose.
    files: ['test/**', 'scripts/**'],
    rules: { 'unblock/no-blocking-in-async': 'off' },
  },
);
