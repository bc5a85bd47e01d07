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
  isFunctionLike,
  isInAsyncFunction,
  mayBePromiseSyntax,
  mayReturnPromiseSyntax,
  memberName,
  skipTransparent,
  valueUser,
} from '../src/analysis/ast.js';
import { claim, settleClaims, statementOf, type FanOutClaim } from '../src/analysis/ownership.js';
import {
  calleeResult,
  cannotReject,
  isAlwaysThenable,
  isThenable,
  isThenableArray,
  returnsOwnArgument,
  returnsThenable,
} from '../src/analysis/promises.js';
import { createRule } from '../src/util/create-rule.js';
import { getTypedServices } from '../src/util/services.js';

export type Options = [
  {
    allowVoid?: boolean;
    ignoreIIFE?: boolean;
    allowList?: TypeOrValueSpecifier[];
    checkStored?: boolean;
    checkCallbacks?: boolean;
    checkConditions?: boolean;
  },
];

export type MessageId =
  | 'floating'
  | 'floatingThen'
  | 'floatingArray'
  | 'floatingVoid'
  | 'stored'
  | 'floatingFanOut'
  | 'floatingInLoop'
  | 'voidCallback'
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

type Finding = { node: TSESTree.Node; kind: 'floating' | 'floatingThen' | 'floatingArray' | 'floatingVoid' };

// The Node.js convention for completion callbacks: the first parameter receives the error.
const ERRBACK_PARAMETER = /^(err|error|er|e)$/;

const CATCH_HANDLER = '.catch((error) => { console.error(error); })';

export default createRule<Options, MessageId>({
  name: 'no-floating-promises',
  meta: {
    type: 'problem',
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
            type: 'boolean',
            description:
              'Whether to report promise-returning functions passed where the callee ignores the return value or expects a condition.',
          },
          checkConditions: {
            type: 'boolean',
            description: 'Whether to report promises used as conditions (`if (promise)`, `!promise`, `promise ? a : b`).',
          },
        },
      },
    ],
  },
  defaultOptions: [
    {
      allowVoid: true,
      ignoreIIFE: false,
      allowList: [],
      checkStored: true,
      checkCallbacks: true,
      checkConditions: true,
    },
  ],
  create(context, [options]) {
    const { checker, program, esTreeNodeToTSNodeMap } = getTypedServices(context);
    const sourceCode = context.sourceCode;
    const allowList = options.allowList ?? [];

    function tsNode(node: TSESTree.Node): ts.Node {
      return esTreeNodeToTSNodeMap.get(node);
    }
    function typeOf(node: TSESTree.Node): ts.Type {
      return checker.getTypeAtLocation(tsNode(node));
    }

    function isIIFE(node: TSESTree.Node): boolean {
      return node.type === AST_NODE_TYPES.CallExpression && isFunctionLike(skipTransparent(node.callee));
    }

    function isAllowListed(node: TSESTree.Node, type: ts.Type): boolean {
      if (allowList.length === 0) return false;
      if (typeMatchesSomeSpecifier(type, allowList, program)) return true;
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
        case AST_NODE_TYPES.YieldExpression:
        case AST_NODE_TYPES.ArrowFunctionExpression:
        case AST_NODE_TYPES.FunctionExpression:
        case AST_NODE_TYPES.ClassExpression:
          return undefined;
        case AST_NODE_TYPES.UnaryExpression:
          if (node.operator !== 'void' || options.allowVoid) return undefined;
          return findFloating(node.argument) ? { node, kind: 'floatingVoid' } : undefined;
        case AST_NODE_TYPES.ConditionalExpression:
          return findFloating(node.consequent) ?? findFloating(node.alternate);
        case AST_NODE_TYPES.LogicalExpression:
          return findFloating(node.left) ?? findFloating(node.right);
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
        if (result === 'thenable-array') return { node, kind: 'floatingArray' };
        if (result === 'thenable' && allowList.length === 0) return { node, kind: 'floating' };
      }
      const type = typeOf(node);
      if (isThenable(checker, at, type)) return isAllowListed(node, type) ? undefined : { node, kind: 'floating' };
      if (isThenableArray(checker, at, type)) return { node, kind: 'floatingArray' };
      return undefined;
    }

    function findFloatingCall(node: TSESTree.CallExpression): Finding | undefined {
      if (options.ignoreIIFE && isIIFE(node)) return undefined;
      const finding = classifyValue(node);
      if (finding?.kind !== 'floating') return finding;
      if (handlesItsOwnFailure(node)) return undefined;
      const callee = skipTransparent(node.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return finding;
      switch (memberName(callee)) {
        case 'catch':
          return node.arguments.length > 0 && !isNullish(node.arguments[0]) ? undefined : finding;
        case 'then':
          if (node.arguments.length >= 2 && !isNullish(node.arguments[1])) return undefined;
          return { node, kind: 'floatingThen' };
        case 'finally': {
          // `p.catch(f).finally(g)`: handled exactly when the chain before `finally` is.
          const before = findFloating(callee.object);
          return before ? { node, kind: before.kind === 'floatingThen' ? 'floatingThen' : 'floating' } : undefined;
        }
        default:
          return finding;
      }
    }

    /**
     * Calls whose promise carries no unobserved failure: an async function that catches everything
     * itself, a completion-callback API given its callback (`(err, result) => ...`, or a JS function
     * typed `Promise | undefined` that returns nothing when a callback is passed), and a call that
     * returns its own argument (`Object.defineProperties(promise, ...)`) rather than a new promise.
     */
    function handlesItsOwnFailure(node: TSESTree.CallExpression): boolean {
      const callee = skipTransparent(node.callee);
      if (isFunctionLike(callee)) return cannotReject(tsNode(callee));
      const declaration = calledDeclaration(tsNode(node) as ts.CallExpression);
      if (declaration && (cannotReject(declaration) || returnsOwnArgument(declaration))) return true;
      const callbacks = node.arguments.filter(isFunctionLike);
      if (callbacks.length === 0) return false;
      const last = node.arguments[node.arguments.length - 1];
      if (isFunctionLike(last) && isErrback(last)) return true;
      return unionConstituents(typeOf(node)).some((part) => part.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined));
    }

    /** The declaration a call runs: the callee's only signature, or the overload the checker picks. */
    function calledDeclaration(call: ts.CallExpression): ts.SignatureDeclaration | ts.JSDocSignature | undefined {
      const signatures = checker.getTypeAtLocation(call.expression).getCallSignatures();
      if (signatures.length === 1) return signatures[0]!.declaration;
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
      const { user, child } = valueUser(identifier);
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
      const call = tsNode(node) as ts.CallExpression | ts.NewExpression;
      for (const [index, argument] of node.arguments.entries()) {
        if (argument.type === AST_NODE_TYPES.SpreadElement) continue;
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
        if (declaration && cannotReject(declaration)) continue;
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
      if (signatures.length === 1 && signatures[0]!.typeParameters === undefined) {
        const parameter = parameterTypeAt(signatures[0]!, index);
        return parameter === null ? 'resolve' : (parameter ?? 'none');
      }
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
      if (index < last || (index === last && isRest(last) === false)) return checker.getTypeOfSymbol(parameters[index]!);
      if (last < 0) return undefined;
      const rest = isRest(last);
      if (rest === undefined) return null;
      if (!rest) return undefined;
      const restType = checker.getTypeOfSymbol(parameters[last]!);
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
      if (!symbol) return false;
      if (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Method)) return true;
      return (symbol.declarations ?? []).some((declaration) => {
        const typed = declaration as ts.Node & { type?: ts.TypeNode; initializer?: ts.Expression };
        if (typed.type) return true;
        return typed.initializer !== undefined && (ts.isArrowFunction(typed.initializer) || ts.isFunctionExpression(typed.initializer));
      });
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
      if (inner.type === AST_NODE_TYPES.LogicalExpression && inner.operator !== '??') {
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
      context.report({
        node: operand,
        messageId: 'condition',
        suggest: isInAsyncFunction(operand)
          ? [{ messageId: 'awaitCondition', fix: (fixer) => fixer.replaceText(operand, `(await ${operandText(operand)})`) }]
          : [],
      });
    }

    /** True when `node` sits inside the test of a statement or `?:`, where checkCondition already looks. */
    function isInsideTest(node: TSESTree.Node): boolean {
      let child: TSESTree.Node = node;
      for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
        switch (parent.type) {
          case AST_NODE_TYPES.LogicalExpression:
            if (parent.operator === '??') return false;
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
        claim(sourceCode, 'no-floating-promises', statementOf(finding.node), (fanOut) => reportStatement(finding, fanOut));
      },
      'Program:exit'() {
        settleClaims(sourceCode, 'no-floating-promises');
      },
    };
    if (options.checkStored) visitors.VariableDeclarator = checkStored;
    if (options.checkCallbacks) {
      visitors.CallExpression = checkCallbackArguments;
      visitors.NewExpression = checkCallbackArguments;
    }
    if (options.checkConditions) {
      const testOf = (node: { test: TSESTree.Expression | null }) => checkCondition(node.test);
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
