import { statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { reportError } from './debug.js';
import type { ProbeEnvironment } from './environment.js';
import { subscribe } from './events.js';
import type { Probe } from './probe.js';
import { formatReport, type ReportFormat } from './report.js';
import type { ProcessReport } from './types.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * `stalls.json` → `stalls.4242.json`: every process of a tree writes its own report. A directory gets
 * `unblock-report.4242.json` (or `.txt`) inside it. A device or pipe that exists (`/dev/stderr`,
 * `/dev/null`, a FIFO a collector reads) is written as it is: it has no name to number.
 */
export function processReportFile(template: string, pid: number, format: ReportFormat): string {
  const stats = statSync(template, { throwIfNoEntry: false });
  if (stats?.isDirectory() === true) {
    return join(template, `unblock-report.${pid}.${format === 'json' ? 'json' : 'txt'}`);
  }
  if (stats !== undefined && !stats.isFile()) return template;
  const extension = extname(template);
  return join(dirname(template), `${basename(template, extension)}.${pid}${extension}`);
}

/** The entry point itself was not found: the process never ran the program's code. */
export function isMissingEntry(error: unknown, argv: readonly string[]): boolean {
  const entry = argv[1];
  if (entry === undefined || typeof error !== 'object' || error === null) return false;
  const { code, url, message } = error as { code?: unknown; url?: unknown; message?: unknown };
  if (code === 'ERR_MODULE_NOT_FOUND') return url === pathToFileURL(entry).href;
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.startsWith(`Cannot find module '${entry}'`);
}

const WRITE_FAILURES: Record<string, string> = {
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a parent of it is not a directory',
  EISDIR: 'it is a directory',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ERR_ACCESS_DENIED: 'the permission model does not allow it (--allow-fs-write)',
};

/** Why a file could not be written, in words: `its directory does not exist`. */
export function whyNotWritten(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return WRITE_FAILURES[code] ?? code;
  return String((error as Error | null)?.message ?? error).split('\n')[0];
}

// signal-exit (v3 and v4) re-raises a signal only when its own listeners are the only ones, so it and the
// probe would each leave the signal to the other; its listeners do not count as the program's own.
function signalExitListeners(): number {
  const v4 = (globalThis as Record<symbol, { count?: unknown } | undefined>)[Symbol.for('signal-exit emitter')];
  const v3 = (process as { __signal_exit_emitter__?: { count?: unknown } }).__signal_exit_emitter__;
  return (typeof v4?.count === 'number' ? v4.count : 0) + (typeof v3?.count === 'number' ? v3.count : 0);
}

/**
 * Writes the probe's report once, at exit or on SIGINT/SIGTERM/SIGHUP when the program has no listener of
 * its own for that signal (the process then dies by the same signal); a program that handles the signal
 * keeps its behaviour and its report comes at exit.
 */
export function reportAtExit(probe: Probe & { beatNow(): void }, settings: ProbeEnvironment): void {
  let done = false;
  let entryMissing = false;

  const write = (): void => {
    if (done) return;
    done = true;
    if (entryMissing) return;
    let text: string;
    try {
      const report: ProcessReport = { ...probe.snapshot(), process: { pid: process.pid, ppid: process.ppid, argv: [...process.argv] } };
      text = formatReport(report, settings.format);
    } catch (error) {
      reportError('writing the report', error);
      return;
    }
    if (settings.file === undefined) {
      process.stderr.write(text);
      return;
    }
    let file = settings.file;
    try {
      file = processReportFile(settings.file, process.pid, settings.format);
      writeFileSync(file, text);
    } catch (error) {
      process.stderr.write(`unblock: cannot write the probe report to ${file}: ${whyNotWritten(error)}; here it is instead.\n${text}`);
    }
  };

  const listeners = new Map<NodeJS.Signals, () => void>();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (process.listenerCount(signal) - 1 - signalExitListeners() > 0) return;
    // A signal that arrived during a stall runs before the heartbeat that would have closed it.
    probe.beatNow();
    write();
    for (const [name, listener] of listeners) process.off(name, listener);
    // With no listener left, the signal's default action applies: the same death (and exit status) as
    // without the probe.
    process.kill(process.pid, signal);
  };
  for (const signal of SIGNALS) {
    const listener = (): void => { onSignal(signal); };
    listeners.set(signal, listener);
    // eslint-disable-next-line unblock/no-blocking-in-async -- the process dies right after: an asynchronous write would never finish
    process.on(signal, listener);
  }
  // A listener cannot run while the loop is blocked, so a loop stuck for good would ignore Ctrl-C: once a stall
  // has lasted STUCK_MS, the listeners step aside (the signal's default action applies, without a report) until
  // the stall ends.
  let aside = false;
  subscribe(probe, 'stuck', () => {
    if (aside || done) return;
    aside = true;
    for (const [name, listener] of listeners) process.off(name, listener);
  });
  subscribe(probe, 'stall', () => {
    if (!aside || done) return;
    aside = false;
    for (const [name, listener] of listeners) process.on(name, listener);
  });
  process.on('uncaughtExceptionMonitor', (error) => {
    if (isMissingEntry(error, process.argv)) entryMissing = true;
  });
  // Registered after the probe's own exit listener, which closes a stall the process exits in.
  process.on('exit', write);
}
