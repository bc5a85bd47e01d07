// The register module's report at exit and on signals, one file per process, write failures, bad settings
// and the programs that start probes of their own: each in a real child process against dist/.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ProcessReport } from '../../src/probe/index.js';
import { assertBuilt, builtProbe, builtRegister, reportHeaders, root, runChild, runRegistered } from '../helpers/built-child.js';
import { removeTempProjects, tempProject } from '../helpers/temp-project.js';

beforeAll(assertBuilt);
afterAll(removeTempProjects);

const server = `import http from 'node:http';
const server = http.createServer().listen(0, '127.0.0.1', () => console.log('ready ' + process.pid));
`;

// Prints its pid, then exits with status 3 once the test writes a line to its standard input.
const waitForGo = `console.log('ready ' + process.pid);
process.stdin.once('data', () => process.exit(3));
`;

const block = 'function block(ms) { const end = Date.now() + ms; while (Date.now() < end); }\n';

function readyPid(line: string): number | undefined {
  const match = /^ready (\d+)$/.exec(line);
  return match === null ? undefined : Number(match[1]);
}


/**
 * The JSON report on stderr. On a loaded machine the probe may add its own one-line notices (a slow watchdog
 * at exit); anything else there is a failure.
 */
function reportIn(stderr: string): ProcessReport {
  const start = stderr.indexOf('{\n');
  const end = stderr.lastIndexOf('\n}') + 2;
  const rest = `${stderr.slice(0, start)}${stderr.slice(end)}`.split('\n').filter((line) => line.trim() !== '');
  expect(rest.filter((line) => !line.startsWith('unblock')), stderr).toEqual([]);
  return JSON.parse(stderr.slice(start, end)) as ProcessReport;
}

describe('on a signal', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('writes the report on %s when the program has no handler, then dies by that signal (a shell sees %i)', async (signal, status) => {
    const dir = tempProject({ 'server.mjs': server });
    let pid: number | undefined;
    // The shell is the parent: its $? is 128 + n only for a child killed by signal n.
    const result = await runChild('sh', ['-c', `"${process.execPath}" --import "${builtRegister}" server.mjs; echo "shell saw $?"`], {
      cwd: dir,
      onLine: (line) => {
        const ready = readyPid(line);
        if (ready === undefined) return;
        pid = ready;
        process.kill(ready, signal);
      },
    });
    expect(result.stdout).toBe(`ready ${pid}\nshell saw ${status}\n`);
    expect(reportHeaders(result.stderr)).toEqual([expect.stringMatching(new RegExp(`^unblock probe: pid ${pid} \\(node server\\.mjs\\), [\\d.]+ s observed, stall threshold 50 ms$`))]);
  });

  it('handles a signal sent during a stall when the stall ends, with that stall in the report', async () => {
    // The loop stays blocked for at least 300 ms and until the test has sent the signal, so the signal
    // arrives during the stall whatever the machine's load.
    const dir = tempProject({
      'blocks.mjs': `import { existsSync } from 'node:fs';
setInterval(() => {}, 1000);
setTimeout(() => {
  console.log('blocking ' + process.pid);
  const end = Date.now() + 300;
  while (Date.now() < end || !existsSync('signalled'));
}, 20);
`,
    });
    const result = await runRegistered(['blocks.mjs'], {
      cwd: dir,
      env: { UNBLOCK_REPORT: 'json' },
      onLine: (line, child) => {
        if (!line.startsWith('blocking ')) return;
        child.kill('SIGTERM');
        writeFileSync(path.join(dir, 'signalled'), '');
      },
    });
    expect(result.signal).toBe('SIGTERM');
    const report = reportIn(result.stderr);
    expect(report.recentStalls.map((stall) => stall.durationMs)).toContainEqual(expect.toSatisfy((ms: number) => ms >= 250));
  });

  it('lets Ctrl-C end a loop stuck for good: past STUCK_MS the probe steps aside and the signal kills as it would', async () => {
    const dir = tempProject({
      'stuck.mjs': `setInterval(() => {}, 1000);
setTimeout(() => {
  console.log('stuck ' + process.pid);
  for (;;);
}, 20);
`,
    });
    let repeat: NodeJS.Timeout | undefined;
    const result = await runRegistered(['stuck.mjs'], {
      cwd: dir,
      onLine: (line, child) => {
        if (!line.startsWith('stuck ')) return;
        // Ctrl-C pressed again and again, as a user does: each lands before or after the probe steps aside.
        repeat = setInterval(() => child.kill('SIGINT'), 250);
        child.once('close', () => {
          clearInterval(repeat);
        });
      },
    });
    clearInterval(repeat);
    expect(result.signal).toBe('SIGINT');
  });

  it('leaves a signal the program handles to the program, even a handler added after start, and reports once at exit', async () => {
    const dir = tempProject({
      'own.mjs': `import http from 'node:http';
const server = http.createServer().listen(0, '127.0.0.1', () => {
  process.on('SIGTERM', () => { console.log('own handler'); server.close(); });
  console.log('ready ' + process.pid);
});
`,
    });
    const result = await runRegistered(['own.mjs'], {
      cwd: dir,
      onLine: (line, child) => {
        if (readyPid(line) !== undefined) child.kill('SIGTERM');
      },
    });
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(result.stdout).toContain('own handler\n');
    expect(reportHeaders(result.stderr)).toHaveLength(1);
  });

  it('does not end a program that ignores SIGINT, and still reports and dies on a SIGTERM it does not handle', async () => {
    const dir = tempProject({
      'ignores.mjs': `process.on('SIGINT', () => console.log('ignored SIGINT'));
process.on('SIGHUP', () => {});
process.removeAllListeners('SIGHUP');
setInterval(() => {}, 1000);
console.log('ready ' + process.pid);
`,
    });
    const result = await runRegistered(['ignores.mjs'], {
      cwd: dir,
      onLine: (line, child) => {
        if (readyPid(line) !== undefined) child.kill('SIGINT');
        if (line === 'ignored SIGINT') child.kill('SIGTERM');
      },
    });
    expect(result.signal).toBe('SIGTERM');
    expect(reportHeaders(result.stderr)).toHaveLength(1);
  });

  it('lets signal-exit run its exit callbacks, and the process still dies by the signal with its report', async () => {
    const signalExit = path.join(root, 'node_modules/signal-exit/dist/mjs/index.js');
    const dir = tempProject({
      'with-signal-exit.mjs': `import { onExit } from ${JSON.stringify(signalExit)};
onExit((code, signal) => { console.log('signal-exit saw ' + signal); });
${server}`,
    });
    const result = await runRegistered(['with-signal-exit.mjs'], {
      cwd: dir,
      onLine: (line, child) => {
        if (readyPid(line) !== undefined) child.kill('SIGTERM');
      },
    });
    expect(result.signal).toBe('SIGTERM');
    expect(result.stdout).toContain('signal-exit saw SIGTERM\n');
    expect(reportHeaders(result.stderr)).toHaveLength(1);
  });
});

describe('one report per process', () => {
  const tree = `import { fork } from 'node:child_process';
if (process.argv[2] === 'child') {
  process.exitCode = 0;
} else {
  const children = ['a', 'b'].map((name) => fork(new URL(import.meta.url).pathname, ['child', name], { cwd: process.argv[2] }));
  console.log('pids ' + [process.pid, ...children.map((child) => child.pid)].join(' '));
  if (process.argv[3] === 'move') process.chdir(process.argv[2]);
}
`;

  function pids(stdout: string): number[] {
    return /^pids ([\d ]+)$/m.exec(stdout)![1].split(' ').map(Number);
  }

  it('writes each JSON report to a file named with the pid, labelled with pid, parent and argv; none overwrites another', async () => {
    const dir = tempProject({ 'tree.mjs': tree, 'reports/.keep': '' });
    const result = await runRegistered(['tree.mjs', dir], {
      cwd: dir,
      env: { UNBLOCK_REPORT: 'json', UNBLOCK_REPORT_FILE: path.join(dir, 'reports/r.json') },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const [parent, a, b] = pids(result.stdout);
    expect(readdirSync(path.join(dir, 'reports')).sort()).toEqual(['.keep', ...[parent, a, b].map((pid) => `r.${pid}.json`)].sort());
    const report = (pid: number) => JSON.parse(readFileSync(path.join(dir, `reports/r.${pid}.json`), 'utf8')) as ProcessReport;
    expect(report(parent).process).toEqual({ pid: parent, ppid: expect.any(Number), argv: [process.execPath, path.join(dir, 'tree.mjs'), dir] });
    expect(report(a).process).toEqual({ pid: a, ppid: parent, argv: [process.execPath, path.join(dir, 'tree.mjs'), 'child', 'a'] });
    expect(report(b).process.argv.slice(2)).toEqual(['child', 'b']);
    expect(report(b).thresholdMs).toBe(50);
  });

  it('labels each text report on standard error with its pid and command', async () => {
    const dir = tempProject({ 'tree.mjs': tree });
    const result = await runRegistered(['tree.mjs', dir], { cwd: dir });
    const [parent, a, b] = pids(result.stdout);
    expect(reportHeaders(result.stderr).map((line) => /^unblock probe: (pid \d+ \([^)]*\)),/.exec(line)?.[1]).sort()).toEqual(
      [`pid ${parent} (node tree.mjs .)`, `pid ${a} (node tree.mjs child a)`, `pid ${b} (node tree.mjs child b)`].sort(),
    );
  });

  it('resolves a relative UNBLOCK_REPORT_FILE against the start directory, for children started elsewhere and after chdir', async () => {
    const dir = tempProject({ 'tree.mjs': tree, 'reports/.keep': '', 'elsewhere/.keep': '' });
    const result = await runRegistered(['tree.mjs', path.join(dir, 'elsewhere'), 'move'], {
      cwd: dir,
      env: { UNBLOCK_REPORT: 'json', UNBLOCK_REPORT_FILE: 'reports/r.json' },
    });
    expect(result.stderr).toBe('');
    expect(readdirSync(path.join(dir, 'reports')).filter((name) => name.endsWith('.json'))).toHaveLength(3);
    expect(existsSync(path.join(dir, 'elsewhere/reports'))).toBe(false);
  });

  it('puts the reports inside UNBLOCK_REPORT_FILE when it names a directory', async () => {
    const dir = tempProject({ 'app.mjs': 'console.log(process.pid);\n', 'out/.keep': '' });
    const result = await runRegistered(['app.mjs'], { cwd: dir, env: { UNBLOCK_REPORT_FILE: 'out' } });
    const pid = Number(result.stdout.trim());
    expect(readFileSync(path.join(dir, `out/unblock-report.${pid}.txt`), 'utf8')).toMatch(new RegExp(`^unblock probe: pid ${pid} \\(node app\\.mjs\\), `));
  });
});

describe('a report that cannot be written', () => {
  // The one-line notice, then the report it could not write.
  function failure(stderr: string): { lines: string[]; report: ProcessReport } {
    const [, ...rest] = stderr.split('\n');
    return { lines: stderr.split('\n').filter((line) => line.startsWith('unblock: ')), report: JSON.parse(rest.join('\n')) as ProcessReport };
  }

  it('is said once on standard error when its directory is missing, followed by the report, and the exit status is kept', async () => {
    const dir = tempProject({ 'app.mjs': 'console.log(process.pid);\nprocess.exitCode = 3;\n' });
    const result = await runRegistered(['app.mjs'], { cwd: dir, env: { UNBLOCK_REPORT: 'json', UNBLOCK_REPORT_FILE: 'missing/r.json' } });
    const pid = Number(result.stdout.trim());
    expect(result.code).toBe(3);
    const { lines, report } = failure(result.stderr);
    expect(lines).toEqual([`unblock: cannot write the probe report to ${path.join(dir, `missing/r.${pid}.json`)}: its directory does not exist; here it is instead.`]);
    expect(report.process.pid).toBe(pid);
  });

  it.each([
    ['a directory stands where the file goes', 'it is a directory', (file: string) => { mkdirSync(file); }],
    ['the disk is full (/dev/full)', 'the disk is full', (file: string) => { symlinkSync('/dev/full', file); }],
  ])('is said once when %s', async (_case, reason, obstruct) => {
    const dir = tempProject({ 'app.mjs': waitForGo });
    let file = '';
    const result = await runRegistered(['app.mjs'], {
      cwd: dir,
      stdin: true,
      env: { UNBLOCK_REPORT: 'json', UNBLOCK_REPORT_FILE: path.join(dir, 'r.json') },
      onLine: (line, child) => {
        const pid = readyPid(line);
        if (pid === undefined) return;
        file = path.join(dir, `r.${pid}.json`);
        obstruct(file);
        child.stdin!.write('go\n');
      },
    });
    expect(result.code).toBe(3);
    const { lines, report } = failure(result.stderr);
    expect(lines).toEqual([`unblock: cannot write the probe report to ${file}: ${reason}; here it is instead.`]);
    expect(report.thresholdMs).toBe(50);
  });

  it('is said once under the permission model without write access', async () => {
    const flag = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
    const dir = tempProject({ 'app.mjs': 'process.exitCode = 3;\n' });
    const result = await runRegistered([flag, `--allow-fs-read=*`, 'app.mjs'], {
      cwd: dir,
      env: { UNBLOCK_REPORT_FILE: path.join(dir, 'r.txt'), NODE_NO_WARNINGS: '1' },
    });
    expect(result.code).toBe(3);
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('unblock'));
    expect(lines).toEqual([
      expect.stringMatching(/^unblock: cannot write the probe report to .*r\.\d+\.txt: the permission model does not allow it \(--allow-fs-write\); here it is instead\.$/),
      expect.stringMatching(/^unblock probe: pid \d+ \(node app\.mjs\), /),
    ]);
    expect(result.stderr).toContain('stacks       not captured: the permission model forbids the inspector');
  });
});

describe('settings from the environment', () => {
  it.each([
    [{ UNBLOCK_THRESHOLD_MS: 'abc' }, 'UNBLOCK_THRESHOLD_MS must be a number of milliseconds from 1 to 3600000; received "abc".'],
    [{ UNBLOCK_THRESHOLD_MS: '' }, 'UNBLOCK_THRESHOLD_MS must be a number of milliseconds from 1 to 3600000; received "".'],
    [{ UNBLOCK_REPORT: 'xml' }, 'UNBLOCK_REPORT must be "text" or "json"; received "xml".'],
    [{ UNBLOCK_REPORT: '' }, 'UNBLOCK_REPORT must be "text" or "json"; received "".'],
    [{ UNBLOCK_REPORT_FILE: '' }, 'UNBLOCK_REPORT_FILE must name a file (unset it for standard error); received "".'],
  ])('refuses %o in one line, without a stack, and the program runs without the probe', async (env, message) => {
    const dir = tempProject({ 'app.mjs': "console.log('ran');\nprocess.exitCode = 4;\n" });
    const result = await runRegistered(['app.mjs'], { cwd: dir, env });
    expect(result).toMatchObject({ code: 4, stdout: 'ran\n', stderr: `unblock: ${message} The probe is off in this process.\n` });
  });

  it('takes valid values: a threshold and the JSON format', async () => {
    const dir = tempProject({ 'app.mjs': "console.log('ran');\n" });
    const result = await runRegistered(['app.mjs'], { cwd: dir, env: { UNBLOCK_THRESHOLD_MS: '75', UNBLOCK_REPORT: 'json' } });
    expect(result.code).toBe(0);
    expect(reportIn(result.stderr)).toMatchObject({ thresholdMs: 75, process: { argv: [process.execPath, path.join(dir, 'app.mjs')] } });
  });
});

describe('programs the probe meets', () => {
  it('writes no report for a process whose entry point does not exist', async () => {
    const dir = tempProject({});
    const result = await runRegistered(['missing.mjs'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ERR_MODULE_NOT_FOUND');
    expect(reportHeaders(result.stderr)).toEqual([]);
  });

  it('still reports a program that ran and then failed to import a module', async () => {
    const dir = tempProject({ 'app.mjs': "console.log('ran');\nawait import('./missing-dependency.mjs');\n" });
    const result = await runRegistered(['app.mjs'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ERR_MODULE_NOT_FOUND');
    expect(reportHeaders(result.stderr)).toHaveLength(1);
  });

  it('catches an async onStall that rejects and reports it on the error channel, instead of killing the host', async () => {
    const dir = tempProject({
      'app.mjs': `import { subscribe } from 'node:diagnostics_channel';
import { startProbe } from ${JSON.stringify(builtProbe)};
${block}
const probe = startProbe({ thresholdMs: 50, attribution: false, onStall: async () => { throw new Error('async listener bug'); } });
subscribe('eslint-plugin-unblock:probe:error', ({ where, error }) => {
  console.log('reported: ' + where + ': ' + error.message);
  void probe.stop();
});
setTimeout(() => block(200), 20);
`,
    });
    const result = await runRegistered(['app.mjs'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('reported: onStall callback: async listener bug\n');
    expect(result.stderr).not.toContain('async listener bug');
  });

  it("lets a program under the register module start its own probe: it becomes the thread's, the preloaded one still reports", async () => {
    const dir = tempProject({
      'app.mjs': `import { currentProbe, startProbe } from ${JSON.stringify(builtProbe)};
${block}
const shared = startProbe();
console.log('no options shares the preloaded probe: ' + (shared === currentProbe()) + ', threshold ' + shared.options.thresholdMs);
let seen = false;
const own = startProbe({ thresholdMs: 30, attribution: false, onStall: () => {
  if (seen) return;
  seen = true;
  console.log('own probe saw a stall');
  void own.stop();
} });
console.log('own probe is current: ' + (currentProbe() === own));
try { startProbe({ thresholdMs: 31 }); } catch (error) { console.log('a second own probe: ' + error.code); }
setTimeout(() => block(300), 20);
`,
    });
    const result = await runRegistered(['app.mjs'], { cwd: dir, env: { UNBLOCK_THRESHOLD_MS: '100', UNBLOCK_REPORT: 'json' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'no options shares the preloaded probe: true, threshold 100\nown probe is current: true\na second own probe: ERR_UNBLOCK_PROBE_RUNNING\nown probe saw a stall\n',
    );
    const report = reportIn(result.stderr);
    expect(report.thresholdMs).toBe(100);
    expect(report.recentStalls.some((stall) => stall.durationMs >= 250)).toBe(true);
  });

  it('starts under a frozen globalThis, measures stalls and says why there are no stacks', async () => {
    const dir = tempProject({
      'app.mjs': `Object.freeze(globalThis);
const { startProbe } = await import(${JSON.stringify(builtProbe)});
${block}
const probe = startProbe({ thresholdMs: 50 });
console.log('attribution ' + JSON.stringify(probe.snapshot().attribution));
setTimeout(() => {
  block(200);
  setTimeout(async () => {
    const report = await probe.stop();
    console.log('stall reasons ' + [...new Set(report.recentStalls.map((stall) => stall.reason))].join(','));
  }, 0);
}, 20);
`,
    });
    const result = await runChild(process.execPath, ['app.mjs'], { cwd: dir });
    expect(result).toMatchObject({ code: 0, stdout: 'attribution {"active":false,"reason":"global-frozen"}\nstall reasons global-frozen\n' });
  });

  it('keeps attribution when globalThis is frozen only after the probe started', async () => {
    const dir = tempProject({
      'app.mjs': `const { startProbe } = await import(${JSON.stringify(builtProbe)});
const probe = startProbe({ thresholdMs: 50 });
Object.freeze(globalThis);
console.log('attribution ' + JSON.stringify(probe.snapshot().attribution));
await probe.stop();
`,
    });
    const result = await runChild(process.execPath, ['app.mjs'], { cwd: dir });
    expect(result).toMatchObject({ code: 0, stdout: 'attribution {"active":true}\n' });
  });
});
