import { closeSync, openSync, readSync } from 'node:fs';

// How long the process's main thread has been runnable (on a CPU or waiting for one), in ns: the first two
// fields of its /proc schedstat (Linux). The sum stands still while the thread sleeps, in epoll or in a
// blocking call. The watchdog reads it several times a second while the loop is idle, so the file stays open
// and each read is one pread.
export class MainThreadActivity {
  readonly #fd: number;
  readonly #buffer = Buffer.alloc(256);

  private constructor(fd: number) {
    this.#fd = fd;
  }

  /** Undefined where the counters cannot be read (not Linux, /proc not mounted). */
  static open(pid: number = process.pid): MainThreadActivity | undefined {
    if (process.platform !== 'linux') return undefined;
    let fd: number;
    try {
      fd = openSync(`/proc/self/task/${pid}/schedstat`, 'r');
    } catch {
      return undefined;
    }
    const activity = new MainThreadActivity(fd);
    if (activity.runnableNs() !== undefined) return activity;
    activity.close();
    return undefined;
  }

  /** Undefined if the read fails or the file is not what it should be. */
  runnableNs(): bigint | undefined {
    const fields = this.#fields();
    return fields === undefined ? undefined : fields.runNs + fields.waitNs;
  }

  /** How long the thread has waited for a CPU while runnable; undefined if the read fails. */
  waitingNs(): bigint | undefined {
    return this.#fields()?.waitNs;
  }

  #fields(): { runNs: bigint; waitNs: bigint } | undefined {
    let text: string;
    try {
      text = this.#buffer.toString('latin1', 0, readSync(this.#fd, this.#buffer, 0, this.#buffer.length, 0));
    } catch {
      return undefined;
    }
    const fields = /^(\d+) (\d+) /.exec(text);
    return fields === null ? undefined : { runNs: BigInt(fields[1]), waitNs: BigInt(fields[2]) };
  }

  close(): void {
    try {
      closeSync(this.#fd);
    } catch {
      // Closed already.
    }
  }
}
