import { readFileSync } from 'node:fs';

import { isDependency, isInternal } from '../probe/frames.js';
import { FileLines } from '../analysis/stale-lines.js';
import { matchFindings, type LinkedPromiseSite, type Linted, type Matcher } from './link.js';
import type { PromiseLinkSite } from './promise-sites.js';
import { localFile } from './stall-reports.js';

// This plugin's rule, and typescript-eslint's when a project's config turns it on.
const FLOATING = new Set(['unblock/no-floating-promises', '@typescript-eslint/no-floating-promises']);

function packageOf(file: string): string {
  return /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file)?.[1].replace('\\', '/') ?? 'node_modules';
}

// The name called at a frame's position: V8 puts the column of a call on its callee's last name.
function calleeAt(text: string, column: number): string | undefined {
  return /^[\p{L}\p{N}_$]+/u.exec(text.slice(Math.max(0, column - 1)))?.[0];
}

function typedAny(file: string, name: string): boolean {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  const escaped = name.replace(/\$/g, '\\$');
  return new RegExp(`\\b${escaped}\\s*[?!]?\\s*:\\s*any\\b|\\b${escaped}\\s*=[^;\\n]*\\bas\\s+any\\b|\\(\\s*${escaped}\\s+as\\s+any\\s*\\)`).test(source);
}

/** Why no rule reports a never-awaited promise: what the types could not show, and what to do. */
export function likelyPromiseKind(site: PromiseLinkSite, cwd: string, lines: FileLines = new FileLines()): { likely: string; advice: string } {
  const siteIndex = Math.max(0, site.stack.findIndex((frame) => frame.file === site.site.file && frame.line === site.site.line));
  const caller = site.stack.slice(siteIndex + 1).find((frame) => frame.file !== '');
  if (caller !== undefined && (isDependency(caller) || isInternal(caller))) {
    const api = isDependency(caller) ? packageOf(caller.file) : caller.file;
    return {
      likely: `a callback API that drops what the callback returns (${api})`,
      advice: 'await the promise inside the callback and handle its errors there, or use the API\'s promise form if it has one.',
    };
  }
  const file = localFile(site.site.file, cwd);
  const text = file === undefined ? '' : (lines.line(file, site.site.line) ?? '');
  if (/(^|[^\w$.])void\s/.test(text)) {
    return { likely: 'a promise marked `void`, which the rule accepts as deliberate', advice: 'await it or add `.catch()` if its outcome matters; otherwise this is by design.' };
  }
  const at = text.slice(Math.max(0, site.site.column - 1));
  if (/^[^(]*\]\s*\(|^(call|apply|bind)\s*\(|\bReflect\.apply\s*\(/.test(at) || /\]\s*\(/.test(text)) {
    return { likely: 'dynamic dispatch (a call through a computed name, `call` or `apply`), whose return type the checker cannot follow', advice: 'type the table of functions so they return `Promise<...>`, then await the call.' };
  }
  const callee = calleeAt(text, site.site.column);
  if (callee !== undefined && file !== undefined && typedAny(file, callee)) {
    return { likely: `a promise passed through \`any\` (\`${callee}\` is typed \`any\`), which the rule skips`, advice: `give \`${callee}\` its real type, then await the call.` };
  }
  return {
    likely: 'a promise stored or passed on (a variable, an array, an argument) and never awaited later, which the rule does not follow',
    advice: 'await it where it is taken out, or handle it with `.catch()` where it is made.',
  };
}

const promiseMatcher: Matcher<PromiseLinkSite> = { accepts: (ruleId) => FLOATING.has(ruleId), likely: likelyPromiseKind };

/**
 * Says, for each never-awaited promise site, whether `no-floating-promises` reports it: at the line that made
 * it, or at a caller along its stack that dropped it (a helper's promise is usually dropped by its caller).
 */
export function linkPromiseSites(sites: readonly PromiseLinkSite[], linted: Linted, cwd: string): LinkedPromiseSite[] {
  const lines = new FileLines();
  return sites.map((site) => ({ ...site, ...matchFindings(site, linted, cwd, promiseMatcher, lines) }));
}
