// Watchdog worker: notices that the probe's thread stopped beating and samples its stack while it is blocked.
// Runtime.evaluate from a session connected to the main thread runs in a V8 interrupt on top of the blocked
// stack; the evaluated expression calls the probe's capture hook, so the stack is recorded on the blocked
// thread itself and survives an exit right after the stall. The session is connected only for one capture:
// a connected Debugger-less session is cheap, but one left open at exit makes Node wait for it to disconnect.
import { Session } from 'node:inspector';
import { parentPort, workerData } from 'node:worker_threads';

import {
  ACTIVE_AT,
  ASKED_AT,
  ASKED_BEAT,
  BEAT,
  FLAG_CONNECTED,
  FLAG_FAILED,
  FLAG_IDLE_OK,
  FLAG_MODE,
  FLAG_READY,
  FLAG_STOP,
  HOOK_KEY,
  MODE_IDLE,
  MODE_WAKING,
  POSTED_AT,
  READY_AT,
  STUCK_MS,
  views,
  WOKEN_AT,
  type WatchdogData,
  type WatchdogMessage,
} from './shared.js';
import { MainThreadActivity } from './thread-activity.js';

const data = workerData as WatchdogData;
const { beat, flags, stamps } = views(data.buffer);
const dueNs = BigInt(Math.round(data.dueMs * 1e6));
const thresholdNs = BigInt(Math.round(data.thresholdMs * 1e6));
const stuckNs = BigInt(STUCK_MS) * 1_000_000n;
// How often the watchdog reads whether an idle main thread runs. The loop's first callback after an idle
// spell restarts the heartbeat itself (an async hook), so this is the resolution only of work that starts
// without a callback, and the probe's fixed cost while idle (each read is one wake-up of this thread,
// 110-130 us after a long sleep on a 2-core VM).
const IDLE_CHECK_MS = 500;
// The thread is still returning from the beat that stopped the heartbeat: its counters settle first.
const SETTLE_MS = 5;
const activity = MainThreadActivity.open();

let session: Session | undefined;
let timer: NodeJS.Timeout | undefined;
let sampledBeat = -1n;
let samples = 0;
let stuckAsked = false;
let inFlight = false;
let stopping = false;
let idleSince: { runnableNs: bigint; at: bigint } | undefined;

function post(message: WatchdogMessage): void {
  parentPort?.postMessage(message);
}

function fail(error: unknown): void {
  post({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}

function disconnect(): void {
  if (session === undefined) return;
  const open = session;
  session = undefined;
  try {
    open.disconnect();
  } catch (error) {
    fail(error);
  }
  Atomics.store(flags, FLAG_CONNECTED, 0);
  Atomics.notify(flags, FLAG_CONNECTED);
}

function schedule(ms: number): void {
  if (stopping) return;
  // eslint-disable-next-line unblock/no-blocking-in-async -- the watchdog's own thread, whose only work this is: check() sleeps in Atomics.wait on purpose and reads /proc in microseconds
  timer = setTimeout(check, Math.max(1, Math.ceil(ms)));
}

function sample(stalledBeat: bigint): void {
  try {
    // Flag first: the probe's exit handler reads it to decide whether to wait for a disconnect.
    Atomics.store(flags, FLAG_CONNECTED, 1);
    session = new Session();
    session.connectToMainThread();
    inFlight = true;
    samples += 1;
    const requestedAt = process.hrtime.bigint();
    // The time first, so that the probe never reads this beat with another beat's time.
    if (Atomics.load(stamps, ASKED_BEAT) !== stalledBeat) {
      Atomics.store(stamps, ASKED_AT, requestedAt);
      Atomics.store(stamps, ASKED_BEAT, stalledBeat);
    }
    const waited = activity?.waitingNs();
    const expression = `globalThis[Symbol.for(${JSON.stringify(HOOK_KEY)})]?.get(${data.probeId})?.(${stalledBeat}n, ${requestedAt}n, ${waited === undefined ? 'undefined' : `${waited}n`})`;
    // The request leaves now: a watchdog descheduled since requestedAt must not make the capture look late.
    Atomics.store(stamps, POSTED_AT, process.hrtime.bigint());
    session.post('Runtime.evaluate', { expression, silent: true, returnByValue: true }, (error) => {
      inFlight = false;
      if (error && !stopping) fail(error);
      disconnect();
    });
  } catch (error) {
    inFlight = false;
    Atomics.store(flags, FLAG_FAILED, 1);
    disconnect();
    fail(error);
  }
}

function waitMs(ns: bigint): number {
  return Math.max(1, Math.ceil(Number(ns) / 1e6));
}

// Asks the probe's thread to beat again; the loop is due back within the threshold, else it is stalled.
function wake(activeAt: bigint, now: bigint): void {
  Atomics.store(stamps, ACTIVE_AT, activeAt);
  Atomics.store(stamps, WOKEN_AT, now);
  if (Atomics.compareExchange(flags, FLAG_MODE, MODE_IDLE, MODE_WAKING) === MODE_IDLE) post({ type: 'wake' });
}

// One idle check: the heartbeat has stopped, so the thread's own counters tell an idle loop (asleep in epoll,
// counters still) from one that runs.
function watchIdle(): void {
  if (idleSince === undefined) {
    Atomics.wait(flags, FLAG_MODE, MODE_IDLE, SETTLE_MS);
    if (Atomics.load(flags, FLAG_MODE) !== MODE_IDLE) return;
    const runnableNs = activity?.runnableNs();
    if (runnableNs === undefined) giveUpIdle();
    else idleSince = { runnableNs, at: process.hrtime.bigint() };
    return;
  }
  Atomics.wait(flags, FLAG_MODE, MODE_IDLE, IDLE_CHECK_MS);
  if (Atomics.load(flags, FLAG_MODE) !== MODE_IDLE) return;
  const runnableNs = activity?.runnableNs();
  const now = process.hrtime.bigint();
  if (runnableNs === undefined) {
    giveUpIdle();
    return;
  }
  if (runnableNs === idleSince.runnableNs) {
    idleSince.at = now;
    return;
  }
  // The thread has been runnable this long since the last check, and probably in one go: the loop woke for
  // one task. The run started at most that long ago (earlier if it slept in a blocking call since).
  const ranNs = runnableNs - idleSince.runnableNs;
  const sinceNs = now - idleSince.at;
  idleSince = undefined;
  wake(now - (ranNs < sinceNs ? ranNs : sinceNs), now);
}

// The counters cannot be read any more: back to the heartbeat, for good.
function giveUpIdle(): void {
  Atomics.store(flags, FLAG_IDLE_OK, 0);
  const now = process.hrtime.bigint();
  wake(now, now);
}

function check(): void {
  timer = undefined;
  let last: bigint;
  let mode: number;
  // While the loop beats, sleep in Atomics.wait until the beat could be overdue: a futex wakeup, where a timer
  // would turn this worker's event loop each time. Sampling needs the event loop (the session answers
  // through it), so an overdue beat leaves this loop for timers.
  for (;;) {
    if (stopping || Atomics.load(flags, FLAG_STOP) === 1) return;
    mode = Atomics.load(flags, FLAG_MODE);
    if (mode === MODE_IDLE) {
      // An open session answers through the event loop, which Atomics.wait would hold up.
      if (session !== undefined) {
        schedule(IDLE_CHECK_MS);
        return;
      }
      watchIdle();
      continue;
    }
    idleSince = undefined;
    last = Atomics.load(beat, BEAT);
    const now = process.hrtime.bigint();
    // Woken from idle, the loop is due back one threshold after it was asked to beat.
    const due = mode === MODE_WAKING ? Atomics.load(stamps, WOKEN_AT) + thresholdNs : last + dueNs;
    if (now >= due) break;
    if (session !== undefined) {
      schedule(Number(due - now) / 1e6);
      return;
    }
    Atomics.wait(flags, FLAG_MODE, mode, waitMs(due - now));
  }
  if (last !== sampledBeat) {
    sampledBeat = last;
    samples = 0;
    stuckAsked = false;
  }
  const startedAt = mode === MODE_WAKING ? Atomics.load(stamps, ACTIVE_AT) : last;
  // Past the sample budget, one more capture once the stall has lasted STUCK_MS tells the probe it may be stuck.
  const stuck = !stuckAsked && process.hrtime.bigint() - startedAt >= stuckNs;
  if (!inFlight && (samples < data.maxSamples || stuck)) {
    if (stuck) stuckAsked = true;
    sample(last);
  }
  schedule(data.sampleIntervalMs);
}

parentPort?.on('message', (message: unknown) => {
  if (message === 'stop') {
    stopping = true;
    if (timer !== undefined) clearTimeout(timer);
    disconnect();
    activity?.close();
    post({ type: 'disconnected' });
    parentPort?.close();
  }
});

Atomics.store(stamps, READY_AT, process.hrtime.bigint());
if (activity !== undefined) Atomics.store(flags, FLAG_IDLE_OK, 1);
Atomics.store(flags, FLAG_READY, 1);
check();
