import { reportError } from './debug.js';
import type { Stall } from './types.js';

// What a probe publishes to the modules that listen to it (the exporters). `sample` runs inside the V8
// interrupt on top of the blocked stack, so a listener sees the blocked code's async context there; `beat`
// ties a sample to the stall it belongs to.
export interface ProbeEvents {
  sample: [beat: bigint];
  // The loop has been blocked for STUCK_MS: it may never come back (raised once per stall, in the interrupt).
  stuck: [beat: bigint];
  stall: [stall: Stall, beat: bigint];
  stop: [];
}

type Listener<K extends keyof ProbeEvents> = (...args: ProbeEvents[K]) => void;
type Listeners = Partial<Record<keyof ProbeEvents, ((...args: never) => void)[]>>;

const registry = new WeakMap<object, Listeners>();

/** Calls `listener` for each `type` event of `probe`; returns the function that unsubscribes it. */
export function subscribe<K extends keyof ProbeEvents>(probe: object, type: K, listener: Listener<K>): () => void {
  let listeners = registry.get(probe);
  if (listeners === undefined) registry.set(probe, (listeners = {}));
  const table = listeners;
  // Copied on change, so that a listener that unsubscribes during publish does not skip its neighbour.
  table[type] = [...(table[type] ?? []), listener];
  return () => {
    table[type] = table[type]?.filter((entry) => entry !== listener);
  };
}

export function publish<K extends keyof ProbeEvents>(probe: object, type: K, ...args: ProbeEvents[K]): void {
  const list = registry.get(probe)?.[type] as Listener<K>[] | undefined;
  if (list === undefined) return;
  for (const listener of list) {
    try {
      listener(...args);
    } catch (error) {
      reportError(`${type} listener`, error);
    }
  }
}
