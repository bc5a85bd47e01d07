// Cost of the never-awaited promise tracker on promise-heavy code: `npm run build && node bench/promises.js`.
// Options: --rounds <n> (default 5) --ops <n> (default 200000) --before <dir> (another build of the package,
// such as an earlier commit's, measured side by side as `before`: its dist/src/probe/index.js with promises: true).
// Each round runs the same workload in a fresh process without a probe, with the probe as deployed
// (promises off) and with `promises: true`, the order rotating; reports the median time per operation and
// the ratios paired per round. One operation is an async call that awaits a timer-free chain of three async
// functions, plus one Promise.all of two: about ten promises, all awaited, so the figure is the tracker's
// cost on promises it never reports.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { timeAwaits } from './promise-workload.js';

const here = dirname(fileURLToPath(import.meta.url));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '5' }, ops: { type: 'string', default: '200000' }, before: { type: 'string' } },
});
const ops = Number(values.ops);
const MODES = ['none', 'probe', 'promises', ...(values.before === undefined ? [] : ['before'])];

async function workload(mode) {
  let probe;
  if (mode !== 'none') {
    const entry = mode === 'before' ? pathToFileURL(join(values.before, 'dist/src/probe/index.js')).href : '../dist/src/probe/index.js';
    const { startProbe } = await import(entry);
    probe = startProbe({ attribution: false, promises: mode !== 'probe' });
  }
  const { nsPerOp, sum } = await timeAwaits(ops);
  const report = await probe?.stop();
  process.stdout.write(`${JSON.stringify({ nsPerOp, sum, created: report?.promises?.created, neverAwaited: report?.promises?.neverAwaited })}\n`);
}

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

if (positionals[0] !== undefined) {
  await workload(positionals[0]);
} else {
  if (!existsSync(join(here, '../dist/src/probe/index.js'))) {
    console.error('dist/ is missing: run `npm run build` first.');
    process.exit(1);
  }
  if (values.before !== undefined && !existsSync(join(values.before, 'dist/src/probe/index.js'))) {
    console.error(`--before ${values.before}: no dist/src/probe/index.js there; build that checkout first.`);
    process.exit(1);
  }
  const rounds = Number(values.rounds);
  const samples = Object.fromEntries(MODES.map((mode) => [mode, []]));
  console.log(`node ${process.version}, ${ops} operations per run, ${rounds} interleaved rounds`);
  for (let round = 0; round < rounds; round += 1) {
    for (const mode of MODES.map((_, i) => MODES[(i + round) % MODES.length])) {
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), mode, '--ops', String(ops), ...(values.before === undefined ? [] : ['--before', values.before])], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`${mode} run failed: ${child.stderr}`);
      const result = JSON.parse(child.stdout);
      samples[mode].push(result.nsPerOp);
      console.log(`  round ${round + 1} ${mode.padEnd(8)} ${(result.nsPerOp / 1000).toFixed(2)} µs/op${result.created === undefined ? '' : `  promises tracked ${result.created}, never awaited ${result.neverAwaited}`}`);
    }
  }
  const paired = (mode) => median(samples[mode].map((value, i) => value / samples.none[i]));
  console.log('\nsummary (medians):');
  for (const mode of MODES) {
    console.log(`  ${mode.padEnd(8)} ${(median(samples[mode]) / 1000).toFixed(2)} µs/op  (${(median(samples[mode]) / median(samples.none)).toFixed(2)}x, paired ${paired(mode).toFixed(2)}x)`);
  }
  if (values.before !== undefined) {
    // The tracker's own cost, this build's against the other's, round by round: the baseline's noise drops out.
    const extra = (mode, i) => samples[mode][i] - samples.none[i];
    const ratio = median(samples.promises.map((_, i) => extra('promises', i) / extra('before', i)));
    console.log(`  tracker cost, this build / before: paired ${ratio.toFixed(2)}x (${(median(samples.before.map((_, i) => extra('before', i))) / 1000).toFixed(2)} -> ${(median(samples.promises.map((_, i) => extra('promises', i))) / 1000).toFixed(2)} µs/op added)`);
  }
}
