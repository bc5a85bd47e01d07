import type { Stall } from './types.js';

/** Options accepted by `startProbe`. Every field is optional; defaults live in `DEFAULTS`. */
export interface ProbeOptions {
  /** A loop delay longer than this many milliseconds is a stall. Default 50. */
  thresholdMs?: number;
  /**
   * Called on the probe's thread for each stall, after the stall ended. Errors it throws, and rejections of
   * the promise an async callback returns, go to the debug channel.
   */
  onStall?: (stall: Stall) => void;
  /** Capture the blocked JavaScript stack through the inspector from a watchdog thread. Default true. */
  attribution?: boolean;
  /** Interval between further stack samples during one long stall, in milliseconds. Default 100. */
  sampleIntervalMs?: number;
  /** Stack samples taken at most during one stall. Default 10. */
  maxSamplesPerStall?: number;
  /** Frames kept per stack. Default 32. */
  stackDepth?: number;
  /** Map frames in compiled JavaScript back to their sources through source maps. Default true. */
  sourceMaps?: boolean;
  /** Most recent stalls kept in memory for the report. Default 50. */
  maxStalls?: number;
  /** Distinct stall sites aggregated; the least costly one is dropped past this. Default 100. */
  maxSites?: number;
}

export interface ResolvedOptions {
  thresholdMs: number;
  onStall: ((stall: Stall) => void) | undefined;
  attribution: boolean;
  sampleIntervalMs: number;
  maxSamplesPerStall: number;
  stackDepth: number;
  sourceMaps: boolean;
  maxStalls: number;
  maxSites: number;
  /** Period of the heartbeat timer that measures stalls and feeds the watchdog. */
  heartbeatMs: number;
}

export const DEFAULTS = {
  thresholdMs: 50,
  attribution: true,
  sampleIntervalMs: 100,
  maxSamplesPerStall: 10,
  stackDepth: 32,
  sourceMaps: true,
  maxStalls: 50,
  maxSites: 100,
} as const;

const KNOWN = new Set([
  'thresholdMs',
  'onStall',
  'attribution',
  'sampleIntervalMs',
  'maxSamplesPerStall',
  'stackDepth',
  'sourceMaps',
  'maxStalls',
  'maxSites',
]);

function number(options: ProbeOptions, name: keyof ProbeOptions, fallback: number, min: number, max: number, integer: boolean): number {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`The "${name}" option must be a number; received ${describe(value)}.`);
  }
  if ((integer && !Number.isInteger(value)) || value < min || value > max) {
    throw new RangeError(`The "${name}" option must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}; received ${value}.`);
  }
  return value;
}

function boolean(options: ProbeOptions, name: keyof ProbeOptions, fallback: boolean): boolean {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`The "${name}" option must be a boolean; received ${describe(value)}.`);
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `a value of type ${typeof value}`;
}

// Validates options at the API boundary and fills in defaults.
export function resolveOptions(options: ProbeOptions | undefined): ResolvedOptions {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`The probe options must be an object; received ${describe(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new TypeError(`Unknown probe option "${key}".`);
  }
  const onStall = options.onStall;
  if (onStall !== undefined && typeof onStall !== 'function') {
    throw new TypeError(`The "onStall" option must be a function; received ${describe(onStall)}.`);
  }
  const thresholdMs = number(options, 'thresholdMs', DEFAULTS.thresholdMs, 1, 3_600_000, false);
  return {
    thresholdMs,
    onStall,
    attribution: boolean(options, 'attribution', DEFAULTS.attribution),
    sampleIntervalMs: number(options, 'sampleIntervalMs', DEFAULTS.sampleIntervalMs, 5, 60_000, false),
    maxSamplesPerStall: number(options, 'maxSamplesPerStall', DEFAULTS.maxSamplesPerStall, 1, 1000, true),
    stackDepth: number(options, 'stackDepth', DEFAULTS.stackDepth, 1, 200, true),
    sourceMaps: boolean(options, 'sourceMaps', DEFAULTS.sourceMaps),
    maxStalls: number(options, 'maxStalls', DEFAULTS.maxStalls, 0, 100_000, true),
    maxSites: number(options, 'maxSites', DEFAULTS.maxSites, 1, 100_000, true),
    // Short enough that a stall's measured length is within a few ms of the truth, long enough to cost nothing.
    heartbeatMs: Math.max(1, Math.min(10, Math.floor(thresholdMs / 2))),
  };
}

// True when two resolved option sets would produce the same probe.
export function sameOptions(a: ResolvedOptions, b: ResolvedOptions): boolean {
  return (Object.keys(a) as (keyof ResolvedOptions)[]).every((key) => a[key] === b[key]);
}
