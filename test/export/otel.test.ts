// The OpenTelemetry exporter through the built package in a child process, against the real SDK
// (sdk-metrics, sdk-trace-base, context-async-hooks) and its in-memory exporters.
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { root, runNode } from '../probe/helpers.js';
import { assertBuilt, fixtures, siteLineIn } from './helpers.js';

const app = join(fixtures, 'otel-app.js');
const line = (name: string): number => siteLineIn('otel-app.js', name);

interface Point {
  attributes: Record<string, unknown>;
  value: number | { count: number; sum: number };
}
interface Output {
  stalls: { site: { file: string; line: number }; durationMs: number }[];
  metrics: { name: string; unit: string; points: Point[] }[];
  spans: { name: string; spanId: string; parentSpanId?: string; attributes: Record<string, unknown>; events: { name: string; attributes: Record<string, unknown> }[] }[];
}

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Output> {
  const result = await runNode(args, { env, timeoutMs: 60_000 });
  expect(result.timedOut, result.stderr).toBe(false);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Output;
}

function only<T>(items: T[], what: string): T {
  const [item] = items;
  if (items.length !== 1) throw new Error(`expected exactly one ${what}, found ${items.length}`);
  return item;
}

function site(name: string): Record<string, unknown> {
  return { 'code.filepath': app, 'code.lineno': line(name), 'code.function': '<anonymous>' };
}

function expectExported(out: Output): void {
  expect(out.stalls.map((stall) => stall.site.line)).toEqual([line('open'), line('ended'), line('bare')]);
  const [open, ended, bare] = out.stalls;

  const count = only(out.metrics.filter((metric) => metric.name === 'unblock.stall.count'), 'count metric');
  expect(count.unit).toBe('{stall}');
  for (const name of ['open', 'ended', 'bare']) expect(count.points).toContainEqual({ attributes: site(name), value: 1 });
  const duration = only(out.metrics.filter((metric) => metric.name === 'unblock.stall.duration'), 'duration metric');
  expect(duration.unit).toBe('ms');
  const openPoint = only(duration.points.filter((point) => point.attributes['code.lineno'] === line('open')), 'duration point');
  expect(openPoint.value).toMatchObject({ count: 1, sum: open.durationMs });

  // A span still open when the stall closed gets an event.
  const request = only(out.spans.filter((span) => span.name === 'request-open'), 'request-open span');
  expect(request.events).toEqual([
    { name: 'unblock.stall', attributes: { ...site('open'), 'unblock.stall.duration_ms': open.durationMs, 'unblock.stall.late': expect.any(Boolean) } },
  ]);
  // A span that ended in the blocked task gets a child span instead.
  const endedRequest = only(out.spans.filter((span) => span.name === 'request-ended'), 'request-ended span');
  expect(endedRequest.events).toEqual([]);
  const children = out.spans.filter((span) => span.name === 'unblock.stall');
  expect(children).toHaveLength(1);
  expect(children[0].parentSpanId).toBe(endedRequest.spanId);
  expect(children[0].attributes).toEqual({ ...site('ended'), 'unblock.stall.duration_ms': ended.durationMs, 'unblock.stall.late': expect.any(Boolean) });
  // A stall outside any span is in the metrics only.
  const mentions = out.spans.flatMap((span) => [span.attributes, ...span.events.map((event) => event.attributes)]);
  expect(mentions.some((attributes) => attributes['code.lineno'] === line('bare'))).toBe(false);
  expect(bare.site.file).toBe(app);
}

describe('OpenTelemetry exporter', () => {
  beforeAll(assertBuilt);

  it('records stall metrics by site and puts each stall on the span that was active, with startProbe({ openTelemetry: true })', async () => {
    expectExported(await run([app]));
  });

  it('does the same under the register module with UNBLOCK_OTEL=1', async () => {
    expectExported(await run(['--import', 'eslint-plugin-unblock/register', app], { UNBLOCK_OTEL: '1' }));
  });

  it('does the same under `unblock run` with UNBLOCK_OTEL=1', async () => {
    expectExported(await run([join(root, 'bin/unblock.js'), 'run', '--', process.execPath, app], { UNBLOCK_OTEL: '1' }));
  });

  it('refuses a malformed UNBLOCK_OTEL in `unblock run` in one line, without starting the program', async () => {
    const result = await runNode([join(root, 'bin/unblock.js'), 'run', '--', process.execPath, app], { env: { UNBLOCK_OTEL: 'yes' }, timeoutMs: 30_000 });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('unblock: UNBLOCK_OTEL must be "1" (export stalls to OpenTelemetry) or "0"; received "yes".\n');
  });

  it('exports nothing under the register module with UNBLOCK_OTEL=0', async () => {
    const out = await run(['--import', 'eslint-plugin-unblock/register', app], { UNBLOCK_OTEL: '0' });
    expect(out.stalls).toHaveLength(3);
    expect(out.metrics).toEqual([]);
    expect(out.spans.map((span) => span.name).sort()).toEqual(['request-ended', 'request-open']);
    expect(out.spans.flatMap((span) => span.events)).toEqual([]);
  });
});
