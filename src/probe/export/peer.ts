import { createRequire } from 'node:module';
import { join } from 'node:path';

// Loads an optional peer from where this package is installed, else from the application's directory (a
// copy of the plugin outside the application, as with `npx unblock run`). Undefined when neither has it.
export function loadPeer(name: string): unknown {
  for (const base of [import.meta.url, join(process.cwd(), 'package.json')]) {
    try {
      return createRequire(base)(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    }
  }
  return undefined;
}

// One line on standard error: the host keeps running, and the user learns why nothing is exported.
export function warn(message: string): void {
  process.stderr.write(`unblock: ${message}\n`);
}
