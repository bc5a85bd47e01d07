// `unblock run` over a process tree (npm start → node app → fork()ed child), on signals, with a bad
// environment and with a program that never starts: the built bin in real child processes.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { orderReports } from '../../src/cli/run-reports.js';
import type { ProcessReport } from '../../src/probe/index.js';
import { assertBuilt, bin, reportHeaders, runChild } from '../helpers/built-child.js';
import { removeTempProjects, tempProject } from '../helpers/temp-project.js';

beforeAll(assertBuilt);
afterAll(removeTempProjects);

function unblock(args: string[], options: Parameters<typeof runChild>[2]) {
  return runChild(process.execPath, [bin, ...args], options);
}

// The app blocks its loop for 600 ms (well past --threshold 250, which load noise stays under), then forks
// a child that does nothing.
const npmProject = {
  'package.json': JSON.stringify({ name: 'tree-app', private: true, scripts: { start: 'node app.mjs' } }),
  'app.mjs': `import { fork } from 'node:child_process';
if (process.argv[2] === 'child') {
  console.log('child ' + process.pid);
} else {
  console.log('app ' + process.pid);
  setTimeout(() => {
    const end = Date.now() + 600;
    while (Date.now() < end);
    fork('app.mjs', ['child']);
  }, 20);
}
`,
};

function pidOf(stdout: string, name: string): number {
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(stdout)![1]);
}

describe('unblock run -- npm start', () => {
  it('prints the report of every process of the tree, labelled, the app first and npm last', async () => {
    const dir = tempProject(npmProject);
    const result = await unblock(['run', '--threshold', '250', '--', 'npm', 'start'], { cwd: dir });
    expect(result.code).toBe(0);
    const [app, child] = [pidOf(result.stdout, 'app'), pidOf(result.stdout, 'child')];
    const headers = reportHeaders(result.stderr);
    expect(headers).toEqual([
      expect.stringMatching(new RegExp(`^unblock probe: pid ${app} \\(node app\\.mjs\\), `)),
      expect.stringMatching(new RegExp(`^unblock probe: pid ${child} \\(node app\\.mjs child\\), `)),
      expect.stringMatching(/^unblock probe: pid \d+ \(node \S*npm\S* start\), /),
    ]);
    const appReport = result.stderr.slice(result.stderr.indexOf(headers[0]), result.stderr.indexOf(headers[1]));
    expect(appReport).toMatch(/^ {2}stalls {7}[1-9]/m);
  });

  it('with --json, writes them as one array in that order; npm’s report overwrites nothing', async () => {
    const dir = tempProject(npmProject);
    const result = await unblock(['run', '--threshold', '250', '--json', 'stalls.json', '--', 'npm', 'start'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(reportHeaders(result.stderr)).toEqual([]);
    const reports = JSON.parse(readFileSync(path.join(dir, 'stalls.json'), 'utf8')) as ProcessReport[];
    expect(reports.map((report) => report.process.pid).slice(0, 2)).toEqual([pidOf(result.stdout, 'app'), pidOf(result.stdout, 'child')]);
    expect(reports).toHaveLength(3);
    expect(path.basename(reports[2].process.argv[1])).toMatch(/npm/);
    expect(reports[0].stalledMs).toBeGreaterThanOrEqual(500);
    expect(reports[1].process.ppid).toBe(reports[0].process.pid);
  });
});

describe('unblock run and signals', () => {
  const server = `import http from 'node:http';
const server = http.createServer().listen(0, '127.0.0.1', () => console.log('ready ' + process.pid));
`;

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('on %s, prints the program’s report and exits %i', async (signal, status) => {
    const dir = tempProject({ 'server.mjs': server });
    let pid = 0;
    const result = await unblock(['run', 'server.mjs'], {
      cwd: dir,
      onLine: (line, child) => {
        if (!line.startsWith('ready ')) return;
        pid = Number(line.slice(6));
        child.kill(signal);
      },
    });
    expect(result.code).toBe(status);
    expect(reportHeaders(result.stderr)).toEqual([expect.stringMatching(new RegExp(`^unblock probe: pid ${pid} \\(node server\\.mjs\\), `))]);
  });

  it('leaves SIGTERM to a program that handles it, and prints its report when it exits', async () => {
    const dir = tempProject({
      'graceful.mjs': `import http from 'node:http';
const server = http.createServer().listen(0, '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => { console.log('closing'); server.close(); });
`,
    });
    const result = await unblock(['run', 'graceful.mjs'], {
      cwd: dir,
      onLine: (line, child) => {
        if (line === 'ready') child.kill('SIGTERM');
      },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('ready\nclosing\n');
    expect(reportHeaders(result.stderr)).toHaveLength(1);
  });
});

describe('unblock run before and after the program', () => {
  const app = "console.log('started');\nprocess.exitCode = 3;\n";

  it.each([
    [{ UNBLOCK_THRESHOLD_MS: 'abc' }, 'UNBLOCK_THRESHOLD_MS must be a number of milliseconds from 1 to 3600000; received "abc".'],
    [{ UNBLOCK_REPORT: 'xml' }, 'UNBLOCK_REPORT must be "text" or "json"; received "xml".'],
    [{ UNBLOCK_REPORT_FILE: '' }, 'UNBLOCK_REPORT_FILE must name a file (unset it for standard error); received "".'],
  ])('refuses %o as a usage error (exit 2) before the program starts', async (env, message) => {
    const dir = tempProject({ 'app.mjs': app });
    const result = await unblock(['run', 'app.mjs'], { cwd: dir, env });
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: `unblock: ${message}\n` });
  });

  it('takes --threshold over a malformed UNBLOCK_THRESHOLD_MS', async () => {
    const dir = tempProject({ 'app.mjs': app });
    const result = await unblock(['run', '--threshold', '80', 'app.mjs'], { cwd: dir, env: { UNBLOCK_THRESHOLD_MS: 'abc' } });
    expect(result.code).toBe(3);
    expect(reportHeaders(result.stderr)).toEqual([expect.stringMatching(/stall threshold 80 ms$/)]);
  });

  it('prints no report for a program that does not exist', async () => {
    const dir = tempProject({});
    const result = await unblock(['run', '--', 'node', 'missing.js'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cannot find module');
    expect(reportHeaders(result.stderr)).toEqual([]);
  });

  it('says once that the --json file cannot be written, prints the reports instead and keeps the exit status', async () => {
    const dir = tempProject({ 'app.mjs': app });
    const result = await unblock(['run', '--json', 'missing/stalls.json', 'app.mjs'], { cwd: dir });
    expect(result.code).toBe(3);
    const [notice, ...rest] = result.stderr.split('\n');
    expect(notice).toBe(`unblock: cannot write the probe reports to ${path.join(dir, 'missing/stalls.json')}: its directory does not exist; here they are instead.`);
    expect((JSON.parse(rest.join('\n')) as ProcessReport[]).map((report) => report.process.argv.slice(1))).toEqual([[path.join(dir, 'app.mjs')]]);
  });
});

describe('orderReports', () => {
  function report(pid: number, ppid: number, script: string, stalledMs: number): ProcessReport {
    return { process: { pid, ppid, argv: ['/usr/bin/node', script] }, stalledMs } as ProcessReport;
  }

  it('puts launchers last, then orders by stalled time, then parents before their children', () => {
    const npm = report(10, 1, '/usr/lib/node_modules/npm/bin/npm-cli.js', 900);
    const app = report(12, 11, '/srv/app.js', 0);
    const worker = report(13, 12, '/srv/app.js', 0);
    const busy = report(14, 12, '/srv/worker.js', 300);
    expect(orderReports([npm, worker, app, busy]).map((entry) => entry.process.pid)).toEqual([14, 12, 13, 10]);
  });

  it('does not treat a script merely named like a launcher in its directory as one', () => {
    const app = report(20, 1, '/srv/npm/server.js', 0);
    const child = report(21, 20, '/srv/npm/server.js', 0);
    expect(orderReports([child, app]).map((entry) => entry.process.pid)).toEqual([20, 21]);
  });
});
