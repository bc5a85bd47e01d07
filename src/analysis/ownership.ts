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

/**
 * Runtime stalls are the other shared ground: `no-measured-stall` reports a line the probe measured only when
 * no other rule of the plugin reports it. Every other rule's reports are recorded here, per file, as they are
 * made; the stall rule settles after every rule's `Program:exit` (see `settleAfterExit`), so deferred
 * reports count too, whatever the order of the rules in the config.
 */
const reportedLines = new WeakMap<object, { start: number; end: number }[]>();

type Location = { line: number; column: number } | { start: { line: number }; end: { line: number } };

interface ReportDescriptor {
  node?: { loc: { start: { line: number }; end: { line: number } } };
  loc?: Location;
}

function linesOf(descriptor: ReportDescriptor): { start: number; end: number } | undefined {
  const loc = descriptor.loc ?? descriptor.node?.loc;
  if (loc === undefined) return undefined;
  return 'start' in loc ? { start: loc.start.line, end: loc.end.line } : { start: loc.line, end: loc.line };
}

/** Whether a rule other than `no-measured-stall` reported a finding whose lines include `line`. */
export function isLineReported(sourceCode: object, line: number): boolean {
  return reportedLines.get(sourceCode)?.some((range) => range.start <= line && line <= range.end) === true;
}

interface RuleLike {
  create: (context: never) => unknown;
}

/** `rule`, with each report it makes recorded for `isLineReported`. */
export function recordingReports<Rule extends RuleLike>(rule: Rule): Rule {
  const create = (context: { sourceCode: object; report: (descriptor: ReportDescriptor) => void }): unknown => {
    // ESLint freezes the context, so the report is recorded through an object that inherits the rest of it.
    const recording = Object.create(context, {
      report: {
        value: (descriptor: ReportDescriptor) => {
          const lines = linesOf(descriptor);
          if (lines !== undefined) {
            let list = reportedLines.get(context.sourceCode);
            if (list === undefined) reportedLines.set(context.sourceCode, (list = []));
            list.push(lines);
          }
          context.report(descriptor);
        },
      },
    }) as never;
    return rule.create(recording);
  };
  return { ...rule, create };
}

/**
 * The listener that runs `settle` once the whole file has been walked and every rule's `Program:exit` has
 * run: ESLint ends the program's code path (`onCodePathEnd`) after the `Program:exit` listeners.
 */
export function settleAfterExit(settle: () => void): Record<string, unknown> {
  return {
    onCodePathEnd: (_codePath: unknown, node: TSESTree.Node) => {
      if (node.type === AST_NODE_TYPES.Program) settle();
    },
  };
}
