export { assertNoStall, StallAssertionError, type AssertNoStallOptions } from './assert.js';
export { DEFAULTS, type ProbeOptions, type ResolvedOptions } from './options.js';
export { currentProbe, startProbe, type Probe } from './probe.js';
export { formatReport, formatText, type ReportFormat } from './report.js';
export type { DelaySummary, Frame, NoStackReason, ProcessLabel, ProcessReport, SiteSummary, Snapshot, Stall } from './types.js';
