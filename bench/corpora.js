// The corpora the lint benchmarks share, and one measured lint run in a fresh process (bench/lint-speed-run.js).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { writeCorpus } from './corpus.js';
import { PACKAGES, expand, fetchPackage, writeTsconfig } from '../scripts/sweep.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Generated services at `scales`, extra folders, and with `sweep` the sweep's packages (fetched with `npm pack`). */
export function benchCorpora({ scales, extra = [], sweep = false }) {
  const corpora = [];
  for (const scale of scales) {
    corpora.push({ name: `generated ${scale}x`, dir: writeCorpus(path.join(root, '.cache/bench', `generated-${scale}x`), scale), scale });
  }
  for (const dir of extra) corpora.push({ name: path.basename(dir), dir: path.resolve(dir) });
  if (sweep) {
    for (const pkg of PACKAGES) {
      const dir = fetchPackage(pkg);
      writeTsconfig(dir, pkg.files);
      const files = pkg.files.flatMap((pattern) => expand(dir, pattern));
      corpora.push({ name: `${pkg.name}@${pkg.version}`, dir, project: path.join(dir, 'tsconfig.sweep.json'), files });
    }
  }
  return corpora;
}

/** Lints `corpus` with `rules` in a fresh process, so no configuration inherits another's warm type checker. */
export function lintRun(corpus, rules) {
  const { dir, project, files } = corpus;
  const output = execFileSync(process.execPath, [path.join(root, 'bench/lint-speed-run.js'), JSON.stringify({ dir, rules, project, files })], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output);
}
