// HTTP server for bench/probe-overhead.js: `node bench/probe/server.js none|probe|promises|promises-before|exporters|blocked-at|switch [largeFile]`.
// GET / answers a small JSON document; GET /stall/<kind> blocks the loop on purpose (the `@site` markers are
// where each stall must be attributed); GET /cpu returns the process's CPU time so far; GET /results returns
// the injections and the stalls seen; GET /ticks what the heartbeat's callbacks took (`switch` only). `switch` starts with no probe and loads what `exporters` loads; GET
// /switch/off|probe|exporters stops the running probe and starts the one named, once its watchdog is ready.
import { execSync } from 'node:child_process';
import { pbkdf2Sync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const mode = process.argv[2] ?? 'none';
let switchProbe;
const largeFile = process.argv[3];
const THRESHOLD_MS = 50;
const stalls = [];
const injections = [];
const ticks = { count: 0, ns: 0n };

function timeIntervals() {
  const original = globalThis.setInterval;
  globalThis.setInterval = (callback, ms, ...args) => {
    if (ms > 50) return original(callback, ms, ...args);
    return original(
      () => {
        const start = process.hrtime.bigint();
        callback();
        ticks.ns += process.hrtime.bigint() - start;
        ticks.count += 1;
      },
      ms,
      ...args,
    );
  };
}

// Parts of the probe alone, to find where its cost goes: the heartbeat (no watchdog, no wrappers), a bare
// 10 ms timer, an idle worker thread, the sync-call wrappers. Each resolves to what stops it.
const PARTS = ['heartbeat', 'timer', 'worker', 'wrappers'];

async function startPart(part) {
  if (part === 'heartbeat') {
    const { startProbe } = await import('../../dist/src/probe/index.js');
    return startProbe({ thresholdMs: THRESHOLD_MS, attribution: false });
  }
  if (part === 'timer') {
    const timer = setInterval(() => {}, 10).unref();
    return { stop: async () => clearInterval(timer) };
  }
  if (part === 'worker') {
    const worker = new Worker('Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)', { eval: true });
    worker.unref();
    return { stop: () => worker.terminate() };
  }
  const { SyncCallWatcher } = await import('../../dist/src/probe/sync-calls.js');
  const watcher = new SyncCallWatcher(THRESHOLD_MS, 32);
  return { stop: async () => watcher.stop() };
}

if (mode === 'probe' || mode === 'promises' || mode === 'promises-before') {
  // `promises-before`: the build named by bench/probe-overhead.js --before.
  const build = mode === 'promises-before' ? pathToFileURL(join(process.env.UNBLOCK_BENCH_BEFORE, 'dist/src/probe/index.js')).href : '../../dist/src/probe/index.js';
  const { startProbe } = await import(build);
  startProbe({
    thresholdMs: THRESHOLD_MS,
    promises: mode !== 'probe',
    onStall: (stall) => stalls.push({ at: stall.startedAt, durationMs: stall.durationMs, site: stall.site, late: stall.late, reason: stall.reason }),
  });
} else if (mode === 'exporters' || mode === 'switch') {
  // Under `switch`, the heartbeat's callback is timed where it runs (the probe's only interval timer).
  if (mode === 'switch') timeIntervals();
  // Both exporters on, each with a real consumer registered: the OpenTelemetry metrics SDK and a prom-client registry.
  const { metrics } = await import('@opentelemetry/api');
  const { MeterProvider, MetricReader } = await import('@opentelemetry/sdk-metrics');
  const { default: client } = await import('prom-client');
  class PullReader extends MetricReader {
    async onForceFlush() {}
    async onShutdown() {}
  }
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [new PullReader()] }));
  const { startProbe } = await import('../../dist/src/probe/index.js');
  if (mode === 'exporters') startProbe({ thresholdMs: THRESHOLD_MS, openTelemetry: true, prometheus: new client.Registry() });
  else {
    let running;
    switchProbe = async (config) => {
      await running?.stop();
      running = undefined;
      // A fresh registry each time: a stopped probe's metrics leave the registry, a new one's must not clash.
      if (config === 'probe') running = startProbe({ thresholdMs: THRESHOLD_MS });
      else if (PARTS.includes(config)) running = await startPart(config);
      else if (config === 'exporters') running = startProbe({ thresholdMs: THRESHOLD_MS, openTelemetry: true, prometheus: new client.Registry() });
      else if (config !== 'off') throw new Error(`unknown configuration ${config}`);
      // Not in the public type; the running probe has it.
      await running?.ready?.();
    };
  }
} else if (PARTS.includes(mode)) {
  // From the start (see `switch` for the same parts switched on later).
  await startPart(mode);
} else if (mode === 'blocked-at') {
  const { default: blocked } = await import('blocked-at');
  blocked((durationMs, stack) => stalls.push({ at: Date.now(), durationMs, stack }), { threshold: THRESHOLD_MS });
} else if (mode !== 'none' && mode !== 'none-again') {
  throw new Error(`unknown mode ${mode}`);
}

function busy() {
  const end = performance.now() + 120;
  while (performance.now() < end); // @site busy
}

// Each stall is sized to take about 90-120 ms on a current machine: well over the 50 ms threshold.
function hash() {
  return pbkdf2Sync('secret', 'salt', 250_000, 64, 'sha512'); // @site pbkdf2
}

function regex(length = 25) {
  return /^(a+)+$/.test(`${'a'.repeat(length)}!`); // @site regex
}
// V8 interprets a regular expression's first run and compiles it after: 25 characters take ~110 ms compiled
// and ~16 times that interpreted, so the first run is done here, on a short subject.
regex(1);

function readLarge() {
  return readFileSync(largeFile).length; // @site readFile
}

function readBody() {
  return readFileSync(largeFile, 'utf8').length; // @site readUtf8
}

// A UTF-8 read is one native call; only the probe's wrapper sees the helper's frame before it returns.
async function handleRead() {
  await null;
  return readBody();
}

function shell() {
  return execSync('sleep 0.12'); // @site exec
}

const STALLS = { busy, pbkdf2: hash, regex, readFile: readLarge, readUtf8: handleRead, exec: shell };
const body = JSON.stringify({ ok: true, items: [1, 2, 3], text: 'hello' });

const server = http.createServer((req, res) => {
  if (req.url === '/') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...JSON.parse(body), now: Date.now() }));
  } else if (req.url.startsWith('/stall/')) {
    const kind = req.url.slice('/stall/'.length);
    const start = Date.now();
    Promise.resolve(STALLS[kind]()).then(() => {
      injections.push({ kind, start, end: Date.now() });
      res.end('stalled');
    });
  } else if (req.url.startsWith('/switch/') && switchProbe !== undefined) {
    switchProbe(req.url.slice('/switch/'.length)).then(
      () => res.end('ok'),
      (error) => res.writeHead(500).end(String(error)),
    );
  } else if (req.url === '/ticks') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ count: ticks.count, ns: Number(ticks.ns) }));
  } else if (req.url === '/cpu') {
    const { user, system } = process.cpuUsage();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ cpuMicros: user + system }));
  } else if (req.url === '/results') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ injections, stalls }));
  } else {
    res.writeHead(404).end();
  }
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
