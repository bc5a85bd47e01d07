import { recordingReports } from '../src/analysis/ownership.js';
import noBlockingInAsync from './no-blocking-in-async.js';
import noFloatingPromises from './no-floating-promises.js';
import noMeasuredStall from './no-measured-stall.js';
import noUnboundedFanOut from './no-unbounded-fan-out.js';
import requireTimeout from './require-timeout.js';

// Keep sorted by rule name. Each rule's reports are recorded, so that `no-measured-stall` leaves the lines
// they report to them (src/analysis/ownership.ts).
export const rules = {
  'no-blocking-in-async': recordingReports(noBlockingInAsync),
  'no-floating-promises': recordingReports(noFloatingPromises),
  'no-measured-stall': noMeasuredStall,
  'no-unbounded-fan-out': recordingReports(noUnboundedFanOut),
  'require-timeout': recordingReports(requireTimeout),
};
