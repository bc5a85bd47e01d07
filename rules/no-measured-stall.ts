import type { TSESLint } from '@typescript-eslint/utils';

import { measuredStalls, type SiteHere } from '../src/analysis/measured-stalls.js';
import { isLineReported, settleAfterExit } from '../src/analysis/ownership.js';
import { lineState } from '../src/analysis/stale-lines.js';
import { isInternal } from '../src/probe/frames.js';
import type { Frame } from '../src/probe/types.js';
import { createRule } from '../src/util/create-rule.js';

export type Options = [{ reports?: string[] }];

export type MessageId = 'stalled' | 'callerStalled' | 'stale' | 'unusableReport';

const NAME_CHARS = 24;
const CHAIN_CHARS = 50;
const CHAIN_FRAMES = 4;
const STALE_LINES_SHOWN = 3;
const PROBLEM_CHARS = 125;

// A report that cannot be used is said once per process, on the first file it was seen in (and on that
// file's re-checks in an editor), not on every file of the run.
const problemShownIn = new Map<string, string>();

function name(frame: Frame): string {
  const text = frame.functionName || '<anonymous>';
  return text.length > NAME_CHARS ? `${text.slice(0, NAME_CHARS - 1)}…` : text;
}

/** The site's own callers down to the call that blocked (the frame above the site), outermost first. */
function chainOf({ site }: SiteHere): string {
  const siteIndex = Math.max(0, site.stack.findIndex((frame) => frame.file === site.site.file && frame.line === site.site.line));
  const above = siteIndex > 0 ? [site.stack[siteIndex - 1]] : [];
  const own = site.stack.slice(siteIndex).filter((frame) => !isInternal(frame)).slice(0, CHAIN_FRAMES - above.length);
  const names = [...above, ...own].map(name).reverse();
  // The outermost callers go first when the chain is too long for a tooltip.
  let cut = false;
  while (names.length > 2 && names.join(' → ').length > CHAIN_CHARS - 4) {
    names.shift();
    cut = true;
  }
  return `${cut ? '… → ' : ''}${names.join(' → ')}`;
}

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
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'string' && entry !== '')) return value as string[];
  return `settings.unblock.stallReports must be a list of file globs, got ${JSON.stringify(value)?.slice(0, 40) ?? String(value)}`;
}

interface Place {
  line: number;
  column: number;
  site: boolean;
  count: number;
  totalMs: number;
  maxMs: number;
  chain: string;
  /** The total of the costliest site here, whose chain the message shows. */
  chainMs: number;
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
      stale: 'Stale: {{lines}} changed since the stall report ({{count}}×, {{total}} ms in total), so it is not shown on the new code. Re-measure.',
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
      if (typeof globs === 'string') return problem(globs);
      const stalls = measuredStalls(globs!, context.cwd);
      for (const error of stalls.errors) problem(error);
      const places = new Map<number, Place>();
      const stale = { lines: [] as number[], count: 0, totalMs: 0 };
      for (const here of stalls.sitesIn(file)) {
        // A changed line, the site's or a caller's, means the code that stalled may be gone: the whole site is
        // said to be stale rather than shown on code it may no longer describe.
        const changed = here.frames.filter(({ frame }) => lineState(frame, sourceCode.lines[frame.line - 1]) === 'changed');
        if (changed.length > 0) {
          stale.lines.push(...changed.map(({ frame }) => frame.line));
          stale.count += here.site.count;
          stale.totalMs += here.site.totalMs;
          continue;
        }
        // One defect, one finding: a stall that passes through a line another rule reports is that rule's.
        if (here.frames.some(({ frame }) => isLineReported(sourceCode, frame.line))) continue;
        const chain = chainOf(here);
        for (const { frame, depth } of here.frames) {
          const place = places.get(frame.line);
          if (place === undefined) {
            places.set(frame.line, { line: frame.line, column: frame.column, site: depth === 0, count: here.site.count, totalMs: here.site.totalMs, maxMs: here.site.maxMs, chain, chainMs: here.site.totalMs });
            continue;
          }
          // A recursive function's frames on one line count once; several sites through one line add up.
          if (place.chain === chain && place.chainMs === here.site.totalMs) continue;
          place.count += here.site.count;
          place.totalMs += here.site.totalMs;
          place.maxMs = Math.max(place.maxMs, here.site.maxMs);
          place.site ||= depth === 0;
          if (here.site.totalMs > place.chainMs) Object.assign(place, { chain, chainMs: here.site.totalMs });
        }
      }
      for (const place of [...places.values()].sort((a, b) => a.line - b.line)) {
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
