import noBlockingInAsync from './no-blocking-in-async.js';
import noFloatingPromises from './no-floating-promises.js';

// Keep sorted by rule name.
export const rules = {
  'no-blocking-in-async': noBlockingInAsync,
  'no-floating-promises': noFloatingPromises,
};
