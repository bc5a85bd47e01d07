// The repository lints itself with the plugin's own strict config (from the build: `npm run build` first),
// typescript-eslint's strictTypeChecked and eslint-plugin-eslint-plugin's recommended rules.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

import unblock from './dist/src/index.js';

const code = ['**/*.ts', '**/*.js'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'examples/', 'bench/', 'test/fixtures/', 'test/fixtures-lsp/', 'test/probe/fixtures/'] },
  {
    files: code,
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  { ...unblock.configs.strict, files: code },
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
    },
  },
  {
    // Tests and one-shot scripts are not servers: nothing else waits on their event loop while they read a
    // fixture or spawn a child synchronously, and the probe's tests block on purpose.
    files: ['test/**', 'scripts/**'],
    rules: { 'unblock/no-blocking-in-async': 'off' },
  },
);
