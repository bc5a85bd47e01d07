import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { ESLint, Linter } from 'eslint';

import { FileLines, lineState } from '../analysis/stale-lines.js';
import { localFile, type StallSite } from './stall-reports.js';

/** What the probe measured on a finding's lines, over every report read. */
export interface Evidence {
  stalls: number;
  totalMs: number;
  maxMs: number;
  /** Files that changed after the newest report naming them, for reports without line text: the line may have moved. */
  changed: boolean;
}

/** Stalls whose report names a finding's line, but whose recorded text is not that line's text any more. */
export interface StaleEvidence {
  lines: number[];
  stalls: number;
  totalMs: number;
}

type Message = Linter.LintMessage & { stalls?: Evidence; staleStalls?: StaleEvidence };

// Its findings carry the figures already.
const STALL_RULE = 'unblock/no-measured-stall';

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function sentence(evidence: Evidence): string {
  const stale = evidence.changed ? ' The file changed after the report was written: the line may have moved.' : '';
  return ` Stalled ${evidence.stalls}× at runtime, ${Math.round(evidence.totalMs)} ms in total, ${Math.round(evidence.maxMs)} ms at most.${stale}`;
}

function staleSentence(stale: StaleEvidence): string {
  const lines = [...new Set(stale.lines)].sort((a, b) => a - b);
  return ` Stale: line${lines.length === 1 ? '' : 's'} ${lines.join(', ')} changed since the report (${stale.stalls}× stalled there, ${Math.round(stale.totalMs)} ms in total).`;
}

/**
 * The measured figures of the stall sites whose stacks pass through a finding's lines. A site whose frames in
 * this file name a line whose text changed since the report is stale: said apart, not counted.
 */
function measure(file: string, message: Linter.LintMessage, sites: readonly StallSite[], cwd: string, lines: FileLines): { evidence?: Evidence; stale?: StaleEvidence } {
  let evidence: Evidence | undefined;
  let stale: StaleEvidence | undefined;
  for (const site of sites) {
    const here = site.stack.filter((frame) => localFile(frame.file, cwd) === file);
    const hit = here.some((frame) => frame.line >= message.line && frame.line <= (message.endLine ?? message.line));
    if (!hit) continue;
    const changed = here.filter((frame) => lineState(frame, lines.line(file, frame.line)) === 'changed');
    if (changed.length > 0) {
      stale ??= { lines: [], stalls: 0, totalMs: 0 };
      stale.lines.push(...changed.map((frame) => frame.line));
      stale.stalls += site.count;
      stale.totalMs = round(stale.totalMs + site.totalMs);
      continue;
    }
    evidence ??= { stalls: 0, totalMs: 0, maxMs: 0, changed: false };
    evidence.stalls += site.count;
    evidence.totalMs = round(evidence.totalMs + site.totalMs);
    evidence.maxMs = Math.max(evidence.maxMs, site.maxMs);
    const unverified = here.some((frame) => lineState(frame, lines.line(file, frame.line)) === 'unverified');
    if (unverified && (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) > site.reportedAt) evidence.changed = true;
  }
  return { evidence, stale };
}

const cost = (message: Message): number => message.stalls?.totalMs ?? -1;

/**
 * Adds the runtime figures to every finding whose line took part in a stall (`message.stalls`, and a
 * sentence at the end of its text), and orders findings and files by measured cost, costliest first.
 */
export function addEvidence(results: ESLint.LintResult[], sites: readonly StallSite[], cwd: string): ESLint.LintResult[] {
  const lines = new FileLines();
  for (const result of results) {
    for (const message of result.messages as Message[]) {
      if (!message.ruleId || message.ruleId === STALL_RULE) continue;
      const { evidence, stale } = measure(result.filePath, message, sites, cwd, lines);
      if (evidence !== undefined) {
        message.stalls = evidence;
        message.message += sentence(evidence);
      }
      if (stale !== undefined) {
        message.staleStalls = stale;
        message.message += staleSentence(stale);
      }
    }
    result.messages.sort((a, b) => cost(b) - cost(a) || a.line - b.line || a.column - b.column);
  }
  const top = (result: ESLint.LintResult) => Math.max(-1, ...result.messages.map(cost));
  return [...results].sort((a, b) => top(b) - top(a));
}

const SHOWN = 10;

/** After the stylish output: the findings that stalled, costliest first. */
export function costliest(results: readonly ESLint.LintResult[], cwd: string): string {
  const measured = results.flatMap((result) => (result.messages as Message[]).filter((message) => message.stalls !== undefined).map((message) => ({ file: result.filePath, message })));
  if (measured.length === 0) return '\nNo finding took part in a stall of the reports.\n';
  measured.sort((a, b) => cost(b.message) - cost(a.message));
  const lines = measured.slice(0, SHOWN).map(({ file, message }, index) => {
    const { stalls, totalMs, maxMs } = message.stalls!;
    return `  ${String(index + 1).padStart(2)}. ${path.relative(cwd, file)}:${message.line}:${message.column}  ${message.ruleId}  ${stalls}× ${Math.round(totalMs)} ms in total, ${Math.round(maxMs)} ms at most`;
  });
  return `\nFindings that stalled at runtime, costliest first:\n${lines.join('\n')}\n`;
}

interface SarifLike {
  runs: {
    originalUriBaseIds?: Record<string, { uri: string }>;
    results: {
      ruleId: string;
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number; startColumn: number } } }[];
      rank?: number;
      properties?: Record<string, unknown>;
    }[];
  }[];
}

/** The SARIF log with each result's figures in `properties` and a `rank` by measured cost (100 is the costliest). */
export function rankSarif(text: string, results: readonly ESLint.LintResult[]): string {
  const byPlace = new Map<string, Evidence>();
  const staleByPlace = new Map<string, StaleEvidence>();
  for (const result of results) {
    for (const message of result.messages as Message[]) {
      const place = `${result.filePath}|${message.line}|${message.column}|${message.ruleId}`;
      if (message.stalls !== undefined) byPlace.set(place, message.stalls);
      if (message.staleStalls !== undefined) staleByPlace.set(place, message.staleStalls);
    }
  }
  const log = JSON.parse(text) as SarifLike;
  const highest = Math.max(0, ...[...byPlace.values()].map((evidence) => evidence.totalMs));
  for (const run of log.runs) {
    for (const result of run.results) {
      const { artifactLocation, region } = result.locations[0]?.physicalLocation ?? { artifactLocation: { uri: '' } };
      const base = artifactLocation.uriBaseId === undefined ? undefined : run.originalUriBaseIds?.[artifactLocation.uriBaseId]?.uri;
      const file = fileURLToPath(new URL(artifactLocation.uri, base));
      const place = `${path.resolve(file)}|${region?.startLine}|${region?.startColumn}|${result.ruleId}`;
      const evidence = byPlace.get(place);
      const stale = staleByPlace.get(place);
      result.rank = evidence === undefined || highest === 0 ? 0 : round((100 * evidence.totalMs) / highest);
      if (evidence !== undefined) {
        result.properties = { ...result.properties, stalls: evidence.stalls, stalledMs: evidence.totalMs, maxStallMs: evidence.maxMs, ...(evidence.changed ? { stale: true } : {}) };
      }
      if (stale !== undefined) {
        result.properties = { ...result.properties, staleStalls: { lines: [...new Set(stale.lines)].sort((a, b) => a - b), stalls: stale.stalls, stalledMs: stale.totalMs } };
      }
    }
    run.results.sort((a, b) => (b.rank ?? 0) - (a.rank ?? 0));
  }
  return `${JSON.stringify(log, null, 2)}\n`;
}
