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
  /**
   * Track the program's promises that nothing ever awaits or handles, and unhandled rejections, per creation
   * site. Costs time on every promise: meant for tests, CI and staging. Default false.
   */
  promises?: boolean;
  /**
   * With `promises: true`, called as each promise is made; the report splits its counts by what it returned
   * (`byScope`). The test-runner integrations return the running test. Must be fast and must not make promises.
   */
  promiseScope?: () => string | undefined;
  /**
   * Record stalls through the global OpenTelemetry `MeterProvider` (`unblock.stall.count`, `unblock.stall.duration`)
   * and as events on the span active when the loop stalled. Needs `@opentelemetry/api`. Default false.
   */
  openTelemetry?: boolean;
  /**
   * Register `unblock_*` metrics on this prom-client `Registry`, or on prom-client's default registry when
   * `true`. Needs `prom-client`. Default false.
   */
  prometheus?: boolean | PrometheusRegistry;
}

/** The part of a prom-client `Registry` the probe uses. */
export interface PrometheusRegistry {
  registerMetric(metric: never): void;
  removeSingleMetric(name: string): void;
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
  promises: boolean;
  promiseScope: (() => string | undefined) | undefined;
  openTelemetry: boolean;
  prometheus: false | true | PrometheusRegistry;
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
  promises: false,
  openTelemetry: false,
  prometheus: false,
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
  'promises',
  'promiseScope',
  'openTelemetry',
  'prometheus',
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

function registry(options: ProbeOptions): ResolvedOptions['prometheus'] {
  const value = options.prometheus;
  if (value === undefined) return DEFAULTS.prometheus;
  if (typeof value === 'boolean') return value;
  const candidate = value as Partial<Record<keyof PrometheusRegistry, unknown>> | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.registerMetric !== 'function' || typeof candidate.removeSingleMetric !== 'function') {
    throw new TypeError(`The "prometheus" option must be a boolean or a prom-client Registry; received ${describe(value)}.`);
  }
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
  const promiseScope = options.promiseScope;
  if (promiseScope !== undefined && typeof promiseScope !== 'function') {
    throw new TypeError(`The "promiseScope" option must be a function; received ${describe(promiseScope)}.`);
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
    promises: boolean(options, 'promises', DEFAULTS.promises),
    promiseScope,
    openTelemetry: boolean(options, 'openTelemetry', DEFAULTS.openTelemetry),
    prometheus: registry(options),
    // Short enough that a stall's measured length is within a few ms of the truth, long enough to cost nothing.
    heartbeatMs: Math.max(1, Math.min(10, Math.floor(thresholdMs / 2))),
  };
}

// True when two resolved option sets would produce the same probe.
export function sameOptions(a: ResolvedOptions, b: ResolvedOptions): boolean {
  return (Object.keys(a) as (keyof ResolvedOptions)[]).every((key) => a[key] === b[key]);
}
