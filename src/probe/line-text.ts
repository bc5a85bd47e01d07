import { readFileSync } from 'node:fs';

import { isDependency, isInternal } from './frames.js';
import type { SourceMapper } from './source-maps.js';
import type { Frame, SiteSummary } from './types.js';

// How much of a line a report keeps: enough to tell a changed line from the same one.
export const LINE_TEXT_CHARS = 200;
const MAX_KEPT = 2000;

// A line as a report records it, and as a reader compares it: without indentation, at most 200 characters.
export function normalizeLine(line: string): string {
  return line.trim().slice(0, LINE_TEXT_CHARS);
}

// Writes each frame's line of source into `frame.text`, so that whoever reads the report later can tell
// whether the line it names still holds the code that stalled. Lines come from the source map's
// `sourcesContent` when the frame was mapped (the code that ran, even if the file changed since), else from
// the file on disk; each file is read once per report, when the report is taken, never while the program runs.
export class LineRecorder {
  readonly #mapper: SourceMapper;
  readonly #texts = new Map<string, string | null>();

  constructor(mapper: SourceMapper) {
    this.#mapper = mapper;
  }

  record(sites: SiteSummary[]): SiteSummary[] {
    const files = new Map<string, string[] | null>();
    for (const site of sites) {
      for (const frame of site.stack) this.#record(frame, files);
      if (site.site !== undefined) this.#record(site.site, files);
    }
    return sites;
  }

  #record(frame: Frame, files: Map<string, string[] | null>): void {
    if (frame.text !== undefined || frame.line < 1 || isInternal(frame) || isDependency(frame)) return;
    const key = `${frame.file}:${frame.line}`;
    let text = this.#texts.get(key);
    if (text === undefined) {
      const lines = this.#lines(frame, files);
      const line = lines?.[frame.line - 1];
      text = line === undefined ? null : normalizeLine(line);
      if (this.#texts.size >= MAX_KEPT) this.#texts.clear();
      this.#texts.set(key, text);
    }
    if (text !== null) frame.text = text;
  }

  #lines(frame: Frame, files: Map<string, string[] | null>): string[] | null {
    const source = frame.generated === undefined ? undefined : this.#mapper.sourceContent(frame.generated.file, frame.file);
    if (source !== undefined) return source.split(/\r?\n/);
    let lines = files.get(frame.file);
    if (lines === undefined) {
      try {
        lines = readFileSync(frame.file, 'utf8').split(/\r?\n/);
      } catch {
        lines = null;
      }
      files.set(frame.file, lines);
    }
    return lines;
  }
}
