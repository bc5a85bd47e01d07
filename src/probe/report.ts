import { basename, isAbsolute, relative, sep } from 'node:path';

import type { Frame, NoStackReason, ProcessLabel, ProcessReport, PromiseReport, Snapshot } from './types.js';

export type ReportFormat = 'text' | 'json';

const REASONS: Record<NoStackReason, string> = {
  'attribution-disabled': 'attribution is turned off',
  'permission-model': 'the permission model forbids the inspector',
  'worker-thread': 'the probe runs in a worker thread',
  'inspector-unavailable': 'this Node.js has no inspector',
  'watchdog-starting': 'the watchdog was still starting',
  'watchdog-failed': 'the watchdog failed',
  microtasks: 'every sample fell between two promise callbacks (an await loop that never yields to the event loop)',
  'not-interruptible': 'the blocking code could not be interrupted (often an await loop on already-resolved promises)',
  'not-sampled': 'the stall ended before it was sampled',
  'global-frozen': 'globalThis was frozen before the probe started',
};

const STACK_LINES = 5;

export function describeReason(reason: NoStackReason): string {
  return REASONS[reason];
}

/** A path relative to `cwd` when the file is under it, as the report shows it. */
export function displayFile(file: string, cwd: string = process.cwd()): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
}

export function formatFrame(frame: Frame, cwd?: string): string {
  // Line 0: a builtin call whose stack was taken in its wrapper, where the builtin has no position.
  const position = frame.line === 0 ? '' : `:${frame.line}:${frame.column}`;
  return `${frame.functionName} (${displayFile(frame.file, cwd)}${position})`;
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

const COMMAND_CHARS = 100;

/** `pid 4242 (node server.js --port 3000)`: which process a report is about. */
export function describeProcess(label: ProcessLabel, cwd: string = process.cwd()): string {
  const [binary = 'node', ...rest] = label.argv;
  let command = [basename(binary), ...rest.map((arg) => displayFile(arg, cwd) || '.')].join(' ');
  if (command.length > COMMAND_CHARS) command = `${command.slice(0, COMMAND_CHARS - 1)}…`;
  return `pid ${label.pid} (${command})`;
}

/** The report as a terminal reads it: a few lines of figures, then the costliest stall sites with stacks. */
export function formatText(snapshot: Snapshot | ProcessReport, cwd: string = process.cwd()): string {
  const { delay } = snapshot;
  const label = 'process' in snapshot ? `${describeProcess(snapshot.process, cwd)}, ` : '';
  const lines = [
    `unblock probe: ${label}${(snapshot.elapsedMs / 1000).toFixed(1)} s observed, stall threshold ${snapshot.thresholdMs} ms`,
    `  loop delay   p50 ${ms(delay.p50)}  p90 ${ms(delay.p90)}  p99 ${ms(delay.p99)}  max ${ms(delay.max)}  (min ${delay.min.toFixed(1)}, mean ${delay.mean.toFixed(1)})`,
    `  utilization  ${(snapshot.utilization * 100).toFixed(1)} %`,
    `  stalls       ${snapshot.stalls}${snapshot.stalls > 0 ? ` (${ms(snapshot.stalledMs)} in total)` : ''}`,
  ];
  if (!snapshot.attribution.active && snapshot.attribution.reason !== undefined) {
    lines.push(`  stacks       not captured: ${describeReason(snapshot.attribution.reason)}`);
  }
  if (snapshot.topSites.length > 0) lines.push('  top stall sites, by total time:');
  snapshot.topSites.forEach((entry, index) => {
    const where = entry.site === undefined ? '<unknown site>' : `${displayFile(entry.site.file, cwd)}:${entry.site.line}`;
    const name = entry.site === undefined ? '' : `  ${entry.site.functionName}`;
    lines.push(`  ${String(index + 1).padStart(2)}. ${where}${name}  ${entry.count}x  total ${ms(entry.totalMs)}  max ${ms(entry.maxMs)}`);
    if (entry.stack.length === 0) {
      lines.push(`        (no stack: ${describeReason(entry.reason ?? 'not-sampled')})`);
      return;
    }
    // Start one frame above the site, so that the blocking call (often in node:) shows, then the callers.
    const at = entry.site === undefined ? 0 : Math.max(0, entry.stack.indexOf(entry.site) - 1);
    for (const frame of entry.stack.slice(at, at + STACK_LINES)) lines.push(`        at ${formatFrame(frame, cwd)}`);
    if (entry.late) lines.push('        (stack taken when a native call returned: the site is its caller)');
  });
  if (snapshot.promises !== undefined) lines.push(...promiseLines(snapshot.promises, cwd));
  return `${lines.join('\n')}\n`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function promiseLines(report: PromiseReport, cwd: string): string[] {
  const lines = [
    `  promises     ${report.neverAwaited} never awaited (${report.collected} collected, ${report.pending} pending), ${plural(report.unhandled, 'unhandled rejection')} (${report.handledLate} handled late), of ${report.created} created`,
  ];
  if (report.sites.length > 0) lines.push('  never-awaited promises and unhandled rejections, by site:');
  report.sites.forEach((entry, index) => {
    const counts = [
      entry.collected > 0 ? `${entry.collected} collected` : '',
      entry.pending > 0 ? `${entry.pending} pending` : '',
      entry.unhandled > 0 ? `${entry.unhandled} unhandled` : '',
      entry.handledLate > 0 ? `${entry.handledLate} handled late` : '',
    ].filter((part) => part !== '');
    lines.push(`  ${String(index + 1).padStart(2)}. ${displayFile(entry.site.file, cwd)}:${entry.site.line}  ${entry.createdBy} in ${entry.site.functionName}  ${counts.join('  ')}`);
    for (const frame of entry.stack) lines.push(`        at ${formatFrame(frame, cwd)}`);
  });
  return lines;
}

export function formatReport(snapshot: Snapshot | ProcessReport, format: ReportFormat, cwd?: string): string {
  return format === 'json' ? `${JSON.stringify(snapshot, null, 2)}\n` : formatText(snapshot, cwd);
}
