import type { CliIO } from '../../src/cli/io.js';

export interface CapturedIO extends CliIO {
  out: () => string;
  err: () => string;
}

/** An IO for in-process CLI calls that keeps what was written; stdout is not a terminal. */
export function captureIO(cwd: string, env: NodeJS.ProcessEnv = {}): CapturedIO {
  let out = '';
  let err = '';
  return {
    stdout: { write: (chunk: string) => (out += chunk), isTTY: false },
    stderr: { write: (chunk: string) => (err += chunk) },
    cwd,
    env,
    out: () => out,
    err: () => err,
  };
}
