import type { TSESLint } from '@typescript-eslint/utils';
import { ESLintUtils } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { SetupError } from './setup-error.js';
import { assertSameTypeScript } from './typescript-environment.js';

export interface TypedServices {
  checker: ts.TypeChecker;
  program: ts.Program;
  esTreeNodeToTSNodeMap: ReturnType<typeof ESLintUtils.getParserServices>['esTreeNodeToTSNodeMap'];
}

/**
 * Typed parser services, or an error that tells the user how to turn type information on.
 * typescript-eslint's own message names `parserOptions.project`; ours points at `projectService`.
 */
export function getTypedServices(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
): TypedServices {
  const services = context.sourceCode.parserServices;
  if (!services?.program) {
    throw new SetupError(
      `eslint-plugin-unblock: rule "${context.id}" needs type information, and this file has none. Lint it with ` +
        "typescript-eslint's parser and parserOptions.projectService: true (unblock.configs.recommended sets both), " +
        "or leave it out of the rule's files. See https://typescript-eslint.io/getting-started/typed-linting",
    );
  }
  const parserServices = ESLintUtils.getParserServices(context);
  assertSameTypeScript(parserServices.program);
  return {
    checker: parserServices.program.getTypeChecker(),
    program: parserServices.program,
    esTreeNodeToTSNodeMap: parserServices.esTreeNodeToTSNodeMap,
  };
}
