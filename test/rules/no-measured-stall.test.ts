import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { RuleTester } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import rule from '../../rules/no-measured-stall.js';
import { measuredStalls } from '../../src/analysis/measured-stalls.js';
import { writeReport } from '../helpers/stall-report.js';
import { fixturesDir } from '../rule-tester.js';

// No type information: the rule reads none. RuleTester lints with `/` as the cwd, which messages name files from.
const ruleTester = new RuleTester();
const shown = (name: string) => path.relative('/', name);
const file = path.join(fixturesDir, 'stalls/service.ts');
const other = path.join(fixturesDir, 'file.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'unblock-measured-'));

const code = `export function hash(input: string): number {
  let h = 0;
  for (let i = 0; i < input.length * 1e6; i++) h = (h * 31 + i) | 0;
  return h;
}

export async function handle(body: string): Promise<number> {
  await Promise.resolve();
  return hash(body);
}
`;
const loopText = 'for (let i = 0; i < input.length * 1e6; i++) h = (h * 31 + i) | 0;';
const ticks = { functionName: 'processTicksAndRejections', file: 'node:internal/process/task_queues', line: 95, column: 5 };

const busyLoop = writeReport(path.join(dir, 'busy.json'), [
  {
    stack: [
      { functionName: 'hash', file, line: 3, column: 48, text: loopText },
      { functionName: 'handle', file, line: 9, column: 10, text: 'return hash(body);' },
      ticks,
    ],
    count: 4,
    totalMs: 812.4,
    maxMs: 260.2,
  },
]);
// Written before the probe recorded line text: matched by path and line.
const unverified = writeReport(path.join(dir, 'old.json'), [
  { stack: [{ functionName: 'hash', file, line: 3, column: 48 }, ticks], count: 1, totalMs: 90, maxMs: 90 },
]);
const elsewhere = writeReport(path.join(dir, 'elsewhere.json'), [
  { stack: [{ functionName: 'hash', file: other, line: 3, column: 48, text: loopText }], count: 1, totalMs: 90, maxMs: 90 },
]);
// A stall in another file that only passed through this one (its handler called there): shown where it happened.
const passedThrough = writeReport(path.join(dir, 'passed-through.json'), [
  {
    stack: [
      { functionName: 'hash', file: other, line: 3, column: 48, text: loopText },
      { functionName: 'handle', file, line: 9, column: 10, text: 'return hash(body);' },
      ticks,
    ],
    count: 2,
    totalMs: 300,
    maxMs: 150,
  },
]);
// A JSON.parse of a large body: the builtin above the site, then the caller; and a second site through line 9.
const fleet = path.join(dir, 'fleet');
writeReport(`${fleet}-a.json`, [
  {
    stack: [
      { functionName: 'parse', file: '', line: 0, column: 0 },
      { functionName: 'handle', file, line: 9, column: 10, text: 'return hash(body);' },
      ticks,
    ],
    site: 1,
    count: 2,
    totalMs: 180,
    maxMs: 95,
  },
]);
writeReport(`${fleet}-b.json`, [
  {
    stack: [
      { functionName: 'hash', file, line: 3, column: 48, text: loopText },
      { functionName: 'handle', file, line: 9, column: 10, text: 'return hash(body);' },
    ],
    count: 1,
    totalMs: 120,
    maxMs: 120,
  },
]);
const recursive = writeReport(path.join(dir, 'recursive.json'), [
  {
    stack: [
      { functionName: 'hash', file, line: 3, column: 48, text: loopText },
      { functionName: 'hash', file, line: 3, column: 48, text: loopText },
    ],
    count: 1,
    totalMs: 70,
    maxMs: 70,
  },
]);
// Long names, deep stack: the chain keeps the innermost calls and fits a tooltip.
const deep = writeReport(path.join(dir, 'deep.json'), [
  {
    stack: [
      { functionName: 'parse', file: '', line: 0, column: 0 },
      { functionName: 'deserializeIncomingRequestBody', file, line: 3, column: 48, text: loopText },
      { functionName: 'handleAuthenticatedRequest', file, line: 9, column: 10, text: 'return hash(body);' },
      { functionName: 'dispatch', file: other, line: 40, column: 7 },
    ],
    site: 1,
    count: 1,
    totalMs: 70,
    maxMs: 70,
  },
]);
const malformed = path.join(dir, 'malformed.json');
writeFileSync(malformed, '{"startedAt": 1, "topSites": [');
const notReport = path.join(dir, 'not-report.json');
writeFileSync(notReport, '{"hello": "world"}');

const settings = (...stallReports: string[]) => ({ unblock: { stallReports } });
const stalled = (line: number, column: number, data: Record<string, string | number>) => ({ messageId: 'stalled' as const, line, column, data });
const caller = (line: number, column: number, data: Record<string, string | number>) => ({ messageId: 'callerStalled' as const, line, column, data });

ruleTester.run('no-measured-stall', rule, {
  valid: [
    // No report configured: the rule does nothing.
    { filename: file, code },
    { filename: file, code, settings: { unblock: {} } },
    { filename: file, code, settings: settings() },
    // The report's stalls are in another file.
    { filename: file, code, settings: settings(elsewhere) },
    // A stall that happened in another file and only passed through this one.
    { filename: file, code, settings: settings(passedThrough) },
  ],
  invalid: [
    {
      filename: file,
      code,
      settings: settings(busyLoop),
      errors: [
        stalled(3, 48, { count: 4, total: 812, max: 260, chain: 'handle → hash' }),
        caller(9, 10, { count: 4, total: 812, max: 260, chain: 'handle → hash' }),
      ],
    },
    // The rule option replaces the settings.
    {
      filename: file,
      code,
      settings: settings(elsewhere),
      options: [{ reports: [busyLoop] }],
      errors: [stalled(3, 48, { count: 4, total: 812, max: 260, chain: 'handle → hash' }), caller(9, 10, { count: 4, total: 812, max: 260, chain: 'handle → hash' })],
    },
    // A report without line text is matched by path and line.
    { filename: file, code, settings: settings(unverified), errors: [stalled(3, 48, { count: 1, total: 90, max: 90, chain: 'hash' })] },
    // A glob over a fleet's reports: the sites through line 9 add up, the builtin that blocked leads its chain.
    {
      filename: file,
      code,
      settings: settings(`${fleet}-*.json`),
      errors: [
        stalled(3, 48, { count: 1, total: 120, max: 120, chain: 'handle → hash' }),
        stalled(9, 10, { count: 3, total: 300, max: 120, chain: 'handle → parse' }),
      ],
    },
    // A recursive function's frames on one line are one stall there.
    { filename: file, code, settings: settings(recursive), errors: [stalled(3, 48, { count: 1, total: 70, max: 70, chain: 'hash → hash' })] },
    {
      filename: file,
      code,
      settings: settings(deep),
      errors: [
        stalled(3, 48, { count: 1, total: 70, max: 70, chain: '… → deserializeIncomingRequ… → parse' }),
        caller(9, 10, { count: 1, total: 70, max: 70, chain: '… → deserializeIncomingRequ… → parse' }),
      ],
    },
    // The loop's line changed since the report: said at the top of the file, not shown on the new code.
    {
      filename: file,
      code: code.replace('input.length * 1e6', 'Math.min(input.length, 1000)'),
      settings: settings(busyLoop),
      errors: [{ messageId: 'stale', line: 1, column: 1, data: { lines: 'line 3', count: 4, total: 812 } }],
    },
    // Indentation alone is no change.
    {
      filename: file,
      code: code.replace('  for (let i', '    for (let i'),
      settings: settings(unverified),
      errors: [stalled(3, 48, { count: 1, total: 90, max: 90, chain: 'hash' })],
    },
    // The file got shorter than the line the report names.
    {
      filename: file,
      code: 'export const hash = (input: string) => input.length;\n',
      settings: settings(unverified),
      errors: [{ messageId: 'stale', line: 1, column: 1, data: { lines: 'line 3', count: 1, total: 90 } }],
    },
    {
      filename: file,
      code,
      settings: settings(malformed, busyLoop),
      errors: [
        { messageId: 'unusableReport', line: 1, column: 1, data: { problem: `${shown(malformed)} is not JSON (Unexpected end of JSON input)` } },
        stalled(3, 48, { count: 4, total: 812, max: 260, chain: 'handle → hash' }),
        caller(9, 10, { count: 4, total: 812, max: 260, chain: 'handle → hash' }),
      ],
    },
    {
      filename: file,
      code,
      settings: settings(notReport),
      errors: [{ messageId: 'unusableReport', line: 1, column: 1 }],
    },
    {
      filename: file,
      code,
      settings: settings(path.join(dir, 'missing.json')),
      errors: [{ messageId: 'unusableReport', data: { problem: `cannot read the stall report ${shown(path.join(dir, 'missing.json'))}: no such file` } }],
    },
    {
      filename: file,
      code,
      settings: settings(path.join(dir, 'none-*.json')),
      errors: [{ messageId: 'unusableReport', data: { problem: `no stall report matches ${path.join(dir, 'none-*.json')} (in /)` } }],
    },
    {
      filename: file,
      code,
      settings: { unblock: { stallReports: 'stalls/*.json' } },
      errors: [{ messageId: 'unusableReport', data: { problem: 'settings.unblock.stallReports must be a list of file globs, got "stalls/*.json"' } }],
    },
  ],
});

describe('no-measured-stall without a report', () => {
  it('adds no listener, so it costs nothing', () => {
    const context = { settings: {}, options: [], sourceCode: {}, physicalFilename: file, cwd: process.cwd() };
    expect(rule.create(context as never)).toEqual({});
  });
});

describe('an unusable report', () => {
  it('is said once, on the first file linted, and again when that file is linted again', () => {
    const broken = path.join(dir, 'broken-once.json');
    writeFileSync(broken, 'not json');
    const linter = new Linter({ cwd: dir });
    const config = [{ files: ['**/*.js'], plugins: { unblock: { rules: { 'no-measured-stall': rule } } }, settings: settings(broken), rules: { 'unblock/no-measured-stall': 'error' } }] as unknown as Linter.Config[];
    const lint = (filename: string) => linter.verify('export const a = 1;\n', config, filename).map((message) => message.message);
    const said = [`Stall report unusable: broken-once.json is not JSON (Unexpected token 'o', "not json" is not valid JSON).`];
    expect(lint(path.join(dir, 'first.js'))).toEqual(said);
    expect(lint(path.join(dir, 'second.js'))).toEqual([]);
    expect(lint(path.join(dir, 'first.js'))).toEqual(said);
  });
});

describe('reports are read once', () => {
  it('while their path and mtime stay the same, and again once rewritten', () => {
    const report = writeReport(path.join(dir, 'cached.json'), [
      { stack: [{ functionName: 'hash', file, line: 3, column: 48, text: loopText }], count: 1, totalMs: 90, maxMs: 90 },
    ]);
    const first = measuredStalls([report], dir).sitesIn(file);
    expect(measuredStalls([report], dir).sitesIn(file)).toBe(first);
    writeReport(report, [{ stack: [{ functionName: 'hash', file, line: 3, column: 48, text: loopText }], count: 5, totalMs: 450, maxMs: 90 }]);
    utimesSync(report, new Date(), new Date(Date.now() + 5000));
    const again = measuredStalls([report], dir).sitesIn(file);
    expect(again).not.toBe(first);
    expect(again.map(({ site }) => site.count)).toEqual([5]);
  });
});
