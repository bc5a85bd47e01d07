import { ESLintUtils } from '@typescript-eslint/utils';

export const REPO_URL = 'https://github.com/eslint-plugin-unblock/eslint-plugin-unblock';

export interface UnblockDocs {
  description: string;
  recommended?: boolean;
  requiresTypeChecking?: boolean;
}

export const createRule = ESLintUtils.RuleCreator<UnblockDocs>(
  (name) => `${REPO_URL}/blob/main/docs/rules/${name}.md`,
);
