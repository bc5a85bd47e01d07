// The repository lints itself with the plugin's own strict config (from the build: `npm run build` first),
// typescript-eslint's strictTypeChecked and eslint-plugin-eslint-plugin's recommended rules.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

import unblock from './dist/src/index.js';

const code = ['**/*.ts', '**/*.js'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.cache/', 'examples/', 'bench/', 'test/fixtures/', 'test/fixtures-lsp/', 'test/probe/fixtures/'] },
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
    },
  },
  { ...unblock.configs.strict, files: code },
  {
    ...eslintPlugin.configs.recommended,
    files: ['rules/**/*.ts'],
    rules: {
      ...eslintPlugin.configs.recommended.rules,
      // typescript-eslint's RuleCreator takes `defaultOptions` beside `meta` and applies them itself (STYLE.md).
      'eslint-plugin/require-meta-default-options': 'off',
    },
  },
  {
    // Plain JavaScript has no declared types: every value from JSON or an untyped module is `any`.
    files: ['**/*.js'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Tests and one-shot scripts are not servers: nothing else waits on their event loop while they read a
    // fixture or spawn a child synchronously, and the probe's tests block on purpose.
    files: ['test/**', 'scripts/**'],
    rules: { 'unblock/no-blocking-in-async': 'off' },
  },
);
