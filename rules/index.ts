import noBlockingInAsync from './no-blocking-in-async.js';
import noFloatingPromises from './no-floating-promises.js';
import noUnboundedFanOut from './no-unbounded-fan-out.js';
import requireTimeout from './require-timeout.js';

// Keep sorted by rule name.
export const rules = {
  'no-blocking-in-async': noBlockingInAsync,
  'no-floating-promises': noFloatingPromises,
  'no-unbounded-fan-out': noUnboundedFanOut,
  'require-timeout': requireTimeout,
};
