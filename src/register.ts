// `node --import eslint-plugin-unblock/register app.js`: starts a probe from the environment and writes its
// report at exit (or on a signal that ends the program). UNBLOCK_THRESHOLD_MS (default 50),
// UNBLOCK_REPORT=text|json (default text), UNBLOCK_REPORT_FILE (default: standard error; each process writes
// its own file, with its pid in the name).
import { isMainThread } from 'node:worker_threads';

import { readEnvironment } from './probe/environment.js';
import { reportAtExit } from './probe/exit.js';
import { startPreloadedProbe } from './probe/probe.js';

// With NODE_OPTIONS=--import …/register this module loads into every worker, the probe's own watchdog
// included; only the main thread starts a probe.
if (isMainThread) {
  const environment = readEnvironment(process.env, process.cwd());
  if (!environment.ok) {
    // An --import that throws kills the program with a stack trace; a wrong setting must not.
    process.stderr.write(`unblock: ${environment.message} The probe is off in this process.\n`);
  } else {
    const settings = environment.value;
    // Children started from another directory must write where this process was asked to.
    if (settings.file !== undefined) process.env.UNBLOCK_REPORT_FILE = settings.file;
    try {
      reportAtExit(startPreloadedProbe(settings.thresholdMs === undefined ? {} : { thresholdMs: settings.thresholdMs }), settings);
    } catch (error) {
      process.stderr.write(`unblock: the probe could not start (${String((error as Error | null)?.message ?? error)}); the program runs without it.
`);
    }
  }
}
