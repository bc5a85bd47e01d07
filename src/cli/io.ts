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
