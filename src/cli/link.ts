import '../util/require-typescript-api.js';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { clearCaches } from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';

import { FileLines, lineState } from '../analysis/stale-lines.js';
import { isDependency, isInternal } from '../probe/frames.js';
import type { Frame } from '../probe/types.js';
import plugin from '../index.js';
import { CONFIG_NAMES, findUp, zeroConfig } from './lint.js';
import type { PromiseLinkSite } from './promise-sites.js';
import { localFile, type StallSite } from './stall-reports.js';

/** A finding of this plugin on a line of a stall's stack. */
export interface Finding {
  ruleId: string;
  message: string;
  file: string;
  line: number;
  column: number;
  /** The stack frame it sits on, counted from the stall's site (0), callers above. */
  frame: number;
  functionName: string;
}

export type Verdict =
  | { status: 'reported'; findings: Finding[] }
  | { status: 'silenced'; findings: Finding[]; directive: { file: string; line: number } | undefined }
  | { status: 'off'; findings: Finding[] }
  | { status: 'unreported'; likely: string; advice: string }
  | { status: 'not-linted'; reason: string }
  | { status: 'stale' };

/** A line of a stall's stack whose text is not what the report recorded: it is not matched to findings. */
export interface StaleLine {
  file: string;
  line: number;
}

/** What the linking needs of a site: its position, the stack through it, and when it was last reported. */
export interface StackSite {
  site: Frame;
  stack: Frame[];
  reportedAt: number;
}

export interface LinkedSite extends StallSite {
  verdict: Verdict;
  /** Files of the matched frames that changed after the report was written (reports without line text). */
  changed: string[];
  /** Lines of the stack that changed since the report. */
  stale: StaleLine[];
}

export interface LinkedPromiseSite extends PromiseLinkSite {
  verdict: Verdict;
  changed: string[];
}

export interface Linked {
  sites: LinkedSite[];
  /** The never-awaited promise sites of reports written with `promises: true`. */
  promises: LinkedPromiseSite[];
  /** Which config linted the files the stacks name. */
  config: 'project' | 'recommended';
  files: number;
}

// no-measured-stall reports the stalls themselves: it cannot predict them.
const RULE_IDS = Object.keys(plugin.rules).filter((name) => name !== 'no-measured-stall').map((name) => `unblock/${name}`);

export interface Linted {
  messages: Map<string, (Linter.LintMessage | Linter.SuppressedLintMessage)[]>;
  off: Map<string, Set<string>>;
  failed: Map<string, string>;
  config: Linked['config'];
  files: number;
}

function isOff(setting: unknown): boolean {
  const level: unknown = Array.isArray(setting) ? setting[0] : setting;
  return level === undefined || level === 0 || level === 'off';
}

// The project's own config when it has one, with the plugin's rules that it turns off turned on (as
// warnings), so a finding it would hide is still seen and said; otherwise the recommended config.
async function lintFiles(files: string[], cwd: string): Promise<Linted> {
  const off = new Map<string, Set<string>>();
  let eslint: ESLint;
  let config: Linked['config'] = 'recommended';
  if (findUp(cwd, CONFIG_NAMES) !== undefined) {
    const plain = new ESLint({ cwd });
    const overrides: Linter.Config[] = [];
    let usesPlugin = false;
    for (const file of files) {
      const calculated = (await plain.calculateConfigForFile(file)) as Linter.Config | undefined;
      if (calculated?.plugins?.unblock === undefined) continue;
      usesPlugin = true;
      const disabled = RULE_IDS.filter((id) => isOff(calculated.rules?.[id]));
      off.set(file, new Set(disabled));
      if (disabled.length > 0) overrides.push({ files: [path.relative(cwd, file)], rules: Object.fromEntries(disabled.map((id) => [id, 'warn'])) });
    }
    if (usesPlugin) {
      config = 'project';
      eslint = new ESLint({ cwd, overrideConfig: overrides, warnIgnored: false });
    }
  }
  eslint ??= (clearCaches(), new ESLint({ cwd, overrideConfigFile: true, overrideConfig: zeroConfig(cwd, 'recommended').config, warnIgnored: false }));
  const messages = new Map<string, (Linter.LintMessage | Linter.SuppressedLintMessage)[]>();
  const failed = new Map<string, string>();
  const results = await eslint.lintFiles(files);
  for (const result of results) {
    const fatal = result.messages.find((message) => message.fatal);
    if (fatal !== undefined) failed.set(result.filePath, fatal.message.split('\n')[0]);
    else messages.set(result.filePath, [...result.messages, ...(result.suppressedMessages ?? [])]);
  }
  for (const file of files) if (!messages.has(file) && !failed.has(file)) failed.set(file, 'the ESLint config does not lint this file');
  return { messages, off, failed, config, files: files.length };
}

// The comment that silences a finding: on its line, the line before, or a block comment above it.
function findDirective(file: string, line: number, ruleId: string): { file: string; line: number } | undefined {
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const names = (text: string) => !/eslint-disable[\w-]*\s+\S/.test(text) || text.includes(ruleId);
  if (/eslint-disable-line/.test(lines[line - 1] ?? '') && names(lines[line - 1])) return { file, line };
  if (/eslint-disable-next-line/.test(lines[line - 2] ?? '') && names(lines[line - 2])) return { file, line: line - 1 };
  for (let index = line - 1; index >= 0; index--) {
    if (/eslint-disable(?![\w-])/.test(lines[index]) && names(lines[index])) return { file, line: index + 1 };
  }
  return undefined;
}

const REGEX = /(^|[=(,:!&|?;{}\s])\/(?![/*\s])(?:\\.|[^/\n])+\/[dgimsuvy]*\s*\.\s*(test|exec)\b|\bRegExp\s*\(|\.(match|matchAll|replace|replaceAll|split|search)\s*\(\s*\//;

/** What the stall probably is when no rule reports it, and what to do about it. */
export function likelyKind(site: StallSite, cwd: string, lines: FileLines = new FileLines()): { likely: string; advice: string } {
  const own = site.stack.find((frame) => !isInternal(frame));
  if (own !== undefined && isDependency(own)) {
    const match = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(own.file);
    return {
      likely: `a blocking call inside a dependency (${match?.[1].replace('\\', '/') ?? 'node_modules'})`,
      advice: 'use its async API if it has one, or move the call to a worker thread (piscina, `worker_threads`).',
    };
  }
  const top = site.stack[0];
  if (top !== undefined && top.file.startsWith('node:') && /Sync$/.test(top.functionName)) {
    return {
      likely: `a synchronous \`${top.file.slice(5)}.${top.functionName}\` that no rule sees reached from async code`,
      advice: 'use its async form, or do it once at startup, or move it to a worker thread.',
    };
  }
  const local = localFile(site.site.file, cwd);
  // The text the probe recorded is the code that stalled, even if the line changed since.
  const text = site.site.text ?? (local === undefined ? '' : (lines.line(local, site.site.line) ?? ''));
  const builtins = site.stack.filter((frame) => frame.file === '').map((frame) => frame.functionName);
  if (REGEX.test(text) || builtins.some((name) => /^(test|exec|\[Symbol\.(replace|match|matchAll|split|search)\])$/.test(name))) {
    return { likely: 'a regular expression', advice: 'fix the regex (no nested quantifiers such as `(a+)+`, no overlapping alternatives), or bound the input length.' };
  }
  if (/\bJSON\.(parse|stringify)\b/.test(text) || builtins.some((name) => name === 'parse' || name === 'stringify')) {
    return { likely: 'JSON.parse or JSON.stringify of a large value', advice: 'bound the size, stream it, or do it in a worker thread (piscina, `worker_threads`).' };
  }
  return {
    likely: 'CPU-bound JavaScript',
    advice: 'move it to a worker thread (piscina, `worker_threads`), or chunk the work and yield between chunks (`setImmediate`).',
  };
}

/** Which findings may explain a site, and what the site likely is when none does. */
export interface Matcher<T extends StackSite> {
  accepts: (ruleId: string) => boolean;
  likely: (site: T, cwd: string, lines: FileLines) => { likely: string; advice: string };
}

const stallMatcher: Matcher<StallSite> = { accepts: (ruleId) => RULE_IDS.includes(ruleId), likely: likelyKind };

export function matchFindings<T extends StackSite>(
  site: T,
  linted: Linted,
  cwd: string,
  matcher: Matcher<T>,
  lines: FileLines = new FileLines(),
): { verdict: Verdict; changed: string[]; stale: StaleLine[] } {
  const active: Finding[] = [];
  const silenced: Finding[] = [];
  const off: Finding[] = [];
  const changed = new Set<string>();
  const stale: StaleLine[] = [];
  let failure: string | undefined;
  const siteIndex = Math.max(0, site.stack.findIndex((frame) => frame.file === site.site.file && frame.line === site.site.line));
  site.stack.forEach((frame: Frame, index) => {
    const file = localFile(frame.file, cwd);
    if (file === undefined) return;
    const state = lineState(frame, lines.line(file, frame.line));
    // A finding on a line that changed would be matched to code that did not stall.
    if (state === 'changed') {
      stale.push({ file, line: frame.line });
      return;
    }
    if (linted.failed.has(file)) {
      failure ??= `${path.relative(cwd, file)}: ${linted.failed.get(file)}`;
      return;
    }
    for (const message of linted.messages.get(file) ?? []) {
      if (message.ruleId === null || !matcher.accepts(message.ruleId)) continue;
      if (!(message.line <= frame.line && frame.line <= (message.endLine ?? message.line))) continue;
      const finding: Finding = { ruleId: message.ruleId, message: message.message, file, line: message.line, column: message.column, frame: index - siteIndex, functionName: frame.functionName };
      if (state === 'unverified' && (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) > site.reportedAt) changed.add(file);
      if ('suppressions' in message) silenced.push(finding);
      else if (linted.off.get(file)?.has(message.ruleId) === true) off.push(finding);
      else active.push(finding);
    }
  });
  const unique = (list: Finding[]) => list.filter((finding, i) => list.findIndex((other) => other.ruleId === finding.ruleId && other.file === finding.file && other.line === finding.line && other.column === finding.column) === i);
  let verdict: Verdict;
  if (active.length > 0) verdict = { status: 'reported', findings: unique(active) };
  else if (silenced.length > 0) verdict = { status: 'silenced', findings: unique(silenced), directive: findDirective(silenced[0].file, silenced[0].line, silenced[0].ruleId) };
  else if (off.length > 0) verdict = { status: 'off', findings: unique(off) };
  // The finding that predicted it may have been on a line that changed: no guess about the code there now.
  else if (stale.length > 0) verdict = { status: 'stale' };
  else if (failure !== undefined) verdict = { status: 'not-linted', reason: failure };
  else if (localFile(site.site.file, cwd) === undefined && !isDependency(site.site)) verdict = { status: 'not-linted', reason: `${site.site.file} is not in this checkout` };
  else verdict = { status: 'unreported', ...matcher.likely(site, cwd, lines) };
  return { verdict, changed: [...changed], stale };
}

/** Lints the files that the stacks name, and only those. */
export async function lintStacks(sites: readonly StackSite[], cwd: string): Promise<Linted> {
  const files = new Set<string>();
  for (const site of sites) {
    for (const frame of site.stack) {
      const file = localFile(frame.file, cwd);
      if (file !== undefined && /\.[cm]?[jt]sx?$/.test(file)) files.add(file);
    }
  }
  return files.size === 0 ? { messages: new Map(), off: new Map(), failed: new Map(), config: 'recommended', files: 0 } : lintFiles([...files], cwd);
}

/** Says, for each stall site, what the rules think of it, from a lint of its stack's files. */
export function linkStallSites(sites: readonly StallSite[], linted: Linted, cwd: string): LinkedSite[] {
  const lines = new FileLines();
  return sites.map((site) => ({ ...site, ...matchFindings(site, linted, cwd, stallMatcher, lines) }));
}

/** Lints the files that the stall stacks name (only those) and says, for each site, what the rules think of it. */
export async function linkStalls(sites: readonly StallSite[], cwd: string): Promise<Linked> {
  const linted = await lintStacks(sites, cwd);
  return { sites: linkStallSites(sites, linted, cwd), promises: [], config: linted.config, files: linted.files };
}
