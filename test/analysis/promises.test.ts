import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { callbackReturnsThenable, calleeResult } from '../../src/analysis/promises.js';
import { programOf } from './program.js';

const declarations = `
declare function send(): Promise<void>;
declare function count(): number;
declare function identity<T>(value: T): T;
declare function collect<R>(fn: () => R): R[];
declare function later<T>(value: T): Promise<T>;
declare function index<T>(value: T): Map<string, T>;
declare function query(sql: string): Promise<number>;
declare function query(sql: string, done: () => void): void;
declare function both(key: string): Promise<void>;
declare function both(key: number): Promise<number>;
declare function tasks(): Promise<void>[];
declare const cache: Map<string, number>;
declare const hooks: { close?: () => Promise<void> };
declare const untyped: any;
declare class Query {
  then(onfulfilled: (rows: number) => void): void;
  where(field: string): this;
}
declare const users: Query;
`;

/** The statement calls of `body`, each with the text it was written as. */
function statementCalls(body: string): { checker: ts.TypeChecker; calls: [string, ts.CallExpression | ts.NewExpression][] } {
  const fileName = '/virtual/calls.ts';
  const program = programOf({ [fileName]: declarations + body });
  const file = program.getSourceFile(fileName)!;
  const calls: [string, ts.CallExpression | ts.NewExpression][] = [];
  for (const statement of file.statements) {
    if (!ts.isExpressionStatement(statement)) continue;
    const expression = statement.expression;
    if (ts.isCallExpression(expression) || ts.isNewExpression(expression)) calls.push([expression.getText(file), expression]);
  }
  return { checker: program.getTypeChecker(), calls };
}

describe('calleeResult', () => {
  const { checker, calls } = statementCalls(`
send();
count();
later(1);
both('key');
new Promise<void>((resolve) => resolve());
users.where('active');
hooks.close?.();
tasks();
collect(() => 1);
index(1);
cache.set('a', 1);
untyped();
identity(send());
query('select 1');
import('node:fs');
`);
  const result = Object.fromEntries(calls.map(([text, call]) => [text, calleeResult(checker, call)]));

  it('reads a thenable from the callee alone: plain, generic `Promise<T>`, agreeing overloads, fluent `this`, optional', () => {
    expect(result['send()']).toBe('thenable');
    expect(result['later(1)']).toBe('thenable');
    expect(result["both('key')"]).toBe('thenable');
    expect(result['new Promise<void>((resolve) => resolve())']).toBe('thenable');
    expect(result["users.where('active')"]).toBe('thenable');
    expect(result['hooks.close?.()']).toBe('thenable');
  });

  it('tells arrays of promises, arrays the arguments decide, and other values apart', () => {
    expect(result['tasks()']).toBe('thenable-array');
    expect(result['collect(() => 1)']).toBe('array');
    expect(result['count()']).toBe('other');
    expect(result['index(1)']).toBe('other');
    expect(result["cache.set('a', 1)"]).toBe('other');
    expect(result['untyped()']).toBe('other');
  });

  it('leaves to the checker what the arguments decide: a bare type parameter, disagreeing overloads, import()', () => {
    expect(result['identity(send())']).toBeUndefined();
    expect(result["query('select 1')"]).toBeUndefined();
    expect(result["import('node:fs')"]).toBeUndefined();
  });
});

describe('callbackReturnsThenable', () => {
  const { checker, calls } = statementCalls(`
[1].map(async () => 1);
[1].map(() => send());
[1].map(send);
[1].map(() => count());
[1].map(() => (send() as unknown));
[1].map(function* () { yield 1; });
[1].map((n) => { return send(); });
`);
  const returns = Object.fromEntries(
    calls.map(([text, call]) => [text, callbackReturnsThenable(checker, (call as ts.CallExpression).arguments[0])]),
  );

  it('knows an async function, an arrow returning a promise-returning call, and a reference to one', () => {
    expect(returns['[1].map(async () => 1)']).toBe(true);
    expect(returns['[1].map(() => send())']).toBe(true);
    expect(returns['[1].map(send)']).toBe(true);
  });

  it('does not claim what it cannot see cheaply: other results, casts, generators, block bodies', () => {
    expect(returns['[1].map(() => count())']).toBe(false);
    expect(returns['[1].map(() => (send() as unknown))']).toBe(false);
    expect(returns['[1].map(function* () { yield 1; })']).toBe(false);
    expect(returns['[1].map((n) => { return send(); })']).toBe(false);
  });
});
