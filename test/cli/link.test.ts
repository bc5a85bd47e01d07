// Runtime → lint through the built package in real child processes: `unblock run` on a small TypeScript
// service compiled with source maps says, for each stall site, which finding predicted it, which is
// silenced or turned off, and what an unreported one likely is; `unblock explain` does the same from a
// saved report. Each stall is sized by wall time (a FIFO held open, a clock-bound loop, `sleep`).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { assertBuilt, bin } from '../helpers/built-child.js';
import { eslintCli, linkedProject, run } from '../helpers/linked-project.js';
import { removeTempProjects } from '../helpers/temp-project.js';

const templates = `import { readFileSync } from 'node:fs';

function readPartial(file: string): string {
  return readFileSync(file, 'utf8');
}

function loadTemplate(file: string): string {
  return readPartial(file);
}

export async function renderPage(file: string): Promise<number> {
  await Promise.resolve();
  return loadTemplate(file).length;
}
`;

const crunch = `export async function score(ms: number): Promise<number> {
  await Promise.resolve();
  const started = Date.now();
  let best = 0;
  for (let round = 0; Date.now() - started < ms; round++) {
    for (let i = 0; i < 10_000; i++) best = Math.max(best, Math.sin(round * i));
  }
  return best;
}
`;

const quiet = `import { execSync } from 'node:child_process';

export async function legacy(): Promise<number> {
  await Promise.resolve();
  // eslint-disable-next-line unblock/no-blocking-in-async -- measured as harmless
  return execSync('sleep 0.25').length;
}
`;

const off = `import { pbkdf2Sync } from 'node:crypto';

export async function hash(): Promise<number> {
  await Promise.resolve();
  const end = performance.now() + 250;
  let rounds = 0;
  while (performance.now() < end) rounds += pbkdf2Sync('secret', 'salt', 2000, 32, 'sha256').length;
  return rounds;
}
`;

const idle = `import { readFileSync } from 'node:fs';

export async function never(): Promise<string> {
  return readFileSync('never.txt', 'utf8');
}
`;

const main = `import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

import { score } from './crunch.js';
import { hash } from './off.js';
import { legacy } from './quiet.js';
import { renderPage } from './templates.js';

const fifo = process.argv[2];
await sleep(300);
// The writer opens the FIFO, then holds it 300 ms: the UTF-8 read blocks that long, however loaded the machine.
spawn('sh', ['-c', 'exec 3>"$0"; sleep 0.3; printf page >&3', fifo], { stdio: 'ignore' });
await renderPage(fifo);
await sleep(100);
await score(250);
await sleep(100);
await legacy();
await sleep(100);
await hash();
`;

const tsconfig = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: ['node'], noEmit: true },
  include: ['src'],
});

const eslintConfig = `import unblock from 'eslint-plugin-unblock';

export default [{ ignores: ['out/'] }, unblock.configs.recommended, { files: ['src/off.ts'], rules: { 'unblock/no-blocking-in-async': 'off' } }];
`;

function lineOf(source: string, text: string): number {
  return source.split('\n').findIndex((line) => line.includes(text)) + 1;
}

// Compiles src/*.ts to out/*.js with source maps that point back to src/, as a build would.
function compile(dir: string): void {
  mkdirSync(path.join(dir, 'out'), { recursive: true });
  for (const name of ['templates', 'crunch', 'quiet', 'off', 'main']) {
    const source = readFileSync(path.join(dir, 'src', `${name}.ts`), 'utf8');
    const result = ts.transpileModule(source, {
      fileName: path.join(dir, 'src', `${name}.ts`),
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: true },
    });
    const map = JSON.parse(result.sourceMapText!) as { sources: string[] };
    map.sources = [`../src/${name}.ts`];
    writeFileSync(path.join(dir, 'out', `${name}.js`), result.outputText.replace(/\/\/# sourceMappingURL=.*$/m, `//# sourceMappingURL=${name}.js.map`));
    writeFileSync(path.join(dir, 'out', `${name}.js.map`), JSON.stringify(map));
  }
}

let dir: string;
let stderr: string;
let report: string;

beforeAll(async () => {
  assertBuilt();
  dir = linkedProject({
    'package.json': '{ "type": "module" }\n',
    'tsconfig.json': tsconfig,
    'eslint.config.js': eslintConfig,
    'src/templates.ts': templates,
    'src/crunch.ts': crunch,
    'src/quiet.ts': quiet,
    'src/off.ts': off,
    'src/main.ts': main,
    'src/idle.ts': idle,
  });
  compile(dir);
  execFileSync('mkfifo', [path.join(dir, 'page.fifo')]);
  const text = await run(process.execPath, [bin, 'run', '--threshold', '100', '--', 'node', 'out/main.js', 'page.fifo'], dir);
  expect(text.code).toBe(0);
  stderr = text.stderr;
  const json = await run(process.execPath, [bin, 'run', '--threshold', '100', '--json', 'stalls.json', '--', 'node', 'out/main.js', 'page.fifo'], dir);
  expect(json.code).toBe(0);
  report = path.join(dir, 'stalls.json');
}, 120_000);

afterAll(removeTempProjects);

describe('unblock run links each stall site to the lint', () => {
  it('names the finding at the async caller for a read in a helper, matched along the stack', () => {
    expect(stderr).toMatch(/stall site\(s\) linked to the rules \(\d+ file\(s\) linted with the project's ESLint config\)/);
    const site = `src/templates.ts:${lineOf(templates, 'readFileSync(file')}  readPartial`;
    const block = stderr.slice(stderr.lastIndexOf(site));
    expect(stderr).toContain(site);
    expect(block.split('\n')[1]).toMatch(
      new RegExp(`^ {6}predicted by unblock/no-blocking-in-async at src/templates.ts:${lineOf(templates, 'return loadTemplate')}:\\d+ \\(in renderPage, 2 frame\\(s\\) below the site\\): `),
    );
  });

  it('says that no rule reports a busy loop, that it is CPU-bound, and what to do', () => {
    const block = stderr.slice(stderr.lastIndexOf(`src/crunch.ts:${lineOf(crunch, 'Math.max')}  score`));
    expect(block.split('\n')[1]).toBe(
      '      no rule reports this code; likely CPU-bound JavaScript: move it to a worker thread (piscina, `worker_threads`), or chunk the work and yield between chunks (`setImmediate`).',
    );
  });

  it('says where an eslint-disable comment silences the finding of a stall', () => {
    const block = stderr.slice(stderr.lastIndexOf(`src/quiet.ts:${lineOf(quiet, 'execSync(')}  legacy`));
    expect(block.split('\n')[1]).toMatch(
      new RegExp(`^ {6}silenced: unblock/no-blocking-in-async reports src/quiet.ts:${lineOf(quiet, 'execSync(')}:\\d+, but an eslint-disable comment at src/quiet.ts:${lineOf(quiet, 'eslint-disable')} turns it off: `),
    );
  });

  it('says when the finding exists but the rule is off in the config', () => {
    const block = stderr.slice(stderr.lastIndexOf(`src/off.ts:${lineOf(off, 'pbkdf2Sync(')}  hash`));
    expect(block.split('\n')[1]).toMatch(/^ {6}turned off: unblock\/no-blocking-in-async would report src\/off.ts:\d+:\d+, but the rule is off in the ESLint config: /);
  });

  it('puts the verdict of each site in the JSON report', () => {
    const reports = JSON.parse(readFileSync(report, 'utf8')) as { topSites: { key: string; lint?: { status: string } }[] }[];
    const statuses = Object.fromEntries(reports[0].topSites.filter((site) => site.lint).map((site) => [path.basename(site.key.split(':')[0]), site.lint!.status]));
    expect(statuses).toMatchObject({ 'templates.ts': 'reported', 'crunch.ts': 'unreported', 'quiet.ts': 'silenced', 'off.ts': 'off' });
    // Fresh from the run: no line changed since.
    expect(reports[0].topSites.filter((site) => site.lint).every((site) => (site.lint as { stale?: unknown[] }).stale?.length === 0)).toBe(true);
  });
});

describe('unblock explain', () => {
  it('links a saved report the same way', async () => {
    const result = await run(process.execPath, [bin, 'explain', '--format', 'json', 'stalls.json'], dir);
    expect(result.code).toBe(0);
    const linked = JSON.parse(result.stdout) as { config: string; files: number; sites: { site: { file: string }; verdict: { status: string; findings?: { frame: number; line: number }[] } }[] };
    expect(linked.config).toBe('project');
    // Only the files the stacks name: main, templates, crunch, quiet, off; not idle.ts.
    expect(linked.files).toBe(5);
    const page = linked.sites.find((site) => site.site.file.endsWith('templates.ts'))!;
    expect(page.verdict.status).toBe('reported');
    expect(page.verdict.findings?.[0]).toMatchObject({ frame: 2, line: lineOf(templates, 'return loadTemplate') });
  });

  it('refuses a file that is not a report in one line, and a missing one', async () => {
    writeFileSync(path.join(dir, 'not-a-report.json'), '{"hello": 1}');
    const wrong = await run(process.execPath, [bin, 'explain', 'not-a-report.json'], dir);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe('unblock: not-a-report.json is not an unblock probe report (write one with UNBLOCK_REPORT=json or unblock run --json)\n');
    const missing = await run(process.execPath, [bin, 'explain', 'nowhere.json'], dir);
    expect(missing.stderr).toBe('unblock: cannot read the stall report nowhere.json: no such file\n');
  });
});

interface JsonResult {
  filePath: string;
  messages: { ruleId: string; line: number; message: string; stalls?: { stalls: number; totalMs: number; maxMs: number } }[];
}

describe('unblock lint --stalls', () => {
  it('adds the merged runtime figures to the findings whose lines stalled, costliest first, and none to the others', async () => {
    const result = await run(process.execPath, [bin, 'lint', '--use-config', '--format', 'json', '--stalls', 'stalls.json', '--stalls', 'stalls.json'], dir);
    expect(result.stderr).toBe('');
    const results = JSON.parse(result.stdout) as JsonResult[];
    expect(path.basename(results[0].filePath)).toBe('templates.ts');
    const page = results[0].messages[0];
    expect(page).toMatchObject({ ruleId: 'unblock/no-blocking-in-async', line: lineOf(templates, 'return loadTemplate') });
    expect(page.stalls?.stalls).toBe(2);
    expect(page.message).toMatch(new RegExp(`Stalled 2× at runtime, ${Math.round(page.stalls!.totalMs)} ms in total, ${Math.round(page.stalls!.maxMs)} ms at most\\.$`));
    expect(page.stalls!.totalMs).toBeCloseTo(2 * page.stalls!.maxMs, 0);
    const never = results.find((entry) => entry.filePath.endsWith('idle.ts'))!;
    expect(never.messages).toEqual([expect.not.objectContaining({ stalls: expect.anything() })]);
    expect(never.messages[0].message).not.toContain('Stalled');
  });

  it('lists the findings that stalled after the stylish output, costliest first', async () => {
    const result = await run(process.execPath, [bin, 'lint', '--use-config', '--stalls', 'stalls.json'], dir);
    const list = result.stdout.slice(result.stdout.indexOf('Findings that stalled at runtime, costliest first:')).split('\n');
    expect(list[1]).toMatch(new RegExp(`^ {3}1\\. src/templates\\.ts:${lineOf(templates, 'return loadTemplate')}:\\d+  unblock/no-blocking-in-async  1× \\d+ ms in total, \\d+ ms at most$`));
    expect(result.stdout).not.toMatch(/idle\.ts:\d+:\d+  unblock/);
  });

  it('ranks the SARIF results by measured cost and carries the figures in properties', async () => {
    const result = await run(process.execPath, [bin, 'lint', '--use-config', '--format', 'sarif', '--stalls', 'stalls.json'], dir);
    const log = JSON.parse(result.stdout) as { runs: { results: { rank: number; properties?: { stalls?: number; stalledMs?: number }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const [first, ...rest] = log.runs[0].results;
    expect(first.rank).toBe(100);
    expect(first.locations[0].physicalLocation.artifactLocation.uri).toBe('src/templates.ts');
    expect(first.properties).toMatchObject({ stalls: 1 });
    const idleResult = rest.find((entry) => entry.locations[0].physicalLocation.artifactLocation.uri === 'src/idle.ts')!;
    expect(idleResult.rank).toBe(0);
    expect(idleResult.properties?.stalls).toBeUndefined();
    expect(rest.map((entry) => entry.rank)).toEqual([...rest.map((entry) => entry.rank)].sort((a, b) => b - a));
  });

  it('trusts a touched file whose lines did not change: the report recorded their text', async () => {
    const future = new Date(Date.now() + 3_600_000);
    utimesSync(path.join(dir, 'src/templates.ts'), future, future);
    const result = await run(process.execPath, [bin, 'lint', '--use-config', '--format', 'json', '--stalls', 'stalls.json'], dir);
    const page = (JSON.parse(result.stdout) as JsonResult[]).find((entry) => entry.filePath.endsWith('templates.ts'))!.messages[0];
    expect(page.message).toMatch(/ms at most\.$/);
  });

  it('says that a file changed after a report without line text (an older probe) instead of trusting its line', async () => {
    const reports = JSON.parse(readFileSync(report, 'utf8'), (key, value: unknown) => (key === 'text' ? undefined : value)) as unknown;
    writeFileSync(path.join(dir, 'old-stalls.json'), JSON.stringify(reports));
    const future = new Date(Date.now() + 3_600_000);
    utimesSync(path.join(dir, 'src/templates.ts'), future, future);
    const result = await run(process.execPath, [bin, 'lint', '--use-config', '--format', 'json', '--stalls', 'old-stalls.json'], dir);
    const results = JSON.parse(result.stdout) as JsonResult[];
    const page = results.find((entry) => entry.filePath.endsWith('templates.ts'))!.messages[0];
    expect(page.message).toMatch(/ms at most\. The file changed after the report was written: the line may have moved\.$/);
    const crunchResult = results.find((entry) => entry.filePath.endsWith('off.ts'));
    expect(crunchResult?.messages.every((message) => !message.message.includes('changed after'))).toBe(true);
  });

  it('refuses a report that is not JSON in one line, before linting', async () => {
    writeFileSync(path.join(dir, 'broken.json'), '{ not json');
    const result = await run(process.execPath, [bin, 'lint', '--use-config', '--stalls', 'broken.json'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^unblock: broken\.json is not JSON \([^\n]+\)\n$/);
  });
});

describe('a line changed since the report', () => {
  const file = () => path.join(dir, 'src/templates.ts');
  const changedLine = () => lineOf(templates, 'return loadTemplate');

  beforeAll(() => {
    writeFileSync(file(), templates.replace('return loadTemplate(file).length;', 'return loadTemplate(file).length + 0;'));
  });
  afterAll(() => {
    writeFileSync(file(), templates);
  });

  it('is said by unblock lint --stalls, and its stall is not counted on the finding there now', async () => {
    const result = await run(process.execPath, [bin, 'lint', '--use-config', '--format', 'json', '--stalls', 'stalls.json'], dir);
    const page = (JSON.parse(result.stdout) as JsonResult[]).find((entry) => entry.filePath.endsWith('templates.ts'))!.messages[0];
    expect(page).toMatchObject({ ruleId: 'unblock/no-blocking-in-async', line: changedLine() });
    expect(page.stalls).toBeUndefined();
    expect(page.message).toMatch(new RegExp(`Stale: line ${changedLine()} changed since the report \\(1× stalled there, \\d+ ms in total\\)\\.$`));
  });

  it('is carried in SARIF as properties.staleStalls, with no measured figures or rank', async () => {
    const result = await run(process.execPath, [bin, 'lint', '--use-config', '--format', 'sarif', '--stalls', 'stalls.json'], dir);
    const log = JSON.parse(result.stdout) as { runs: { results: { rank: number; properties?: Record<string, unknown>; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    const page = log.runs[0].results.find((entry) => entry.locations[0].physicalLocation.artifactLocation.uri === 'src/templates.ts')!;
    expect(page.locations[0].physicalLocation.region.startLine).toBe(changedLine());
    expect(page.rank).toBe(0);
    expect(page.properties).toMatchObject({ staleStalls: { lines: [changedLine()], stalls: 1, stalledMs: expect.any(Number) as number } });
    expect(page.properties?.stalls).toBeUndefined();
  });

  it('is said by unblock explain, which matches no finding to that site', async () => {
    const result = await run(process.execPath, [bin, 'explain', 'stalls.json'], dir);
    expect(result.code).toBe(0);
    const block = result.stdout.slice(result.stdout.indexOf(`src/templates.ts:${lineOf(templates, 'readFileSync(file')}  readPartial`)).split('\n');
    expect(block[1]).toBe('      not matched to the lint: the code it names changed since the report; re-measure to see where it stalls now');
    expect(block[2]).toBe(`      stale: line ${changedLine()} of src/templates.ts changed since the report`);
  });
});

describe('unblock/no-measured-stall through ESLint', () => {
  it('reports the stalls that no other rule reports in the file where they happened, and leaves the others to their rules', async () => {
    writeFileSync(
      path.join(dir, 'eslint.stalls.config.js'),
      `${eslintConfig.replace('];\n', '')}, { settings: { unblock: { stallReports: ['stalls.json'] } }, rules: { 'unblock/no-measured-stall': 'warn' } }];\n`,
    );
    const result = await eslintCli(dir, ['-c', 'eslint.stalls.config.js', '-f', 'json', 'src']);
    expect(result.stderr).toBe('');
    const results = JSON.parse(result.stdout) as JsonResult[];
    const stallFindings = (name: string) => results.find((entry) => entry.filePath.endsWith(name))!.messages.filter((message) => message.ruleId === 'unblock/no-measured-stall');
    expect(stallFindings('crunch.ts')).toEqual([
      expect.objectContaining({ line: lineOf(crunch, 'Math.max'), message: expect.stringMatching(/^Stalled the event loop 1× at runtime \(\d+ ms in all, \d+ ms at most\) in `[^`]*score`\. Move it off the loop\.$/) }),
    ]);
    // main.ts only calls into crunch.ts, where the stall happened: it is shown there, once.
    expect(stallFindings('main.ts').map((message) => message.line)).not.toContain(lineOf(main, 'await score('));
    // The read is no-blocking-in-async's finding (and the silenced exec its silenced one): one finding per defect.
    expect(stallFindings('templates.ts')).toEqual([]);
    expect(stallFindings('quiet.ts')).toEqual([]);
    // That rule is off for off.ts: the stall is this rule's to report.
    expect(stallFindings('off.ts').map((message) => message.line)).toContain(lineOf(off, 'pbkdf2Sync('));
  });
});
