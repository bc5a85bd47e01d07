// Pure parts of the probe: choosing a stall's site, source map lookups, and the text report.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { formatText, type Frame, type Snapshot } from '../../src/probe/index.js';
import { processReportFile } from '../../src/probe/exit.js';
import { pickSite } from '../../src/probe/frames.js';
import { SourceMapper } from '../../src/probe/source-maps.js';
import { root } from './helpers.js';

const temp = mkdtempSync(join(tmpdir(), 'unblock-probe-units-'));
afterAll(() => { rmSync(temp, { recursive: true, force: true }); });

function frame(file: string, line = 1, functionName = 'f'): Frame {
  return { functionName, file, line, column: 1 };
}

describe('pickSite', () => {
  it('skips node: internals and dependencies for the first frame of the program', () => {
    const own = frame('/app/src/orders.ts', 88);
    expect(pickSite([frame('node:fs'), frame('/app/node_modules/lib/index.js'), own, frame('/app/src/server.ts')])).toBe(own);
  });

  it('falls back to a dependency when no frame is the program’s own', () => {
    const dependency = frame('/app/node_modules/lib/index.js');
    expect(pickSite([frame('node:internal/timers'), dependency])).toBe(dependency);
  });

  it('finds nothing in a stack of internals', () => {
    expect(pickSite([frame('node:internal/timers'), frame('')])).toBeUndefined();
  });
});

describe('SourceMapper', () => {
  // Two lines of generated code mapped to lines 3 and 7 of ../src/orders.ts (VLQ: AAEA = +0,+0,+2,+0; AAIA = +4 lines).
  const map = { version: 3, file: 'orders.js', sourceRoot: '', sources: ['../src/orders.ts'], names: [], mappings: 'AAEA;AAIA' };

  it('follows a sourceMappingURL comment to a map file', () => {
    const js = join(temp, 'orders.js');
    writeFileSync(js, 'one();\ntwo();\n//# sourceMappingURL=orders.js.map\n');
    writeFileSync(join(temp, 'orders.js.map'), JSON.stringify(map));
    const mapped = new SourceMapper().mapFrame(['two', js, 2, 1]);
    expect(mapped).toEqual({ functionName: 'two', file: join(temp, '../src/orders.ts'), line: 7, column: 1, generated: { file: js, line: 2, column: 1 } });
  });

  it('reads an inline data: URL map and honours sourceRoot', () => {
    const js = join(temp, 'inline.js');
    const inline = Buffer.from(JSON.stringify({ ...map, sourceRoot: 'root' })).toString('base64');
    writeFileSync(js, `one();\ntwo();\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${inline}\n`);
    const mapped = new SourceMapper().mapFrame(['one', `file://${js}`, 1, 1]);
    expect(mapped).toMatchObject({ file: join(temp, 'root/../src/orders.ts'), line: 3 });
  });

  it('leaves frames without a map, and node: frames, as they are', () => {
    const js = join(temp, 'plain.js');
    writeFileSync(js, 'one();\n');
    const mapper = new SourceMapper();
    expect(mapper.mapFrame(['one', js, 1, 1])).toEqual({ functionName: 'one', file: js, line: 1, column: 1 });
    expect(mapper.mapFrame(['readFileSync', 'node:fs', 453, 3])).toEqual({ functionName: 'readFileSync', file: 'node:fs', line: 453, column: 3 });
    expect(mapper.mapFrame(['gone', join(temp, 'missing.js'), 1, 1]).file).toBe(join(temp, 'missing.js'));
  });
});

describe('formatText', () => {
  it('prints figures, then each site with its share and a short stack starting at the blocking call', () => {
    const site = frame('/app/src/orders.ts', 88, 'hashPassword');
    const snapshot: Snapshot = {
      startedAt: 0,
      elapsedMs: 4200,
      thresholdMs: 50,
      delay: { min: 0, mean: 1.25, p50: 0.2, p90: 0.4, p99: 180, max: 305.1 },
      utilization: 0.4321,
      stalls: 3,
      stalledMs: 612.4,
      topSites: [
        {
          key: '/app/src/orders.ts:88',
          site,
          count: 2,
          totalMs: 512.4,
          maxMs: 305.1,
          stack: [frame('node:internal/crypto/pbkdf2', 78, 'pbkdf2Sync'), site, frame('/app/src/server.ts', 20, 'handle')],
          late: true,
        },
        { key: '<unknown>', site: undefined, count: 1, totalMs: 100, maxMs: 100, stack: [], late: false, reason: 'watchdog-starting' },
      ],
      recentStalls: [],
      attribution: { active: true },
    };
    expect(formatText(snapshot, '/app')).toBe(
      [
        'unblock probe: 4.2 s observed, stall threshold 50 ms',
        '  loop delay   p50 0.2 ms  p90 0.4 ms  p99 180.0 ms  max 305.1 ms  (min 0.0, mean 1.3)',
        '  utilization  43.2 %',
        '  stalls       3 (612.4 ms in total)',
        '  top stall sites, by total time:',
        '   1. src/orders.ts:88  hashPassword  2x  total 512.4 ms  max 305.1 ms',
        '        at pbkdf2Sync (node:internal/crypto/pbkdf2:78:1)',
        '        at hashPassword (src/orders.ts:88:1)',
        '        at handle (src/server.ts:20:1)',
        '        (stack taken when a native call returned: the site is its caller)',
        '   2. <unknown site>  1x  total 100.0 ms  max 100.0 ms',
        '        (no stack: the watchdog was still starting)',
        '',
      ].join('\n'),
    );
  });
});

describe('package entry points', () => {
  it('exports ./probe and ./register from the files the build emits for src/', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, { types: string; default: string }> };
    for (const [entry, source] of [
      ['./probe', 'src/probe/index.ts'],
      ['./register', 'src/register.ts'],
    ]) {
      const target = pkg.exports[entry];
      expect(target.default).toBe(`./dist/${source.replace(/\.ts$/, '.js')}`);
      expect(target.types).toBe(`./dist/${source.replace(/\.ts$/, '.d.ts')}`);
      expect(existsSync(join(root, source))).toBe(true);
    }
    // The watchdog is loaded by URL next to probe.js, so it must stay in the same directory.
    expect(existsSync(join(root, 'src/probe/watchdog.ts'))).toBe(true);
  });
});

describe('processReportFile', () => {
  it('numbers a file by pid, puts one inside a directory, and writes a device or pipe as it is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unblock-report-'));
    try {
      expect(processReportFile(join(dir, 'stalls.json'), 42, 'json')).toBe(join(dir, 'stalls.42.json'));
      expect(processReportFile(dir, 42, 'text')).toBe(join(dir, 'unblock-report.42.txt'));
      // Before: /dev/null.42, a new regular file in /dev when run as root.
      expect(processReportFile('/dev/null', 42, 'json')).toBe('/dev/null');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
