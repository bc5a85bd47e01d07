import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { expandGlob, FileGlobs } from '../../src/util/file-globs.js';

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

describe('expandGlob', () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'unblock-globs-'));
  for (const file of ['stalls/a.json', 'stalls/b.json', 'stalls/notes.txt', 'stalls/pods/p1/c.json', 'node_modules/x/stalls/d.json']) {
    mkdirSync(path.dirname(path.join(cwd, file)), { recursive: true });
    writeFileSync(path.join(cwd, file), '{}');
  }
  const found = (glob: string) => expandGlob(glob, cwd).map((file) => path.relative(cwd, file));

  it('lists the files a glob matches under cwd, sorted, one directory deep for `*`', () => {
    expect(found('stalls/*.json')).toEqual(['stalls/a.json', 'stalls/b.json']);
    expect(found('./stalls/{a,b}.json')).toEqual(['stalls/a.json', 'stalls/b.json']);
  });

  it('goes down every directory for `**`, but not into node_modules', () => {
    expect(found('**/*.json')).toEqual(['stalls/a.json', 'stalls/b.json', 'stalls/pods/p1/c.json']);
  });

  it('takes an absolute glob from its own directory, whatever cwd is (a config that names its reports from import.meta.url)', () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'unblock-globs-cwd-'));
    const absolute = `${cwd.replaceAll('\\', '/')}/stalls/*.json`;
    expect(expandGlob(absolute, elsewhere)).toEqual([path.join(cwd, 'stalls/a.json'), path.join(cwd, 'stalls/b.json')]);
  });

  it('returns a path without glob characters as it is, existing or not, and nothing for a glob that matches none', () => {
    expect(found('stalls/missing.json')).toEqual(['stalls/missing.json']);
    expect(found('elsewhere/*.json')).toEqual([]);
  });
});
