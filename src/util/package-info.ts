import { readFileSync } from 'node:fs';

interface PackageJson {
  name: string;
  version: string;
}

// Read once at load time: src/ runs from the repo under vitest, dist/src/ once built, so the depth differs.
function readOwnPackage(): PackageJson {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as PackageJson;
      if (pkg.name === 'eslint-plugin-unblock') return pkg;
    } catch {
      // try the next depth
    }
  }
  return { name: 'eslint-plugin-unblock', version: '0.0.0' };
}

export const packageInfo = readOwnPackage();
