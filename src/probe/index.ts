export { assertNoStall, StallAssertionError, type AssertNoStallOptions } from './assert.js';
export { DEFAULTS, type ProbeOptions, type ResolvedOptions } from './options.js';
export { currentProbe, startProbe, type Probe } from './probe.js';
export { describeReason, displayFile, formatFrame, formatReport, formatText, type ReportFormat } from './report.js';
export type {
  DelaySummary,
  Frame,
  NoStackReason,
  ProcessLabel,
  ProcessReport,
  PromiseReport,
  PromiseSite,
  SiteSummary,
  Snapshot,
  Stall,
} from './types.js';
