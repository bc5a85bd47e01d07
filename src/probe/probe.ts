import { createHook, type AsyncHook } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { isMainThread, Worker, workerData } from 'node:worker_threads';

import { reportError } from './debug.js';
import { publish } from './events.js';
import { betweenCallbacks, captureRawStack, pickSite, siteKey, type RawFrame } from './frames.js';
import { PromiseTracker } from './promises.js';
import { resolveOptions, sameOptions, type ProbeOptions, type ResolvedOptions } from './options.js';
import {
  ACTIVE_AT,
  ASKED_AT,
  ASKED_BEAT,
  FLAG_CONNECTED,
  FLAG_FAILED,
  FLAG_IDLE_OK,
  FLAG_MODE,
  FLAG_READY,
  FLAG_STOP,
  HOOK_KEY,
  MODE_BEATING,
  MODE_IDLE,
  MODE_WAKING,
  POSTED_AT,
  READY_AT,
  SHARED_BYTES,
  STUCK_MS,
  views,
  WOKEN_AT,
  type WatchdogData,
  type WatchdogMessage,
} from './shared.js';
import { SourceMapper } from './source-maps.js';
import { mainThreadWaitNs } from './run-queue.js';
import { LineRecorder } from './line-text.js';
import { LoopStats, SiteTable } from './stats.js';
import { SyncCallWatcher, type SlowCall } from './sync-calls.js';
import { msToNs, nowNs, nsToMs, roundMs } from './time.js';
import type { Frame, NoStackReason, Snapshot, Stall } from './types.js';

/** A running (or stopped) probe on one thread. */
export interface Probe {
  /** The options the probe runs with, defaults filled in. */
  readonly options: Readonly<ResolvedOptions>;
  /** Delay percentiles, utilisation, stall count and top sites so far. */
  snapshot(): Snapshot;
  /** Stops measuring and releases the timer, the histogram and the watchdog; resolves to the final report. Idempotent. */
  stop(): Promise<Snapshot>;
}

interface Sample {
  late: boolean;
  frames: RawFrame[];
  at: bigint;
}

interface Samples {
  beat: bigint;
  list: Sample[];
  // When a capture last found only the microtask queue on the stack (see betweenCallbacks).
  queueAt: bigint | undefined;
}

// A capture this long after the watchdog asked for it, less the time the thread waited for a CPU, ran when an
// uninterruptible native call returned (interruptible code answers in 1-4 ms).
const LATE_MS = 50;
const TOP_SITES = 10;
// The heartbeat stops after this long with the loop idle (each beat busy for under a tenth of its period).
// Until then a stall is measured from its last beat, whatever blocks: an idle spell costs the precision of
// blocking that uses no CPU (see the watchdog), so short pauses between bursts of work keep the heartbeat.
const IDLE_AFTER_MS = 500;
// A loop woken from a long idle spell (a health check, a scrape) is most likely idle again soon: each beat
// costs an idle process a wake-up, so it stops sooner then.
const IDLE_AGAIN_AFTER_MS = 100;
const LONG_IDLE_MS = 1000;

let running: ProbeImpl | undefined;
// The register module's probe: a program that starts its own with other options replaces it as the thread's
// probe, and it keeps running for the report at exit.
let preloaded: ProbeImpl | undefined;

type Capture = (beat: bigint, requestedAt: bigint, waitedAt?: bigint) => void;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

// Undefined when globalThis was frozen before the first probe: the watchdog then has no way in.
function hooks(): Map<number, Capture> | undefined {
  const key = Symbol.for(HOOK_KEY);
  const holder = globalThis as unknown as Record<symbol, Map<number, Capture> | undefined>;
  let map = holder[key];
  if (map === undefined) {
    if (!Object.isExtensible(globalThis)) return undefined;
    map = new Map();
    Object.defineProperty(globalThis, key, { value: map, configurable: true, enumerable: false, writable: false });
  }
  return map;
}

function noAttributionReason(options: ResolvedOptions): NoStackReason | undefined {
  if (!options.attribution) return 'attribution-disabled';
  // Under the permission model connectToMainThread aborts the whole process.
  if ((process as { permission?: unknown }).permission !== undefined) return 'permission-model';
  // From a worker, connectToMainThread reaches the process's main thread, not this one.
  if (!isMainThread) return 'worker-thread';
  if (!process.features.inspector) return 'inspector-unavailable';
  return undefined;
}

class ProbeImpl implements Probe {
  readonly options: Readonly<ResolvedOptions>;
  readonly #id = 1 + Math.floor(Math.random() * 0x7fffffff);
  readonly #stats: LoopStats;
  readonly #periodNs: bigint;
  readonly #sites: SiteTable;
  readonly #mapper = new SourceMapper();
  readonly #lines = new LineRecorder(this.#mapper);
  readonly #recent: Stall[] = [];
  readonly #startNs: bigint;
  readonly #startedAt: number;
  readonly #beat: BigInt64Array;
  readonly #flags: Int32Array;
  readonly #stamps: BigInt64Array;
  #timer: NodeJS.Timeout | undefined;
  // Enabled while the heartbeat is stopped: the first callback after an idle spell restarts it.
  #wakeHook: AsyncHook | undefined;
  #activeMs = 0;
  #busyAt: bigint;
  #idleAt: bigint | undefined;
  #quietMs = IDLE_AFTER_MS;
  readonly #onExit = (): void => { this.#exit(); };
  readonly #capture: Capture = (beat, requestedAt, waitedAt) => {
    this.#sample(beat, requestedAt, waitedAt);
  };
  readonly #promises: PromiseTracker | undefined;
  #stuckBeat = -1n;
  #worker: Worker | undefined;
  readonly #syncCalls: SyncCallWatcher | undefined;
  #attribution: Snapshot['attribution'];
  #last: bigint;
  #samples: Samples = { beat: -1n, list: [], queueAt: undefined };
  #stalls = 0;
  #stalledMs = 0;
  #final: Snapshot | undefined;
  #stopping: Promise<Snapshot> | undefined;

  constructor(options: ResolvedOptions) {
    this.options = Object.freeze({ ...options });
    this.#stats = new LoopStats();
    this.#periodNs = BigInt(Math.round(options.heartbeatMs * 1e6));
    this.#sites = new SiteTable(options.maxSites);
    const buffer = new SharedArrayBuffer(SHARED_BYTES);
    ({ beat: this.#beat, flags: this.#flags, stamps: this.#stamps } = views(buffer));
    this.#startNs = nowNs();
    this.#startedAt = Date.now();
    this.#last = this.#startNs;
    Atomics.store(this.#beat, 0, this.#last);
    this.#busyAt = this.#last;
    this.#beatAgain();
    process.on('exit', this.#onExit);
    this.#syncCalls = options.attribution ? new SyncCallWatcher(options.thresholdMs, options.stackDepth) : undefined;
    this.#promises = options.promises ? new PromiseTracker(this.#mapper, options) : undefined;

    const reason = noAttributionReason(options) ?? (hooks() === undefined ? 'global-frozen' : undefined);
    this.#attribution = reason === undefined ? { active: true } : { active: false, reason };
    if (reason === undefined) this.#startWatchdog(buffer);
  }

  #startWatchdog(buffer: SharedArrayBuffer): void {
    const data: WatchdogData = {
      buffer,
      probeId: this.#id,
      dueMs: this.options.heartbeatMs + this.options.thresholdMs,
      thresholdMs: this.options.thresholdMs,
      sampleIntervalMs: this.options.sampleIntervalMs,
      maxSamples: this.options.maxSamplesPerStall,
      unblockWatchdog: true,
    };
    try {
      hooks()?.set(this.#id, this.#capture);
      // The file sits next to this one in src/ and in dist/, and in an installed package.
      const worker = new Worker(new URL('./watchdog.js', import.meta.url), { workerData: data, execArgv: [], name: 'unblock-watchdog' });
      // Listeners first: adding a 'message' listener after unref() refs the worker again and the process
      // would never exit.
      worker.on('message', (message: WatchdogMessage) => {
        if (message.type === 'error') reportError('watchdog', message.message);
        // eslint-disable-next-line unblock/no-blocking-in-async -- source maps are read once per file, when a stall is reported, and kept: mapping a stack must not wait on I/O the report may not live to see
        else if (message.type === 'wake') this.#wake();
      });
      worker.on('error', (error) => {
        this.#attribution = { active: false, reason: 'watchdog-failed' };
        reportError('watchdog', error);
      });
      worker.on('exit', () => {
        if (this.#worker !== worker) return;
        this.#worker = undefined;
        // Nothing watches an idle loop any more.
        Atomics.store(this.#flags, FLAG_IDLE_OK, 0);
        // eslint-disable-next-line unblock/no-blocking-in-async -- source maps are read once per file, when a stall is reported, and kept: mapping a stack must not wait on I/O the report may not live to see
        if (this.#final === undefined) this.#wake();
      });
      worker.unref();
      this.#worker = worker;
    } catch (error) {
      hooks()?.delete(this.#id);
      this.#attribution = { active: false, reason: 'watchdog-failed' };
      reportError('starting the watchdog', error);
    }
  }

  #beatAgain(): void {
    // eslint-disable-next-line unblock/no-blocking-in-async -- source maps are read once per file, when a stall is reported, and kept: mapping a stack must not wait on I/O the report may not live to see
    this.#timer = setInterval(() => { this.#tick(); }, this.options.heartbeatMs);
    this.#timer.unref();
  }

  #tick(): void {
    try {
      const now = nowNs();
      const previous = this.#last;
      // Move #last before publishing the beat, so that a capture racing with this tick is seen as stale.
      this.#last = now;
      Atomics.store(this.#beat, 0, now);
      this.#stats.record(now - previous - this.#periodNs);
      const lateMs = nsToMs(now - previous) - this.options.heartbeatMs;
      if (lateMs > this.options.thresholdMs) this.#close(previous, previous, lateMs, false);
      if (Atomics.load(this.#flags, FLAG_IDLE_OK) === 1) this.#idleCheck(now);
    } catch (error) {
      reportError('heartbeat', error);
    }
  }

  // Stops the heartbeat once the loop has been idle for a while: the watchdog, which can see whether this
  // thread runs, asks for the next beat when it does.
  #idleCheck(now: bigint): void {
    const activeMs = performance.eventLoopUtilization().active;
    if (activeMs - this.#activeMs > this.options.heartbeatMs / 10) this.#busyAt = now;
    this.#activeMs = activeMs;
    if (nsToMs(now - this.#busyAt) < this.#quietMs || this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#idleAt = now;
    Atomics.store(this.#flags, FLAG_MODE, MODE_IDLE);
    Atomics.notify(this.#flags, FLAG_MODE);
    // The loop's next callback is its own wake-up call, at the exact start of the work: the watchdog's
    // reads of the thread's run time are left for work that starts without one, and can be rare.
    this.#wakeHook ??= createHook({ before: () => { this.#wake(); } });
    this.#wakeHook.enable();
  }

  // Back to beating after an idle spell, from the first callback after it or from the watchdog's message.
  // Woken by the watchdog, the loop was late by as long as the wake took to arrive; a stall then ran from
  // when the watchdog saw the thread start running.
  #wake(): void {
    if (this.#final !== undefined || this.#timer !== undefined) return;
    try {
      // Runs inside an async hook: a throw there would end the process.
      this.#wakeHook?.disable();
      const now = nowNs();
      const idleBeat = this.#last;
      // The watchdog sees a fresh beat before it sees the mode change, so it asks no capture for this one.
      Atomics.store(this.#beat, 0, now);
      const mode = Atomics.exchange(this.#flags, FLAG_MODE, MODE_BEATING);
      Atomics.notify(this.#flags, FLAG_MODE);
      const wokenAt = Atomics.load(this.#stamps, WOKEN_AT);
      this.#last = now;
      if (mode === MODE_WAKING && nsToMs(now - wokenAt) > this.options.thresholdMs) {
        const activeAt = Atomics.load(this.#stamps, ACTIVE_AT);
        this.#close(idleBeat, activeAt, nsToMs(now - activeAt), false, wokenAt + msToNs(this.options.thresholdMs));
      }
      this.#busyAt = this.#last;
      this.#quietMs = this.#idleAt !== undefined && nsToMs(now - this.#idleAt) >= LONG_IDLE_MS ? IDLE_AGAIN_AFTER_MS : IDLE_AFTER_MS;
      this.#activeMs = performance.eventLoopUtilization().active;
      this.#beatAgain();
    } catch (error) {
      reportError('heartbeat', error);
    }
  }

  // When the stall that the beat `beat` is late for started: the beat itself, or after an idle spell, when
  // the thread started running.
  #startOf(beat: bigint): bigint {
    return Atomics.load(this.#flags, FLAG_MODE) === MODE_WAKING ? Atomics.load(this.#stamps, ACTIVE_AT) : beat;
  }

  // A heartbeat now, for a report written before the timer's turn: closes a stall that just ended.
  beatNow(): void {
    if (this.#final !== undefined) return;
    if (this.#timer === undefined) this.#wake();
    else this.#tick();
  }

  // Runs on this thread, in a V8 interrupt on top of the blocked stack, when the watchdog asks.
  #sample(beat: bigint, requestedAt: bigint, waitedAt: bigint | undefined): void {
    try {
      if (beat !== this.#last || this.#final !== undefined) return;
      if (this.#samples.beat !== beat) this.#samples = { beat, list: [], queueAt: undefined };
      if (this.#stuckBeat !== beat && nsToMs(nowNs() - this.#startOf(beat)) >= STUCK_MS) {
        this.#stuckBeat = beat;
        publish(this, 'stuck', beat);
      }
      if (this.#samples.list.length >= this.options.maxSamplesPerStall) return;
      const now = nowNs();
      const waitedNow = waitedAt === undefined ? undefined : mainThreadWaitNs();
      // Time spent waiting for a CPU since the request is the machine's load, not the blocking code.
      const queued = waitedAt === undefined || waitedNow === undefined ? 0n : waitedNow - waitedAt;
      // One request is in flight at a time, so the last post is this one's.
      const postedAt = Atomics.load(this.#stamps, POSTED_AT);
      const late = nsToMs(now - (postedAt > requestedAt ? postedAt : requestedAt) - queued) > LATE_MS;
      const frames = captureRawStack(this.#capture, this.options.stackDepth);
      if (betweenCallbacks(frames)) this.#samples.queueAt = now;
      else {
        this.#samples.list.push({ late, frames, at: now });
        publish(this, 'sample', beat);
      }
    } catch (error) {
      reportError('capture', error);
    }
  }

  // `beat` is the last beat before the stall (its samples are filed under it), `startNs` when it started, and
  // `dueAt` when the watchdog was due to take its first sample.
  #close(beat: bigint, startNs: bigint, durationMs: number, atExit: boolean, dueAt = beat + msToNs(this.options.heartbeatMs + this.options.thresholdMs)): void {
    const closedAt = nowNs();
    const { list: taken, queueAt } = this.#samples.beat === beat ? this.#samples : { list: [], queueAt: undefined };
    this.#samples = { beat: -1n, list: [], queueAt: undefined };
    // A watchdog that became ready after this stall was due asked for its first capture late, maybe after the
    // blocking code had returned: a capture then is the stall's only if the loop stayed blocked well after it.
    const samples =
      Atomics.load(this.#stamps, READY_AT) > dueAt ? taken.filter((sample) => !sample.late && nsToMs(closedAt - sample.at) > LATE_MS) : taken;
    const call = this.#syncCalls?.take(beat);
    // After an idle spell the start is when the watchdog saw the thread run; a slow builtin call that was
    // already blocking then (it uses no CPU the watchdog could count) started the stall earlier.
    if (call !== undefined && call.startNs < startNs && call.endNs >= startNs) {
      durationMs += nsToMs(startNs - call.startNs);
      startNs = call.startNs;
    }
    const stall: Stall = {
      startedAt: Math.round(this.#startedAt + nsToMs(startNs - this.#startNs)),
      durationMs: roundMs(durationMs),
      stack: [],
      site: undefined,
      late: false,
      samples: samples.length,
    };
    if (atExit) stall.atExit = true;
    if (samples.length > 0 || call !== undefined) {
      const chosen = this.#representative(samples, call, durationMs);
      stall.stack = chosen.stack;
      stall.site = pickSite(chosen.stack);
      stall.late = chosen.late;
    } else {
      stall.reason = this.#whyNoStack(beat, dueAt, queueAt, closedAt);
    }
    this.#stalls += 1;
    this.#stalledMs += stall.durationMs;
    this.#sites.add(stall);
    if (this.options.maxStalls > 0) {
      this.#recent.push(stall);
      if (this.#recent.length > this.options.maxStalls) this.#recent.shift();
    }
    if (this.options.onStall !== undefined) {
      const calledAt = nowNs();
      try {
        // The callback is typed as returning void, but an async one returns a promise all the same.
        // eslint-disable-next-line @typescript-eslint/no-confusing-void-expression
        const result: unknown = this.options.onStall(stall);
        // An async callback that rejects must not become the host's unhandled rejection.
        if (isThenable(result)) result.then(undefined, (error: unknown) => { reportError('onStall callback', error); });
      } catch (error) {
        reportError('onStall callback', error);
      }
      const callbackMs = nsToMs(nowNs() - calledAt);
      if (callbackMs > this.options.thresholdMs) {
        reportError('onStall callback', new Error(`onStall blocked the event loop for ${roundMs(callbackMs)} ms; that time is not counted as a stall`));
      }
    }
    publish(this, 'stall', stall, beat);
    // The probe's own time here (mapping stacks, the callback) is not the program's: counted, a callback that
    // blocks would be the next stall and run again, without end. The next beat counts from now.
    this.#last = nowNs();
    Atomics.store(this.#beat, 0, this.#last);
  }

  // The site seen in most samples wins, so that setup code caught by the first sample is not blamed for a
  // stall spent elsewhere; on a tie, the earliest sample.
  // A slow builtin call that took half the stall or more, or that no timely sample saw, names it better than
  // any sample: its stack was taken inside the call.
  #representative(samples: Sample[], call: SlowCall | undefined, durationMs: number): { stack: Frame[]; late: boolean } {
    if (call !== undefined && (samples.every((sample) => sample.late) || nsToMs(call.endNs - call.startNs) >= durationMs / 2)) {
      samples = [{ late: false, frames: call.frames, at: call.endNs }];
    }
    const mapped = samples.map((sample) => {
      const stack = this.options.sourceMaps ? this.#mapper.mapStack(sample.frames) : this.#mapper.plainStack(sample.frames);
      return { stack, late: sample.late, key: siteKey(pickSite(stack)) };
    });
    const counts = new Map<string, number>();
    for (const { key } of mapped) counts.set(key, (counts.get(key) ?? 0) + 1);
    let best = mapped[0];
    for (const candidate of mapped) if (counts.get(candidate.key)! > counts.get(best.key)!) best = candidate;
    return best;
  }

  #whyNoStack(beat: bigint, dueAt: bigint, queueAt: bigint | undefined, closedAt: bigint): NoStackReason {
    if (!this.#attribution.active) return this.#attribution.reason ?? 'watchdog-failed';
    if (Atomics.load(this.#flags, FLAG_FAILED) === 1) return 'watchdog-failed';
    // Not ready when the stall became due for its first sample: the sample came late, or never.
    if (Atomics.load(this.#flags, FLAG_READY) === 0 || Atomics.load(this.#stamps, READY_AT) > dueAt) return 'watchdog-starting';
    // A capture that saw only the microtask queue, with the loop still blocked well after it, ran between two
    // promise callbacks of the stall; one that ran as the stall ended is followed by the next beat at once.
    if (queueAt !== undefined && nsToMs(closedAt - queueAt) > LATE_MS) return 'microtasks';
    // Asked for well before the stall ended, the capture found nothing of the program: it could run only as
    // the stall ended, since nothing on the blocked thread checked for interrupts (V8 drains a queue of
    // already-resolved promises without doing so).
    if (Atomics.load(this.#stamps, ASKED_BEAT) === beat && nsToMs(closedAt - Atomics.load(this.#stamps, ASKED_AT)) > LATE_MS) return 'not-interruptible';
    return 'not-sampled';
  }

  #exit(): void {
    try {
      // A session still connected at exit makes Node wait for the debugger to disconnect, forever under
      // --inspect; ask the watchdog to disconnect and wait for it (bounded; with a 1 s bound, Node's "Waiting
      // for the debugger" was once seen on a loaded 2-core machine).
      if (this.#worker !== undefined && Atomics.load(this.#flags, FLAG_CONNECTED) === 1) {
        this.#worker.postMessage('stop');
        Atomics.wait(this.#flags, FLAG_CONNECTED, 1, 5000);
      }
      const now = nowNs();
      const mode = Atomics.load(this.#flags, FLAG_MODE);
      if (this.#final === undefined && mode === MODE_BEATING) {
        const lateMs = nsToMs(now - this.#last) - this.options.heartbeatMs;
        if (lateMs > this.options.thresholdMs) this.#close(this.#last, this.#last, lateMs, true);
      } else if (this.#final === undefined && mode === MODE_WAKING) {
        const wokenAt = Atomics.load(this.#stamps, WOKEN_AT);
        const activeAt = Atomics.load(this.#stamps, ACTIVE_AT);
        if (nsToMs(now - wokenAt) > this.options.thresholdMs) this.#close(this.#last, activeAt, nsToMs(now - activeAt), true, wokenAt + msToNs(this.options.thresholdMs));
      }
      this.#promises?.flush();
    } catch (error) {
      reportError('exit', error);
    }
  }

  snapshot(): Snapshot {
    if (this.#final !== undefined) return this.#final;
    return {
      startedAt: this.#startedAt,
      elapsedMs: roundMs(nsToMs(nowNs() - this.#startNs)),
      thresholdMs: this.options.thresholdMs,
      delay: this.#stats.delay(),
      utilization: this.#stats.utilization(),
      stalls: this.#stalls,
      stalledMs: roundMs(this.#stalledMs),
      topSites: this.#lines.record(this.#sites.top(TOP_SITES)),
      recentStalls: [...this.#recent],
      attribution: { ...this.#attribution },
      ...(this.#promises === undefined ? {} : { promises: this.#promises.report() }),
    };
  }

  // Resolves once the watchdog can sample stacks (or attribution is off, or it failed), at most after ten
  // seconds (a worker's start took over 400 ms on a loaded 2-core machine); to false if it is still starting.
  async ready(): Promise<boolean> {
    const until = Date.now() + 10_000;
    while (Date.now() < until && this.#worker !== undefined && Atomics.load(this.#flags, FLAG_READY) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return this.#worker === undefined || Atomics.load(this.#flags, FLAG_READY) === 1;
  }

  get stopped(): boolean {
    return this.#stopping !== undefined;
  }

  stop(): Promise<Snapshot> {
    this.#stopping ??= this.#release();
    return this.#stopping;
  }

  async #release(): Promise<Snapshot> {
    /* eslint-disable unblock/no-blocking-in-async -- source maps are read once per file, when a stall is reported, and kept: mapping a stack must not wait on I/O the report may not live to see */
    const report = this.snapshot();
    if (this.#promises !== undefined) report.promises = this.#promises.stop();
    /* eslint-enable unblock/no-blocking-in-async */
    this.#final = report;
    clearInterval(this.#timer);
    this.#wakeHook?.disable();
    process.off('exit', this.#onExit);
    hooks()?.delete(this.#id);
    this.#syncCalls?.stop();
    if (running === this) running = undefined;
    publish(this, 'stop');
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker !== undefined) {
      try {
        await new Promise<void>((resolve) => {
          // Referenced on purpose: the process must live until the watchdog has disconnected.
          const done = setTimeout(resolve, 1000);
          worker.once('message', () => {
            clearTimeout(done);
            resolve();
          });
          worker.once('exit', () => {
            clearTimeout(done);
            resolve();
          });
          worker.postMessage('stop');
          Atomics.store(this.#flags, FLAG_STOP, 1);
          Atomics.notify(this.#flags, FLAG_STOP);
          Atomics.notify(this.#flags, FLAG_MODE);
        });
        await worker.terminate();
      } catch (error) {
        reportError('stopping the watchdog', error);
      }
    }
    return report;
  }
}

// Creates a probe that is not the thread's shared one (for the test helper).
export function createProbe(options?: ProbeOptions): Probe & { ready(): Promise<boolean> } {
  return newProbe(options);
}

function newProbe(options?: ProbeOptions): ProbeImpl {
  if ((workerData as Partial<WatchdogData> | null)?.unblockWatchdog === true) {
    throw new Error('The probe cannot run inside its own watchdog worker.');
  }
  return new ProbeImpl(resolveOptions(options));
}

/**
 * Starts measuring event loop stalls on this thread. One probe runs per thread: while one runs, calling
 * `startProbe()` again with no options or the same options returns it, and with other options throws an
 * `Error` with code `ERR_UNBLOCK_PROBE_RUNNING`, unless the running one was preloaded by the register
 * module: then the new probe becomes the thread's and the preloaded one keeps running for its report.
 */
export function startProbe(options?: ProbeOptions): Probe {
  const resolved = resolveOptions(options);
  if (running !== undefined) {
    if (options === undefined || sameOptions(running.options, resolved)) return running;
    if (running !== preloaded) {
      throw Object.assign(new Error('A probe already runs on this thread with other options; stop it first (see currentProbe()).'), {
        code: 'ERR_UNBLOCK_PROBE_RUNNING',
      });
    }
  }
  const probe = newProbe(options);
  running = probe;
  return probe;
}

// For the register module: the probe a later startProbe() with other options steps aside from.
export function startPreloadedProbe(options?: ProbeOptions): Probe & { beatNow(): void } {
  startProbe(options);
  preloaded = running;
  if (preloaded === undefined) throw new Error('The preloaded probe did not start.');
  return preloaded;
}

/** The probe running on this thread, if any. */
export function currentProbe(): Probe | undefined {
  return running;
}
