import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { promiseHooks } from 'node:v8';

import { reportError } from './debug.js';
import { callSitesToRaw, isDependency, isInternal, siteKey } from './frames.js';
import type { SourceMapper } from './source-maps.js';
import type { Frame, PromiseReport, PromiseSite, ScopedPromiseCount } from './types.js';

const STACK_FRAMES = 8;
const STACK_LINES = 5;
const probeDir = dirname(fileURLToPath(import.meta.url));
const REJECTED = /^Promise \{\s*<rejected>/;

interface Entry {
  // The unformatted stack V8 captured at creation: formatting (the costly part) waits until it is needed.
  holder: { stack?: unknown };
  /** What `promiseScope` returned when the promise was made (the test that was running). */
  scope: string | undefined;
  subscribed: boolean;
  rejected: boolean;
  settledWhileFree: boolean;
  site?: PromiseSite | null;
  // Its own stack from the site down, once resolved: a scope lists the stack of its first promise at a site.
  stack?: Frame[];
}

type Counter = 'collected' | 'pending' | 'unhandled' | 'handledLate';

// The probe's own promises are not the program's, wherever a source map puts them.
function ownFrame(frame: Frame): boolean {
  return !isInternal(frame) && !isDependency(frame) && !(frame.generated?.file ?? frame.file).startsWith(probeDir);
}

/**
 * Watches the promises the program creates and counts, per creation site, those nothing ever subscribed to
 * (no `await`, `then`, `catch`, `finally`, combinator) that were garbage-collected or are still pending, and
 * rejections that were unhandled or handled late. Only promises without a parent are followed: those that
 * `then`, `catch`, `finally` and `await` derive are subscriptions, not creations.
 */
export class PromiseTracker {
  // Promises made since the last sweep: nearly all are subscribed before the code that made them yields
  // (`await f()`, `f().then()`, `Promise.all([...])`), and leave this map without further cost.
  #fresh = new Map<Promise<unknown>, Entry>();
  // Promises still unsubscribed at a sweep, watched until subscribed or collected.
  readonly #entries = new WeakMap<Promise<unknown>, Entry>();
  readonly #free = new Set<Entry>();
  readonly #sites = new Map<string, PromiseSite>();
  readonly #scoped = new Map<string, ScopedPromiseCount>();
  readonly #registry = new FinalizationRegistry<Entry>((entry) => { this.#collected(entry); });
  readonly #mapper: SourceMapper;
  readonly #sourceMaps: boolean;
  readonly #maxSites: number;
  readonly #scope: (() => string | undefined) | undefined;
  readonly #stop: () => void;
  #settled: Promise<unknown>[] = [];
  #created = 0;
  #stopped = false;

  constructor(mapper: SourceMapper, options: { sourceMaps: boolean; maxSites: number; promiseScope?: (() => string | undefined) | undefined }) {
    this.#mapper = mapper;
    this.#sourceMaps = options.sourceMaps;
    this.#maxSites = options.maxSites;
    this.#scope = options.promiseScope;
    const sweep = (): void => { this.#sweep(); };
    const init = (promise: Promise<unknown>, parent: Promise<unknown> | undefined): void => {
      if (parent !== undefined) {
        this.#subscribe(parent);
        return;
      }
      this.#created += 1;
      const holder = {};
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = STACK_FRAMES;
      Error.captureStackTrace(holder, init);
      Error.stackTraceLimit = limit;
      const entry: Entry = { holder, scope: this.#scopeNow(), subscribed: false, rejected: false, settledWhileFree: false };
      // A microtask runs once the code that made the promise has returned, before any timer or I/O callback.
      if (this.#fresh.size === 0) queueMicrotask(sweep);
      this.#fresh.set(promise, entry);
    };
    const settled = (promise: Promise<unknown>): void => {
      // A fresh promise that settles (an async function that returned before its caller awaited it) is
      // checked by the sweep, if it is still unsubscribed then.
      const fresh = this.#fresh.get(promise);
      if (fresh !== undefined) {
        fresh.settledWhileFree = true;
        return;
      }
      const entry = this.#entries.get(promise);
      if (entry === undefined || entry.subscribed) return;
      entry.settledWhileFree = true;
      this.#queueCheck(promise);
    };
    // @types/node 20 declares the returned stop function as a bare `Function`.
    this.#stop = promiseHooks.createHook({ init, settled }) as () => void;
  }

  #scopeNow(): string | undefined {
    if (this.#scope === undefined) return undefined;
    try {
      const scope = this.#scope();
      return typeof scope === 'string' ? scope : undefined;
    } catch (error) {
      reportError('promiseScope callback', error);
      return undefined;
    }
  }

  #entryOf(promise: Promise<unknown>): Entry | undefined {
    return this.#fresh.get(promise) ?? this.#entries.get(promise);
  }

  #subscribe(promise: Promise<unknown>): void {
    const fresh = this.#fresh.get(promise);
    if (fresh !== undefined) {
      this.#fresh.delete(promise);
      fresh.subscribed = true;
      if (fresh.rejected) this.#count(fresh, 'handledLate');
      return;
    }
    const entry = this.#entries.get(promise);
    if (entry === undefined || entry.subscribed) return;
    entry.subscribed = true;
    this.#free.delete(entry);
    this.#registry.unregister(entry);
    if (entry.rejected) this.#count(entry, 'handledLate');
    else entry.holder = {};
  }

  // Node calls a rejection unhandled when no handler came by the time the microtask queue drained; a tick
  // queued before the drain ends (from a promise hook or the sweep, a microtask) runs after it, before
  // Node's own check.
  #queueCheck(promise: Promise<unknown>): void {
    // eslint-disable-next-line unblock/no-blocking-in-async -- source maps are read once per file, when a stall is reported, and kept: mapping a stack must not wait on I/O the report may not live to see
    if (this.#settled.length === 0) process.nextTick(() => { this.#checkSettled(); });
    this.#settled.push(promise);
  }

  // The promises still unsubscribed now are the only ones that pay for a weak reference and a finalizer.
  #sweep(): void {
    const fresh = this.#fresh;
    if (fresh.size === 0) return;
    this.#fresh = new Map();
    if (this.#stopped) return;
    for (const [promise, entry] of fresh) {
      this.#entries.set(promise, entry);
      this.#free.add(entry);
      this.#registry.register(promise, entry, entry);
      if (entry.settledWhileFree) this.#queueCheck(promise);
    }
  }

  // Only promises that settled with nobody subscribed are inspected, so the common `await f()` costs nothing here.
  #checkSettled(): void {
    const list = this.#settled;
    this.#settled = [];
    for (const promise of list) {
      try {
        const entry = this.#entryOf(promise);
        if (entry === undefined || entry.subscribed || entry.rejected) continue;
        if (REJECTED.test(inspect(promise, { depth: 0, customInspect: false }))) {
          entry.rejected = true;
          this.#count(entry, 'unhandled');
        }
      } catch (error) {
        reportError('promise tracker', error);
      }
    }
  }

  #collected(entry: Entry): void {
    if (this.#stopped) return;
    this.#free.delete(entry);
    if (!entry.subscribed) this.#count(entry, 'collected');
  }

  #count(entry: Entry, counter: Counter): void {
    try {
      const site = this.#siteOf(entry);
      if (site === null) return;
      site[counter] += 1;
      if (entry.scope !== undefined) this.#scopedCount(entry.scope, site, entry)[counter] += 1;
    } catch (error) {
      reportError('promise tracker', error);
    }
  }

  // Resolves the creation stack once, on the first report about this promise.
  #siteOf(entry: Entry): PromiseSite | null {
    if (entry.site !== undefined) return entry.site;
    // With several promise hooks registered, Node calls them through a dispatcher of its own.
    const raw = readStack(entry.holder).filter(([, file]) => file !== 'node:internal/promise_hooks');
    const stack = this.#sourceMaps ? this.#mapper.mapStack(raw) : this.#mapper.plainStack(raw);
    entry.site = null;
    // A builtin on top (`new Promise`, `Promise.all`) has no file; a function with one on top is the async
    // function whose call made the promise, and its caller is the site.
    const creator = stack[0];
    if (creator === undefined) return null;
    const builtin = creator.file === '';
    const at = builtin ? stack.findIndex((frame) => frame.file !== '') : stack.length > 1 && stack[1].file !== '' ? 1 : 0;
    const frame = stack[at];
    if (frame === undefined || !ownFrame(frame)) return null;
    const createdBy = !builtin ? `async ${creator.functionName}` : creator.functionName.startsWith('new ') ? creator.functionName : `Promise.${creator.functionName}`;
    const key = `${siteKey(frame)} ${createdBy}`;
    let site = this.#sites.get(key);
    if (site === undefined) {
      if (this.#sites.size >= this.#maxSites) return null;
      site = { key, site: frame, createdBy, collected: 0, pending: 0, unhandled: 0, handledLate: 0, stack: stack.slice(at, at + STACK_LINES) };
      this.#sites.set(key, site);
    }
    entry.site = site;
    if (entry.scope !== undefined) entry.stack = stack.slice(at, at + STACK_LINES);
    entry.holder = {};
    return site;
  }

  #scopedCount(scope: string, site: PromiseSite, entry: Entry): ScopedPromiseCount {
    const key = `${scope}\n${site.key}`;
    let count = this.#scoped.get(key);
    if (count === undefined) {
      count = { scope, key: site.key, collected: 0, pending: 0, unhandled: 0, handledLate: 0, stack: entry.stack ?? site.stack };
      this.#scoped.set(key, count);
    }
    return count;
  }

  /** Counts so far; `pending` counts the free promises still alive and not settled, now. */
  report(): PromiseReport {
    const pending = new Map<PromiseSite, number>();
    const scopedPending = new Map<ScopedPromiseCount, number>();
    for (const entry of [...this.#fresh.values(), ...this.#free]) {
      if (entry.subscribed || entry.settledWhileFree) continue;
      const site = this.#siteOf(entry);
      if (site === null) continue;
      pending.set(site, (pending.get(site) ?? 0) + 1);
      if (entry.scope !== undefined) {
        const scoped = this.#scopedCount(entry.scope, site, entry);
        scopedPending.set(scoped, (scopedPending.get(scoped) ?? 0) + 1);
      }
    }
    const byScope = [...this.#scoped.values()]
      .map((count) => ({ ...count, pending: scopedPending.get(count) ?? 0 }))
      .filter((count) => count.collected + count.pending + count.unhandled + count.handledLate > 0);
    const sites = [...this.#sites.values()]
      .map((site) => ({ ...site, pending: pending.get(site) ?? 0 }))
      .filter((site) => site.collected + site.pending + site.unhandled + site.handledLate > 0)
      .sort((a, b) => b.collected + b.pending - (a.collected + a.pending) || b.unhandled - a.unhandled || a.key.localeCompare(b.key));
    const total = (name: Counter) => sites.reduce((sum, site) => sum + site[name], 0);
    return {
      created: this.#created,
      neverAwaited: total('collected') + total('pending'),
      collected: total('collected'),
      pending: total('pending'),
      unhandled: total('unhandled'),
      handledLate: total('handledLate'),
      sites,
      ...(this.#scope === undefined ? {} : { byScope }),
    };
  }

  /** Rejections settled this turn are classified first, so that a process dying of one still counts it. */
  flush(): void {
    this.#sweep();
    this.#checkSettled();
  }

  stop(): PromiseReport {
    this.flush();
    const report = this.report();
    if (!this.#stopped) {
      this.#stopped = true;
      this.#stop();
    }
    return report;
  }
}

function readStack(holder: { stack?: unknown }): ReturnType<typeof callSitesToRaw> {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- saved to be put back, never called here
  const prepare = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, sites) => sites;
    const sites = holder.stack;
    return Array.isArray(sites) ? callSitesToRaw(sites as NodeJS.CallSite[], prepare) : [];
  } finally {
    Error.prepareStackTrace = prepare;
  }
}
