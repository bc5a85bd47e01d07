import { readFileSync } from 'node:fs';

import { normalizeLine } from '../probe/line-text.js';
import type { Frame } from '../probe/types.js';

/**
 * Whether a frame of a report still names the code that stalled: `same` when its recorded text is the line's
 * text now (indentation aside), `changed` when it is not (or the line is gone), `unverified` for a report
 * written before the probe recorded line text, which is matched by path and line alone.
 */
export type LineState = 'same' | 'changed' | 'unverified';

export function lineState(frame: Frame, current: string | undefined): LineState {
  if (typeof frame.text !== 'string') return current === undefined ? 'changed' : 'unverified';
  return current !== undefined && normalizeLine(current) === frame.text ? 'same' : 'changed';
}

/** The lines of files on disk, each file read once (a missing file has none). */
export class FileLines {
  readonly #files = new Map<string, string[] | undefined>();

  line(file: string, line: number): string | undefined {
    if (!this.#files.has(file)) {
      let lines: string[] | undefined;
      try {
        lines = readFileSync(file, 'utf8').split(/\r?\n/);
      } catch {
        lines = undefined;
      }
      this.#files.set(file, lines);
    }
    return this.#files.get(file)?.[line - 1];
  }
}
