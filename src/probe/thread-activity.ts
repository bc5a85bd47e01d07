import { closeSync, openSync, readSync } from 'node:fs';

/** The main thread's scheduler counters, as the watchdog reads them while the loop is idle. */
export interface ThreadCounters {
  // Time the thread was runnable (on a CPU or waiting for one), ns: it stands still while the thread sleeps.
  runnableNs: bigint;
  // How many times the thread went to sleep (epoll, a blocking call) since it started.
  sleeps: number;
}

const SLEEPS = /^voluntary_ctxt_switches:\s+(\d+)$/m;

// Reads the counters of the process's main thread from /proc (Linux) with one pread per file, the files kept
// open: the watchdog reads them several times a second for as long as the loop stays idle.
export class MainThreadActivity {
  readonly #schedstat: number;
  readonly #status: number;
  readonly #buffer = Buffer.alloc(4096);

  private constructor(schedstat: number, status: number) {
    this.#schedstat = schedstat;
    this.#status = status;
  }

  /** Undefined where the counters cannot be read (not Linux, /proc not mounted). */
  static open(pid: number = process.pid): MainThreadActivity | undefined {
    if (process.platform !== 'linux') return undefined;
    let schedstat: number | undefined;
    try {
      schedstat = openSync(`/proc/self/task/${pid}/schedstat`, 'r');
      const activity = new MainThreadActivity(schedstat, openSync(`/proc/self/task/${pid}/status`, 'r'));
      return activity.runnableNs() === undefined || activity.read().sleeps === undefined ? (activity.close(), undefined) : activity;
    } catch {
      if (schedstat !== undefined) closeSync(schedstat);
      return undefined;
    }
  }

  /** Run time plus run-queue wait time, the first two fields of schedstat; undefined if the read fails. */
  runnableNs(): bigint | undefined {
    const text = this.#text(this.#schedstat);
    const fields = text?.split(' ');
    if (fields === undefined || fields.length < 2 || !/^\d+$/.test(fields[0]) || !/^\d+$/.test(fields[1])) return undefined;
    return BigInt(fields[0]) + BigInt(fields[1]);
  }

  read(): Partial<ThreadCounters> {
    const runnableNs = this.runnableNs();
    const match = SLEEPS.exec(this.#text(this.#status) ?? '');
    return { runnableNs, sleeps: match === null ? undefined : Number(match[1]) };
  }

  close(): void {
    for (const fd of [this.#schedstat, this.#status]) {
      try {
        closeSync(fd);
      } catch {
        // Already closed with the worker.
      }
    }
  }

  #text(fd: number): string | undefined {
    try {
      const length = readSync(fd, this.#buffer, 0, this.#buffer.length, 0);
      return this.#buffer.toString('latin1', 0, length);
    } catch {
      return undefined;
    }
  }
}
