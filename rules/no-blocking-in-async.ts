import path from 'node:path';

import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import ts from 'typescript';

import {
  callbackKindOf,
  enclosingFunction,
  type LoopContext,
  LoopContextFinder,
  runsCallbacksInPlace,
} from '../src/analysis/async-context.js';
import {
  type BlockingKind,
  blockingReasons,
  fsOneArgumentOnly,
  fsPromiseEquivalents,
} from '../src/analysis/blocking-catalogue.js';
import {
  BlockingMatcher,
  type BlockingChain,
  type FunctionSpecifier,
  getCallGraph,
  isBusyWaitLoop,
  type LoopStatement,
} from '../src/analysis/call-graph.js';
import { mayResolveToInterest } from '../src/analysis/blocking-names.js';
import { isUnresolvedBuiltin } from '../src/analysis/node-types.js';
import {
  type CallLike,
  calleeExpression,
  describeDeclaration,
  formatLocation,
  type ResolvedCallee,
  resolveCallee,
  skipOuterExpressions,
} from '../src/analysis/callee.js';
import { createRule } from '../src/util/create-rule.js';
import { FileGlobs } from '../src/util/file-globs.js';
import { getTypedServices } from '../src/util/services.js';
import { functionSpecifierSchema } from '../src/util/specifier-schema.js';

export type Options = [
  {
    blocking?: FunctionSpecifier[];
    allow?: FunctionSpecifier[];
    checkCallbacks?: boolean;
    maxDepth?: number;
    allowIn?: string[];
  },
];

export type MessageId = 'blocking' | 'blockingTransitive' | 'busyWait' | 'suggestAsync' | 'nodeTypesMissing';

const contextText: Readonly<Record<LoopContext['kind'], string>> = {
  async: 'inside an async function',
  timer: 'inside a timer callback',
  microtask: 'inside a microtask callback',
  promise: 'inside a promise callback',
  listener: 'inside an event listener',
  'request-handler': 'inside a request handler',
};

type SuggestionFix = TSESLint.ReportFixFunction;

export default createRule<Options, MessageId>({
  name: 'no-blocking-in-async',
  meta: {
    type: 'problem',
    defaultOptions: [{ blocking: [], allow: [], checkCallbacks: true, maxDepth: 5, allowIn: [] }],
    docs: {
      description: 'Disallow blocking calls in async functions and event-loop callbacks, directly or through helpers',
      recommended: true,
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      blocking: '{{call}} is {{reason}} {{context}}. {{alternative}}',
      blockingTransitive: '`{{chain}}` ({{location}}) blocks {{context}}: {{reason}}. Make these helpers async.',
      busyWait: 'This loop spins on the clock {{context}}, so nothing else runs. Use `await setTimeout(ms)` from `node:timers/promises`.',
      suggestAsync: 'Replace with `await {{replacement}}()`.',
      nodeTypesMissing:
        "`{{module}}` has no types, so blocking calls in this file go unseen. Run `npm i -D @types/node` and add \"node\" to tsconfig's `types`.",
    },
    schema: [
      {
        type: 'object',
        properties: {
          blocking: {
            type: 'array',
            items: functionSpecifierSchema,
            description: 'Further functions that block, such as an in-house synchronous client.',
          },
          allow: {
            type: 'array',
            items: functionSpecifierSchema,
            description: 'Functions never reported, nor followed through the call graph.',
          },
          checkCallbacks: {
            type: 'boolean',
            description:
              'Also check callbacks the loop runs later (timers, `process.nextTick`, promise reactions, event listeners, request handlers), not only async functions.',
          },
          maxDepth: {
            type: 'integer',
            minimum: 0,
            maximum: 50,
            description: 'How many of your own synchronous functions to follow from an async call site to a blocking call; 0 turns the transitive check off.',
          },
          allowIn: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              "Files never reported, as globs relative to ESLint's working directory: command-line tools, build scripts (`src/cli/**`).",
          },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context, [options]) {
    const services = getTypedServices(context);
    const { program } = services;
    // RuleTester (and some editors) report `/` as ESLint's cwd: the program's root is the better base then.
    const globBase = context.cwd === '/' || context.cwd === '' ? program.getCurrentDirectory() : context.cwd;
    if (new FileGlobs(options.allowIn ?? []).matches(context.filename, globBase)) return {};
    const checker = program.getTypeChecker();
    const matcher = new BlockingMatcher(options.blocking ?? [], options.allow ?? []);
    const graph = getCallGraph(program, matcher);
    const checkCallbacks = options.checkCallbacks ?? true;
    const finder = new LoopContextFinder(program, { checkCallbacks });
    const maxDepth = options.maxDepth ?? 5;
    // Relative to the project: its tsconfig's folder, else the program's root. Not ESLint's cwd, which
    // RuleTester (and some editors) report as `/`, nor the process's, which may be anywhere.
    const { configFilePath } = program.getCompilerOptions();
    const cwd = typeof configFilePath === 'string' ? path.dirname(configFilePath) : program.getCurrentDirectory();
    const sourceCode = context.sourceCode;

    function reasonOf(kind: BlockingKind | 'busy-wait'): string {
      return kind === 'busy-wait' ? 'a busy-wait loop' : blockingReasons[kind].reason;
    }

    /** The function as the code calls it, then the API it is when that has another name (`runCommand()` (`child_process.execSync`)). */
    function calledText(node: TSESTree.Node, apiName: string): string {
      const callee =
        node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression
          ? skipParens(node.callee)
          : node.type === AST_NODE_TYPES.TaggedTemplateExpression
            ? skipParens(node.tag)
            : undefined;
      const called =
        callee?.type === AST_NODE_TYPES.Identifier
          ? callee.name
          : callee?.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier
            ? callee.property.name
            : undefined;
      const apiLast = apiName.split(/[.#\s]/).at(-1);
      return called === undefined || called === apiLast ? `\`${apiName}()\`` : `\`${called}()\` (\`${apiName}\`)`;
    }

    function skipParens(node: TSESTree.Expression): TSESTree.Expression {
      let current = node;
      while (current.type === AST_NODE_TYPES.TSNonNullExpression || current.type === AST_NODE_TYPES.TSAsExpression) current = current.expression;
      return current;
    }

    /** `a → b → fs.readFileSync`; a longer chain keeps its two ends (`a → … → j → fs.readFileSync`) to fit a tooltip. */
    function chainText(chain: BlockingChain): string {
      const names = chain.names.length > 3 ? [chain.names[0], '…', chain.names.at(-1)!] : chain.names;
      return [...names, chain.leaf.name ?? 'busy-wait loop'].join(' → ');
    }

    /** `fs` module namespace or default import holding `promises`: `fs.readFileSync` → `fs.promises.readFile`. */
    function promisesOwner(objectNode: TSESTree.Identifier): boolean {
      const tsNode = services.esTreeNodeToTSNodeMap.get(objectNode);
      const promises = checker.getTypeAtLocation(tsNode).getProperty('promises');
      const declaration = promises?.valueDeclaration ?? promises?.declarations?.[0];
      if (promises === undefined || declaration === undefined) return false;
      return describeDeclaration(program, declaration, promises)?.module === 'fs';
    }

    function importsOf(source: readonly string[]): TSESTree.ImportDeclaration[] {
      return sourceCode.ast.body.filter(
        (statement): statement is TSESTree.ImportDeclaration =>
          statement.type === AST_NODE_TYPES.ImportDeclaration &&
          statement.importKind !== 'type' &&
          source.includes(statement.source.value),
      );
    }

    /** The expression naming the promise API function, plus an import to add if one is needed. */
    /** True when `name` is declared in any scope from `node` up to the module, or used as an undeclared global. */
    function nameTaken(node: TSESTree.Node, name: string): boolean {
      for (let scope: ReturnType<typeof sourceCode.getScope> | null = sourceCode.getScope(node); scope; scope = scope.upper) {
        if (scope.set.has(name) || scope.through.some((reference) => reference.identifier.name === name)) return true;
      }
      return false;
    }

    function asyncCallee(
      callee: TSESTree.Expression,
      asyncName: string,
    ): { text: string; addImport?: { after: TSESTree.Node | undefined; text: string } } | undefined {
      if (
        callee.type === AST_NODE_TYPES.MemberExpression &&
        !callee.computed &&
        !callee.optional &&
        callee.object.type === AST_NODE_TYPES.Identifier &&
        promisesOwner(callee.object)
      ) {
        return { text: `${callee.object.name}.promises.${asyncName}` };
      }
      if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
      for (const declaration of importsOf(['fs/promises', 'node:fs/promises'])) {
        for (const specifier of declaration.specifiers) {
          if (specifier.type !== AST_NODE_TYPES.ImportSpecifier) {
            return { text: `${specifier.local.name}.${asyncName}` };
          }
          const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
          if (imported === asyncName && specifier.importKind !== 'type') return { text: specifier.local.name };
        }
      }
      for (const declaration of importsOf(['fs', 'node:fs'])) {
        for (const specifier of declaration.specifiers) {
          if (specifier.type !== AST_NODE_TYPES.ImportSpecifier) {
            return { text: `${specifier.local.name}.promises.${asyncName}` };
          }
        }
      }
      const allImports = sourceCode.ast.body.filter((s) => s.type === AST_NODE_TYPES.ImportDeclaration);
      if (allImports.length === 0) return undefined;
      if (nameTaken(callee, 'fsPromises')) return undefined;
      const usesNodePrefix = importsOf(['node:fs']).length > 0;
      return {
        text: `fsPromises.${asyncName}`,
        addImport: {
          after: allImports.at(-1),
          text: `\nimport * as fsPromises from '${usesNodePrefix ? 'node:fs/promises' : 'fs/promises'}';`,
        },
      };
    }

    function needsParentheses(node: TSESTree.Node): boolean {
      const parent = node.parent;
      if (parent === undefined) return false;
      switch (parent.type) {
        case AST_NODE_TYPES.MemberExpression:
          return parent.object === node;
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression:
          return parent.callee === node;
        case AST_NODE_TYPES.TaggedTemplateExpression:
        case AST_NODE_TYPES.TSNonNullExpression:
          return true;
        case AST_NODE_TYPES.BinaryExpression:
          return parent.operator === '**' && parent.left === node;
        default:
          return false;
      }
    }

    function suggestionsFor(
      node: TSESTree.CallExpression,
      tsCall: ts.CallExpression,
      loopContext: LoopContext,
      syncName: string,
    ): TSESLint.SuggestionReportDescriptor<MessageId>[] {
      if (loopContext.kind !== 'async' || enclosingFunction(tsCall) !== loopContext.fn) return [];
      const asyncName = fsPromiseEquivalents[syncName];
      if (asyncName === undefined) return [];
      if (fsOneArgumentOnly.has(syncName) && node.arguments.length > 1) return [];
      if (node.optional || node.parent.type === AST_NODE_TYPES.ChainExpression) return [];
      if (node.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return [];
      if (ASTUtils.isParenthesized(node.callee, sourceCode)) return [];
      const replacement = asyncCallee(node.callee, asyncName);
      if (replacement === undefined) return [];
      const rest = sourceCode.text.slice(node.callee.range[1], node.range[1]);
      const alreadyAwaited = node.parent.type === AST_NODE_TYPES.AwaitExpression;
      const call = `${alreadyAwaited ? '' : 'await '}${replacement.text}${rest}`;
      const text = !alreadyAwaited && needsParentheses(node) ? `(${call})` : call;
      const unused = node.callee.type === AST_NODE_TYPES.Identifier ? onlyUseOfFsImport(node.callee) : undefined;
      const fix: SuggestionFix = (fixer) => {
        const fixes = [fixer.replaceText(node, text)];
        const addImport = replacement.addImport;
        // The sync import this call was the only use of goes; when it was the whole declaration, the new
        // import takes its place.
        if (unused !== undefined && unused.declaration.specifiers.length === 1) {
          const { declaration } = unused;
          if (addImport !== undefined) fixes.push(fixer.replaceText(declaration, addImport.text.trimStart()));
          else fixes.push(fixer.removeRange([declaration.range[0], declaration.range[1] + (sourceCode.text[declaration.range[1]] === '\n' ? 1 : 0)]));
          return fixes;
        }
        if (unused !== undefined) fixes.push(fixer.removeRange(specifierRange(unused.declaration, unused.specifier)));
        if (addImport?.after !== undefined) fixes.push(fixer.insertTextAfter(addImport.after, addImport.text));
        return fixes;
      };
      return [{ messageId: 'suggestAsync', data: { replacement: replacement.text }, fix }];
    }

    /** `import { readFileSync } from 'fs'` when `callee` is its binding's only use. */
    function onlyUseOfFsImport(
      callee: TSESTree.Identifier,
    ): { declaration: TSESTree.ImportDeclaration; specifier: TSESTree.ImportSpecifier } | undefined {
      for (let scope: ReturnType<typeof sourceCode.getScope> | null = sourceCode.getScope(callee); scope; scope = scope.upper) {
        const variable = scope.set.get(callee.name);
        if (variable === undefined) continue;
        const [definition] = variable.defs;
        if (variable.defs.length !== 1 || variable.references.length !== 1 || definition.node.type !== AST_NODE_TYPES.ImportSpecifier) return undefined;
        const declaration = definition.node.parent;
        if (declaration.type !== AST_NODE_TYPES.ImportDeclaration || !['fs', 'node:fs'].includes(declaration.source.value)) return undefined;
        return { declaration, specifier: definition.node };
      }
      return undefined;
    }

    /** The specifier with the comma that separates it from a neighbour. */
    function specifierRange(declaration: TSESTree.ImportDeclaration, specifier: TSESTree.ImportSpecifier): [number, number] {
      const index = declaration.specifiers.indexOf(specifier);
      const next = declaration.specifiers[index + 1];
      if (next !== undefined) return [specifier.range[0], next.range[0]];
      return [declaration.specifiers[index - 1].range[1], specifier.range[1]];
    }

    /** `setTimeout(tick)`, `http.createServer(handle)`: a named sync function handed to the loop. */
    function checkCallbackReferences(node: TSESTree.CallExpression, tsCall: ts.CallExpression): void {
      // Cheapest first: a plain name resolves without typing anything, and a member can only lead to a user
      // function under a name the program declares; what the call does with them may need the checker.
      const references = tsCall.arguments.filter((argument) => {
        const inner = skipOuterExpressions(argument);
        if (ts.isIdentifier(inner)) return graph.userFunctionOfReference(inner) !== undefined;
        return ts.isPropertyAccessExpression(inner) && graph.names.keeps(inner.name.text);
      });
      if (references.length === 0) return;
      const callbackKind = callbackKindOf(program, tsCall);
      if (callbackKind === 'synchronous') return;
      let kind: LoopContext['kind'];
      if (callbackKind !== undefined) {
        kind = callbackKind;
      } else {
        // `dirs.forEach(ensureDir)` in an async function: the reference runs in place, in the caller's context.
        if (!runsCallbacksInPlace(program, tsCall)) return;
        const loopContext = finder.contextOf(tsCall);
        if (loopContext === undefined || finder.runsAtStartUp(tsCall, loopContext)) return;
        kind = loopContext.kind;
      }
      for (const reference of references) {
        const target = graph.userFunctionOfReference(reference);
        const chain = target === undefined ? undefined : graph.chainFrom(target, maxDepth);
        if (target === undefined || chain === undefined) continue;
        const argument = node.arguments[tsCall.arguments.indexOf(reference)];
        reportChain(argument, target.name, kind, chain);
      }
    }

    function reportChain(node: TSESTree.Node, name: string, kind: LoopContext['kind'], chain: BlockingChain): void {
      report(node, 'blockingTransitive', {
        name,
        context: contextText[kind],
        chain: chainText(chain),
        location: formatLocation(chain.leaf.node, cwd),
        reason: reasonOf(chain.leaf.kind),
      });
    }

    function checkCall(node: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression): void {
      const tsCall = services.esTreeNodeToTSNodeMap.get(node) as CallLike;
      if (checkCallbacks && maxDepth > 0 && node.type === AST_NODE_TYPES.CallExpression) {
        checkCallbackReferences(node, tsCall as ts.CallExpression);
      }
      // Cheapest first. The name filter is syntactic. A plain name resolves without typing anything, so it
      // goes before the loop context, which may have to resolve the call a callback is passed to; a member
      // call needs its object's type, so it goes after.
      if (!mayResolveToInterest(graph.names, tsCall)) return;
      const byName = ts.isIdentifier(skipOuterExpressions(calleeExpression(tsCall)));
      let callee = byName ? resolveCallee(program, tsCall) : undefined;
      const isNew = node.type === AST_NODE_TYPES.NewExpression;
      if (byName && (callee === undefined || !leadsSomewhere(callee, tsCall, isNew))) return;
      const loopContext = finder.contextOf(tsCall);
      if (loopContext === undefined) return;
      callee ??= resolveCallee(program, tsCall);
      if (callee === undefined) return;
      const match = matcher.matchResolved(program, callee, tsCall);
      if (match === 'allowed') return;
      if (match !== undefined) {
        if (finder.runsAtStartUp(tsCall, loopContext)) return;
        const { reason, alternative } = blockingReasons[match.kind];
        const fromFs = match.kind === 'fs' && match.callee.module === 'fs' && match.callee.container === undefined;
        const asyncName = fromFs ? fsPromiseEquivalents[match.callee.name] : undefined;
        report(node, 'blocking', {
          call: calledText(node, match.name),
          reason,
          context: contextText[loopContext.kind],
          alternative: asyncName === undefined ? alternative : `Use \`await fs.promises.${asyncName}()\`.`,
        }, node.type === AST_NODE_TYPES.CallExpression && fromFs
          ? suggestionsFor(node, tsCall as ts.CallExpression, loopContext, match.callee.name)
          : []);
        return;
      }
      if (maxDepth < 1) return;
      const target = graph.userFunctionOfCallee(callee, node.type === AST_NODE_TYPES.NewExpression);
      const chain = target === undefined ? undefined : graph.chainFrom(target, maxDepth);
      if (target === undefined || chain === undefined || finder.runsAtStartUp(tsCall, loopContext)) return;
      reportChain(node, target.name, loopContext.kind, chain);
    }

    /** Whether a resolved callee blocks, is allowed, or is a user function the call graph follows. */
    function leadsSomewhere(callee: ResolvedCallee, call: CallLike, isNew: boolean): boolean {
      if (matcher.matchResolved(program, callee, call) !== undefined) return true;
      return maxDepth > 0 && graph.userFunctionOfCallee(callee, isNew) !== undefined;
    }

    function report(
      node: TSESTree.Node,
      messageId: MessageId,
      data: Record<string, string>,
      suggest: TSESLint.SuggestionReportDescriptor<MessageId>[] = [],
    ): void {
      context.report({ node, messageId, data, ...(suggest.length > 0 ? { suggest } : {}) });
    }

    function checkLoop(node: TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement): void {
      const tsLoop = services.esTreeNodeToTSNodeMap.get(node) as LoopStatement;
      const loopContext = finder.contextOf(tsLoop);
      if (loopContext === undefined || !isBusyWaitLoop(program, tsLoop) || finder.runsAtStartUp(tsLoop, loopContext)) return;
      report(node, 'busyWait', { context: contextText[loopContext.kind] });
    }

    // Once per file: one missing setup, not one finding per import.
    let reportedNodeTypes = false;
    function checkModuleSource(source: TSESTree.Node | null | undefined): void {
      if (reportedNodeTypes || source?.type !== AST_NODE_TYPES.Literal || typeof source.value !== 'string') return;
      if (!isUnresolvedBuiltin(checker, services.esTreeNodeToTSNodeMap.get(source))) return;
      reportedNodeTypes = true;
      report(source, 'nodeTypesMissing', { module: source.value });
    }
    // TypeScript resolves `require('fs')` as an import in JavaScript files only.
    const isJavaScript = /\.[cm]?jsx?$/.test(context.filename);

    return {
      ImportDeclaration: (node) => { checkModuleSource(node.source); },
      ExportNamedDeclaration: (node) => { checkModuleSource(node.source); },
      ExportAllDeclaration: (node) => { checkModuleSource(node.source); },
      ImportExpression: (node) => { checkModuleSource(node.source); },
      TSExternalModuleReference: (node) => { checkModuleSource(node.expression); },
      CallExpression: (node) => {
        if (isJavaScript && node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'require') {
          checkModuleSource(node.arguments[0]);
        }
        checkCall(node);
      },
      NewExpression: checkCall,
      TaggedTemplateExpression: checkCall,
      WhileStatement: checkLoop,
      DoWhileStatement: checkLoop,
      ForStatement: checkLoop,
    };
  },
});
