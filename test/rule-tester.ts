import { fileURLToPath } from 'node:url';

import { RuleTester } from '@typescript-eslint/rule-tester';

export const fixturesDir = fileURLToPath(new URL('./fixtures', import.meta.url));

/** A RuleTester with typed linting over test/fixtures (cases are linted as fixtures/file.ts by default). */
export function typedRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js'] },
        tsconfigRootDir: fixturesDir,
      },
    },
  });
}
