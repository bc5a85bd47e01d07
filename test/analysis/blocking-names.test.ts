import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { blockingNameFilter, callbackNameFilter } from '../../src/analysis/blocking-names.js';
import { programOf } from './program.js';

const userCode = `
const source = { a: 1, thing: () => 1 };
export function loadTemplate() { return ''; }
export { loadTemplate as fetchTemplate };
export const { a: renamed } = source;
export const topLevel = source.thing;
class Page {
  handler = () => 1;
  static open = function () { return 1; };
  plainField = 42;
  render() { return this.handler(); }
}
const key = 'computedName';
const short = 1;
export const store = { save() {}, run2: () => 1, alias: source.thing, plain: 42, short, [key]() {} };
declare const exports: Record<string, unknown>;
exports.viaExports = source.thing;
function f() { const localOnly = () => 1; return localOnly; }
`;

describe('blockingNameFilter', () => {
  const program = programOf({ '/virtual/user.ts': userCode });
  const filter = blockingNameFilter(program, []);

  it('keeps catalogue names, user functions and the names aliases are reached under', () => {
    const kept = [
      'readFileSync', 'execSync', 'randomBytes', 'hashSync', 'wait',
      'call', 'apply', 'bind', 'default',
      'loadTemplate', 'fetchTemplate', 'renamed', 'topLevel', 'handler', 'open', 'render', 'Page',
      'save', 'run2', 'alias', 'short', 'computedName', 'viaExports',
      'quoted.name',
    ];
    expect(kept.filter((name) => !filter.keeps(name))).toEqual([]);
  });

  it('drops names that can neither block nor reach a user function', () => {
    const dropped = ['map', 'push', 'trim', 'then', 'join', 'plain', 'plainField', 'localOnly'];
    expect(dropped.filter((name) => filter.keeps(name))).toEqual([]);
  });

  it('keeps Container.name catalogue names only when that container declares them', () => {
    expect(['all', 'get', 'run', 'exec'].filter((name) => filter.keeps(name))).toEqual([]);
    const withSqlite = programOf({
      '/virtual/user.ts': userCode,
      '/virtual/sqlite.d.ts': `declare module 'better-sqlite3' {
  class Statement { run(): void; all(): unknown[] }
}`,
    });
    const sqliteFilter = blockingNameFilter(withSqlite, []);
    expect(['run', 'all'].filter((name) => !sqliteFilter.keeps(name))).toEqual([]);
    expect(sqliteFilter.keeps('get')).toBe(false);
  });

  it("adds the user's blocking patterns, by their last segment", () => {
    const custom = blockingNameFilter(program, ['Client.query*', 'fetchNow']);
    expect(['queryRows', 'query', 'fetchNow'].filter((name) => !custom.keeps(name))).toEqual([]);
    expect(custom.keeps('fetchLater')).toBe(false);
    expect(blockingNameFilter(program, ['*']).keeps('anything')).toBe(true);
    expect(blockingNameFilter(program, ['Client.*']).keeps('anything')).toBe(true);
  });

  it('keeps the renames of declaration files, not their plain exports', () => {
    const withDts = programOf({
      '/virtual/user.ts': userCode,
      '/virtual/vendor.d.ts': `declare function original(): void;
declare function plainDts(): void;
export { original as renamedInDts, plainDts };`,
    });
    const dtsFilter = blockingNameFilter(withDts, []);
    expect(dtsFilter.keeps('renamedInDts')).toBe(true);
    expect(dtsFilter.keeps('plainDts')).toBe(false);
  });

  it('keeps the literal values of computed keys; other keys declare no named member', () => {
    const computed = programOf({
      '/virtual/user.ts': `declare const key: string;
declare const either: 'left' | 'right';
const kind = Symbol('kind');
export const store = { [key]() { return 1; }, [either]() { return 2; }, [kind]() { return 3; }, [\`tmpl\`]: () => 4 };`,
    });
    const filter = blockingNameFilter(computed, []);
    expect(['left', 'right', 'tmpl'].filter((name) => !filter.keeps(name))).toEqual([]);
    expect(filter.keeps('anything')).toBe(false);
  });

  it('needs nothing for a re-keying mapped type, whose members keep no declaration', () => {
    const remapped = programOf({
      '/virtual/user.ts': 'export type Prefixed<T> = { [K in keyof T as `do${string & K}`]: T[K] };',
    });
    expect(blockingNameFilter(remapped, []).keeps('doAnything')).toBe(false);
  });
});

describe('callbackNameFilter', () => {
  it('keeps schedulers, promise reactions and listener methods', () => {
    const filter = callbackNameFilter(programOf({ '/virtual/user.ts': userCode }));
    const kept = ['setTimeout', 'queueMicrotask', 'then', 'catch', 'finally', 'on', 'addEventListener'];
    expect(kept.filter((name) => !filter.keeps(name))).toEqual([]);
    // Aliases may lead to a scheduler under another name; user functions never are one.
    expect(['fetchTemplate', 'renamed', 'alias', 'short', 'viaExports'].filter((name) => !filter.keeps(name))).toEqual([]);
    expect(['loadTemplate', 'render', 'save', 'run2'].filter((name) => filter.keeps(name))).toEqual([]);
    // `Process.nextTick` and `IRoute.*` name containers this program (no @types/node, no express) never declares.
    expect(['map', 'push', 'forEach', 'nextTick', 'checkout'].filter((name) => filter.keeps(name))).toEqual([]);
  });

  it("keeps every member of express's IRoute, nested ones included, when it is declared", () => {
    const filter = callbackNameFilter(programOf({
      '/virtual/user.ts': userCode,
      '/virtual/express.d.ts': `declare module 'express-serve-static-core' {
  interface IRoute { checkout(handler: unknown): this; nested: { deep(): void } }
}`,
    }));
    expect(['checkout', 'deep', 'nested'].filter((name) => !filter.keeps(name))).toEqual([]);
    expect(filter.keeps('forEach')).toBe(false);
  });
});

describe('program names across programs', () => {
  it('reuses an unchanged file and reads a changed one again, as an editor makes a program per keystroke', () => {
    const files = {
      '/virtual/a.ts': 'export function fromA() { return 1; }',
      '/virtual/b.ts': "const key = 'keyedB';\nexport const b = { [key]() {} };\nexport function fromB() { return 1; }",
    };
    const first = programOf(files);
    expect(blockingNameFilter(first, []).keeps('fromB')).toBe(true);
    // b.ts changes; the old program's a.ts is reused (same SourceFile object), so only b.ts is walked again.
    const second = programOf({ ...files, '/virtual/b.ts': "const key = 'keyedC';\nexport const b = { [key]() {} };\nexport function fromC() { return 1; }" }, first);
    expect(second.getSourceFile('/virtual/a.ts')).toBe(first.getSourceFile('/virtual/a.ts'));
    const filter = blockingNameFilter(second, []);
    expect(['fromA', 'fromC', 'keyedC'].map((name) => filter.keeps(name))).toEqual([true, true, true]);
    expect(['fromB', 'keyedB'].map((name) => filter.keeps(name))).toEqual([false, false]);
  });

  it('stays exact over a run of keystrokes in one file, then in another, and old programs keep their answers', () => {
    const a = (name: string): string => `export function ${name}() { return 1; }`;
    const other = { '/virtual/c.ts': a('fromOther'), '/virtual/d.ts': 'export const d = 1;' };
    const names = ['typed0', 'typed1', 'typed2', 'typed3', 'fixedB', 'typedB1', 'typedB2', 'fromOther'];
    const declared = (program: ts.Program): string[] => names.filter((name) => blockingNameFilter(program, []).keeps(name));
    let files: Record<string, string> = { ...other, '/virtual/a.ts': a('typed0'), '/virtual/b.ts': a('fixedB') };
    const programs = [programOf(files)];
    const seen = [declared(programs[0])];
    // Three keystrokes in a.ts, then two in b.ts, each program made from the one before and linted at once.
    const steps: [string, string][] = [['/virtual/a.ts', 'typed1'], ['/virtual/a.ts', 'typed2'], ['/virtual/a.ts', 'typed3'], ['/virtual/b.ts', 'typedB1'], ['/virtual/b.ts', 'typedB2']];
    for (const [file, name] of steps) {
      files = { ...files, [file]: a(name) };
      programs.push(programOf(files, programs.at(-1)));
      seen.push(declared(programs.at(-1)!));
    }
    const expected = [
      ['typed0', 'fixedB', 'fromOther'],
      ['typed1', 'fixedB', 'fromOther'],
      ['typed2', 'fixedB', 'fromOther'],
      ['typed3', 'fixedB', 'fromOther'],
      ['typed3', 'typedB1', 'fromOther'],
      ['typed3', 'typedB2', 'fromOther'],
    ];
    expect(seen).toEqual(expected);
    expect(programs.map(declared)).toEqual(expected);
  });
});
