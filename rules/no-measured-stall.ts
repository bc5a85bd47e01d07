import type { TSESLint } from '@typescript-eslint/utils';

import { measuredStalls, stallsInFile } from '../src/analysis/measured-stalls.js';
import { isLineReported, settleAfterExit } from '../src/analysis/ownership.js';
import { createRule } from '../src/util/create-rule.js';

export type Options = [{ reports?: string[] }];

export type MessageId = 'stalled' | 'callerStalled' | 'stale' | 'unusableReport';

const STALE_LINES_SHOWN = 3;
const PROBLEM_CHARS = 125;

// A report that cannot be used is said once per process, on the first file it was seen in (and on that
// file's re-checks in an editor), not on every file of the run.
const problemShownIn = new Map<string, string>();

function listLines(lines: number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const shown = sorted.slice(0, STALE_LINES_SHOWN).join(', ');
  if (sorted.length === 1) return `line ${shown}`;
  return `lines ${shown}${sorted.length > STALE_LINES_SHOWN ? ', …' : ''}`;
}

function readGlobs(option: string[] | undefined, settings: unknown): string[] | string | undefined {
  if (option !== undefined && option.length > 0) return option;
  const value = (settings as { unblock?: { stallReports?: unknown } } | undefined)?.unblock?.stallReports;
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'string' && entry !== '')) return value as string[];
  return `settings.unblock.stallReports must be a list of file globs, got ${(JSON.stringify(value) as string | undefined)?.slice(0, 40) ?? typeof value}`;
}

export default createRule<Options, MessageId>({
  name: 'no-measured-stall',
  meta: {
    type: 'problem',
    defaultOptions: [{ reports: [] }],
    docs: {
      description: 'Disallow code that stalled the event loop at runtime, as probe reports measured it',
      requiresTypeChecking: false,
    },
    messages: {
      stalled: 'Stalled the event loop {{count}}× at runtime ({{total}} ms in all, {{max}} ms at most) in `{{chain}}`. Move it off the loop.',
      callerStalled: 'This call stalled the event loop {{count}}× ({{total}} ms in all, {{max}} ms at most) in `{{chain}}`. Move that work off the loop.',
      stale: 'Stale: {{lines}} changed since the stall report ({{count}}×, {{total}} ms in all), so it is not shown on the new code. Re-measure.',
      unusableReport: 'Stall report unusable: {{problem}}.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          reports: {
            type: 'array',
            description: 'Probe reports to read (file globs relative to the ESLint cwd); when given, they replace `settings.unblock.stallReports`.',
            items: { type: 'string', minLength: 1 },
          },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context, [options]) {
    const globs = readGlobs(options.reports, context.settings);
    if (globs === undefined) return {};
    const { sourceCode } = context;
    const file = context.physicalFilename;

    function problem(text: string): void {
      const shownIn = problemShownIn.get(text);
      if (shownIn !== undefined && shownIn !== file) return;
      problemShownIn.set(text, file);
      const cut = text.length > PROBLEM_CHARS ? `${text.slice(0, PROBLEM_CHARS - 1)}…` : text;
      context.report({ loc: { line: 1, column: 0 }, messageId: 'unusableReport', data: { problem: cut.replace(/\.$/, '') } });
    }

    function settle(): void {
      if (typeof globs === 'string') {
        problem(globs);
        return;
      }
      const stalls = measuredStalls(globs!, context.cwd);
      for (const error of stalls.errors) problem(error);
      const { places, stale } = stallsInFile(stalls.sitesIn(file), sourceCode.lines, (line) => isLineReported(sourceCode, line));
      for (const place of places) {
        const text = sourceCode.lines[place.line - 1];
        const indent = text.length - text.trimStart().length;
        const start = Math.min(Math.max(place.column - 1, indent), Math.max(indent, text.trimEnd().length - 1));
        context.report({
          loc: { start: { line: place.line, column: start }, end: { line: place.line, column: Math.max(start + 1, text.trimEnd().length) } },
          messageId: place.site ? 'stalled' : 'callerStalled',
          data: { count: place.count, total: Math.round(place.totalMs), max: Math.round(place.maxMs), chain: place.chain },
        });
      }
      if (stale.lines.length > 0) {
        context.report({
          loc: { line: 1, column: 0 },
          messageId: 'stale',
          data: { lines: listLines(stale.lines), count: stale.count, total: Math.round(stale.totalMs) },
        });
      }
    }

    return settleAfterExit(settle) as TSESLint.RuleListener;
  },
});
