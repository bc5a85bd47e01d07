import parser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';

type RuleEntry = TSESLint.SharedConfig.RuleEntry;

export const recommendedRules: Record<string, RuleEntry> = {
  'unblock/no-blocking-in-async': 'error',
  'unblock/no-floating-promises': 'error',
  'unblock/no-unbounded-fan-out': 'error',
  // Events and child processes: 3 of 14 findings were real in application code, network clients 15 of 15
  // (bench/timeout-precision.js).
  'unblock/require-timeout': ['error', { checkEvents: false, checkChildProcesses: false }],
};

export const strictRules: Record<string, RuleEntry> = {
  'unblock/no-blocking-in-async': ['error', { checkCallbacks: true, maxDepth: 10 }],
  'unblock/no-floating-promises': [
    'error',
    { allowVoid: false, ignoreIIFE: false, checkStored: true, checkCallbacks: true, checkConditions: true },
  ],
  'unblock/no-unbounded-fan-out': ['error', { maxFanOut: 8, checkInstanceState: true }],
  'unblock/require-timeout': ['error', { checkEvents: true, checkChildProcesses: true }],
};

/** Typed rules need files the TypeScript project knows; JavaScript users add their own `files`. */
export const typedFiles = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

/**
 * Language options that turn on typed linting through typescript-eslint's project service, so the
 * ready-made configs work without further setup in a project that has a tsconfig.json.
 */
export const typedLanguageOptions = {
  parser,
  parserOptions: { projectService: true },
  sourceType: 'module' as const,
};
