// The Prometheus exporter through the built package in child processes; a real Prometheus server (Debian's
// `prometheus` package) scrapes a test app and is queried through its HTTP API for the planted stall site.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { root, runNode } from '../probe/helpers.js';
import { assertBuilt, fixtures, siteLineIn } from './helpers.js';

const prometheus = (process.env.PATH ?? '')
  .split(delimiter)
  .map((dir) => join(dir, 'prometheus'))
  .find((file) => existsSync(file));
if (prometheus === undefined) {
  console.warn('Skipping the Prometheus server test: no `prometheus` binary on PATH (Debian: apt-get install prometheus).');
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => {
        resolve(port);
      });
    });
  });
}

function start(command: string, args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const append = (chunk: string): void => {
    output += chunk;
  };
  child.stdout.setEncoding('utf8').on('data', append);
  child.stderr.setEncoding('utf8').on('data', append);
  cleanups.push(() => {
    child.kill('SIGKILL');
  });
  return { child, output: () => output };
}

// Polls `probe` until it returns a value, for at most `ms`; the message says what never happened.
async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>, log: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} within ${ms / 1000} s; output:\n${log().slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

describe('Prometheus exporter', () => {
  beforeAll(assertBuilt);

  it.skipIf(prometheus === undefined)('is scraped by a real Prometheus server, which returns the planted stall by site', async () => {
    if (prometheus === undefined) return;
    const app = start(process.execPath, [join(fixtures, 'prometheus-app.js')]);
    const { port, planted } = await until(
      'the app did not listen',
      30_000,
      () => {
        const first = app.output().split('\n')[0];
        return Promise.resolve(app.output().includes('\n') ? (JSON.parse(first) as { port: number; planted: { durationMs: number } }) : undefined);
      },
      app.output,
    );

    const dir = mkdtempSync(join(tmpdir(), 'unblock-prometheus-'));
    cleanups.push(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ['127.0.0.1:${port}']\n`,
    );
    const apiPort = await freePort();
    const server = start(prometheus, [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${apiPort}`]);
    const query = async (promql: string): Promise<Sample[] | undefined> => {
      const response = await fetch(`http://127.0.0.1:${apiPort}/api/v1/query?query=${encodeURIComponent(promql)}`, { signal: AbortSignal.timeout(10_000) });
      const body = (await response.json()) as { data: { result: Sample[] } };
      return body.data.result.length > 0 ? body.data.result : undefined;
    };

    const file = join(fixtures, 'prometheus-app.js');
    const line = String(siteLineIn('prometheus-app.js', 'planted'));
    const stalls = await until('Prometheus had no unblock_stalls_total for the planted site', 90_000, () => query(`unblock_stalls_total{code_lineno="${line}"}`), server.output);
    expect(stalls).toHaveLength(1);
    expect(stalls[0].metric).toMatchObject({ __name__: 'unblock_stalls_total', job: 'app', code_filepath: file, code_lineno: line, code_function: '<anonymous>' });
    expect(stalls[0].value[1]).toBe('1');

    const [seconds] = (await query(`unblock_stall_duration_seconds_sum{code_lineno="${line}"}`)) ?? [];
    expect(Number(seconds.value[1])).toBeCloseTo(planted.durationMs / 1000, 6);
    // The PromQL the docs suggest for alerting returns the site too.
    // rate() needs two scrapes of the series.
    const rate = await until('rate() had no series', 60_000, () => query('sum by (code_filepath, code_lineno) (rate(unblock_stalls_total[5m]))'), server.output);
    expect(rate.map((sample) => sample.metric.code_lineno)).toContain(line);
    // Utilisation is the probe's; loop delay stays with collectDefaultMetrics.
    expect(await query('unblock_eventloop_utilization_ratio')).toHaveLength(1);
    expect(await query('nodejs_eventloop_lag_p99_seconds')).toHaveLength(1);
  });

  it('warns in one line when the registry already holds a metric of that name, and takes its metrics off the registry at stop', async () => {
    const result = await runNode([join(fixtures, 'prometheus-registry.js')], { timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(0);
    const names = ['unblock_eventloop_utilization_ratio', 'unblock_stall_duration_seconds', 'unblock_stalls_total'];
    expect(JSON.parse(result.stdout)).toEqual({ afterConflict: ['unblock_stalls_total'], firstRunning: true, whileRunning: names, afterStop: [], again: names, onDefault: names });
    expect(result.stderr).toBe(
      'unblock: the Prometheus registry refused the unblock_* metrics (A metric with the name unblock_stalls_total has already been registered.); stalls are not exported to Prometheus.\n',
    );
  });
});
