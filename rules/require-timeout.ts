import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';

import type { FunctionSpecifier } from '../src/analysis/call-graph.js';
import { calleeExpression, skipOuterExpressions } from '../src/analysis/callee.js';
import { DEFAULT_SUGGESTED_TIMEOUT_MS, type TimeoutClient } from '../src/analysis/timeouts-catalogue.js';
import { type MissingDeadline, TimeoutChecker, type UserClient } from '../src/analysis/timeouts.js';
import { createRule } from '../src/util/create-rule.js';
import { getTypedServices } from '../src/util/services.js';
import { functionSpecifierSchema } from '../src/util/specifier-schema.js';

export type Options = [
  {
    clients?: UserClient[];
    allow?: FunctionSpecifier[];
    trustGlobalDispatcher?: boolean;
    checkEvents?: boolean;
    checkChildProcesses?: boolean;
    suggestedTimeout?: number;
  },
];

export type MessageId =
  | 'fetch'
  | 'nodeFetch'
  | 'undiciRequest'
  | 'http'
  | 'axios'
  | 'got'
  | 'event'
  | 'childProcess'
  | 'user'
  | 'forwarded'
  | 'addDeadline';

const messageOf: Readonly<Record<TimeoutClient, MessageId>> = {
  fetch: 'fetch',
  'node-fetch': 'nodeFetch',
  'undici-request': 'undiciRequest',
  http: 'http',
  axios: 'axios',
  got: 'got',
  events: 'event',
  'child-process': 'childProcess',
  user: 'user',
};

/** The option a suggestion adds; none for a user's client, whose option's shape is not known. */
function deadlineProperty(missing: MissingDeadline, ms: number): string | undefined {
  switch (missing.client) {
    case 'fetch':
    case 'node-fetch':
    case 'undici-request':
      return `signal: AbortSignal.timeout(${ms})`;
    case 'events':
      // An `on()` iterator with a deadline would end a long-lived stream of events after `ms`.
      return missing.iterator ? undefined : `signal: AbortSignal.timeout(${ms})`;
    case 'axios':
    case 'http':
    case 'child-process':
      return `timeout: ${ms}`;
    case 'got':
      // got's `timeout` is an object of per-phase limits; `request` bounds the whole request.
      return `timeout: { request: ${ms} }`;
    case 'user':
      return undefined;
  }
}

const MAX_NAME_LENGTH = 40;

export default createRule<Options, MessageId>({
  name: 'require-timeout',
  meta: {
    type: 'problem',
    defaultOptions: [
      {
        clients: [],
        allow: [],
        trustGlobalDispatcher: true,
        checkEvents: true,
        checkChildProcesses: true,
        suggestedTimeout: DEFAULT_SUGGESTED_TIMEOUT_MS,
      },
    ],
    docs: {
      description: 'Require a timeout or abort signal on every call that waits on another system',
      recommended: true,
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      fetch:
        '`{{name}}()` has no `signal`: undici waits up to 300 s for the headers and 300 s more for the body. Pass `signal: AbortSignal.timeout(ms)`.',
      nodeFetch:
        '`{{name}}()` has no `signal`, and node-fetch sets no deadline: it waits as long as the peer does. Pass `signal: AbortSignal.timeout(ms)`.',
      undiciRequest:
        '`{{name}}()` has no `signal` or `headersTimeout`/`bodyTimeout`: undici waits up to 300 s for each. Pass `signal: AbortSignal.timeout(ms)`.',
      http: '`{{name}}()` has no `timeout` or `signal`, and Node sets no deadline on it. Pass one, or call `.setTimeout()` on the request.',
      axios:
        '`{{name}}()` has no `timeout`, and axios defaults to `timeout: 0` (no limit). Pass `timeout`, or set it in `axios.create()` or `defaults.timeout`.',
      got: '`{{name}}()` has no `timeout`, and got sets none by default. Pass `timeout: { request: ms }`, or set it with `got.extend()`.',
      event: '`{{name}}()` has no `signal`: it waits forever if {{event}} never comes. Pass `{ signal: AbortSignal.timeout(ms) }`.',
      childProcess: '`{{name}}()` has no `timeout`: it waits as long as the command runs, however long it hangs. Pass `timeout` in the options.',
      user: '`{{name}}()` has no `{{option}}`, so it waits as long as the other system does. Pass `{{option}}`.',
      forwarded:
        '`{{name}}()` hands its `{{parameter}}` to `{{inner}}()` as the deadline, and this call passes none, so nothing bounds the wait. Pass one.',
      addDeadline: 'Add `{{property}}`.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          clients: {
            type: 'array',
            description: 'Clients of your own that wait on another system, and the option that gives them a deadline.',
            items: {
              type: 'object',
              properties: {
                module: {
                  type: 'string',
                  description: "The package that declares the client, or the end of a project file's path (`src/http.ts`).",
                },
                names: {
                  type: 'array',
                  items: { type: 'string' },
                  minItems: 1,
                  description: 'Declared names of the calls: `request`, `HttpClient.get`, `*` as a wildcard.',
                },
                timeoutOption: {
                  description: 'The option (or options, any one is enough) that sets a deadline: `timeout`, `signal`.',
                  oneOf: [
                    { type: 'string' },
                    { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true },
                  ],
                },
              },
              required: ['module', 'names', 'timeoutOption'],
              additionalProperties: false,
            },
          },
          allow: {
            type: 'array',
            items: functionSpecifierSchema,
            description: 'Calls never reported, by where their callee is declared.',
          },
          trustGlobalDispatcher: {
            type: 'boolean',
            description:
              "Treat `fetch` and undici's `request` as bounded when the program calls undici's `setGlobalDispatcher` with an agent whose `headersTimeout` and `bodyTimeout` are both set below 300 s.",
          },
          checkEvents: {
            type: 'boolean',
            description: "Report `events.once()` and `events.on()` without a `signal`.",
          },
          checkChildProcesses: {
            type: 'boolean',
            description: "Report `child_process.exec()`/`execFile()` (callback and promisified) without a `timeout` or `signal`.",
          },
          suggestedTimeout: {
            type: 'integer',
            minimum: 1,
            description: 'The deadline, in milliseconds, that suggestions write.',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context, [options]) {
    const services = getTypedServices(context);
    const { program } = services;
    const checker = new TimeoutChecker(program, {
      clients: options.clients ?? [],
      allow: options.allow ?? [],
      trustGlobalDispatcher: options.trustGlobalDispatcher ?? true,
      checkEvents: options.checkEvents ?? true,
      checkChildProcesses: options.checkChildProcesses ?? true,
    });
    const ms = options.suggestedTimeout ?? DEFAULT_SUGGESTED_TIMEOUT_MS;

    function displayName(call: ts.CallExpression): string {
      const expression = calleeExpression(call);
      const text = expression.getText().replace(/\s+/g, '');
      if (text.length <= MAX_NAME_LENGTH) return text;
      return ts.isPropertyAccessExpression(expression) ? expression.name.text : 'call';
    }

    function suggestion(missing: MissingDeadline): TSESLint.SuggestionReportDescriptor<MessageId>[] {
      const property = deadlineProperty(missing, ms);
      if (property === undefined) return [];
      const { call, options: given, optionsIndex } = missing;
      let fix: TSESLint.ReportFixFunction;
      if (given !== undefined) {
        const node = skipOuterExpressions(given);
        if (ts.isObjectLiteralExpression(node)) {
          const last = node.properties.at(-1);
          fix = last === undefined
            ? (fixer) => fixer.replaceTextRange([node.getStart(), node.getEnd()], `{ ${property} }`)
            : (fixer) => fixer.insertTextAfterRange([last.getStart(), last.getEnd()], `, ${property}`);
        } else {
          const text = given.getText();
          const isUndefined = ts.isIdentifier(node) && node.text === 'undefined';
          fix = (fixer) =>
            fixer.replaceTextRange([given.getStart(), given.getEnd()], isUndefined ? `{ ${property} }` : `{ ...${text}, ${property} }`);
        }
      } else {
        const args = call.arguments;
        const before = args[optionsIndex];
        const last = args.at(-1);
        if (before !== undefined) {
          fix = (fixer) => fixer.insertTextBeforeRange([before.getStart(), before.getEnd()], `{ ${property} }, `);
        } else if (last !== undefined) {
          const padding = 'undefined, '.repeat(Math.max(0, optionsIndex - args.length));
          fix = (fixer) => fixer.insertTextAfterRange([last.getStart(), last.getEnd()], `, ${padding}{ ${property} }`);
        } else {
          return [];
        }
      }
      return [{ messageId: 'addDeadline', data: { property }, fix }];
    }

    return {
      CallExpression(node: TSESTree.CallExpression) {
        const call = services.esTreeNodeToTSNodeMap.get(node);
        const missing = checker.check(call);
        if (missing === undefined) return;
        if (missing.forwarded !== undefined) {
          const { parameter, inner } = missing.forwarded;
          context.report({ node, messageId: 'forwarded', data: { name: displayName(call), parameter, inner } });
          return;
        }
        const suggest = suggestion(missing);
        context.report({
          node,
          messageId: messageOf[missing.client],
          data: { name: displayName(call), event: missing.event ?? 'the event', option: missing.option ?? 'timeout' },
          ...(suggest.length > 0 ? { suggest } : {}),
        });
      },
    };
  },
});
