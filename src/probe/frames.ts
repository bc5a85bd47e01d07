import { fileURLToPath } from 'node:url';

import type { Frame } from './types.js';

// A frame as V8 reported it: [function, file or URL, line, column], positions 1-based; `true` last when the
// program's stack formatter already mapped the position to the source.
export type RawFrame = [string, string, number, number, true?];

type CallSite = NodeJS.CallSite;

// The probe's wrappers around sync builtins: a sample taken inside one shows the builtin, then its caller.
const WRAPPERS = new URL('./sync-calls.js', import.meta.url).href;

// Captures the current stack below `above` as raw frames. The user's `Error.prepareStackTrace`
// (or Node's own, under --enable-source-maps) is put aside so positions stay in generated code.
export function captureRawStack(above: (...args: never[]) => unknown, depth: number): RawFrame[] {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- saved to be put back, never called here
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  try {
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.stackTraceLimit = depth + 1;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, above);
    const sites = holder.stack as CallSite[];
    // The watchdog's evaluated expression has no file and sits on top of the blocked frames; the sync-call
    // wrappers' own frames are not the program's.
    const fileOf = (site: CallSite): string => site.getFileName() ?? site.getScriptNameOrSourceURL() ?? '';
    const kept = sites.filter((site, index) => !(index === 0 && fileOf(site) === '') && fileOf(site) !== WRAPPERS);
    return callSitesToRaw(kept.slice(0, depth), prepare);
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

// Raw frames from call sites (possibly captured earlier and kept unformatted). `prepare` is the
// `Error.prepareStackTrace` the program had installed, if any.
export function callSitesToRaw(sites: CallSite[], prepare?: typeof Error.prepareStackTrace): RawFrame[] {
  const frames = sites.map((site): RawFrame => {
    const name = site.getFunctionName() ?? site.getMethodName() ?? '';
    const type = site.isConstructor() ? 'new ' : '';
    return [type + (name || '<anonymous>'), site.getFileName() ?? site.getScriptNameOrSourceURL() ?? '', site.getLineNumber() ?? 0, site.getColumnNumber() ?? 0];
  });
  if (prepare !== undefined && frames.some(([, file]) => TRANSFORMED.test(file))) useFormatter(frames, sites, prepare);
  return frames;
}

// TypeScript (or JSX) that a loader transformed in memory, as vitest's module runner does: no file on disk
// holds the code that ran, so no source map can be found from the path. The loader's own stack formatter
// (vitest installs one as Error.prepareStackTrace) knows the map; its text gives the source positions.
const TRANSFORMED = /\.(?:[cm]?tsx?|jsx)$/;
const FORMATTED = /^\s*at (?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

function useFormatter(frames: RawFrame[], sites: CallSite[], prepare: NonNullable<typeof Error.prepareStackTrace>): void {
  let text: unknown;
  try {
    text = prepare(Object.assign(new Error(''), { stack: '' }), sites);
  } catch {
    return;
  }
  if (typeof text !== 'string') return;
  const lines = text.split('\n').filter((line) => /^\s*at /.test(line));
  if (lines.length !== frames.length) return;
  frames.forEach((frame, index) => {
    const match = FORMATTED.exec(lines[index]);
    if (match === null || !TRANSFORMED.test(frame[1])) return;
    const file = normalizeFile(match[2]);
    if (file !== normalizeFile(frame[1])) return;
    // Names stay V8's: Node's formatter names a frame from its caller's mapping, not its own.
    frame[2] = Number(match[3]);
    frame[3] = Number(match[4]);
    frame[4] = true;
  });
}
