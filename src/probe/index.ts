export { assertNoStall, StallAssertionError, type AssertNoStallOptions } from './assert.js';
export { DEFAULTS, type ProbeOptions, type PrometheusRegistry, type ResolvedOptions } from './options.js';
export { currentProbe, type Probe } from './probe.js';
export { startProbe } from './start.js';
export { describeReason, displayFile, formatFrame, formatReport, formatText, type ReportFormat } from './report.js';
export type {
  DelaySummary,
  Frame,
  NoStackReason,
  ProcessLabel,
  ProcessReport,
  PromiseReport,
  PromiseSite,
  ScopedPromiseCount,
  SiteSummary,
  Snapshot,
  Stall,
} from './types.js';
