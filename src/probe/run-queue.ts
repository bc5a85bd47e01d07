import { MainThreadActivity } from './thread-activity.js';

// On Linux, how long the main thread has waited for a CPU while runnable (the second field of its
// schedstat, in ns). A capture that ran late only because the machine was busy is then not mistaken for
// one held up by an uninterruptible native call. Undefined elsewhere.
let activity: MainThreadActivity | undefined;
let opened = false;

export function mainThreadWaitNs(): bigint | undefined {
  if (!opened) {
    activity = MainThreadActivity.open();
    opened = true;
  }
  return activity?.waitingNs();
}
