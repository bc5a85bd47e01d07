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
