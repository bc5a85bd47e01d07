import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // The first typed case in a file builds a TypeScript program (1-4 s here); later ones are fast.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Sharing one module graph across rule files halves the suite's time (see TOOLCHAIN.md).
    isolate: false,
    pool: 'threads',
  },
});
