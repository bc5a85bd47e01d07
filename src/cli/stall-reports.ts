import type { Snapshot } from '../probe/types.js';
import { readReportFiles as readShared, StallReportError } from '../analysis/stall-reports.js';
import { UsageError } from './io.js';

export { localFile, mergeSites, type StallSite } from '../analysis/stall-reports.js';

/** The reports in `files`; one that cannot be used is a usage error: one line, exit code 2. */
export function readReportFiles(files: readonly string[], cwd: string): Snapshot[] {
  try {
    return readShared(files, cwd);
  } catch (error) {
    if (error instanceof StallReportError) throw new UsageError(error.message);
    throw error;
  }
}
