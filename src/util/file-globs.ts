import { type Dirent, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * File globs as ESLint's `files` writes them: `**` spans directories, `*` and `?` stay within one, `{a,b}`
 * picks one of several. Matched against a path relative to a base directory, with forward slashes.
 */
function globToRegExp(glob: string): RegExp {
  let source = '';
  let inBraces = false;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      source += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '{') {
      inBraces = true;
      source += '(?:';
    } else if (char === '}' && inBraces) {
      inBraces = false;
      source += ')';
    } else if (char === ',' && inBraces) {
      source += '|';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

export class FileGlobs {
  private readonly patterns: readonly RegExp[];

  constructor(globs: readonly string[]) {
    this.patterns = globs.map((glob) => globToRegExp(glob.replaceAll('\\', '/').replace(/^\.\//, '')));
  }

  /** True when `fileName`, relative to `base`, matches one of the globs. */
  matches(fileName: string, base: string): boolean {
    if (this.patterns.length === 0) return false;
    const relative = path.relative(base, path.resolve(base, fileName)).replaceAll('\\', '/');
    return this.patterns.some((pattern) => pattern.test(relative));
  }
}

const GLOB_CHARS = /[*?{]/;
const MAX_VISITED = 20_000;
const SKIPPED = new Set(['node_modules', '.git']);

/**
 * The files under `cwd` that `glob` matches, sorted; a path without glob characters is returned as it is
 * (resolved), whether or not it exists, so that the caller can say it is missing.
 */
export function expandGlob(glob: string, cwd: string): string[] {
  const normal = glob.replaceAll('\\', '/');
  if (!GLOB_CHARS.test(normal)) return [path.resolve(cwd, glob)];
  const parts = normal.split('/');
  const firstGlob = parts.findIndex((part) => GLOB_CHARS.test(part));
  const base = path.resolve(cwd, parts.slice(0, firstGlob).join('/') || '.');
  const matcher = new FileGlobs([path.relative(base, path.resolve(cwd, normal)).replaceAll('\\', '/')]);
  const deep = parts.slice(firstGlob).some((part) => part.includes('**'));
  const depth = parts.length - firstGlob;
  const found: string[] = [];
  let visited = 0;
  const walk = (dir: string, level: number): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (++visited > MAX_VISITED) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name) && (deep || level + 1 < depth)) walk(full, level + 1);
      } else if (matcher.matches(full, base)) {
        found.push(full);
      }
    }
  };
  walk(base, 0);
  return found.sort();
}
