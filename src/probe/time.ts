// The one place where the probe's nanosecond clock becomes milliseconds.
const NS_PER_MS = 1_000_000;

export function nowNs(): bigint {
  return process.hrtime.bigint();
}

export function nsToMs(ns: bigint | number): number {
  return Number(ns) / NS_PER_MS;
}

export function msToNs(ms: number): bigint {
  return BigInt(Math.round(ms * NS_PER_MS));
}

// Rounds milliseconds for reports: 0.1 ms is as fine as a timer-based measure can be.
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}
