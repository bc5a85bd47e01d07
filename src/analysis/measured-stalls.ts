import { statSync } from 'node:fs';
import path from 'node:path';

import { displayFile } from '../probe/report.js';
import type { Frame, Snapshot } from '../probe/types.js';
import { expandGlob } from '../util/file-globs.js';
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
  sitesIn(file: string): SiteHere[];
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
