import { fileURLToPath } from 'node:url';

import type { Frame } from './types.js';

// A frame as V8 reported it: [function, file or URL, line, column], positions 1-based.
export type RawFrame = [string, string, number, number];

type CallSite = NodeJS.CallSite;

// Captures the current stack below `above` as raw frames. The user's `Error.prepareStackTrace`
// (or Node's own, under --enable-source-maps) is put aside so positions stay in generated code.
export function captureRawStack(above: Function, depth: number): RawFrame[] {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  try {
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.stackTraceLimit = depth + 1;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, above);
    const sites = holder.stack as CallSite[];
    const frames: RawFrame[] = [];
    sites.forEach((site, index) => {
      const file = site.getFileName() ?? site.getScriptNameOrSourceURL() ?? '';
      // The watchdog's evaluated expression has no file and sits on top of the blocked frames.
      if (index === 0 && file === '') return;
      if (frames.length >= depth) return;
      const name = site.getFunctionName() ?? site.getMethodName() ?? '';
      const type = site.isConstructor() ? 'new ' : '';
      frames.push([type + (name || '<anonymous>'), file, site.getLineNumber() ?? 0, site.getColumnNumber() ?? 0]);
    });
    return frames;
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}

// Turns a file URL into a path; leaves `node:` and other URLs alone.
export function normalizeFile(file: string): string {
  if (file.startsWith('file://')) {
    try {
      return fileURLToPath(file);
    } catch {
      return file;
    }
  }
  return file;
}

// Node drains the microtask queue from these (and from C++, with no JavaScript frame at all). An interrupt
// that lands between two promise callbacks sees only them: the callbacks' own frames are gone by then.
const QUEUE_RUNNERS = new Set(['runNextTicks', 'processTicksAndRejections']);

export function betweenCallbacks(frames: RawFrame[]): boolean {
  // Native frames without a file (V8's own runMicrotasks) may sit on top of the runner.
  const top = frames.find((frame) => frame[1] !== '');
  return top === undefined || (QUEUE_RUNNERS.has(top[0]) && top[1].startsWith('node:'));
}

export function isInternal(frame: Frame): boolean {
  const { file } = frame;
  return file === '' || file.startsWith('node:') || file.startsWith('internal/') || !(file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file) || file.includes('://'));
}

export function isDependency(frame: Frame): boolean {
  return /[\\/]node_modules[\\/]/.test(frame.file);
}

// The first frame in the program's own code; a dependency frame only when no own frame exists.
export function pickSite(stack: Frame[]): Frame | undefined {
  return stack.find((frame) => !isInternal(frame) && !isDependency(frame)) ?? stack.find((frame) => !isInternal(frame));
}

export function siteKey(frame: Frame | undefined): string {
  return frame === undefined ? '<unknown>' : `${frame.file}:${frame.line}`;
}
