import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

/**
 * One defect, one finding. `no-floating-promises` and `no-unbounded-fan-out` both see a promise started per
 * element and never handled (`xs.map(async …);`, `xs.forEach(async …)`, `for (…) this.warm(x);`). The
 * unhandled promise belongs to `no-floating-promises`, whose message then says that the promises also start
 * all at once; handled-but-unbounded work (`void`, `.catch()`, pushed into an array) stays with
 * `no-unbounded-fan-out`. Each rule claims what it would report while ESLint walks the file, and reports at
 * `Program:exit`, when every rule's claims are in: with only one of the rules on, it reports everything.
 */
export type SharedRule = 'no-floating-promises' | 'no-unbounded-fan-out';

/** What `no-unbounded-fan-out` saw: the call or loop that starts the work, and the collection it goes over. */
export interface FanOutClaim {
  shape: 'per-element' | 'loop';
  /** `xs.map(…)`, `xs.forEach(…)`; absent for a loop. */
  source?: string;
  collection: string;
}

interface Claim {
  rule: SharedRule;
  fanOut?: FanOutClaim;
  report: (other: FanOutClaim | undefined) => void;
}

// Keyed by the file's SourceCode, which every rule linting one file shares; a new pass (after fixes) has a new one.
const boards = new WeakMap<object, Map<TSESTree.Node, Claim[]>>();

function isFunction(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration
  );
}

/** The statement a finding belongs to: the innermost one around `node` inside the same function. */
export function statementOf(node: TSESTree.Node): TSESTree.Node {
  for (let current: TSESTree.Node | undefined = node; current !== undefined; current = current.parent) {
    if (current !== node && isFunction(current)) return node;
    if (current.type.endsWith('Statement') || current.type === AST_NODE_TYPES.VariableDeclaration) return current;
  }
  return node;
}

/**
 * Records that `rule` would report the defect at `statement`. `report` runs at `Program:exit` (see
 * `settleClaims`), with the fan-out the other rule saw there when it is this rule's to say.
 */
export function claim(
  sourceCode: object,
  rule: SharedRule,
  statement: TSESTree.Node,
  report: (other: FanOutClaim | undefined) => void,
  fanOut?: FanOutClaim,
): void {
  let board = boards.get(sourceCode);
  if (board === undefined) {
    board = new Map();
    boards.set(sourceCode, board);
  }
  const claims = board.get(statement);
  const entry: Claim = fanOut === undefined ? { rule, report } : { rule, report, fanOut };
  if (claims === undefined) board.set(statement, [entry]);
  else claims.push(entry);
}

/** Reports `rule`'s claims, leaving out those another rule owns. Call it from the rule's `Program:exit`. */
export function settleClaims(sourceCode: object, rule: SharedRule): void {
  const board = boards.get(sourceCode);
  if (board === undefined) return;
  for (const claims of board.values()) {
    const other = claims.find((entry) => entry.rule !== rule);
    for (const entry of claims) {
      if (entry.rule !== rule) continue;
      if (other === undefined) entry.report(undefined);
      else if (rule === 'no-floating-promises') entry.report(other.fanOut);
    }
  }
}
