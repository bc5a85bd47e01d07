import { channel } from 'node:diagnostics_channel';
import { debuglog } from 'node:util';

const log = debuglog('unblock');
const errors = channel('eslint-plugin-unblock:probe:error');

// The probe never throws into its host: internal failures go to `NODE_DEBUG=unblock` and to the
// `eslint-plugin-unblock:probe:error` diagnostics channel.
export function reportError(where: string, error: unknown): void {
  try {
    log('%s: %s', where, error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (errors.hasSubscribers) errors.publish({ where, error });
  } catch {
    // A broken subscriber must not reach the host either.
  }
}
