// HTTP server for bench/probe-overhead.js: `node bench/probe/server.js none|probe|promises|promises-before|exporters|blocked-at [largeFile]`.
// GET / answers a small JSON document; GET /stall/<kind> blocks the loop on purpose (the `@site` markers are
// where each stall must be attributed); GET /cpu returns the process's CPU time so far; GET /results returns
// the injections and the stalls seen.
import { execSync } from 'node:child_process';
import { pbkdf2Sync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const mode = process.argv[2] ?? 'none';
const largeFile = process.argv[3];
const THRESHOLD_MS = 50;
const stalls = [];
const injections = [];

if (mode === 'probe' || mode === 'promises' || mode === 'promises-before') {
  // `promises-before`: the build named by bench/probe-overhead.js --before.
  const build = mode === 'promises-before' ? pathToFileURL(join(process.env.UNBLOCK_BENCH_BEFORE, 'dist/src/probe/index.js')).href : '../../dist/src/probe/index.js';
  const { startProbe } = await import(build);
  startProbe({
    thresholdMs: THRESHOLD_MS,
    promises: mode !== 'probe',
    onStall: (stall) => stalls.push({ at: stall.startedAt, durationMs: stall.durationMs, site: stall.site, late: stall.late, reason: stall.reason }),
  });
} else if (mode === 'exporters') {
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
  startProbe({ thresholdMs: THRESHOLD_MS, openTelemetry: true, prometheus: new client.Registry() });
} else if (mode === 'blocked-at') {
  const { default: blocked } = await import('blocked-at');
  blocked((durationMs, stack) => stalls.push({ at: Date.now(), durationMs, stack }), { threshold: THRESHOLD_MS });
} else if (mode !== 'none') {
  throw new Error(`unknown mode ${mode}`);
}

function busy() {
  const end = performance.now() + 120;
  while (performance.now() < end); // @site busy
}

function hash() {
  return pbkdf2Sync('secret', 'salt', 120_000, 64, 'sha512'); // @site pbkdf2
}

function regex() {
  return /^(a+)+$/.test(`${'a'.repeat(21)}!`); // @site regex
}

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
