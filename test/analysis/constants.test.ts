import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { constantNumber } from '../../src/analysis/constants.js';
import { programOf } from './program.js';

/** The value `constantNumber` gives each `probe(…)` argument of `source`, in order. */
function probes(source: string): (number | undefined)[] {
  const program = programOf({ '/probe.ts': `declare function probe(value: number): void;\n${source}` });
  const checker = program.getTypeChecker();
  const values: (number | undefined)[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'probe') {
      values.push(constantNumber(checker, node.arguments[0]));
    }
    ts.forEachChild(node, visit);
  };
  visit(program.getSourceFile('/probe.ts')!);
  return values;
}

describe('constantNumber', () => {
  it('reads literals, const bindings and arithmetic over them', () => {
    expect(
      probes(`
const POOL = 8 * 1024;
const HALF = POOL / 2;
const MASK = (1 << 4) | 1;
enum Size { Small = 64 }
probe(16); probe(-1); probe(POOL); probe(HALF - 96); probe(2 ** 10 % 1000); probe(MASK & 7); probe(Size.Small * 2);
probe(POOL as number);`),
    ).toEqual([16, -1, 8192, 4000, 24, 1, 128, 8192]);
  });

  it('is undefined for anything that can change or is not spelled out', () => {
    expect(
      probes(`
let size = 8;
declare const input: number;
const fromInput = input * 2;
function f(n: number) { probe(n); }
probe(size); probe(fromInput); probe(Math.max(1, 2)); probe('8'.length);`),
    ).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
