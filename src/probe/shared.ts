// Layout of the SharedArrayBuffer between a probe and its watchdog worker.
// Bytes 0-7: the heartbeat, process.hrtime.bigint() of the last timer tick on the probe's thread (the clock
// is CLOCK_MONOTONIC, shared by all threads). Bytes 8-31: six Int32 flags. Bytes 32-79, on the same clock:
// when the watchdog became ready, the beat it first asked a capture for and when, when it last posted one,
// and, after an idle spell, when the watchdog saw the thread run again and since when it had been running.
export const SHARED_BYTES = 80;

/** A stall this long may never end: the watchdog asks for one more capture then, past its sample budget. */
export const STUCK_MS = 3000;
export const BEAT = 0;
export const FLAG_READY = 0;
export const FLAG_CONNECTED = 1;
export const FLAG_FAILED = 2;
// Set (and notified) by the probe to wake a watchdog sleeping in Atomics.wait, so it reads its messages.
export const FLAG_STOP = 3;
// The heartbeat's mode (MODE_*); the watchdog sleeps on this flag, so every change of it is notified.
export const FLAG_MODE = 4;
// Set by a watchdog that can read the main thread's scheduler counters, and so can watch an idle loop.
export const FLAG_IDLE_OK = 5;

// The heartbeat ticks; the watchdog waits for the beat to be overdue.
export const MODE_BEATING = 0;
// The loop was idle and the heartbeat stopped; the watchdog reads whether the thread runs.
export const MODE_IDLE = 1;
// The watchdog saw the idle thread run and asked it (a message) to beat again; the loop is due back.
export const MODE_WAKING = 2;

export const READY_AT = 0;
export const ASKED_BEAT = 1;
export const ASKED_AT = 2;
export const POSTED_AT = 3;
export const WOKEN_AT = 4;
export const ACTIVE_AT = 5;

export function views(buffer: SharedArrayBuffer): { beat: BigInt64Array; flags: Int32Array; stamps: BigInt64Array } {
  return { beat: new BigInt64Array(buffer, 0, 1), flags: new Int32Array(buffer, 8, 6), stamps: new BigInt64Array(buffer, 32, 6) };
}

// The global Map (probe id -> capture function) through which the watchdog reaches the blocked thread.
export const HOOK_KEY = 'eslint-plugin-unblock.probe.capture';

export interface WatchdogData {
  buffer: SharedArrayBuffer;
  probeId: number;
  // Heartbeat period plus threshold: the beat is overdue, and the loop stalled, past this.
  dueMs: number;
  thresholdMs: number;
  sampleIntervalMs: number;
  maxSamples: number;
  // Marks the worker so that a register module loaded into it does not start another probe.
  unblockWatchdog: true;
}

export type WatchdogMessage = { type: 'error'; message: string } | { type: 'disconnected' } | { type: 'wake' };
