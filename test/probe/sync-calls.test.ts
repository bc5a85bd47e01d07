// The wrappers around blocking builtins: a stall inside one long native call is named by the line that made
// it, and the wrapped functions behave exactly as the originals.
import { execFileSync } from 'node:child_process';
import childProcess from 'node:child_process';
import fs, { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Snapshot, Stall } from '../../src/probe/index.js';
import { SyncCallWatcher } from '../../src/probe/sync-calls.js';
import { probeBuild, runNode, siteLine, stallsSource } from './helpers.js';

let temp: string;

beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'unblock-sync-calls-'));
});

afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

describe('a long native call inside a sync helper, after an await', () => {
  it('is blamed on the helper line, with the async caller below it', async () => {
    const fifo = join(temp, 'body.fifo');
    execFileSync('mkfifo', [fifo]);
    const child = await runNode([join(probeBuild(), 'test/probe/fixtures/run.js'), 'helperRead'], { env: { STALL_FIFO: fifo }, timeoutMs: 30_000 });
    expect(child.stderr).toBe('');
    expect(child.code).toBe(0);
    const { results, report } = JSON.parse(child.stdout) as { results: { stalls: Stall[] }[]; report: Snapshot };
    const stall = results[0].stalls.find((candidate) => candidate.durationMs >= 250)!;
    expect(stall).toBeDefined();
    expect(stall.late).toBe(false);
    expect(stall.site).toMatchObject({ file: stallsSource, line: siteLine('helperRead'), functionName: 'readBody' });
    expect(stall.stack[0]).toMatchObject({ functionName: 'readFileSync', file: 'node:fs' });
    expect(stall.stack).toContainEqual(expect.objectContaining({ file: stallsSource, line: siteLine('helperCall'), functionName: 'handleRequest' }));
    expect(report.topSites[0].site?.line).toBe(siteLine('helperRead'));
  });
});

describe('SyncCallWatcher', () => {
  it('records a call longer than its threshold with the caller on the stack, and forgets it once taken', () => {
    const watcher = new SyncCallWatcher(50, 8);
    try {
      const before = process.hrtime.bigint();
      childProcess.execSync('sleep 0.2');
      const call = watcher.take(before)!;
      expect(call.name).toBe('child_process.execSync');
      expect(call.frames[0]).toEqual(['execSync', 'node:child_process', 0, 0]);
      expect(call.frames[1][1]).toMatch(/sync-calls\.test\.ts$/);
      expect(Number(call.endNs - call.startNs) / 1e6).toBeGreaterThanOrEqual(150);
      expect(watcher.take(before)).toBeUndefined();
    } finally {
      watcher.stop();
    }
  });

  it('records nothing for a fast call, nor for a slow call that ended before the stall began', () => {
    const watcher = new SyncCallWatcher(50, 8);
    try {
      fs.writeFileSync(join(temp, 'small.txt'), 'small');
      expect(readFileSync(join(temp, 'small.txt'), 'utf8')).toBe('small');
      expect(watcher.take(0n)).toBeUndefined();
      childProcess.execSync('sleep 0.2');
      expect(watcher.take(process.hrtime.bigint())).toBeUndefined();
    } finally {
      watcher.stop();
    }
  });

  it('records a slow call that throws, and rethrows its error unchanged', () => {
    const watcher = new SyncCallWatcher(50, 8);
    try {
      let thrown: unknown;
      try {
        childProcess.execSync('sleep 0.2; exit 3', { stdio: 'ignore' });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as { status?: number }).status).toBe(3);
      expect(watcher.take(0n)?.name).toBe('child_process.execSync');
      let missing: NodeJS.ErrnoException | undefined;
      try {
        fs.readFileSync(join(temp, 'missing'));
      } catch (error) {
        missing = error as NodeJS.ErrnoException;
      }
      expect(missing).toMatchObject({ code: 'ENOENT', syscall: 'open', path: join(temp, 'missing') });
      expect(Object.getPrototypeOf(missing)).toBe(Error.prototype);
    } finally {
      watcher.stop();
    }
  });

  it('keeps names, length, this, own properties and ESM named imports, and restores the originals at stop', async () => {
    const originals = { readFileSync: fs.readFileSync, execSync: childProcess.execSync };
    const self = { marker: true };
    const custom = Symbol('custom');
    const probeSync = Object.assign(
      function probeSync(this: unknown, a: number, b: number) {
        return { self: this, sum: a + b };
      },
      { [promisify.custom]: custom },
    );
    (fs as unknown as Record<string, unknown>).probeSync = probeSync;
    const watcher = new SyncCallWatcher(50, 8);
    try {
      const wrapped = (fs as unknown as Record<string, typeof probeSync>).probeSync;
      expect(wrapped).not.toBe(probeSync);
      expect(wrapped.name).toBe('probeSync');
      expect(wrapped.length).toBe(2);
      expect(wrapped.prototype).toBe(probeSync.prototype);
      expect((wrapped as unknown as Record<symbol, unknown>)[promisify.custom]).toBe(custom);
      expect(wrapped.call(self, 2, 3)).toEqual({ self, sum: 5 });
      expect(fs.readFileSync).not.toBe(originals.readFileSync);
      expect(fs.readFileSync.name).toBe('readFileSync');
      expect(fs.readFileSync.length).toBe(originals.readFileSync.length);
      const esm = await import('node:fs');
      expect(esm.readFileSync).toBe(fs.readFileSync);
      expect(childProcess.execSync.length).toBe(originals.execSync.length);
    } finally {
      watcher.stop();
      delete (fs as unknown as Record<string, unknown>).probeSync;
    }
    expect(fs.readFileSync).toBe(originals.readFileSync);
    expect((await import('node:fs')).readFileSync).toBe(originals.readFileSync);
  });

  it('leaves a function that someone replaced after it in place at stop', () => {
    const target = fs as unknown as Record<string, unknown>;
    target.probeSync = () => 1;
    const watcher = new SyncCallWatcher(50, 8);
    const mock = () => 2;
    try {
      target.probeSync = mock;
      watcher.stop();
      expect(target.probeSync).toBe(mock);
    } finally {
      watcher.stop();
      delete target.probeSync;
    }
  });
});
