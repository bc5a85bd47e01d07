/** Where a command writes and what it runs in; the bin passes the real process, tests pass buffers. */
export interface CliIO {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown };
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** A problem with how the command was called or configured: exit code 2 and one line, no stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/**
 * The real process as a CliIO. A reader that goes away (`unblock lint -f json | head -1`) is not an error:
 * the rest of the output is dropped and the exit status stays the command's.
 */
export function processIO(): CliIO {
  let readerGone = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && !readerGone) throw error;
    readerGone = true;
  });
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}
