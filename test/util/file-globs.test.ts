import { describe, expect, it } from 'vitest';

import { FileGlobs } from '../../src/util/file-globs.js';

describe('FileGlobs', () => {
  const base = '/repo';

  it('matches globs relative to the base, as ESLint files globs do', () => {
    const globs = new FileGlobs(['src/cli/**', 'scripts/*.{ts,js}', './tools/?.ts']);
    expect(globs.matches('/repo/src/cli/lint.ts', base)).toBe(true);
    expect(globs.matches('/repo/src/cli/deep/run.ts', base)).toBe(true);
    expect(globs.matches('/repo/scripts/seed.js', base)).toBe(true);
    expect(globs.matches('/repo/tools/a.ts', base)).toBe(true);
    expect(globs.matches('src/cli/main.ts', base)).toBe(true);
  });

  it('keeps `*` and `?` within one directory and leaves other files alone', () => {
    const globs = new FileGlobs(['src/cli/**', 'scripts/*.{ts,js}', 'tools/?.ts']);
    expect(globs.matches('/repo/src/server.ts', base)).toBe(false);
    expect(globs.matches('/repo/lib/src/cli/lint.ts', base)).toBe(false);
    expect(globs.matches('/repo/scripts/nested/seed.js', base)).toBe(false);
    expect(globs.matches('/repo/scripts/seed.mjs', base)).toBe(false);
    expect(globs.matches('/repo/tools/ab.ts', base)).toBe(false);
    expect(new FileGlobs([]).matches('/repo/src/cli/lint.ts', base)).toBe(false);
  });

  it('spans any depth with a leading `**/`', () => {
    const globs = new FileGlobs(['**/bin/*.ts']);
    expect(globs.matches('/repo/bin/tool.ts', base)).toBe(true);
    expect(globs.matches('/repo/packages/a/bin/tool.ts', base)).toBe(true);
    expect(globs.matches('/repo/packages/a/bin/sub/tool.ts', base)).toBe(false);
  });
});
