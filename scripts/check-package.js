// Packs the package as npm would publish it and checks the tarball: publint (package.json fields, files,
// exports) and Are the Types Wrong (types resolution for each export). Run by `npm test` after the build.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const dir = mkdtempSync(path.join(tmpdir(), 'unblock-pack-'));
try {
  // --ignore-scripts: npm test has just built dist/, so prepack's build would only repeat it.
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }),
  );
  const tarball = path.join(dir, path.basename(filename));
  execFileSync(bin('publint'), ['run', tarball, '--strict'], { stdio: 'inherit' });
  // The package is ESM-only (type: module, Node >= 20.19, where require(esm) works), so attw checks the
  // ESM resolutions only: its esm-only profile skips node10 and node16-from-CJS.
  execFileSync(bin('attw'), [tarball, '--profile', 'esm-only', '--no-emoji', '--no-color'], { stdio: 'inherit' });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
