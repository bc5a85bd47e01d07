// With neither @opentelemetry/api nor prom-client installed, asking for both exporters costs one line each on
// standard error; the probe still starts, measures and reports.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { root, runNode } from '../probe/helpers.js';
import { assertBuilt } from './helpers.js';

let dir: string;

beforeAll(() => {
  assertBuilt();
  // An installed copy of the probe alone, outside this checkout, so that no node_modules above it holds a peer.
  dir = mkdtempSync(join(tmpdir(), 'unblock-no-peers-'));
  const pkg = join(dir, 'node_modules/eslint-plugin-unblock');
  mkdirSync(join(pkg, 'dist/src'), { recursive: true });
  cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(root, 'dist/src/probe'), join(pkg, 'dist/src/probe'), { recursive: true });
  cpSync(join(root, 'dist/src/register.js'), join(pkg, 'dist/src/register.js'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    join(dir, 'app.js'),
    `import { currentProbe, startProbe } from 'eslint-plugin-unblock/probe';
const probe = currentProbe() ?? startProbe({ openTelemetry: true, prometheus: true, thresholdMs: 50 });
const keepAlive = setInterval(() => {}, 1000);
for (const end = performance.now() + 150; performance.now() < end; );
for (const deadline = Date.now() + 10_000; probe.snapshot().stalls === 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 5));
clearInterval(keepAlive);
process.stdout.write(JSON.stringify({ stalls: (await probe.stop()).stalls }));
`,
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('exporters without their peers', () => {
  it('warn once each and leave the probe running', async () => {
    const result = await runNode([join(dir, 'app.js')], { cwd: dir, timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ stalls: 1 });
    expect(result.stderr).toBe(
      'unblock: openTelemetry is on but @opentelemetry/api is not installed; stalls are not exported to OpenTelemetry.\n' +
        'unblock: prometheus is on but prom-client is not installed; stalls are not exported to Prometheus.\n',
    );
  });

  it('warn once under the register module with UNBLOCK_OTEL=1, and the report is still written', async () => {
    const report = join(dir, 'report.json');
    const result = await runNode(['--import', 'eslint-plugin-unblock/register', join(dir, 'app.js')], {
      cwd: dir,
      env: { UNBLOCK_OTEL: '1', UNBLOCK_REPORT: 'json', UNBLOCK_REPORT_FILE: report },
      timeoutMs: 30_000,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('unblock: openTelemetry is on but @opentelemetry/api is not installed; stalls are not exported to OpenTelemetry.\n');
    expect(JSON.parse(result.stdout)).toEqual({ stalls: 1 });
    // Each process writes report.<pid>.json.
    const [written] = readdirSync(dir).filter((name) => /^report\.\d+\.json$/.test(name));
    expect((JSON.parse(readFileSync(join(dir, written), 'utf8')) as { stalls: number }).stalls).toBe(1);
  });
});
