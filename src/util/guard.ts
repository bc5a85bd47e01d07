import type { TSESLint } from '@typescript-eslint/utils';

/** V8's stack overflow: the checker throws it on code nested or chained deeper than its recursion allows. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && error.message.includes('call stack size');
}

/**
 * Wraps each listener so that a stack overflow skips that node instead of ending the whole ESLint run:
 * what could not be typed is left unreported, as code the checker cannot type always is.
 */
export function guardListeners<Listener extends TSESLint.RuleListener>(listeners: Listener): Listener {
  const guarded: Record<string, unknown> = {};
  for (const [selector, listener] of Object.entries(listeners)) {
    if (typeof listener !== 'function') continue;
    guarded[selector] = function (this: unknown, ...args: unknown[]): void {
      try {
        (listener as (...a: unknown[]) => void).apply(this, args);
      } catch (error) {
        if (!isStackOverflow(error)) throw error;
      }
    };
  }
  return guarded as Listener;
}
