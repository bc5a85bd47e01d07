import noFloatingPromises from './no-floating-promises.js';

// Keep sorted by rule name.
export const rules = {
  'no-floating-promises': noFloatingPromises,
};
