// Shared by the exporter tests: they run fixture apps against the built package (dist/, by self-reference).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { root } from '../probe/helpers.js';

export const fixtures = join(root, 'test/export/fixtures');

/** The line of `// @site <name>` in a fixture of this folder. */
export function siteLineIn(file: string, name: string): number {
  const index = readFileSync(join(fixtures, file), 'utf8')
    .split('\n')
    .findIndex((line) => line.endsWith(`// @site ${name}`));
  if (index < 0) throw new Error(`no @site ${name} marker in ${file}`);
  return index + 1;
}

export function assertBuilt(): void {
  if (!existsSync(join(root, 'dist/src/probe/export/attach.js'))) throw new Error('dist/ is missing or stale: run `npm run build` first.');
}
