import { readFileSync } from 'node:fs';

// On Linux, how long the main thread has waited for a CPU while runnable (the second field of its
// schedstat, in ns). A capture that ran late only because the machine was busy is then not mistaken for
// one held up by an uninterruptible native call. Undefined elsewhere.
const file = `/proc/self/task/${process.pid}/schedstat`;
let available = process.platform === 'linux';

export function mainThreadWaitNs(): bigint | undefined {
  if (!available) return undefined;
  try {
    return BigInt(readFileSync(file, 'latin1').split(' ')[1]);
  } catch {
    available = false;
    return undefined;
  }
}
