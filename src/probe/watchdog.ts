// Watchdog worker: notices that the probe's thread stopped beating and samples its stack while it is blocked.
// Runtime.evaluate from a session connected to the main thread runs in a V8 interrupt on top of the blocked
// stack; the evaluated expression calls the probe's capture hook, so the stack is recorded on the blocked
// thread itself and survives an exit right after the stall. The session is connected only for one capture:
// a connected Debugger-less session is cheap, but one left open at exit makes Node wait for it to disconnect.
import { Session } from 'node:inspector';
import { parentPort, workerData } from 'node:worker_threads';

import { mainThreadWaitNs } from './run-queue.js';
import { ASKED_AT, ASKED_BEAT, BEAT, POSTED_AT, FLAG_CONNECTED, FLAG_FAILED, FLAG_READY, FLAG_STOP, HOOK_KEY, READY_AT, STUCK_MS, views, type WatchdogData, type WatchdogMessage } from './shared.js';

const data = workerData as WatchdogData;
const { beat, flags, stamps } = views(data.buffer);
const dueNs = BigInt(Math.round(data.dueMs * 1e6));
const stuckNs = BigInt(STUCK_MS) * 1_000_000n;

let session: Session | undefined;
let timer: NodeJS.Timeout | undefined;
let sampledBeat = -1n;
let samples = 0;
let stuckAsked = false;
let inFlight = false;
let stopping = false;

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
    const waited = mainThreadWaitNs();
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

function check(): void {
  timer = undefined;
  let last: bigint;
  // While the loop beats, sleep in Atomics.wait until the beat could be overdue: a futex wakeup, where a timer
  // would turn this worker's event loop each time. Sampling needs the event loop (the session answers
  // through it), so an overdue beat leaves this loop for timers.
  for (;;) {
    if (stopping || Atomics.load(flags, FLAG_STOP) === 1) return;
    last = Atomics.load(beat, BEAT);
    const now = process.hrtime.bigint();
    const due = last + dueNs;
    if (now >= due) break;
    // An open session answers through the event loop, which Atomics.wait would hold up.
    if (session !== undefined) {
      schedule(Number(due - now) / 1e6);
      return;
    }
    Atomics.wait(flags, FLAG_STOP, 0, Math.max(1, Math.ceil(Number(due - now) / 1e6)));
  }
  if (last !== sampledBeat) {
    sampledBeat = last;
    samples = 0;
    stuckAsked = false;
  }
  // Past the sample budget, one more capture once the stall has lasted STUCK_MS tells the probe it may be stuck.
  const stuck = !stuckAsked && process.hrtime.bigint() - last >= stuckNs;
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
    post({ type: 'disconnected' });
    parentPort?.close();
  }
});

Atomics.store(stamps, READY_AT, process.hrtime.bigint());
Atomics.store(flags, FLAG_READY, 1);
check();
