// The text of each stall site's lines in the report (`frame.text`), recorded in a child process: from the
// file on disk, and from the source map's `sourcesContent`, which holds the code that ran even after the
// file on disk changed.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

import type { ProcessReport, Snapshot } from '../../src/probe/index.js';
import { probeBuild, runNode, script, siteLine, stallsSource } from './helpers.js';

const temp = mkdtempSync(join(tmpdir(), 'unblock-line-text-'));
afterAll(() => { rmSync(temp, { recursive: true, force: true }); });

const app = `
import { setTimeout as sleep } from 'node:timers/promises';
import { currentProbe } from '../src/probe/index.js';
import * as stalls from '../test/probe/fixtures/stalls.js';
while (!(await currentProbe().ready()));
await sleep(30);
stalls.busyLoop(200);
await sleep(30);
`;

describe('the report records the text of the lines it names', () => {
  it('from the file on disk, for the site and its callers in the program’s own code', async () => {
    const file = join(temp, 'report.json');
    const child = await runNode(['--import', join(probeBuild(), 'src/register.js'), script('line-text-app', app)], {
      env: { UNBLOCK_THRESHOLD_MS: '40', UNBLOCK_REPORT: 'json', UNBLOCK_REPORT_FILE: file },
    });
    expect(child.code).toBe(0);
    const [written] = readdirSync(temp).filter((name) => name.startsWith('report.'));
    const report = JSON.parse(readFileSync(join(temp, written), 'utf8')) as ProcessReport;
    const busy = report.topSites.find((entry) => entry.site?.file === stallsSource && entry.site.line === siteLine('busy'))!;
    const source = readFileSync(stallsSource, 'utf8').split('\n');
    expect(busy.site!.text).toBe(source[siteLine('busy') - 1].trim());
    expect(busy.site!.text).toMatch(/^while \(performance\.now\(\) < end\) spins \+= 1;/);
    // The caller, in the generated script (no source map): its own line.
    const caller = busy.stack.find((frame) => frame.functionName !== 'busyLoop' && frame.file.endsWith('line-text-app.mjs'))!;
    expect(caller.text).toBe('stalls.busyLoop(200);');
  });

  it('from the source map’s sourcesContent when the source on disk changed since the build', async () => {
    const sourceFile = join(temp, 'mapped.ts');
    const source = `export function crunch(ms: number): number {
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) n += 1;
  return n;
}
`;
    const output = ts.transpileModule(source, {
      fileName: sourceFile,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: true, inlineSourceMap: false, inlineSources: true },
    });
    const map = JSON.parse(output.sourceMapText!) as { sources: string[] };
    map.sources = ['mapped.ts'];
    writeFileSync(join(temp, 'mapped.js.map'), JSON.stringify(map));
    writeFileSync(join(temp, 'mapped.js'), output.outputText.replace(/\/\/# sourceMappingURL=.*$/m, '//# sourceMappingURL=mapped.js.map'));
    // Edited after the build: the report must still show the line that ran.
    writeFileSync(sourceFile, source.replace('while (performance.now() < end) n += 1;', 'while (n < 10) n += 1;'));
    const main = script(
      'line-text-mapped',
      `import { startProbe } from '../src/probe/index.js';
      import { setTimeout as sleep } from 'node:timers/promises';
      import { crunch } from ${JSON.stringify(join(temp, 'mapped.js'))};
      const probe = startProbe({ thresholdMs: 40 });
      while (!(await probe.ready()));
      await sleep(30);
      crunch(200);
      await sleep(30);
      process.stdout.write(JSON.stringify(await probe.stop()));`,
    );
    const child = await runNode([main]);
    expect(child.code).toBe(0);
    const report = JSON.parse(child.stdout) as Snapshot;
    const site = report.topSites.find((entry) => entry.site?.file === sourceFile)!.site!;
    expect(site).toMatchObject({ line: 4, text: 'while (performance.now() < end) n += 1;', generated: { file: join(temp, 'mapped.js') } });
  });
});
