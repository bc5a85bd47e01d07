// Overhead and attribution benchmark for the runtime probe: `npm run build && node bench/probe-overhead.js`.
// Options: --duration <s> (default 5) --rounds <n> (default 7) --connections <n> (default 20) --stalls <n per kind> (default 8)
// --modes <a,b,...> (a subset of the modes below, `none` always included) --before <dir> (adds `promises-before`: the
// promise tracker of another build of the package, such as an earlier commit's, side by side) --switch-rounds <n>
// (default 16; 0 skips part 2) --switch-configs <a,b,...> (part 2's configurations besides `off`; default
// off-again,probe,exporters; also heartbeat, timer, worker, wrappers: parts of the probe alone) --switch-rate <req/s>
// (part 2 at that request rate instead of saturated) --only <throughput,switch,idle,attribution> (default all).
//
// On Linux with 2 or more CPUs the server runs on CPU 0 and this process (the load generator) on the others,
// so that the two do not trade places on a core between runs: per-run CPU ratios spread about half as much.
//
// 1. Throughput: a node:http server on 127.0.0.1 under autocannon, in a fresh process per run, without a
//    probe, with the probe, with the probe tracking promises, with the probe and both exporters (OpenTelemetry
//    metrics SDK, prom-client), and with blocked-at, interleaved round by round (the order rotates) so that
//    drift of the machine hits all of them alike. Reports the median req/s and p99 latency, and ratios, and the
//    server's CPU time per request, which a machine shared with other work disturbs far less than req/s.
// 2. Same process: one server, with the exporters' libraries loaded, switches between no probe, the probe,
//    and the probe with both exporters, and runs without a probe between every two (1.5 s runs after a 1 s
//    settle and a 0.3 s warm-up); each run is compared with the mean of the runs without a probe on either
//    side. No process-to-process variation (JIT, heap layout) enters the ratios and the machine's drift
//    cancels, so they resolve finer than part 1's; each is given with its spread and a bootstrap 90 %
//    interval of the median, next to an A/A comparison (no probe against no probe). The watchdog's own
//    threads are read apart (/proc), a direct measure of that part of the cost.
// 3. Idle cost: CPU time per second of an idle server in each configuration (interleaved, medians), and
//    the CPU of one request to an idle server.
// 4. Per call: the cost the sync-call wrappers add to a fast `fs.existsSync`, wrapped against unwrapped,
//    interleaved in this process.
// 5. Attribution: stalls injected on purpose (busy loop, pbkdf2Sync, catastrophic regex, readFileSync of a
//    large file, execSync) under light background load; counts how many each tool detected and how many it
//    attributed to the exact blocking line.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import autocannon from 'autocannon';

const here = dirname(fileURLToPath(import.meta.url));
const serverFile = join(here, 'probe/server.js');
// `promises`: the probe with the never-awaited promise tracker on (promises: true); `exporters`: with both exporters.
// `none-again`: no probe either, an A/A comparison that shows what the per-process figures resolve.
const ALL_MODES = ['none', 'none-again', 'probe', 'promises', 'exporters', 'blocked-at'];
const KINDS = ['busy', 'pbkdf2', 'regex', 'readFile', 'readUtf8', 'exec'];

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '7' },
    connections: { type: 'string', default: '20' },
    stalls: { type: 'string', default: '8' },
    modes: { type: 'string' },
    before: { type: 'string' },
    'switch-rounds': { type: 'string', default: '16' },
    'switch-configs': { type: 'string', default: 'off-again,probe,exporters' },
    'switch-rate': { type: 'string' },
    unpinned: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const parts = new Set((values.only ?? 'throughput,switch,idle,attribution').split(','));
const switchRounds = Number(values['switch-rounds']);
const switchRate = values['switch-rate'] === undefined ? undefined : Number(values['switch-rate']);
const chosen = values.modes === undefined ? ALL_MODES : ['none', ...values.modes.split(',').filter((mode) => mode !== 'none')];
const MODES = [...chosen, ...(values.before === undefined ? [] : ['promises-before'])];
if (values.before !== undefined) process.env.UNBLOCK_BENCH_BEFORE = values.before;
const duration = Number(values.duration);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const perKind = Number(values.stalls);

if (!existsSync(join(here, '../dist/src/probe/index.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}

function siteLines() {
  const lines = readFileSync(serverFile, 'utf8').split('\n');
  return Object.fromEntries(KINDS.map((kind) => [kind, lines.findIndex((line) => line.endsWith(`// @site ${kind}`)) + 1]));
}

// The server on CPU 0, this process on the rest (see the top of the file).
const pinned = !values.unpinned && process.platform === 'linux' && availableParallelism() >= 2 && pin();
function pin() {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', `1-${availableParallelism() - 1}`, String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function startServer(mode, largeFile) {
  const args = [serverFile, mode, ...(largeFile ? [largeFile] : [])];
  const child = pinned
    ? spawn('taskset', ['-c', '0', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(JSON.parse(line).port);
    });
    child.on('exit', (code) => reject(new Error(`server (${mode}) exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// `rate`: requests per second in all, for a server that is not saturated; saturated without.
function load(url, seconds, conns, rate) {
  return autocannon({ url, connections: conns, duration: seconds, pipelining: 1, ...(rate === undefined ? {} : { overallRate: rate }) });
}

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function throughput() {
  const samples = Object.fromEntries(MODES.map((mode) => [mode, { rps: [], p99: [], cpu: [] }]));
  const cpu = async (url) => (await fetch(`${url}/cpu`).then((res) => res.json())).cpuMicros;
  for (let round = 0; round < rounds; round += 1) {
    const order = MODES.map((_, i) => MODES[(i + round) % MODES.length]);
    for (const mode of order) {
      const server = await startServer(mode);
      await load(server.url, 1, connections); // warm-up, discarded
      const before = await cpu(server.url);
      const result = await load(server.url, duration, connections);
      const used = (await cpu(server.url)) - before;
      await server.stop();
      const micros = used / result.requests.total;
      samples[mode].rps.push(result.requests.average);
      samples[mode].p99.push(result.latency.p99);
      samples[mode].cpu.push(micros);
      console.log(`  round ${round + 1} ${mode.padEnd(10)} ${result.requests.average.toFixed(0).padStart(7)} req/s  p99 ${result.latency.p99} ms  cpu ${micros.toFixed(2)} µs/req  errors ${result.errors + result.non2xx}`);
    }
  }
  // Ratios within a round share the machine's state at that time; their median resists drift better than a
  // ratio of medians.
  const ratios = (mode, key) => samples[mode][key].map((value, i) => value / samples.none[key][i]);
  const paired = (mode, key) => median(ratios(mode, key));
  return Object.fromEntries(
    MODES.map((mode) => [
      mode,
      {
        rps: median(samples[mode].rps),
        p99: median(samples[mode].p99),
        cpu: median(samples[mode].cpu),
        pairedRps: paired(mode, 'rps'),
        pairedCpu: paired(mode, 'cpu'),
        cpuInterval: medianInterval(ratios(mode, 'cpu')),
        cpuSpread: [Math.min(...ratios(mode, 'cpu')), Math.max(...ratios(mode, 'cpu'))],
      },
    ]),
  );
}

// A 90 % interval of the median of `numbers`, by resampling them with replacement (fixed seed: the same
// figures give the same interval).
function medianInterval(numbers, draws = 2000) {
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const medians = [];
  for (let draw = 0; draw < draws; draw += 1) medians.push(median(numbers.map(() => numbers[Math.floor(random() * numbers.length)])));
  medians.sort((a, b) => a - b);
  return [medians[Math.floor(draws * 0.05)], medians[Math.ceil(draws * 0.95) - 1]];
}

// Threads of a process that were not there before (by id), from /proc/<pid>/task.
function newThreads(pid, before) {
  return readdirSync(`/proc/${pid}/task`).filter((tid) => !before.includes(tid));
}

// Run time (ns) of the threads `tids` of a process, summed, from /proc/<pid>/task/<tid>/schedstat.
function runTime(pid, tids) {
  let ns = 0;
  for (const tid of tids) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'latin1').split(' ')[0]);
    } catch {
      // The thread ended meanwhile.
    }
  }
  return ns;
}

// Part 2: one server process switching between configurations. Every run of a configuration sits between two
// runs without a probe and is compared with their mean, so that the machine's drift over seconds, which is
// larger than the probe's cost here, cancels.
async function switched() {
  // `off-again`, no probe either: its ratio is what this measure resolves (an A/A comparison).
  const configs = values['switch-configs'].split(',').filter((config) => config !== 'off');
  const server = await startServer('switch');
  const ratios = Object.fromEntries(configs.map((config) => [config, []]));
  const offs = [];
  const watchdog = Object.fromEntries(configs.filter((config) => !config.startsWith('off')).map((config) => [config, []]));
  const beats = Object.fromEntries(configs.map((config) => [config, []]));
  try {
    const tickStats = async () => fetch(`${server.url}/ticks`).then((res) => res.json());
    const cpu = async () => (await fetch(`${server.url}/cpu`).then((res) => res.json())).cpuMicros;
    const baseThreads = process.platform === 'linux' ? readdirSync(`/proc/${server.pid}/task`) : [];
    const measure = async (config) => {
      const answer = await fetch(`${server.url}/switch/${config === 'off-again' ? 'off' : config}`);
      if (!answer.ok) throw new Error(`switching to ${config}: ${await answer.text()}`);
      // A probe's start (its worker, the JIT) and a stopped one's teardown settle before the run.
      await sleep(1000);
      await load(server.url, 0.3, connections, switchRate);
      const tids = process.platform === 'linux' ? newThreads(server.pid, baseThreads) : [];
      const ticksBefore = await tickStats();
      const before = await cpu();
      const threadsBefore = runTime(server.pid, tids);
      const started = process.hrtime.bigint();
      const result = await load(server.url, 1.5, connections, switchRate);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const used = (await cpu()) - before;
      const ticksAfter = await tickStats();
      if (ticksAfter.count > ticksBefore.count) {
        beats[config].push({ perS: (ticksAfter.count - ticksBefore.count) / seconds, us: (ticksAfter.ns - ticksBefore.ns) / 1e3 / (ticksAfter.count - ticksBefore.count), share: (ticksAfter.ns - ticksBefore.ns) / 1e3 / used });
      }
      if (config in watchdog && tids.length > 0) {
        const ns = runTime(server.pid, tids) - threadsBefore;
        watchdog[config].push({ msPerS: ns / 1e6 / seconds, share: ns / 1e3 / used });
      }
      return used / result.requests.total;
    };
    await load(server.url, 3, connections); // warm-up, discarded
    let previous = await measure('off');
    offs.push(previous);
    for (let round = 0; round < switchRounds; round += 1) {
      for (const config of configs.map((_, i) => configs[(i + round) % configs.length])) {
        const value = await measure(config);
        const next = await measure('off');
        offs.push(next);
        ratios[config].push(value / ((previous + next) / 2));
        if (process.env.BENCH_VERBOSE) console.log(`  round ${round + 1} ${config.padEnd(10)} cpu ${value.toFixed(2)} µs/req between ${previous.toFixed(2)} and ${next.toFixed(2)}`);
        previous = next;
      }
    }
  } finally {
    await server.stop();
  }
  const out = { off: { cpu: median(offs) } };
  for (const config of configs) {
    const list = ratios[config];
    out[config] = {
      ratio: median(list),
      interval: medianInterval(list),
      spread: [Math.min(...list), Math.max(...list)],
      watchdog: watchdog[config]?.length > 0 ? { msPerS: median(watchdog[config].map((w) => w.msPerS)), share: median(watchdog[config].map((w) => w.share)) } : undefined,
      beats: beats[config].length > 0 ? { perS: median(beats[config].map((b) => b.perS)), us: median(beats[config].map((b) => b.us)), share: median(beats[config].map((b) => b.share)) } : undefined,
    };
  }
  return out;
}

async function attribution(mode, largeFile, lines) {
  const server = await startServer(mode, largeFile);
  await sleep(300);
  const background = load(server.url, 3600, 4);
  const order = [];
  for (let i = 0; i < perKind; i += 1) order.push(...KINDS);
  for (const kind of order) {
    await fetch(`${server.url}/stall/${kind}`).then((res) => res.text());
    await sleep(150);
  }
  const { injections, stalls } = await fetch(`${server.url}/results`).then((res) => res.json());
  background.stop();
  await server.stop();
  let detected = 0;
  let attributed = 0;
  const wrong = [];
  for (const injection of injections) {
    // A probe stall starts at the last heartbeat before the block; blocked-at reports when the callback ends.
    const match = stalls.find((stall) => stall.at >= injection.start - 40 && stall.at <= injection.end + 60);
    if (match === undefined) continue;
    detected += 1;
    const line = lines[injection.kind];
    const ok =
      mode === 'probe'
        ? match.site?.file === serverFile && match.site.line === line
        : match.stack.some((frame) => frame.includes(`${serverFile}:${line}:`));
    if (ok) attributed += 1;
    else wrong.push(`${injection.kind} -> ${mode === 'probe' ? `${match.site?.file}:${match.site?.line}` : (match.stack.find((frame) => frame.includes('/') && !frame.includes('node_modules')) ?? match.stack[0]).trim()}`);
  }
  return { injected: injections.length, detected, attributed, wrong: [...new Set(wrong)].slice(0, 5) };
}

// CPU the server burns while idle, per second of wall time: the probe's fixed cost, which contention from
// other processes barely disturbs. On Linux the server's threads' run time is read from /proc from outside,
// so that the measure wakes nothing in the server (a request would end the probe's idle spell); the main
// thread and the rest are given apart. Elsewhere the server reports its own CPU time over HTTP.
async function idleCost(mode, seconds = 5) {
  const server = await startServer(mode);
  try {
    if (process.platform === 'linux') {
      await sleep(1500);
      const before = threadTimes(server.pid);
      await sleep(seconds * 1000);
      const after = threadTimes(server.pid);
      const main = (after.main - before.main) / 1e6 / seconds;
      return { total: (after.total - before.total) / 1e6 / seconds, main };
    }
    await sleep(500);
    const read = async () => (await fetch(`${server.url}/cpu`).then((res) => res.json())).cpuMicros;
    const before = await read();
    await sleep(seconds * 1000);
    return { total: ((await read()) - before) / 1000 / seconds, main: undefined };
  } finally {
    await server.stop();
  }
}

// Run time (ns) of each thread of a process, summed, and of its main thread, from /proc/<pid>/task/*/schedstat.
function threadTimes(pid) {
  return { total: runTime(pid, readdirSync(`/proc/${pid}/task`)), main: runTime(pid, [String(pid)]) };
}

// CPU that one request costs an idle server beyond the request itself: with the probe, the heartbeat runs
// again for a while after the loop wakes. Medians of `runs` requests, each after an idle spell.
async function wakeCost(mode, runs = 5) {
  if (process.platform !== 'linux') return undefined;
  const server = await startServer(mode);
  try {
    const costs = [];
    for (let run = 0; run < runs; run += 1) {
      await sleep(1500);
      const before = threadTimes(server.pid);
      await fetch(server.url).then((res) => res.text());
      await sleep(1500);
      costs.push((threadTimes(server.pid).total - before.total) / 1e6);
    }
    return median(costs);
  } finally {
    await server.stop();
  }
}

// Nanoseconds per call of a fast sync builtin with the probe's wrappers and without, medians of interleaved runs.
async function wrapperCost(calls = 200_000, runs = 15) {
  const fs = (await import('node:fs')).default;
  const { SyncCallWatcher } = await import('../dist/src/probe/sync-calls.js');
  const time = () => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i += 1) fs.existsSync('/nonexistent/unblock');
    return Number(process.hrtime.bigint() - start) / calls;
  };
  time();
  const plain = [];
  const wrapped = [];
  for (let run = 0; run < runs; run += 1) {
    plain.push(time());
    const watcher = new SyncCallWatcher(50, 32);
    wrapped.push(time());
    watcher.stop();
  }
  return { plain: median(plain), wrapped: median(wrapped) };
}

const temp = mkdtempSync(join(tmpdir(), 'unblock-bench-'));
const largeFile = join(temp, 'large.bin');
const interval = ([low, high]) => `${low.toFixed(3)}-${high.toFixed(3)}x`;
try {
  writeFileSync(largeFile, Buffer.alloc(160 * 1024 * 1024, 1));
  console.log(`node ${process.version}, ${connections} connections, ${duration} s per run, ${rounds} interleaved rounds${pinned ? ', server on CPU 0, load generator on the others' : ''}`);
  if (parts.has('idle')) {
    // Interleaved like the throughput runs: `rounds` idle measures per configuration, medians.
    const idleModes = MODES.filter((mode) => mode !== 'none-again');
    const idle = Object.fromEntries(idleModes.map((mode) => [mode, { total: [], main: [] }]));
    for (let round = 0; round < rounds; round += 1) {
      for (const mode of idleModes.map((_, i) => idleModes[(i + round) % idleModes.length])) {
        const cost = await idleCost(mode);
        idle[mode].total.push(cost.total);
        if (cost.main !== undefined) idle[mode].main.push(cost.main);
      }
    }
    const idleText = (mode) => `${mode} ${median(idle[mode].total).toFixed(2)} ms${idle[mode].main.length > 0 ? ` (main thread ${median(idle[mode].main).toFixed(2)})` : ''}`;
    console.log(`idle CPU per second, medians of ${rounds}: ${idleModes.map(idleText).join(', ')}`);
    const wake = {};
    for (const mode of ['none', 'probe', 'exporters']) wake[mode] = await wakeCost(mode);
    if (wake.none !== undefined) console.log(`CPU of one request to an idle server: ${Object.entries(wake).map(([mode, ms]) => `${mode} ${ms.toFixed(2)} ms`).join(', ')}`);
    const cost = await wrapperCost();
    console.log(`fs.existsSync per call: ${cost.plain.toFixed(0)} ns unwrapped, ${cost.wrapped.toFixed(0)} ns wrapped (+${(cost.wrapped - cost.plain).toFixed(0)} ns)`);
  }
  const t = parts.has('throughput') ? await throughput() : undefined;
  const same = parts.has('switch') && switchRounds > 0 ? await switched() : undefined;
  const a = {};
  const attributed = parts.has('attribution') ? ['probe', 'blocked-at'].filter((mode) => MODES.includes(mode)) : [];
  if (attributed.length > 0) {
    const lines = siteLines();
    console.log('\nattribution of injected stalls (threshold 50 ms, light background load):');
    for (const mode of attributed) {
      a[mode] = await attribution(mode, largeFile, lines);
      console.log(`  ${mode.padEnd(10)} injected ${a[mode].injected}  detected ${a[mode].detected}  attributed to the blocking line ${a[mode].attributed}${a[mode].wrong.length ? `  (e.g. ${a[mode].wrong.join('; ')})` : ''}`);
    }
  }
  console.log('\nsummary (medians):');
  if (t !== undefined) {
    console.log(`a fresh server process per run, ${rounds} interleaved rounds (CPU per request paired per round: median, 90 % interval of the median, spread):`);
    for (const mode of MODES) {
      const ratio = t[mode].rps / t.none.rps;
      const p99 = t[mode].p99 / t.none.p99;
      const paired = mode === 'none' ? '' : `, paired ${t[mode].pairedCpu.toFixed(3)}x [${interval(t[mode].cpuInterval)}] spread ${interval(t[mode].cpuSpread)}`;
      console.log(`  ${mode.padEnd(10)} ${t[mode].rps.toFixed(0).padStart(7)} req/s (${ratio.toFixed(3)}x, paired ${t[mode].pairedRps.toFixed(3)}x)  p99 ${t[mode].p99} ms (${p99.toFixed(2)}x)  cpu ${t[mode].cpu.toFixed(2)} µs/req${paired}`);
    }
  }
  if (same !== undefined) {
    console.log(`one server process switching the probe on and off, ${switchRate === undefined ? 'saturated' : `${switchRate} req/s`}, ${switchRounds} rounds of 1.5 s runs (CPU per request against the mean of the runs without a probe on either side: median, 90 % interval of the median, spread):`);
    console.log(`  off        cpu ${same.off.cpu.toFixed(2)} µs/req`);
    for (const config of Object.keys(same).filter((config) => config !== 'off')) {
      const r = same[config];
      const watchdog = r.watchdog === undefined ? '' : `; the watchdog's threads ${r.watchdog.msPerS.toFixed(2)} ms/s, ${(100 * r.watchdog.share).toFixed(2)} % of the server's CPU`;
      const heartbeat = r.beats === undefined ? '' : `; heartbeat ${r.beats.perS.toFixed(0)} beats/s of ${r.beats.us.toFixed(1)} µs, ${(100 * r.beats.share).toFixed(2)} %`;
      console.log(`  ${config.padEnd(10)} ${r.ratio.toFixed(3)}x [${interval(r.interval)}] spread ${interval(r.spread)}${watchdog}${heartbeat}`);
    }
  }
  for (const mode of attributed) {
    const r = a[mode];
    console.log(`  ${mode.padEnd(10)} detected ${((100 * r.detected) / r.injected).toFixed(1)} %, attributed ${((100 * r.attributed) / r.injected).toFixed(1)} % of ${r.injected} injected stalls`);
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
