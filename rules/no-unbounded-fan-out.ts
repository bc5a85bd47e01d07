import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import ts from 'typescript';

import {
  callbackStartsWork,
  chainBase,
  collectionBound,
  concurrencyOption,
  constInitializer,
  fanOutSource,
  isLibArrayMethod,
  isLimitedCallback,
  isLimitedTask,
  isModuleResolvable,
  optionMapper,
  promiseCombinator,
  startsWork,
  unboundedEnclosingLoop,
  type FanOutSettings,
  type FanOutSource,
  type LimiterSpec,
} from '../src/analysis/fan-out.js';
import { skipOuterExpressions } from '../src/analysis/callee.js';
import { claim, settleClaims, statementOf, type FanOutClaim } from '../src/analysis/ownership.js';
import { callbackReturnsThenable, calleeResult, isThenable, returnsThenable } from '../src/analysis/promises.js';
import { createRule } from '../src/util/create-rule.js';
import { getTypedServices } from '../src/util/services.js';

export type Options = [{ maxFanOut?: number; limiters?: LimiterSpec[]; checkInstanceState?: boolean }];
export type MessageId =
  | 'fanOut'
  | 'mapNotAwaited'
  | 'pushAll'
  | 'pushNeverAwaited'
  | 'loopFireAndForget'
  | 'forEachAsync'
  | 'unlimitedMapper'
  | 'usePMap';

/** Collapsed, shortened source text for messages. */
function describe(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function describeSource(source: FanOutSource): string {
  const collection = describe(source.collection);
  return source.method === 'from' ? `Array.from(${collection}, …)` : `${collection}.${source.method}(…)`;
}

const LOOPS = new Set<string>([
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);
const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap']);

/** Cheap syntactic test before any type query: is there a loop (or iteration callback) around `node`? */
function insideLoop(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (LOOPS.has(current.type)) return true;
    if (current.type === AST_NODE_TYPES.ArrowFunctionExpression || current.type === AST_NODE_TYPES.FunctionExpression) {
      const call = current.parent;
      return (
        call?.type === AST_NODE_TYPES.CallExpression &&
        call.callee.type === AST_NODE_TYPES.MemberExpression &&
        call.callee.property.type === AST_NODE_TYPES.Identifier &&
        ITERATION_METHODS.has(call.callee.property.name)
      );
    } else if (current.type === AST_NODE_TYPES.FunctionDeclaration) {
      return false;
    }
  }
  return false;
}

export default createRule<Options, MessageId>({
  name: 'no-unbounded-fan-out',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow starting one promise per element of an unbounded collection all at once',
      recommended: true,
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      fanOut:
        '`{{combinator}}` over `{{source}}` starts a promise per element of `{{collection}}` at once. Bound it: p-map or p-limit with a `concurrency`.',
      mapNotAwaited:
        '`{{source}}` starts a promise per element of `{{collection}}` at once, and nothing waits for them. Use p-map with a `concurrency` and await it.',
      pushAll:
        '`{{target}}.push(…)` starts a promise on every iteration over `{{collection}}` before `{{combinator}}` waits, so all run at once. Use p-limit or p-map.',
      pushNeverAwaited:
        '`{{target}}.push(…)` starts a promise on every iteration over `{{collection}}`, and nothing awaits `{{target}}`. Use p-map with a `concurrency`.',
      loopFireAndForget:
        'This loop over `{{collection}}` starts a promise on every iteration without waiting, so all run at once. Await each, or use p-map with a `concurrency`.',
      forEachAsync:
        '`{{collection}}.forEach` starts an async callback per element at once and never waits. Use `for...of` with `await`, or p-map with a `concurrency`.',
      unlimitedMapper:
        '`{{callee}}` over `{{collection}}` has no finite `concurrency` (the default is `Infinity`), so every element starts at once. Pass `{ concurrency: N }`.',
      usePMap: 'Rewrite with p-map and `{ concurrency: {{concurrency}} }`.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          maxFanOut: {
            type: 'integer',
            minimum: 1,
            description:
              'Largest number of tasks a constant-size collection (`.slice(0, N)`, `{ length: N }`, a loop to `N`) may start at once without a report.',
          },
          checkInstanceState: {
            type: 'boolean',
            description:
              "Whether to report fan-out over the object's own state (`this.nodes()`, `[...this.#clients]`), which is usually sized by configuration rather than by traffic.",
          },
          limiters: {
            type: 'array',
            description: 'Your own limiters: calls to these exports, or through values of these types, are bounded.',
            items: {
              type: 'object',
              properties: {
                module: {
                  type: 'string',
                  description: 'Package (or ambient `declare module` name) that declares the limiter.',
                },
                names: {
                  type: 'array',
                  description:
                    'Declared names: a function, `default`, a type whose values are limiter functions, or `Class.method`.',
                  items: { type: 'string' },
                  minItems: 1,
                },
              },
              required: ['module', 'names'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ maxFanOut: 16, limiters: [], checkInstanceState: false }],
  create(context, [options]) {
    const services = getTypedServices(context);
    const { checker, program } = services;
    const settings: FanOutSettings = {
      maxFanOut: options.maxFanOut ?? 16,
      limiters: options.limiters ?? [],
      checkInstanceState: options.checkInstanceState ?? false,
    };
    const reported = new WeakSet<ts.Node>();
    const tsNode = (node: TSESTree.Node): ts.Node => services.esTreeNodeToTSNodeMap.get(node);

    /** The unbounded collection a fan-out source starts tasks for, or undefined when it is fine. */
    function unboundedCollection(source: FanOutSource): ts.Node | undefined {
      if (!isThenableArrayResult(source) || !callbackStartsWork(source.callback)) return undefined;
      const bound = collectionBound(program, checker, source.collection, settings);
      if (bound.kind !== 'unbounded' || isLimitedCallback(checker, source.callback, settings)) return undefined;
      return bound.collection;
    }

    /** Whether a call in statement position makes a promise; the callee's declared result usually says. */
    function startsPromise(call: ts.Expression): boolean {
      const result = ts.isCallExpression(call) || ts.isNewExpression(call) ? calleeResult(checker, call) : undefined;
      if (result !== undefined) return result === 'thenable';
      return isThenable(checker, call, checker.getTypeAtLocation(call));
    }

    function isThenableArrayResult(source: FanOutSource): boolean {
      // What the callback returns usually says it without typing the whole call (inference over the callback).
      if (callbackReturnsThenable(checker, source.callback)) return true;
      const type = checker.getNonNullableType(checker.getTypeAtLocation(source.call));
      const element = checker.getIndexTypeOfType(type, ts.IndexKind.Number);
      return element !== undefined && isThenable(checker, source.call, element);
    }

    function sourceOf(expr: ts.Expression): FanOutSource | undefined {
      const node = skipOuterExpressions(expr);
      const direct = fanOutSource(program, checker, node);
      if (direct || !ts.isIdentifier(node)) return direct;
      const init = constInitializer(checker, node);
      return init ? fanOutSource(program, checker, init) : undefined;
    }

    function pMapSuggestion(
      node: TSESTree.CallExpression,
      source: FanOutSource,
    ): TSESLint.ReportSuggestionArray<MessageId> {
      const callback = skipOuterExpressions(source.callback);
      const callee = skipOuterExpressions(source.call.expression);
      if (
        source.method !== 'map' ||
        source.call.arguments.length !== 1 ||
        (ts.isPropertyAccessExpression(callee) && callee.questionDotToken) ||
        ((ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) && callback.parameters.length > 2) ||
        !isModuleResolvable(program, context.filename, 'p-map')
      ) {
        return [];
      }
      const ast = context.sourceCode.ast;
      const existing = ast.body
        .filter((stmt): stmt is TSESTree.ImportDeclaration => stmt.type === AST_NODE_TYPES.ImportDeclaration)
        .filter((stmt) => stmt.source.value === 'p-map' && stmt.importKind !== 'type')
        .flatMap((stmt) => stmt.specifiers)
        .find((spec) => spec.type === AST_NODE_TYPES.ImportDefaultSpecifier);
      let name = existing?.local.name;
      if (name === undefined) {
        for (let scope: TSESLint.Scope.Scope | null = context.sourceCode.getScope(node); scope; scope = scope.upper) {
          if (scope.set.has('pMap')) return [];
        }
        name = 'pMap';
      }
      const importName = name;
      const replacement = `${name}(${source.collection.getText()}, ${source.callback.getText()}, { concurrency: ${settings.maxFanOut} })`;
      return [
        {
          messageId: 'usePMap',
          data: { concurrency: String(settings.maxFanOut) },
          fix: (fixer) => {
            const fixes = [fixer.replaceText(node, replacement)];
            if (existing === undefined) {
              const imports = ast.body.filter((stmt) => stmt.type === AST_NODE_TYPES.ImportDeclaration);
              const last = imports.at(-1);
              const line = `import ${importName} from 'p-map';`;
              fixes.push(last ? fixer.insertTextAfter(last, `\n${line}`) : fixer.insertTextBefore(ast.body[0], `${line}\n`));
            }
            return fixes;
          },
        },
      ];
    }

    function checkCombinator(node: TSESTree.CallExpression): void {
      const call = tsNode(node) as ts.CallExpression;
      const combinator = promiseCombinator(program, checker, call);
      const arg = call.arguments[0];
      if (combinator === undefined || arg === undefined) return;
      let inner = skipOuterExpressions(arg);
      // `Promise.all(ids?.map(f) ?? [])`: the fallback is empty, the map is the fan-out.
      if (
        ts.isBinaryExpression(inner) &&
        (inner.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
          inner.operatorToken.kind === ts.SyntaxKind.BarBarToken) &&
        ts.isArrayLiteralExpression(skipOuterExpressions(inner.right)) &&
        (skipOuterExpressions(inner.right) as ts.ArrayLiteralExpression).elements.length === 0
      ) {
        inner = skipOuterExpressions(inner.left);
      }
      const candidates = ts.isArrayLiteralExpression(inner)
        ? inner.elements.filter(ts.isSpreadElement).map((spread) => spread.expression)
        : [inner];
      for (const candidate of candidates) {
        const source = sourceOf(candidate);
        const collection = source && unboundedCollection(source);
        if (!source || !collection) continue;
        reported.add(call);
        context.report({
          node,
          messageId: 'fanOut',
          data: {
            combinator: `Promise.${combinator}`,
            source: describeSource(source),
            collection: describe(collection),
          },
          suggest:
            combinator === 'all' && source.call === skipOuterExpressions(arg) ? pMapSuggestion(node, source) : [],
        });
        return;
      }
    }

    function checkPush(node: TSESTree.CallExpression): void {
      if (!insideLoop(node)) return;
      const call = tsNode(node) as ts.CallExpression;
      const callee = skipOuterExpressions(call.expression);
      if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return;
      const candidates = call.arguments.filter((arg) => !ts.isSpreadElement(arg) && startsWork(arg));
      if (candidates.length === 0) return;
      // Cheapest first: the target local and the loop, then the types of what is pushed.
      const symbol = checker.getSymbolAtLocation(callee.expression);
      const decl = symbol?.valueDeclaration;
      if (!symbol || !decl || !ts.isVariableDeclaration(decl) || !ts.isVariableDeclarationList(decl.parent)) return;
      const found = unboundedEnclosingLoop(program, checker, call, settings, symbol);
      if (!found || (decl.pos >= found.loop.pos && decl.end <= found.loop.end)) return;
      if (!isLibArrayMethod(program, checker, callee)) return;
      if (!candidates.some((arg) => startsPromise(arg) && !isLimitedTask(checker, arg, settings))) return;
      const usage = consumers(symbol, decl.parent.parent.parent);
      if (usage === 'other') return;
      const data = { target: symbol.name, collection: describe(found.collection) };
      if (usage === 'none') {
        context.report({ node, messageId: 'pushNeverAwaited', data });
      } else {
        context.report({ node, messageId: 'pushAll', data: { target: data.target, collection: data.collection, combinator: `Promise.${usage}` } });
      }
    }

    /** How an array of tasks is consumed: only pushed to (`none`), handed to a combinator, or anything else. */
    function consumers(symbol: ts.Symbol, scope: ts.Node): 'none' | 'other' | string {
      let usage: string = 'none';
      const visit = (node: ts.Node): void => {
        if (usage === 'other') return;
        if (ts.isIdentifier(node) && node.text === symbol.name && checker.getSymbolAtLocation(node) === symbol) {
          const parent = node.parent;
          if (ts.isVariableDeclaration(parent) && parent.name === node) return;
          if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
            if (parent.name.text === 'length') return;
            if (parent.name.text === 'push' && ts.isCallExpression(parent.parent)) return;
          }
          const combinator =
            ts.isCallExpression(parent) && parent.arguments[0] === node
              ? promiseCombinator(program, checker, parent)
              : undefined;
          usage = combinator ?? 'other';
          return;
        }
        ts.forEachChild(node, visit);
      };
      visit(scope);
      return usage;
    }

    function checkForEach(node: TSESTree.CallExpression): void {
      const call = tsNode(node) as ts.CallExpression;
      const callee = skipOuterExpressions(call.expression);
      const callback = call.arguments[0];
      if (!ts.isPropertyAccessExpression(callee) || callback === undefined || !callbackStartsWork(callback)) return;
      if (!returnsThenable(checker, callback, checker.getTypeAtLocation(callback))) return;
      if (!isLibArrayMethod(program, checker, callee, true) || isLimitedCallback(checker, callback, settings)) return;
      const bound = collectionBound(program, checker, callee.expression, settings);
      if (bound.kind !== 'unbounded') return;
      const collection = describe(bound.collection);
      claim(context.sourceCode, 'no-unbounded-fan-out', statementOf(node), () => {
        context.report({ node, messageId: 'forEachAsync', data: { collection } });
      }, { shape: 'per-element', source: `${collection}.forEach(…)`, collection });
    }

    /** p-map and Bluebird are imported: only an imported name (`pMap`, `Bluebird.map`) can be one. */
    function mayBeImportedMapper(callee: TSESTree.Expression): boolean {
      const root =
        callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed ? callee.object : callee;
      if (root.type !== AST_NODE_TYPES.Identifier) return false;
      for (let scope: TSESLint.Scope.Scope | null = context.sourceCode.getScope(callee); scope; scope = scope.upper) {
        const variable = scope.set.get(root.name);
        if (variable) return variable.defs.some((def) => def.type === 'ImportBinding');
      }
      return false;
    }

    function checkOptionMapper(node: TSESTree.CallExpression): void {
      const call = tsNode(node) as ts.CallExpression;
      const mapper = optionMapper(checker, call);
      if (!mapper || concurrencyOption(checker, mapper.options) !== 'missing') return;
      const bound = collectionBound(program, checker, mapper.collection, settings);
      if (bound.kind !== 'unbounded') return;
      context.report({
        node,
        messageId: 'unlimitedMapper',
        data: { callee: describe(call.expression), collection: describe(bound.collection) },
      });
    }

    return {
      CallExpression(node) {
        if (node.callee.type === AST_NODE_TYPES.MemberExpression && node.callee.property.type === AST_NODE_TYPES.Identifier) {
          switch (node.callee.property.name) {
            case 'all':
            case 'allSettled':
            case 'any':
            case 'race':
              checkCombinator(node);
              return;
            case 'push':
              checkPush(node);
              return;
            case 'forEach':
              checkForEach(node);
              return;
          }
        }
        if (node.arguments.length >= 2 && mayBeImportedMapper(node.callee)) checkOptionMapper(node);
      },
      'ExpressionStatement:exit'(node: TSESTree.ExpressionStatement) {
        let expression: TSESTree.Expression = node.expression;
        if (expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === 'void') {
          expression = expression.argument;
        }
        if (expression.type === AST_NODE_TYPES.ChainExpression) expression = expression.expression;
        if (expression.type !== AST_NODE_TYPES.CallExpression && expression.type !== AST_NODE_TYPES.NewExpression) return;
        const inner = skipOuterExpressions(tsNode(expression) as ts.Expression);
        if (reported.has(chainBase(inner))) return;
        const source = fanOutSource(program, checker, inner);
        if (source) {
          const collection = unboundedCollection(source);
          if (collection) {
            const data = { source: describeSource(source), collection: describe(collection) };
            const fanOut: FanOutClaim = { shape: 'per-element', ...data };
            claim(context.sourceCode, 'no-unbounded-fan-out', node, () => context.report({ node, messageId: 'mapNotAwaited', data }), fanOut);
          }
          return;
        }
        if (!insideLoop(node) || !startsWork(inner)) return;
        // The loop first: most loops are over something bounded or sized by configuration, and that is
        // cheaper to see than the type of every call inside them.
        const found = unboundedEnclosingLoop(program, checker, tsNode(node), settings);
        if (!found || !startsPromise(inner) || isLimitedTask(checker, inner, settings)) return;
        const collection = describe(found.collection);
        claim(context.sourceCode, 'no-unbounded-fan-out', node, () => {
          context.report({ node, messageId: 'loopFireAndForget', data: { collection } });
        }, { shape: 'loop', collection });
      },
      'Program:exit'() {
        settleClaims(context.sourceCode, 'no-unbounded-fan-out');
      },
    };
  },
});
