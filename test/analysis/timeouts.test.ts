import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { OptionReader } from '../../src/analysis/timeouts.js';
import { programOf } from './program.js';

const declarations = `
declare const s: { aborted: boolean };
declare const cond: boolean;
declare const key: string;
declare const untyped: any;
declare const maybe: { signal?: typeof s };
declare const optional: { signal?: typeof s } | undefined;
declare const required: { signal: typeof s };
declare const none: { method: string };
declare const dict: Record<string, unknown>;
declare function check(options: unknown): void;
const base = { signal: s };
const bare = { method: 'GET' };
`;

/** The argument of each `check(…)` statement in `body`, keyed by its text. */
function optionsIn(body: string): { reader: OptionReader; options: Map<string, ts.Expression> } {
  const fileName = '/virtual/options.ts';
  const program = programOf({ [fileName]: declarations + body });
  const file = program.getSourceFile(fileName)!;
  const options = new Map<string, ts.Expression>();
  for (const statement of file.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) continue;
    const argument = statement.expression.arguments[0];
    options.set(argument.getText(file), argument);
  }
  return { reader: new OptionReader(program.getTypeChecker()), options };
}

describe('OptionReader.deadline', () => {
  const { reader, options } = optionsIn(`
check({ signal: s });
check({ signal: undefined });
check({});
check({ ...base });
check({ ...bare });
check({ signal: s, ...none });
check({ ...maybe });
check(optional);
check(required);
check(none);
check(untyped);
check({ [key]: s });
check(cond ? { signal: s } : {});
check(cond ? { signal: s } : base);
check(dict);
check(maybe ?? base);
`);
  const signal = [['signal']] as const;

  it.each([
    ['{ signal: s }', 'yes'],
    ['{ ...base }', 'yes'],
    ['{ signal: s, ...none }', 'yes'],
    ['required', 'yes'],
    ['cond ? { signal: s } : base', 'yes'],
    ['{ signal: undefined }', 'no'],
    ['{}', 'no'],
    ['{ ...bare }', 'no'],
    ['none', 'no'],
    ['{ ...maybe }', 'unknown'],
    ['optional', 'unknown'],
    ['untyped', 'unknown'],
    ['{ [key]: s }', 'unknown'],
    ['cond ? { signal: s } : {}', 'unknown'],
    ['dict', 'unknown'],
    ['maybe ?? base', 'unknown'],
  ])('%s → %s', (text, expected) => {
    expect(reader.deadline(options.get(text), signal)).toBe(expected);
  });
});

describe('OptionReader.deadline with several options', () => {
  const { reader, options } = optionsIn(`
check({ headersTimeout: 1000 });
check({ headersTimeout: 1000, bodyTimeout: 1000 });
check({ headersTimeout: 1000, bodyTimeout: 400000 });
check({ timeout: 0 });
check({ timeout: 0, signal: s });
`);
  const undiciTimeouts = [['headersTimeout', 'bodyTimeout']] as const;

  it('needs every option of an alternative', () => {
    expect(reader.deadline(options.get('{ headersTimeout: 1000 }'), undiciTimeouts)).toBe('no');
    expect(reader.deadline(options.get('{ headersTimeout: 1000, bodyTimeout: 1000 }'), undiciTimeouts)).toBe('yes');
  });

  it('reads a literal at or above the limit as no deadline', () => {
    expect(reader.deadline(options.get('{ headersTimeout: 1000, bodyTimeout: 400000 }'), undiciTimeouts, 300_000)).toBe('no');
    expect(reader.deadline(options.get('{ headersTimeout: 1000, bodyTimeout: 1000 }'), undiciTimeouts, 300_000)).toBe('yes');
  });

  it('reads `timeout: 0` as none, and takes any alternative', () => {
    expect(reader.deadline(options.get('{ timeout: 0 }'), [['timeout'], ['signal']])).toBe('no');
    expect(reader.deadline(options.get('{ timeout: 0, signal: s }'), [['timeout'], ['signal']])).toBe('yes');
  });

  it('reads missing options as no deadline', () => {
    expect(reader.deadline(undefined, [['timeout']])).toBe('no');
  });
});
