/** One stack frame, mapped to its source when a source map was found. */
export interface Frame {
  functionName: string;
  /** Absolute path for files on disk; `node:…` or another URL otherwise. */
  file: string;
  line: number;
  column: number;
  /** Where the frame was in the compiled JavaScript, when a source map moved it. */
  generated?: { file: string; line: number; column: number };
  /**
   * The text of `line` when the report was taken (trimmed, at most 200 characters), for the program's own
   * frames of `topSites`: a reader compares it with the line today to tell a stale match. Absent in older
   * reports and when the source could not be read.
   */
  text?: string;
}

/** Why a stall has no stack. */
export type NoStackReason =
  | 'attribution-disabled'
  | 'permission-model'
  | 'worker-thread'
  | 'inspector-unavailable'
  | 'watchdog-starting'
  | 'watchdog-failed'
  | 'microtasks'
  | 'not-interruptible'
  | 'not-sampled'
  | 'global-frozen';

export interface Stall {
  /** Wall-clock time (ms since the epoch) of the last heartbeat before the loop stopped. */
  startedAt: number;
  /** How late the loop came back, in milliseconds. */
  durationMs: number;
  /** The blocked stack (top first); empty when it could not be captured, see `reason`. */
  stack: Frame[];
  /** The first frame in the program's own code: not `node:` internals, not `node_modules` unless nothing else. */
  site: Frame | undefined;
  /** True when the stack was taken after an uninterruptible native call returned, not during it. */
  late: boolean;
  /** How many stack samples were taken during the stall. */
  samples: number;
  /** Set when `stack` is empty. */
  reason?: NoStackReason;
  /** True for a stall closed by the process exiting while the loop was still blocked. */
  atExit?: boolean;
}

export interface DelaySummary {
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface SiteSummary {
  /** `file:line` of the site, `<unknown>` for stalls without a stack. */
  key: string;
  site: Frame | undefined;
  count: number;
  totalMs: number;
  maxMs: number;
  /** Stack of the longest stall at this site. */
  stack: Frame[];
  /** Whether that stack was taken after an uninterruptible native call returned. */
  late: boolean;
  /** Why the longest stall here has no stack, if it has none. */
  reason?: NoStackReason;
}

export interface Snapshot {
  /** Wall-clock time the probe started (ms since the epoch). */
  startedAt: number;
  /** Milliseconds observed. */
  elapsedMs: number;
  thresholdMs: number;
  /** Event loop delay percentiles in milliseconds: how late the probe's heartbeat timer ran. */
  delay: DelaySummary;
  /** Share of time the loop was busy (0–1), from `performance.eventLoopUtilization()`. */
  utilization: number;
  /** Number of stalls seen. */
  stalls: number;
  /** Sum of their durations in milliseconds. */
  stalledMs: number;
  /** Sites by total stalled time, longest first. */
  topSites: SiteSummary[];
  /** The most recent stalls, oldest first (at most `maxStalls`). */
  recentStalls: Stall[];
  /** Whether stacks are being captured, and why not. */
  attribution: { active: boolean; reason?: NoStackReason };
  /** Never-awaited promises and unhandled rejections, with `promises: true`. */
  promises?: PromiseReport;
}

/** One place in the program's code that created promises nothing subscribed to, or that rejected unhandled. */
export interface PromiseSite {
  /** `file:line createdBy`. */
  key: string;
  /** The line of the program's own code that made the promise (for an async function, the line calling it). */
  site: Frame;
  /** `async loadUser` (an async function's call), `new Promise`, `Promise.all`, ... */
  createdBy: string;
  /** Garbage-collected without anything ever subscribing to them. */
  collected: number;
  /** Still pending, alive and unsubscribed when the report was taken (at exit: pending at exit). */
  pending: number;
  /** Rejected with no handler once the microtask queue drained. */
  unhandled: number;
  /** Of those, handled later (Node's `rejectionHandled`). */
  handledLate: number;
  /** The creation stack from the site down, top first. */
  stack: Frame[];
}

export interface PromiseReport {
  /** Promises created by any code (the program's, its dependencies', Node's), derived ones not included. */
  created: number;
  /** `collected + pending` over the program's own sites. */
  neverAwaited: number;
  collected: number;
  pending: number;
  unhandled: number;
  handledLate: number;
  /** Sites by never-awaited promises, most first. */
  sites: PromiseSite[];
  /** With a `promiseScope` option: the same counts split by the scope current when each promise was made. */
  byScope?: ScopedPromiseCount[];
}

/** The promises of one site made while one scope (a test) was current. */
export interface ScopedPromiseCount {
  /** What `promiseScope` returned. */
  scope: string;
  /** The `key` of the `PromiseSite`. */
  key: string;
  collected: number;
  pending: number;
  unhandled: number;
  handledLate: number;
  /** The creation stack of the first of these promises, from the site down. */
  stack: Frame[];
}

/** The process a report comes from, as the register module labels it. */
export interface ProcessLabel {
  pid: number;
  ppid: number;
  /** `process.argv`: the node binary, the script, its arguments. */
  argv: string[];
}

/** A `Snapshot` written at exit by the register module: one per process. */
export interface ProcessReport extends Snapshot {
  process: ProcessLabel;
}
