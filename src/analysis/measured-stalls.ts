import { statSync } from 'node:fs';
import path from 'node:path';

import { isInternal } from '../probe/frames.js';
import { displayFile } from '../probe/report.js';
import type { Frame, Snapshot } from '../probe/types.js';
import { expandGlob } from '../util/file-globs.js';
import { lineState } from './stale-lines.js';
import { localFile, mergeSites, parseReports, readReportText, StallReportError, type StallSite } from './stall-reports.js';

/** A frame of a stall site that lies in one file: its place in the stack, counted from the site (0) outwards. */
export interface FrameHere {
  frame: Frame;
  /** 0 for the site (the innermost frame of the program's own code), 1 for its caller, and so on. */
  depth: number;
}

export interface SiteHere {
  site: StallSite;
  frames: FrameHere[];
}

export interface MeasuredStalls {
  /** Why a configured report could not be used, one line each. */
  errors: string[];
  /** The sites whose stacks pass through `file`, with the frames that lie in it. */
  sitesIn: (file: string) => SiteHere[];
}

interface ReadReport {
  mtimeMs: number;
  size: number;
  reports: Snapshot[] | StallReportError;
}

// Kept for the life of the process, so a lint run over many files and an editor's re-checks read each report
// once; a report written anew (another mtime or size) is read again.
const readCache = new Map<string, ReadReport>();
const mergedCache = new Map<string, MeasuredStalls>();
const MAX_MERGED = 8;

function read(file: string, shown: string): ReadReport | StallReportError {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (stat === undefined) return new StallReportError(`cannot read the stall report ${shown}: no such file`);
  const cached = readCache.get(file);
  if (cached !== undefined && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
  let reports: Snapshot[] | StallReportError;
  try {
    reports = parseReports(readReportText(file, '/'), shown);
  } catch (error) {
    reports = error instanceof StallReportError ? error : new StallReportError(`cannot read the stall report ${shown}: ${String(error)}`);
  }
  const entry = { mtimeMs: stat.mtimeMs, size: stat.size, reports };
  readCache.set(file, entry);
  return entry;
}

function index(sites: readonly StallSite[], cwd: string): Map<string, SiteHere[]> {
  const byFile = new Map<string, SiteHere[]>();
  const located = new Map<string, string | undefined>();
  for (const site of sites) {
    const siteIndex = Math.max(0, site.stack.findIndex((frame) => frame.file === site.site.file && frame.line === site.site.line));
    const here = new Map<string, FrameHere[]>();
    site.stack.forEach((frame, position) => {
      if (position < siteIndex || frame.line < 1) return;
      if (!located.has(frame.file)) located.set(frame.file, localFile(frame.file, cwd));
      const file = located.get(frame.file);
      if (file === undefined) return;
      const list = here.get(file) ?? [];
      list.push({ frame, depth: position - siteIndex });
      here.set(file, list);
    });
    for (const [file, frames] of here) {
      const list = byFile.get(file) ?? [];
      list.push({ site, frames });
      byFile.set(file, list);
    }
  }
  return byFile;
}

/** The stall sites of the reports that `globs` (relative to `cwd`) name, merged; read once while unchanged. */
export function measuredStalls(globs: readonly string[], cwd: string): MeasuredStalls {
  const errors: string[] = [];
  const found: { file: string; entry: ReadReport }[] = [];
  for (const glob of globs) {
    const files = expandGlob(glob, cwd);
    if (files.length === 0) errors.push(`no stall report matches ${glob} (in ${cwd})`);
    for (const file of files) {
      const entry = read(file, displayFile(file, cwd));
      if (entry instanceof StallReportError) errors.push(entry.message);
      else if (entry.reports instanceof StallReportError) errors.push(entry.reports.message);
      else found.push({ file, entry });
    }
  }
  const key = `${cwd}\n${found.map(({ file, entry }) => `${file}|${entry.mtimeMs}|${entry.size}`).join('\n')}`;
  let merged = mergedCache.get(key);
  if (merged === undefined) {
    const sites = mergeSites(found.flatMap(({ entry }) => entry.reports as Snapshot[]));
    let byFile: Map<string, SiteHere[]> | undefined;
    merged = {
      errors: [],
      sitesIn: (file) => (byFile ??= index(sites, cwd)).get(path.resolve(file)) ?? [],
    };
    if (mergedCache.size >= MAX_MERGED) mergedCache.clear();
    mergedCache.set(key, merged);
  }
  return { errors, sitesIn: merged.sitesIn };
}

/** A line of the file that took part in stalls that no other rule reports: what `no-measured-stall` says there. */
export interface StalledLine {
  line: number;
  /** 1-based, where the frame was. */
  column: number;
  /** The innermost line of the program's own code of some stall here; else only callers pass through it. */
  site: boolean;
  count: number;
  totalMs: number;
  maxMs: number;
  /** The costliest site's calls, outermost first, from its callers to the call that blocked. */
  chain: string;
}

export interface StaleSites {
  lines: number[];
  count: number;
  totalMs: number;
}

const NAME_CHARS = 24;
const CHAIN_CHARS = 50;
const CHAIN_FRAMES = 4;

function frameName(frame: Frame): string {
  const text = frame.functionName || '<anonymous>';
  return text.length > NAME_CHARS ? `${text.slice(0, NAME_CHARS - 1)}…` : text;
}

/** The site's own callers down to the call that blocked (the frame above the site), outermost first. */
export function chainOf(site: StallSite): string {
  const siteIndex = Math.max(0, site.stack.findIndex((frame) => frame.file === site.site.file && frame.line === site.site.line));
  const above = siteIndex > 0 ? [site.stack[siteIndex - 1]] : [];
  const own = site.stack.slice(siteIndex).filter((frame) => !isInternal(frame)).slice(0, CHAIN_FRAMES - above.length);
  const names = [...above, ...own].map(frameName).reverse();
  // The outermost callers go first when the chain is too long for a tooltip.
  let cut = false;
  while (names.length > 2 && names.join(' → ').length > CHAIN_CHARS - 4) {
    names.shift();
    cut = true;
  }
  return `${cut ? '… → ' : ''}${names.join(' → ')}`;
}

/**
 * The lines of one file where the stall sites passing through it are to be reported, and the sites that are
 * stale there. `lines` is the file's text as linted; `isReported` says whether another rule reports a line.
 */
export function stallsInFile(sites: readonly SiteHere[], lines: readonly string[], isReported: (line: number) => boolean): { places: StalledLine[]; stale: StaleSites } {
  const places = new Map<number, StalledLine & { chainMs: number }>();
  const stale: StaleSites = { lines: [], count: 0, totalMs: 0 };
  for (const { site, frames } of sites) {
    // A changed line, the site's or a caller's, means the code that stalled may be gone: the whole site is
    // said to be stale rather than shown on code it may no longer describe.
    const changed = frames.filter(({ frame }) => lineState(frame, lines[frame.line - 1]) === 'changed');
    if (changed.length > 0) {
      stale.lines.push(...changed.map(({ frame }) => frame.line));
      stale.count += site.count;
      stale.totalMs += site.totalMs;
      continue;
    }
    // One defect, one finding: a stall that passes through a line another rule reports is that rule's, and a
    // stall is shown in the file where it happened (its callers there too), not in every file it came through.
    if (frames.some(({ frame }) => isReported(frame.line))) continue;
    if (!frames.some(({ depth }) => depth === 0)) continue;
    const chain = chainOf(site);
    // A recursive function's frames on one line are one stall there; several sites through a line add up.
    const byLine = new Map<number, FrameHere>();
    for (const entry of frames) if (!byLine.has(entry.frame.line)) byLine.set(entry.frame.line, entry);
    for (const { frame, depth } of byLine.values()) {
      const place = places.get(frame.line);
      if (place === undefined) {
        places.set(frame.line, { line: frame.line, column: frame.column, site: depth === 0, count: site.count, totalMs: site.totalMs, maxMs: site.maxMs, chain, chainMs: site.totalMs });
        continue;
      }
      place.count += site.count;
      place.totalMs += site.totalMs;
      place.maxMs = Math.max(place.maxMs, site.maxMs);
      place.site ||= depth === 0;
      if (site.totalMs > place.chainMs) Object.assign(place, { chain, chainMs: site.totalMs, column: frame.column });
    }
  }
  const sorted = [...places.values()].sort((a, b) => a.line - b.line).map(({ chainMs: _chainMs, ...place }) => place);
  return { places: sorted, stale };
}
