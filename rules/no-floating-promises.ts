import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import {
  typeMatchesSomeSpecifier,
  typeOrValueSpecifiersSchema,
  valueMatchesSomeSpecifier,
} from '@typescript-eslint/type-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { unionConstituents } from 'ts-api-utils';
import ts from 'typescript';

import {
  enclosingFunction,
  isFunctionLike,
  isInAsyncFunction,
  mayBePromiseSyntax,
  mayReturnPromiseSyntax,
  memberName,
  skipTransparent,
  valueUser,
} from '../src/analysis/ast.js';
import { functionCannotThrow } from '../src/analysis/cannot-throw.js';
import { rejectsOnlyWhenMissing } from '../src/analysis/guarded-rejection.js';
import { claim, settleClaims, statementOf, type FanOutClaim } from '../src/analysis/ownership.js';
import {
  calleeResult,
  cannotReject,
  isAlwaysThenable,
  isThenable,
  isThenableArray,
  arrayElementTypes,
  returnsOwnArgument,
  returnsThenable,
} from '../src/analysis/promises.js';
import { createRule } from '../src/util/create-rule.js';
import { getTypedServices } from '../src/util/services.js';

/** Where a promise-returning function may sit in place of one whose result is ignored. */
export interface CallbackSites {
  arguments?: boolean;
  attributes?: boolean;
  inheritedMethods?: boolean;
  properties?: boolean;
  returns?: boolean;
  variables?: boolean;
}

export type Options = [
  {
    allowVoid?: boolean;
    ignoreIIFE?: boolean;
    allowList?: TypeOrValueSpecifier[];
    checkStored?: boolean;
    checkCallbacks?: boolean | CallbackSites;
    checkConditions?: boolean;
    checkSpreads?: boolean;
  },
];

// Array methods whose result holds what the callback or the array held: awaiting it waits for nothing.
const ARRAY_METHODS = new Set(['map', 'flatMap', 'filter', 'slice', 'concat', 'from', 'of', 'reverse', 'sort', 'toSorted', 'toReversed', 'splice', 'with', 'fill']);

function memberNameOf(expression: ts.Expression): string | undefined {
  let inner = expression;
  while (ts.isParenthesizedExpression(inner) || ts.isNonNullExpression(inner)) inner = inner.expression;
  return ts.isPropertyAccessExpression(inner) ? inner.name.text : undefined;
}

const SITES = ['arguments', 'attributes', 'inheritedMethods', 'properties', 'returns', 'variables'] as const;

const SITE_DESCRIPTIONS: Record<(typeof SITES)[number], string> = {
  arguments: 'Call arguments, spread arguments included (`items.forEach(async ...)`).',
  attributes: 'JSX attributes typed as `void`-returning functions (`<Button onClick={async () => ...} />`).',
  inheritedMethods: 'Methods that return a promise where an extended or implemented type declares them `void`.',
  properties: 'Object literal properties, methods and shorthands typed as `void`-returning functions.',
  returns: 'Functions returned where the return type is a `void`-returning function.',
  variables: 'Variables and assignments typed as `void`-returning functions (`obj.onDone = async () => ...`).',
};

function callbackSites(value: boolean | CallbackSites | undefined): Required<CallbackSites> {
  const all = typeof value === 'boolean' ? value : true;
  return Object.fromEntries(
    SITES.map((site) => [site, typeof value === 'object' ? (value[site] ?? true) : all]),
  ) as Required<CallbackSites>;
}

export type MessageId =
  | 'floating'
  | 'floatingThen'
  | 'floatingHandler'
  | 'floatingArray'
  | 'awaitArray'
  | 'floatingVoid'
  | 'stored'
  | 'floatingFanOut'
  | 'floatingInLoop'
  | 'voidCallback'
  | 'voidVariable'
  | 'voidProperty'
  | 'voidReturn'
  | 'voidAttribute'
  | 'voidInherited'
  | 'spread'
  | 'voidCallbackLoop'
  | 'asyncExecutor'
  | 'predicateCallback'
  | 'condition'
  | 'addAwait'
  | 'addVoid'
  | 'addCatch'
  | 'awaitAll'
  | 'awaitCondition'
  | 'awaitInit';

type Finding = { node: TSESTree.Node; kind: 'floating' | 'floatingThen' | 'floatingHandler' | 'floatingArray' | 'floatingVoid' };

// The Node.js convention for completion callbacks: the first parameter receives the error.
const ERRBACK_PARAMETER = /^(err|error|er|e)$/;

const CATCH_HANDLER = '.catch((error) => { console.error(error); })';

export default createRule<Options, MessageId>({
  name: 'no-floating-promises',
  meta: {
    type: 'problem',
    defaultOptions: [
      {
        allowVoid: true,
        ignoreIIFE: false,
        allowList: [],
        checkStored: true,
        checkCallbacks: true,
        checkConditions: true,
        checkSpreads: true,
      },
    ],
    docs: {
      description: 'Require promises to be awaited, returned or handled',
      recommended: true,
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      floating:
        'This promise is neither awaited, returned nor handled. Its rejection is lost: await it, return it, or add `.catch()`.',
      floatingThen:
        'This `.then()` has no rejection handler, so a rejection of the chain is lost. Add `.catch()` or a second argument, or await it.',
      floatingHandler:
        'This rejection handler is not a function, so the promise ignores it and a rejection is lost. Pass a function, or await the promise.',
      awaitArray:
        '`await` on an array waits for none of its promises, and their rejections are lost. Await `Promise.all(...)` of it instead.',
      floatingArray:
        'These promises are dropped: none is awaited and their rejections are lost. Await them with `await Promise.all(...)`.',
      floatingVoid: '`void` discards this promise, so its rejection is unhandled. Await it or handle it with `.catch()`.',
      floatingFanOut:
        '`{{source}}` starts a promise per element of `{{collection}}`, all at once, and nothing awaits them. Use p-map with a `concurrency` and await it.',
      floatingInLoop:
        'This promise starts on every iteration over `{{collection}}`, all at once, and nothing awaits it. Await it, or use p-map with a `concurrency`.',
      stored:
        '`{{name}}` holds a promise that is never awaited, returned, passed on or handled. Await `{{name}}`, return it, or add `.catch()`.',
      voidCallback:
        'This function returns a promise, but `{{callee}}` ignores it, so its rejections are lost. Catch errors inside it with try/catch.',
      voidVariable:
        'This function returns a promise, but `{{name}}` is typed to return `void`, so callers ignore its rejections. Catch errors inside it.',
      voidProperty:
        'This function returns a promise, but property `{{name}}` is typed to return `void`, so callers ignore its rejections. Catch errors inside it.',
      voidReturn:
        'This returned function returns a promise where a `void` function is expected, so its rejections are lost. Catch errors inside it.',
      voidAttribute:
        'This function returns a promise, but `{{name}}` is typed to return `void`, so the component ignores its rejections. Catch errors inside it.',
      voidInherited:
        '`{{name}}` returns a promise, but `{{base}}` declares it to return `void`, so callers through `{{base}}` ignore its rejections.',
      spread: 'Spreading a promise copies none of its value, only its own properties (none). Add `await` to spread the value.',
      voidCallbackLoop:
        '`{{callee}}` ignores the promises this function returns: rejections are lost and nothing waits. Use a `for...of` loop with `await`.',
      asyncExecutor:
        'This `new Promise` executor is async: its rejections are lost. Don\'t make the executor async; await in an async function around it.',
      predicateCallback:
        'This function returns a promise where `{{callee}}` expects a condition; a promise is always truthy. Await the values first, then test them.',
      condition: 'This condition tests a promise, which is always truthy. Add `await` to test its value.',
      addAwait: 'Add `await`.',
      addVoid: 'Mark it as intentionally not awaited with `void`.',
      addCatch: 'Handle the rejection with `.catch()`.',
      awaitAll: 'Await them all with `await Promise.all(...)`.',
      awaitCondition: 'Test the resolved value with `await`.',
      awaitInit: 'Await the promise where it is created.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowVoid: {
            type: 'boolean',
            description: 'Whether `void promise` counts as deliberately handled.',
          },
          ignoreIIFE: {
            type: 'boolean',
            description: 'Whether to ignore immediately invoked async functions, `(async () => {...})()`.',
          },
          allowList: {
            ...typeOrValueSpecifiersSchema,
            description:
              'Functions or promise types whose promises are safe to drop (for example a framework API that handles its own errors).',
          },
          checkStored: {
            type: 'boolean',
            description: 'Whether to report promises stored in a local variable that is never awaited, returned or passed on.',
          },
          checkCallbacks: {
            description:
              'Whether to report promise-returning functions where a `void`-returning function or a condition is expected; an object chooses the places.',
            oneOf: [
              { type: 'boolean', description: 'Every place at once.' },
              {
                type: 'object',
                description: 'Each place on its own; a place left out is checked.',
                additionalProperties: false,
                properties: Object.fromEntries(SITES.map((site) => [site, { type: 'boolean', description: SITE_DESCRIPTIONS[site] }])),
              },
            ],
          },
          checkSpreads: {
            type: 'boolean',
            description: 'Whether to report promises spread into an object literal (`{ ...promise }`).',
          },
          checkConditions: {
            type: 'boolean',
            description: 'Whether to report promises used as conditions (`if (promise)`, `!promise`, `promise ? a : b`).',
          },
        },
      },
    ],
  },
  create(context, [options]) {
    const { checker, program, esTreeNodeToTSNodeMap } = getTypedServices(context);
    const sourceCode = context.sourceCode;
    const allowList = options.allowList ?? [];
    const sites = callbackSites(options.checkCallbacks);
    const compilerOptions = program.getCompilerOptions();
    const strictNullChecks = compilerOptions.strictNullChecks ?? compilerOptions.strict ?? false;

    function tsNode(node: TSESTree.Node): ts.Node {
      return esTreeNodeToTSNodeMap.get(node);
    }
    function typeOf(node: TSESTree.Node): ts.Type {
      return checker.getTypeAtLocation(tsNode(node));
    }

    function isIIFE(node: TSESTree.Node): boolean {
      return node.type === AST_NODE_TYPES.CallExpression && isFunctionLike(skipTransparent(node.callee));
    }

    // Off while looking at the chain before `.then`/`.finally`: an allowed call's promise is safe to drop,
    // not safe to build on (`it(...).then(f)` rejects when `it(...)` does, and nothing handles that).
    let allowedCallsApply = true;

    function isAllowListed(node: TSESTree.Node, type: ts.Type): boolean {
      if (allowList.length === 0) return false;
      if (typeMatchesSomeSpecifier(type, allowList, program)) return true;
      if (!allowedCallsApply) return false;
      const call = skipTransparent(node as TSESTree.Expression);
      if (call.type !== AST_NODE_TYPES.CallExpression) return false;
      return valueMatchesSomeSpecifier(call.callee, allowList, program, typeOf(call.callee));
    }

    /** Classifies the value of `node` when it is discarded; undefined when nothing is left floating. */
    function findFloating(node: TSESTree.Expression): Finding | undefined {
      switch (node.type) {
        case AST_NODE_TYPES.SequenceExpression:
          for (const expression of node.expressions) {
            const finding = findFloating(expression);
            if (finding) return finding;
          }
          return undefined;
        case AST_NODE_TYPES.AwaitExpression:
        case AST_NODE_TYPES.AssignmentExpression:
        case AST_NODE_TYPES.UpdateExpression:
        case AST_NODE_TYPES.Literal:
        case AST_NODE_TYPES.TemplateLiteral:
        case AST_NODE_TYPES.ArrowFunctionExpression:
        case AST_NODE_TYPES.FunctionExpression:
        case AST_NODE_TYPES.ClassExpression:
          return undefined;
        case AST_NODE_TYPES.UnaryExpression:
          if (node.operator !== 'void' || options.allowVoid) return undefined;
          return findFloating(node.argument) ? { node, kind: 'floatingVoid' } : undefined;
        case AST_NODE_TYPES.ConditionalExpression:
          return findFloating(node.consequent) ?? findFloating(node.alternate);
        case AST_NODE_TYPES.LogicalExpression: {
          const finding = findFloating(node.left) ?? findFloating(node.right);
          if (!finding) return undefined;
          // `ready && start()` with `ready: false` never starts it: the whole expression's type has the last word.
          const type = typeOf(node);
          return isThenable(checker, tsNode(node), type) || isThenableArray(checker, tsNode(node), type) ? finding : undefined;
        }
        case AST_NODE_TYPES.YieldExpression:
          // `yield x` evaluates to what the caller's `next(value)` sends in; `yield* inner` to `inner`'s return value.
          return classifyValue(node);
        case AST_NODE_TYPES.ChainExpression:
          return findFloating(node.expression);
        case AST_NODE_TYPES.TSAsExpression:
        case AST_NODE_TYPES.TSSatisfiesExpression:
        case AST_NODE_TYPES.TSNonNullExpression:
        case AST_NODE_TYPES.TSTypeAssertion: {
          // `p as unknown` is a deliberate escape hatch: trust the written type, not the inner one.
          const type = typeOf(node);
          if (!isThenable(checker, tsNode(node), type) && !isThenableArray(checker, tsNode(node), type)) return undefined;
          const inner = findFloating(node.expression);
          if (inner) return inner.node === node.expression ? { ...inner, node } : inner;
          // The cast is the only place the promise type comes from (`start() as Promise<void>`).
          const innerType = typeOf(node.expression);
          return isThenable(checker, tsNode(node.expression), innerType) ? undefined : classifyValue(node);
        }
        case AST_NODE_TYPES.CallExpression:
          return findFloatingCall(node);
        default:
          return classifyValue(node);
      }
    }

    function classifyValue(node: TSESTree.Expression): Finding | undefined {
      const at = tsNode(node);
      if (ts.isCallExpression(at) || ts.isNewExpression(at)) {
        // The callee's declared signatures usually decide; resolving the call costs far more.
        const result = calleeResult(checker, at);
        if (result === 'other') return undefined;
        if (allowList.length === 0 && result === 'thenable-array') return { node, kind: 'floatingArray' };
        if (allowList.length === 0 && result === 'thenable') return { node, kind: 'floating' };
      }
      const type = typeOf(node);
      if (isThenable(checker, at, type)) return isAllowListed(node, type) ? undefined : { node, kind: 'floating' };
      if (isThenableArray(checker, at, type)) return isAllowListedArray(node, type) ? undefined : { node, kind: 'floatingArray' };
      return undefined;
    }

    /** `Foo[]`, `[Foo, 5]`: every promise element is of an allowed type, or the call that made them is allowed. */
    function isAllowListedArray(node: TSESTree.Node, type: ts.Type): boolean {
      if (allowList.length === 0) return false;
      const thenables = arrayElementTypes(checker, type).filter((element) => isThenable(checker, tsNode(node), element));
      return thenables.every((element) => isAllowListed(node, element));
    }

    function findFloatingCall(node: TSESTree.CallExpression): Finding | undefined {
      if (options.ignoreIIFE && isIIFE(node)) return undefined;
      const finding = classifyValue(node);
      if (finding?.kind !== 'floating') return finding;
      const callee = skipTransparent(node.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
      switch (method) {
        case 'catch': {
          const handler = argumentAt(node, 0);
          if (handler === 'unknown') return undefined;
          if (handler === undefined || isNullish(handler)) return finding;
          return isRejectionHandler(handler) ? undefined : { node, kind: 'floatingHandler' };
        }
        case 'then': {
          const handler = argumentAt(node, 1);
          if (handler === 'unknown') return undefined;
          if (handler !== undefined && !isNullish(handler)) return isRejectionHandler(handler) ? undefined : { node, kind: 'floatingHandler' };
          // `p.catch(report).then(() => stream.end())`: only the fulfilment handler could reject the chain now.
          const fulfilled = argumentAt(node, 0);
          const handledBefore = findFloatingBefore(callee as TSESTree.MemberExpression) === undefined;
          if (handledBefore && fulfilled !== 'unknown' && (fulfilled === undefined || isNullish(fulfilled) || isNonThrowingFunction(fulfilled))) {
            return undefined;
          }
          return { node, kind: 'floatingThen' };
        }
        case 'finally': {
          // `p.catch(f).finally(g)`: handled exactly when the chain before `finally` is.
          const before = findFloatingBefore(callee as TSESTree.MemberExpression);
          if (!before) return undefined;
          return { node, kind: before.kind === 'floatingThen' || before.kind === 'floatingHandler' ? before.kind : 'floating' };
        }
        default:
          return handlesItsOwnFailure(node) ? undefined : finding;
      }
    }

    function findFloatingBefore(callee: TSESTree.MemberExpression): Finding | undefined {
      if (allowList.length === 0 || !allowedCallsApply) return findFloating(callee.object);
      allowedCallsApply = false;
      try {
        return findFloating(callee.object);
      } finally {
        allowedCallsApply = true;
      }
    }

    function isNonThrowingFunction(node: TSESTree.Node): boolean {
      return isFunctionLike(node) && !node.async && functionCannotThrow(checker, tsNode(node) as ts.FunctionLikeDeclaration);
    }

    /**
     * A sync callback whose every `return` gives a chain that is already handled
     * (`return query(c).then(f).catch((e) => stream.emit('error', e))`): its promise cannot reject.
     */
    function returnsOnlyHandledPromises(fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression): boolean {
      if (fn.async || fn.generator) return false;
      if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return findFloating(fn.body) === undefined;
      const returned: TSESTree.Expression[] = [];
      collectReturns(fn.body, returned);
      return returned.length > 0 && returned.every((value) => findFloating(value) === undefined);
    }

    function collectReturns(node: TSESTree.Node, out: TSESTree.Expression[]): void {
      if (node.type === AST_NODE_TYPES.ReturnStatement) {
        if (node.argument) out.push(node.argument);
        return;
      }
      if (isFunctionLike(node) || node.type === AST_NODE_TYPES.FunctionDeclaration || node.type === AST_NODE_TYPES.ClassDeclaration) return;
      if (!node.type.endsWith('Statement') && node.type !== AST_NODE_TYPES.SwitchCase && node.type !== AST_NODE_TYPES.CatchClause) return;
      for (const key of ['body', 'consequent', 'alternate', 'block', 'handler', 'finalizer', 'cases'] as const) {
        const child = (node as unknown as Record<string, TSESTree.Node | TSESTree.Node[] | null | undefined>)[key];
        if (Array.isArray(child)) for (const item of child) collectReturns(item, out);
        else if (child) collectReturns(child, out);
      }
    }

    /**
     * The argument a call receives at `index`, counting the elements of spread array literals and tuples;
     * 'unknown' when a spread of unknown length comes first.
     */
    function argumentAt(node: TSESTree.CallExpression, index: number): TSESTree.Node | undefined | 'unknown' {
      let position = 0;
      for (const argument of node.arguments) {
        if (argument.type !== AST_NODE_TYPES.SpreadElement) {
          if (position === index) return argument;
          position += 1;
          continue;
        }
        const spread = argument.argument;
        if (spread.type === AST_NODE_TYPES.ArrayExpression && spread.elements.every((e) => e !== null && e.type !== AST_NODE_TYPES.SpreadElement)) {
          if (index < position + spread.elements.length) return spread.elements[index - position];
          position += spread.elements.length;
          continue;
        }
        const type = typeOf(spread);
        if (!checker.isTupleType(type)) return 'unknown';
        const target = (type as ts.TypeReference).target as ts.TupleType;
        if (target.combinedFlags & ts.ElementFlags.Variable || target.minLength !== target.fixedLength) return 'unknown';
        if (index < position + target.fixedLength) return argument;
        position += target.fixedLength;
      }
      return undefined;
    }

    /** A handler `.then()`/`.catch()` will call: a function, or a value typed as one (`any` is given the benefit). */
    function isRejectionHandler(node: TSESTree.Node): boolean {
      if (isFunctionLike(node)) return true;
      if (node.type === AST_NODE_TYPES.Literal || node.type === AST_NODE_TYPES.TemplateLiteral) return false;
      const type = typeOf(node);
      if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
      return unionConstituents(type).every((part) => part.getCallSignatures().length > 0);
    }

    /**
     * Calls whose promise carries no unobserved failure: an async function that catches everything
     * itself, a completion-callback API given its callback (`(err, result) => ...`, or a JS function
     * typed `Promise | undefined` that returns nothing when a callback is passed), and a call that
     * returns its own argument (`Object.defineProperties(promise, ...)`) rather than a new promise.
     */
    function handlesItsOwnFailure(node: TSESTree.CallExpression): boolean {
      const callee = skipTransparent(node.callee);
      if (isFunctionLike(callee)) return cannotReject(tsNode(callee), checker);
      const declaration = calledDeclaration(tsNode(node) as ts.CallExpression);
      if (declaration && (cannotReject(declaration, checker) || returnsOwnArgument(declaration))) return true;
      if (declaration && rejectsOnlyWhenMissing(checker, declaration, tsNode(node) as ts.CallExpression)) return true;
      const callbacks = node.arguments.filter(isFunctionLike);
      if (callbacks.length === 0) return false;
      const last = node.arguments[node.arguments.length - 1];
      if (isFunctionLike(last) && isErrback(last)) return true;
      // The signature's own result: `a?.b(cb)` adds an `| undefined` of the optional chain, not of the API.
      const signature = checker.getResolvedSignature(tsNode(node) as ts.CallExpression);
      const returned = signature ? checker.getReturnTypeOfSignature(signature) : typeOf(node);
      return unionConstituents(returned).some((part) => part.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined));
    }

    /** The declaration a call runs: the callee's only signature, or the overload the checker picks. */
    function calledDeclaration(call: ts.CallExpression): ts.SignatureDeclaration | ts.JSDocSignature | undefined {
      const signatures = checker.getTypeAtLocation(call.expression).getCallSignatures();
      if (signatures.length === 1) return signatures[0].declaration;
      return checker.getResolvedSignature(call)?.declaration;
    }

    function isErrback(fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression): boolean {
      const first = fn.params[0];
      return first?.type === AST_NODE_TYPES.Identifier && ERRBACK_PARAMETER.test(first.name);
    }

    function isNullish(node: TSESTree.Node): boolean {
      return (
        (node.type === AST_NODE_TYPES.Literal && node.value === null) ||
        (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined')
      );
    }

    /** `expr` as an operand of a prefix operator (`await`, `void`) or of a member access. */
    function operandText(node: TSESTree.Node): string {
      const text = sourceCode.getText(node);
      switch (node.type) {
        case AST_NODE_TYPES.Identifier:
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.MemberExpression:
        case AST_NODE_TYPES.ChainExpression:
        case AST_NODE_TYPES.ThisExpression:
        case AST_NODE_TYPES.TSNonNullExpression:
        case AST_NODE_TYPES.TaggedTemplateExpression:
        case AST_NODE_TYPES.ImportExpression:
          return text;
        case AST_NODE_TYPES.NewExpression:
          return text.endsWith(')') ? text : `(${text})`;
        default:
          return `(${text})`;
      }
    }

    /** A dropped promise; when the same statement also starts one per element at once, one finding says both. */
    function reportStatement(finding: Finding, fanOut: FanOutClaim | undefined): void {
      if (fanOut === undefined) {
        context.report({ node: finding.node, messageId: finding.kind, suggest: statementSuggestions(finding) });
      } else if (fanOut.shape === 'loop') {
        const awaitEach: TSESLint.ReportSuggestionArray<MessageId> =
          finding.kind === 'floating' && isInAsyncFunction(finding.node)
            ? [{ messageId: 'addAwait', fix: (fixer) => fixer.replaceText(finding.node, `await ${operandText(finding.node)}`) }]
            : [];
        context.report({ node: finding.node, messageId: 'floatingInLoop', data: { collection: fanOut.collection }, suggest: awaitEach });
      } else {
        context.report({
          node: finding.node,
          messageId: 'floatingFanOut',
          data: { source: fanOut.source ?? fanOut.collection, collection: fanOut.collection },
        });
      }
    }

    function statementSuggestions(finding: Finding): TSESLint.ReportSuggestionArray<MessageId> {
      const { node, kind } = finding;
      const inAsync = isInAsyncFunction(node);
      const suggestions: TSESLint.ReportSuggestionArray<MessageId> = [];
      if (kind === 'floatingArray') {
        if (inAsync) {
          suggestions.push({ messageId: 'awaitAll', fix: (fixer) => fixer.replaceText(node, `await Promise.all(${sourceCode.getText(node)})`) });
        }
        return suggestions;
      }
      if (kind === 'floatingVoid' && node.type === AST_NODE_TYPES.UnaryExpression) {
        const argument = node.argument;
        if (inAsync) {
          suggestions.push({ messageId: 'addAwait', fix: (fixer) => fixer.replaceText(node, `await ${operandText(argument)}`) });
        }
        suggestions.push({ messageId: 'addCatch', fix: (fixer) => fixer.replaceText(node, `${operandText(argument)}${CATCH_HANDLER}`) });
        return suggestions;
      }
      if (inAsync) {
        suggestions.push({ messageId: 'addAwait', fix: (fixer) => fixer.replaceText(node, `await ${operandText(node)}`) });
      }
      if (options.allowVoid) {
        suggestions.push({ messageId: 'addVoid', fix: (fixer) => fixer.replaceText(node, `void ${operandText(node)}`) });
      }
      suggestions.push({ messageId: 'addCatch', fix: (fixer) => fixer.replaceText(node, `${operandText(node)}${CATCH_HANDLER}`) });
      return suggestions;
    }

    // Check 2: a promise stored in a local and then forgotten.
    function isConsumingRead(identifier: TSESTree.Node): boolean {
      const { user } = valueUser(identifier);
      if (!user) return false;
      switch (user.type) {
        case AST_NODE_TYPES.UnaryExpression:
          // `!p` is reported as a condition; `typeof p` and `void p` do not handle anything.
          return user.operator === '!' && options.checkConditions === true;
        case AST_NODE_TYPES.BinaryExpression:
        case AST_NODE_TYPES.TemplateLiteral:
          return false;
        case AST_NODE_TYPES.MemberExpression:
          // `p.then()`, `p.catch()`, and any other member: a Promise has no others, so in typed code the value
          // is something else (`sorted.length`) or a richer thenable in use (`child.stdout.pipe(...)`).
          return true;
        case AST_NODE_TYPES.IfStatement:
        case AST_NODE_TYPES.WhileStatement:
        case AST_NODE_TYPES.DoWhileStatement:
        case AST_NODE_TYPES.ForStatement:
          // Reported by the condition check when it is on; otherwise the promise is simply dropped.
          return options.checkConditions === true;
        default:
          return true;
      }
    }

    function checkStored(declarator: TSESTree.VariableDeclarator): void {
      if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return;
      const declaration = declarator.parent;
      if (declaration.declare || declaration.kind === 'using' || declaration.kind === 'await using') return;
      if (declaration.parent.type === AST_NODE_TYPES.ExportNamedDeclaration) return;
      const init = skipTransparent(declarator.init);
      if (init.type !== AST_NODE_TYPES.CallExpression && init.type !== AST_NODE_TYPES.NewExpression) return;
      if (options.ignoreIIFE && isIIFE(init)) return;

      const [variable] = sourceCode.getDeclaredVariables(declarator);
      if (!variable) return;
      const reads = variable.references.filter((reference) => reference.isRead() && reference.isValueReference);
      if (reads.some((reference) => isConsumingRead(reference.identifier))) return;
      // A name exported later (`export { p }`) leaves the file.
      if (variable.references.some((reference) => reference.identifier.parent?.type === AST_NODE_TYPES.ExportSpecifier)) return;

      if (!declarator.id.typeAnnotation && declarator.init === init) {
        const result = calleeResult(checker, tsNode(init) as ts.CallExpression | ts.NewExpression);
        if (result === 'other' || result === 'array' || result === 'thenable-array') return;
        if (result === undefined || allowList.length > 0) {
          if (!isStoredThenable(declarator.id, init)) return;
        }
      } else if (!isStoredThenable(declarator.id, init)) {
        return;
      }
      const name = declarator.id.name;
      context.report({
        node: declarator.id,
        messageId: 'stored',
        data: { name },
        suggest: isInAsyncFunction(declarator)
          ? [{ messageId: 'awaitInit', fix: (fixer) => fixer.insertTextBefore(declarator.init!, 'await ') }]
          : [],
      });
    }

    function isStoredThenable(id: TSESTree.Identifier, init: TSESTree.Expression): boolean {
      const type = typeOf(id);
      return isThenable(checker, tsNode(id), type) && !isAllowListed(init, type);
    }

    // Check 3: a promise-returning function where the callee ignores or tests the return value.
    function checkCallbackArguments(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      if (node.arguments.length === 0 || isPromiseFinally(node)) return;
      const call = tsNode(node) as ts.CallExpression | ts.NewExpression;
      for (const [index, argument] of node.arguments.entries()) {
        if (argument.type === AST_NODE_TYPES.SpreadElement) {
          // After a first spread, positions no longer match parameters.
          if (!node.arguments.slice(0, index).some((before) => before.type === AST_NODE_TYPES.SpreadElement)) {
            checkSpreadArgument(node, call, index, argument);
          }
          continue;
        }
        const fn = skipTransparent(argument);
        if (isFunctionLike(fn) ? !mayReturnPromiseSyntax(fn) : !mayBeFunctionReference(fn)) continue;
        // Typing the argument resolves the whole call; the callee's parameters usually rule it out first.
        const parameter = parameterContext(call, index);
        if (parameter === 'none') continue;
        const argTs = tsNode(argument);
        const isAsync = isFunctionLike(fn) && fn.async;
        let argType: ts.Type | undefined;
        const typeOfArgument = (): ts.Type => (argType ??= checker.getTypeAtLocation(argTs));
        if (!isAsync) {
          const known = isFunctionLike(fn) ? expressionBodyResult(fn) : undefined;
          if (known === false) continue;
          if (known === undefined && !returnsThenable(checker, argTs, typeOfArgument())) continue;
        }
        // A callback that catches its own failures loses nothing when its promise is ignored.
        const declaration = isFunctionLike(fn) ? argTs : typeOfArgument().getCallSignatures()[0]?.declaration;
        if (declaration && cannotReject(declaration, checker)) continue;
        if (isFunctionLike(fn) && returnsOnlyHandledPromises(fn)) continue;
        if (allowList.length > 0) {
          const returned = typeOfArgument().getCallSignatures()[0]?.getReturnType();
          if (returned && typeMatchesSomeSpecifier(returned, allowList, program)) continue;
        }
        const expected = expectedReturn(parameter === 'resolve' ? checker.getContextualType(argTs as ts.Expression) : parameter, argTs);
        if (!expected) continue;
        const callee = calleeName(node);
        // From the start of the function to its `=>` or parameter list, not the whole body.
        const loc = isFunctionLike(fn)
          ? { start: fn.loc.start, end: ASTUtils.getFunctionHeadLocation(fn, sourceCode).end }
          : argument.loc;
        if (expected !== 'void') {
          context.report({ loc, messageId: 'predicateCallback', data: { callee } });
          continue;
        }
        const messageId = voidCallbackMessage(node, call, isAsync);
        claim(sourceCode, 'no-floating-promises', statementOf(node), (fanOut) => {
          if (fanOut === undefined) context.report({ loc, messageId, data: { callee } });
          else context.report({ loc, messageId: 'floatingFanOut', data: { source: fanOut.source ?? callee, collection: fanOut.collection } });
        });
      }
    }

    /** `consume(...callbacks)` where `consume(...fns: Array<() => void>)`. */
    function checkSpreadArgument(
      node: TSESTree.CallExpression | TSESTree.NewExpression,
      call: ts.CallExpression | ts.NewExpression,
      index: number,
      spread: TSESTree.SpreadElement,
    ): void {
      const argument = skipTransparent(spread.argument);
      if (argument.type !== AST_NODE_TYPES.ArrayExpression && !mayBePromiseSyntax(argument)) return;
      const elements = arrayElementTypes(checker, typeOf(spread.argument));
      if (!elements.some((element) => returnsThenable(checker, tsNode(spread), element))) return;
      const signature = checker.getResolvedSignature(call);
      const parameter = signature ? parameterTypeAt(signature, index) : undefined;
      if (!parameter || expectedReturn(parameter, tsNode(spread)) !== 'void') return;
      const callee = calleeName(node);
      claim(sourceCode, 'no-floating-promises', statementOf(node), (fanOut) => {
        if (fanOut === undefined) context.report({ node: spread, messageId: 'voidCallback', data: { callee } });
        else context.report({ node: spread, messageId: 'floatingFanOut', data: { source: fanOut.source ?? callee, collection: fanOut.collection } });
      });
    }

    // The other places a `void`-returning function is expected: variables, properties, returns, JSX, overrides.
    function mayBeFunctionValue(node: TSESTree.Node): boolean {
      const value = skipTransparent(node as TSESTree.Expression);
      // `f(): Promise<void> { throw ... }` returns a promise by its declared type alone.
      return isFunctionLike(value) ? mayReturnPromiseSyntax(value) || value.returnType !== undefined : mayBeFunctionReference(value);
    }

    /** Reports `value` when it returns a promise that can reject and `expected` is a function type returning `void`. */
    function checkVoidTarget(
      value: TSESTree.Node,
      expected: ts.Type | 'void' | undefined,
      messageId: 'voidVariable' | 'voidProperty' | 'voidReturn' | 'voidAttribute',
      name: string,
    ): void {
      if (!expected) return;
      const valueTs = tsNode(value);
      if (expected !== 'void' && expectedReturn(expected, valueTs) !== 'void') return;
      const fn = skipTransparent(value as TSESTree.Expression);
      let valueType: ts.Type | undefined;
      const typeOfValue = (): ts.Type => (valueType ??= checker.getTypeAtLocation(valueTs));
      if (!(isFunctionLike(fn) && fn.async)) {
        const known = isFunctionLike(fn) ? expressionBodyResult(fn) : undefined;
        if (known === false) return;
        if (known === undefined && !returnsThenable(checker, valueTs, typeOfValue())) return;
      }
      const declaration = isFunctionLike(fn) ? tsNode(fn) : typeOfValue().getCallSignatures()[0]?.declaration;
      if (declaration && cannotReject(declaration, checker)) return;
      if (isFunctionLike(fn) && returnsOnlyHandledPromises(fn)) return;
      if (allowList.length > 0) {
        const returned = typeOfValue().getCallSignatures()[0]?.getReturnType();
        if (returned && typeMatchesSomeSpecifier(returned, allowList, program)) return;
      }
      context.report({ loc: isFunctionLike(fn) ? headLocation(fn) : value.loc, messageId, data: { name } });
    }

    /** From the start of the function (a method's key) to its `=>` or parameter list, not the whole body. */
    function headLocation(fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression): TSESTree.SourceLocation {
      const head = ASTUtils.getFunctionHeadLocation(fn, sourceCode);
      const before = head.start.line < fn.loc.start.line || (head.start.line === fn.loc.start.line && head.start.column < fn.loc.start.column);
      return { start: before ? head.start : fn.loc.start, end: head.end };
    }

    function targetName(node: TSESTree.Node): string {
      if (node.type === AST_NODE_TYPES.Identifier) return node.name;
      if (node.type === AST_NODE_TYPES.MemberExpression) return memberName(node) ?? sourceCode.getText(node.property);
      return sourceCode.getText(node);
    }

    function checkTypedVariable(node: TSESTree.VariableDeclarator): void {
      if (!node.init || !node.id.typeAnnotation || !mayBeFunctionValue(node.init)) return;
      checkVoidTarget(node.init, typeOf(node.id), 'voidVariable', targetName(node.id));
    }

    function checkAssignedFunction(node: TSESTree.AssignmentExpression): void {
      if (node.operator !== '=' || !mayBeFunctionValue(node.right)) return;
      if (node.left.type !== AST_NODE_TYPES.Identifier && node.left.type !== AST_NODE_TYPES.MemberExpression) return;
      checkVoidTarget(node.right, typeOf(node.left), 'voidVariable', targetName(node.left));
    }

    function checkPropertyFunction(node: TSESTree.Property): void {
      if (node.parent.type !== AST_NODE_TYPES.ObjectExpression || node.kind !== 'init') return;
      const name = node.computed ? sourceCode.getText(node.key) : targetName(node.key);
      const property = tsNode(node);
      if (ts.isShorthandPropertyAssignment(property)) {
        // The shorthand's own symbol is the property; the variable it reads decides.
        const variable = checker.getShorthandAssignmentValueSymbol(property);
        if (!variable || !isFunctionSymbol(variable)) return;
        checkVoidTarget(node.value, checker.getContextualType(property.name), 'voidProperty', name);
        return;
      }
      if (!mayBeFunctionValue(node.value)) return;
      if (ts.isPropertyAssignment(property)) {
        const expected = checker.getContextualType(property.initializer) ?? disposerContract(node);
        checkVoidTarget(node.value, expected, 'voidProperty', name);
        return;
      }
      if (!ts.isMethodDeclaration(property)) return;
      // A method has no contextual type of its own: look its name up in the object's.
      const objectType = checker.getContextualType(property.parent as ts.ObjectLiteralExpression);
      if (!objectType) {
        checkVoidTarget(node.value, disposerContract(node), 'voidProperty', name);
        return;
      }
      const own = checker.getSymbolAtLocation(property.name) ?? symbolOfDeclaration(property);
      const expected = own ? propertyOfType(objectType, own) : undefined;
      checkVoidTarget(node.value, expected && checker.getTypeOfSymbolAtLocation(expected, property.name), 'voidProperty', name);
    }

    // `using x = { [Symbol.dispose]() {...} }` gives the literal no contextual type, but `using` ignores what it returns.
    function disposerContract(node: TSESTree.Property): 'void' | undefined {
      const declarator = node.parent.parent;
      if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== node.parent) return undefined;
      const kind = declarator.parent.kind;
      if (kind !== 'using' && kind !== 'await using') return undefined;
      return node.computed && sourceCode.getText(node.key) === 'Symbol.dispose' ? 'void' : undefined;
    }

    function isFunctionSymbol(symbol: ts.Symbol): boolean {
      if (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Method)) return true;
      return (symbol.declarations ?? []).some((declaration) => {
        const typed = declaration as ts.Node & { type?: ts.TypeNode; initializer?: ts.Expression };
        if (typed.type) return true;
        return typed.initializer !== undefined && (ts.isArrowFunction(typed.initializer) || ts.isFunctionExpression(typed.initializer));
      });
    }

    function symbolOfDeclaration(declaration: ts.Declaration): ts.Symbol | undefined {
      return (declaration as ts.Declaration & { symbol?: ts.Symbol }).symbol;
    }

    // By escaped name, which a computed key's unique symbol (`[Symbol.dispose]`) has too.
    function propertyOfType(type: ts.Type, own: ts.Symbol): ts.Symbol | undefined {
      const apparent = checker.getApparentType(checker.getNonNullableType(type));
      return checker.getPropertiesOfType(apparent).find((candidate) => candidate.escapedName === own.escapedName);
    }

    function checkReturnedFunction(node: TSESTree.ReturnStatement): void {
      if (!node.argument || !mayBeFunctionValue(node.argument)) return;
      const fn = enclosingFunction(node);
      // An unannotated callback's contextual return type comes from resolving the call around it: too costly.
      if (!fn || (!fn.returnType && isCallArgument(fn))) return;
      checkVoidTarget(node.argument, checker.getContextualType(tsNode(node.argument) as ts.Expression), 'voidReturn', '');
    }

    function checkArrowReturningFunction(node: TSESTree.ArrowFunctionExpression): void {
      if (node.body.type === AST_NODE_TYPES.BlockStatement || !isFunctionLike(node.body) || !mayBeFunctionValue(node.body)) return;
      if (!node.returnType && isCallArgument(node)) return;
      checkVoidTarget(node.body, checker.getContextualType(tsNode(node.body) as ts.Expression), 'voidReturn', '');
    }

    function isCallArgument(node: TSESTree.Node): boolean {
      const parent = node.parent;
      return (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) && parent.callee !== node;
    }

    function checkAttributeFunction(node: TSESTree.JSXAttribute): void {
      if (node.value?.type !== AST_NODE_TYPES.JSXExpressionContainer) return;
      const expression = node.value.expression;
      if (expression.type === AST_NODE_TYPES.JSXEmptyExpression || !mayBeFunctionValue(expression)) return;
      const name = node.name.type === AST_NODE_TYPES.JSXIdentifier ? node.name.name : sourceCode.getText(node.name);
      checkVoidTarget(expression, checker.getContextualType(tsNode(expression) as ts.Expression), 'voidAttribute', name);
    }

    type HeritageOwner = TSESTree.ClassDeclaration | TSESTree.ClassExpression | TSESTree.TSInterfaceDeclaration;

    function checkInheritedMethods(node: HeritageOwner): void {
      const owner = tsNode(node) as ts.ClassLikeDeclaration | ts.InterfaceDeclaration;
      const members = (node.type === AST_NODE_TYPES.TSInterfaceDeclaration ? node.body.body : node.body.body).filter(mayReturnPromiseMember);
      if (members.length === 0) return;
      // `interface Job extends Runner {}` merged into `class Job`: the class inherits Runner's contract too.
      const merged =
        ts.isClassDeclaration(owner) && owner.name
          ? (checker.getSymbolAtLocation(owner.name)?.declarations ?? []).filter(
              (declaration): declaration is ts.InterfaceDeclaration => declaration !== owner && ts.isInterfaceDeclaration(declaration),
            )
          : [];
      const clauses = [owner, ...merged].flatMap((declaration) => declaration.heritageClauses ?? []);
      if (clauses.length === 0) return;
      const bases = clauses.flatMap((clause) => clause.types).map((base) => checker.getTypeAtLocation(base));
      for (const member of members) {
        const memberTs = tsNode(member) as ts.ClassElement | ts.TypeElement;
        const own = (memberTs.name && checker.getSymbolAtLocation(memberTs.name)) ?? symbolOfDeclaration(memberTs);
        if (!own || !returnsThenable(checker, memberTs, checker.getTypeOfSymbolAtLocation(own, memberTs))) continue;
        for (const base of bases) {
          const inherited = propertyOfType(base, own);
          if (!inherited) continue;
          if (expectedReturn(checker.getTypeOfSymbolAtLocation(inherited, memberTs), memberTs) !== 'void') continue;
          const key = (member as { key: TSESTree.Node }).key;
          // One finding per contract broken: each base is a separate way to call it and lose the promise.
          context.report({
            node: key,
            messageId: 'voidInherited',
            data: { name: member.computed ? sourceCode.getText(key) : targetName(key), base: checker.typeToString(base) },
          });
        }
      }
    }

    type MemberNode = TSESTree.ClassElement | TSESTree.TypeElement;

    /** Members that can return a promise by their syntax: async, or declared with a return type or function value. */
    function mayReturnPromiseMember(member: MemberNode): member is MemberNode & { key: TSESTree.Node; computed: boolean } {
      switch (member.type) {
        case AST_NODE_TYPES.MethodDefinition:
        case AST_NODE_TYPES.TSAbstractMethodDefinition:
          return !member.static && member.kind === 'method' && (member.value.async || member.value.returnType !== undefined);
        case AST_NODE_TYPES.PropertyDefinition:
        case AST_NODE_TYPES.AccessorProperty:
        case AST_NODE_TYPES.TSAbstractPropertyDefinition:
        case AST_NODE_TYPES.TSAbstractAccessorProperty:
          if (member.static) return false;
          if (member.typeAnnotation !== undefined) return mayBeFunctionType(member.typeAnnotation.typeAnnotation);
          return member.value !== null && isFunctionLike(member.value) && mayReturnPromiseSyntax(member.value);
        case AST_NODE_TYPES.TSMethodSignature:
          return member.kind === 'method' && member.returnType !== undefined;
        case AST_NODE_TYPES.TSPropertySignature:
          return member.typeAnnotation !== undefined && mayBeFunctionType(member.typeAnnotation.typeAnnotation);
        default:
          return false;
      }
    }

    /** Most typed members are data (`id: string`, `tags: string[]`): only these type shapes can be callable. */
    function mayBeFunctionType(node: TSESTree.TypeNode): boolean {
      switch (node.type) {
        case AST_NODE_TYPES.TSFunctionType:
        case AST_NODE_TYPES.TSTypeReference:
        case AST_NODE_TYPES.TSTypeQuery:
        case AST_NODE_TYPES.TSIndexedAccessType:
        case AST_NODE_TYPES.TSConditionalType:
        case AST_NODE_TYPES.TSImportType:
          return true;
        case AST_NODE_TYPES.TSUnionType:
        case AST_NODE_TYPES.TSIntersectionType:
          return node.types.some(mayBeFunctionType);
        case AST_NODE_TYPES.TSTypeLiteral:
          return node.members.some((member) => member.type === AST_NODE_TYPES.TSCallSignatureDeclaration);
        default:
          return false;
      }
    }

    function checkSpread(node: TSESTree.SpreadElement): void {
      if (node.parent.type !== AST_NODE_TYPES.ObjectExpression || !mayBePromiseSyntax(skipTransparent(node.argument))) return;
      if (!isThenable(checker, tsNode(node.argument), typeOf(node.argument))) return;
      context.report({
        node: node.argument,
        messageId: 'spread',
        suggest: isInAsyncFunction(node)
          ? [{ messageId: 'addAwait', fix: (fixer) => fixer.replaceText(node.argument, `await ${operandText(node.argument)}`) }]
          : [],
      });
    }

    /** `p.finally(async () => ...)` waits for the callback's promise and passes its rejection on. */
    function isPromiseFinally(node: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
      const callee = skipTransparent(node.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
      const name = memberName(callee) ?? (callee.computed && callee.property.type === AST_NODE_TYPES.Identifier ? literalText(callee.property) : undefined);
      if (name !== 'finally') return false;
      return isThenable(checker, tsNode(callee.object), typeOf(callee.object));
    }

    /** `p[f]()` with `const f = 'finally'`: the name's string literal type. */
    function literalText(node: TSESTree.Node): string | undefined {
      const type = typeOf(node);
      return type.isStringLiteral() ? type.value : undefined;
    }

    function checkAwaitedArray(node: TSESTree.AwaitExpression): void {
      const argument = skipTransparent(node.argument);
      if (argument.type !== AST_NODE_TYPES.ArrayExpression && !mayBePromiseSyntax(argument)) return;
      const at = tsNode(node.argument);
      if (ts.isCallExpression(at) || ts.isNewExpression(at)) {
        // Nearly every `await` is of a call; typing each callee cost this check 0.12x typescript-eslint's pair.
        // The bug is an array method's result (`await ids.map(async …)`); other calls are left to await-thenable.
        if (!ts.isCallExpression(at) || !ARRAY_METHODS.has(memberNameOf(at.expression) ?? '')) return;
        const result = calleeResult(checker, at);
        if (result !== 'array' && result !== 'thenable-array') return;
      }
      const type = typeOf(node.argument);
      if (isThenable(checker, at, type) || !isThenableArray(checker, at, type) || isAllowListedArray(node.argument, type)) return;
      const text = sourceCode.getText(node.argument);
      context.report({
        node,
        messageId: 'awaitArray',
        suggest: [{ messageId: 'awaitAll', fix: (fixer) => fixer.replaceText(node.argument, `Promise.all(${text})`) }],
      });
    }

    /** The advice that fits where the callback goes: an async executor, an array's `forEach`, or anything else. */
    function voidCallbackMessage(
      node: TSESTree.CallExpression | TSESTree.NewExpression,
      call: ts.CallExpression | ts.NewExpression,
      isAsync: boolean,
    ): 'voidCallback' | 'voidCallbackLoop' | 'asyncExecutor' {
      const callee = skipTransparent(node.callee);
      const declaration = checker.getSymbolAtLocation(ts.isNewExpression(call) ? call.expression : skipCallee(call))?.declarations?.[0];
      const inLib = declaration !== undefined && program.isSourceFileDefaultLibrary(declaration.getSourceFile());
      if (!inLib) return 'voidCallback';
      if (node.type === AST_NODE_TYPES.NewExpression && callee.type === AST_NODE_TYPES.Identifier && callee.name === 'Promise') {
        return isAsync ? 'asyncExecutor' : 'voidCallback';
      }
      return callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'forEach' ? 'voidCallbackLoop' : 'voidCallback';
    }

    function skipCallee(call: ts.CallExpression): ts.Node {
      let callee: ts.Expression = call.expression;
      while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee)) callee = callee.expression;
      return ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    }

    /** Whether an arrow's expression body is a call returning a thenable, read from its callee; undefined when unknown. */
    function expressionBodyResult(fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression): boolean | undefined {
      if (fn.body.type !== AST_NODE_TYPES.CallExpression && fn.body.type !== AST_NODE_TYPES.NewExpression) return undefined;
      const result = calleeResult(checker, tsNode(fn.body) as ts.CallExpression | ts.NewExpression);
      return result === undefined ? undefined : result === 'thenable';
    }

    /**
     * What the callee's parameter at `index` expects, read from the callee's type without resolving the
     * call: its type when one plain signature decides, 'none' when no signature takes a function whose result
     * it ignores or tests (void, undefined, boolean, unknown, a type predicate), and 'resolve' when only the
     * checker's choice of overload or inference can tell. A result typed by the signature's own type parameter
     * (`map`'s `U`) is inferred from the argument itself, so a promise-returning argument is accepted there.
     */
    function parameterContext(call: ts.CallExpression | ts.NewExpression, index: number): ts.Type | 'none' | 'resolve' {
      if (call.typeArguments !== undefined) return 'resolve';
      if (call.arguments?.slice(0, index).some(ts.isSpreadElement)) return 'resolve';
      // `a?.b(fn)` calls `b` when it is there: its callable part decides.
      const calleeType = checker.getNonNullableType(checker.getTypeAtLocation(call.expression));
      if (calleeType.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'none';
      const signatures = ts.isNewExpression(call) ? calleeType.getConstructSignatures() : calleeType.getCallSignatures();
      if (signatures.length === 0) return 'resolve';
      if (signatures.length === 1 && signatures[0].typeParameters === undefined) {
        const parameter = parameterTypeAt(signatures[0], index);
        return parameter === null ? 'resolve' : (parameter ?? 'none');
      }
      // `it(name, fn: () => void)` next to `it(name, fn: () => Promise<void>)`: an async callback fits the second.
      if (signatures.some((signature) => acceptsThenableCallback(call, signature, index))) return 'none';
      const mayIgnore = signatures.some((signature) => {
        const parameter = parameterTypeAt(signature, index);
        if (parameter === null) return true;
        if (parameter === undefined) return false;
        const own = new Set<ts.Type>(signature.typeParameters ?? []);
        return unionConstituents(parameter).some((part) => {
          if (part.flags & ts.TypeFlags.Instantiable) return !own.has(part);
          return part.getCallSignatures().some((expected) => {
            if (checker.getTypePredicateOfSignature(expected)) return true;
            return unionConstituents(checker.getReturnTypeOfSignature(expected)).some((returned) =>
              returned.flags & ts.TypeFlags.Instantiable
                ? !own.has(returned)
                : returned.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Unknown | ts.TypeFlags.BooleanLike),
            );
          });
        });
      });
      return mayIgnore ? 'resolve' : 'none';
    }

    function acceptsThenableCallback(call: ts.Node, signature: ts.Signature, index: number): boolean {
      const parameter = parameterTypeAt(signature, index);
      if (!parameter) return false;
      return unionConstituents(parameter).some((part) =>
        part.getCallSignatures().some((expected) => isThenable(checker, call, checker.getReturnTypeOfSignature(expected))),
      );
    }

    /** The type a signature gives its argument at `index`; undefined when it takes none, null when unknown. */
    function parameterTypeAt(signature: ts.Signature, index: number): ts.Type | undefined | null {
      const parameters = signature.getParameters();
      const declaration = signature.getDeclaration() as ts.SignatureDeclaration | undefined;
      const last = parameters.length - 1;
      const isRest = (position: number): boolean | undefined => {
        // JSDoc signatures (`@param {...string} names`) mark rest parameters differently: unknown here.
        const parameter: ts.Node | undefined = declaration?.parameters?.[position];
        return parameter === undefined || !ts.isParameter(parameter) ? undefined : parameter.dotDotDotToken !== undefined;
      };
      if (index < last || (index === last && isRest(last) === false)) return checker.getTypeOfSymbol(parameters[index]);
      if (last < 0) return undefined;
      const rest = isRest(last);
      if (rest === undefined) return null;
      if (!rest) return undefined;
      const restType = checker.getTypeOfSymbol(parameters[last]);
      return checker.getIndexTypeOfType(restType, ts.IndexKind.Number) ?? null;
    }

    /**
     * Cheap pre-check for a non-literal argument: a named function or method, or a variable declared with a
     * type or a function initializer. Plain data (`ids`, `config.path`) is not worth a type query.
     */
    function mayBeFunctionReference(node: TSESTree.Node): boolean {
      if (node.type !== AST_NODE_TYPES.Identifier && node.type !== AST_NODE_TYPES.MemberExpression) return false;
      let symbol = checker.getSymbolAtLocation(tsNode(node));
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      return symbol !== undefined && isFunctionSymbol(symbol);
    }

    /**
     * What `contextual`, the type the callee gives an argument, declares its function to return: 'void', 'condition'
     * (boolean or unknown, as `filter`/`some`/`find` do), or undefined when promises are accepted, the type
     * is `any`, or it is something else.
     */
    function expectedReturn(contextual: ts.Type | undefined, argument: ts.Node): 'void' | 'condition' | undefined {
      if (!contextual) return undefined;
      const signatures = unionConstituents(contextual).flatMap((part) => part.getCallSignatures());
      if (signatures.length === 0) return undefined;
      let sawCondition = false;
      for (const signature of signatures) {
        const returned = checker.getReturnTypeOfSignature(signature);
        if (returned.flags & ts.TypeFlags.Any) return undefined;
        if (isThenable(checker, argument, returned)) return undefined;
        if (isBooleanLike(returned) || checker.getTypePredicateOfSignature(signature) || (returned.flags & ts.TypeFlags.Unknown && isLibSignature(signature))) {
          sawCondition = true;
          continue;
        }
        if (!unionConstituents(returned).every((part) => part.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined))) {
          return undefined;
        }
      }
      return sawCondition ? 'condition' : 'void';
    }

    // `unknown` is a predicate's result in TypeScript's lib (`filter`, `some`, `find`); elsewhere it means "anything",
    // often a promise the callee awaits (vitest's `beforeAll(fn: () => Awaitable<unknown>)`).
    function isLibSignature(signature: ts.Signature): boolean {
      const declaration = signature.getDeclaration() as ts.SignatureDeclaration | undefined;
      return declaration !== undefined && program.isSourceFileDefaultLibrary(declaration.getSourceFile());
    }

    function isBooleanLike(type: ts.Type): boolean {
      return unionConstituents(type).every((part) => part.flags & ts.TypeFlags.BooleanLike);
    }

    function calleeName(node: TSESTree.CallExpression | TSESTree.NewExpression): string {
      const callee = skipTransparent(node.callee);
      if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const name = memberName(callee);
        if (name) return name;
      }
      return 'the callee';
    }

    // Check 4: a promise used as a condition.
    function collectOperands(node: TSESTree.Expression, out: TSESTree.Expression[]): void {
      const inner = skipTransparent(node);
      // `if (a ?? p)` tests `p` whenever `a` is nullish.
      if (inner.type === AST_NODE_TYPES.LogicalExpression) {
        collectOperands(inner.left, out);
        collectOperands(inner.right, out);
      } else if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '!') {
        collectOperands(inner.argument, out);
      } else {
        out.push(node);
      }
    }

    function checkCondition(test: TSESTree.Expression | null | undefined): void {
      if (!test) return;
      const operands: TSESTree.Expression[] = [];
      collectOperands(test, operands);
      for (const operand of operands) reportIfPromise(operand);
    }

    function reportIfPromise(operand: TSESTree.Expression): void {
      const inner = skipTransparent(operand);
      if (!mayBePromiseSyntax(inner)) return;
      if (!isAlwaysThenable(checker, tsNode(operand), typeOf(operand))) return;
      if (isExistenceCheck(inner)) return;
      context.report({
        node: operand,
        messageId: 'condition',
        suggest: isInAsyncFunction(operand)
          ? [{ messageId: 'awaitCondition', fix: (fixer) => fixer.replaceText(operand, `(await ${operandText(operand)})`) }]
          : [],
      });
    }

    /**
     * `if (this.closing) return this.closing;` before `this.closing = Promise.all(...)`: a memoised promise
     * tested for being set yet. The checker types it as always a promise when the declaration says nothing
     * about `undefined` (JavaScript, no `strictNullChecks`, a property set later or declared without a value).
     */
    function isExistenceCheck(operand: TSESTree.Expression): boolean {
      if (operand.type !== AST_NODE_TYPES.Identifier && operand.type !== AST_NODE_TYPES.MemberExpression) return false;
      const at = tsNode(operand);
      const symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(at) ? at.name : at);
      if (!symbol) return false;
      const loose = !strictNullChecks || /\.[cm]?jsx?$/.test(at.getSourceFile().fileName);
      const declarations = symbol.declarations ?? [];
      if (symbol.flags & ts.SymbolFlags.Property) {
        return declarations.some(
          (declaration) =>
            loose ||
            ts.isBinaryExpression(declaration) ||
            ((ts.isPropertyDeclaration(declaration) || ts.isPropertySignature(declaration)) &&
              (declaration.questionToken !== undefined || (ts.isPropertyDeclaration(declaration) && (!declaration.initializer || isNullishValue(declaration.initializer))))),
        );
      }
      const declaration = symbol.valueDeclaration;
      if (!declaration) return false;
      if (ts.isParameter(declaration)) return loose;
      if (!ts.isVariableDeclaration(declaration)) return false;
      if (!declaration.initializer) {
        // `let pending;` may still be unset; a `const` or an ambient `declare` always holds its typed value.
        const list = declaration.parent;
        const ambient = (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Ambient) !== 0;
        return !ambient && (list.flags & ts.NodeFlags.Const) === 0;
      }
      if (isNullishValue(declaration.initializer)) return true;
      if (operand.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = ASTUtils.findVariable(sourceCode.getScope(operand), operand.name);
      return variable !== null && variable.references.some((reference) => reference.isWrite() && !reference.init);
    }

    function isNullishValue(node: ts.Expression): boolean {
      return node.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === 'undefined') || ts.isVoidExpression(node);
    }

    /** True when `node` sits inside the test of a statement or `?:`, where checkCondition already looks. */
    function isInsideTest(node: TSESTree.Node): boolean {
      let child: TSESTree.Node = node;
      for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
        switch (parent.type) {
          case AST_NODE_TYPES.LogicalExpression:
            continue;
          case AST_NODE_TYPES.UnaryExpression:
            if (parent.operator !== '!') return false;
            continue;
          case AST_NODE_TYPES.TSAsExpression:
          case AST_NODE_TYPES.TSNonNullExpression:
          case AST_NODE_TYPES.TSSatisfiesExpression:
          case AST_NODE_TYPES.ChainExpression:
            continue;
          case AST_NODE_TYPES.IfStatement:
          case AST_NODE_TYPES.WhileStatement:
          case AST_NODE_TYPES.DoWhileStatement:
          case AST_NODE_TYPES.ForStatement:
          case AST_NODE_TYPES.ConditionalExpression:
            return parent.test === child;
          default:
            return false;
        }
      }
      return false;
    }

    const visitors: TSESLint.RuleListener = {
      ExpressionStatement(node) {
        if (node.directive) return;
        const finding = findFloating(node.expression);
        if (!finding) return;
        claim(sourceCode, 'no-floating-promises', statementOf(finding.node), (fanOut) => { reportStatement(finding, fanOut); });
      },
      AwaitExpression: checkAwaitedArray,
      'Program:exit'() {
        settleClaims(sourceCode, 'no-floating-promises');
      },
    };
    if (!options.allowVoid) {
      // `() => void send()` discards the promise just as the statement `void send();` does.
      visitors['ArrowFunctionExpression > UnaryExpression.body[operator="void"]'] = (node: TSESTree.UnaryExpression) => {
        const finding = findFloating(node);
        if (finding) {
          claim(sourceCode, 'no-floating-promises', statementOf(finding.node), (fanOut) => {
            reportStatement(finding, fanOut);
          });
        }
      };
    }
    if (options.checkStored || sites.variables) {
      visitors.VariableDeclarator = (node) => {
        if (options.checkStored) checkStored(node);
        if (sites.variables) checkTypedVariable(node);
      };
    }
    if (sites.variables) visitors.AssignmentExpression = checkAssignedFunction;
    if (sites.arguments) {
      visitors.CallExpression = checkCallbackArguments;
      visitors.NewExpression = checkCallbackArguments;
    }
    if (sites.properties) visitors.Property = checkPropertyFunction;
    if (sites.returns) {
      visitors.ReturnStatement = checkReturnedFunction;
      visitors.ArrowFunctionExpression = checkArrowReturningFunction;
    }
    if (sites.attributes) visitors.JSXAttribute = checkAttributeFunction;
    if (sites.inheritedMethods) {
      visitors.ClassDeclaration = checkInheritedMethods;
      visitors.ClassExpression = checkInheritedMethods;
      visitors.TSInterfaceDeclaration = checkInheritedMethods;
    }
    if (options.checkSpreads) visitors.SpreadElement = checkSpread;
    if (options.checkConditions) {
      const testOf = (node: { test: TSESTree.Expression | null }) => { checkCondition(node.test); };
      visitors.IfStatement = testOf;
      visitors.WhileStatement = testOf;
      visitors.DoWhileStatement = testOf;
      visitors.ForStatement = testOf;
      visitors.ConditionalExpression = testOf;
      visitors['LogicalExpression[operator!="??"]'] = (node: TSESTree.LogicalExpression) => {
        // Only the left operand decides; the right one is the result unless the whole is itself a test.
        if (!isInsideTest(node) && !isInsideNegationOrLogical(node)) checkCondition(node.left);
      };
      visitors['UnaryExpression[operator="!"]'] = (node: TSESTree.UnaryExpression) => {
        if (!isInsideTest(node) && !isInsideNegationOrLogical(node)) checkCondition(node.argument);
      };
    }
    return visitors;

    /** Nested `a && !p` outside a test: the outermost logical/`!` node collects its operands once. */
    function isInsideNegationOrLogical(node: TSESTree.Node): boolean {
      const parent = node.parent;
      return (
        (parent?.type === AST_NODE_TYPES.LogicalExpression && parent.operator !== '??') ||
        (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!')
      );
    }
  },
});
