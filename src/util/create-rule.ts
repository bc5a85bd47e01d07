import { ESLintUtils } from '@typescript-eslint/utils';

import { guardListeners } from './guard.js';

export const REPO_URL = 'https://github.com/eslint-plugin-unblock/eslint-plugin-unblock';

export interface UnblockDocs {
  description: string;
  recommended?: boolean;
  requiresTypeChecking?: boolean;
}

const ruleCreator = ESLintUtils.RuleCreator<UnblockDocs>((name) => `${REPO_URL}/blob/main/docs/rules/${name}.md`);

/** typescript-eslint's RuleCreator, with every listener guarded against stack overflows (see guard.ts). */
export const createRule: typeof ruleCreator = (rule) =>
  ruleCreator({ ...rule, create: (context, options) => guardListeners(rule.create(context, options)) });
