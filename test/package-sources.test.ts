// The published package's source maps point at files the package ships: otherwise a stack mapped through
// them names node_modules/eslint-plugin-unblock/src/… files that do not exist on the user's disk.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('published source maps', () => {
  it('name only sources that are in the package', () => {
    if (!existsSync(path.join(root, 'dist/src/probe/probe.js.map'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
    const [{ files }] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as [{ files: { path: string }[] }];
    const shipped = new Set(files.map((file) => file.path));
    const maps = [...shipped].filter((file) => file.endsWith('.js.map'));
    expect(maps).toContain('dist/src/probe/probe.js.map');
    const missing: string[] = [];
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(path.join(root, map), 'utf8')) as { sources: string[] };
      for (const source of sources) {
        const file = path.posix.join(path.posix.dirname(map), source);
        if (!shipped.has(file)) missing.push(`${map} -> ${file}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
