import path from 'node:path';

import { ESLint, type Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';

import { rules } from '../rules/index.js';
import { fixturesDir } from './rule-tester.js';

const file = path.join(fixturesDir, 'ownership/patterns.ts');

async function lintMessages(enabled: string[]): Promise<Linter.LintMessage[]> {
  const config: Linter.Config = {
    files: ['**/*.ts'],
    plugins: { unblock: { rules } as unknown as NonNullable<Linter.Config['plugins']>[string] },
    languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: fixturesDir } },
    rules: Object.fromEntries(enabled.map((rule) => [`unblock/${rule}`, 'error'])),
  };
  const eslint = new ESLint({ cwd: fixturesDir, overrideConfigFile: true, overrideConfig: config });
  const [result] = await eslint.lintFiles([file]);
  return result!.messages;
}

async function lint(enabled: string[]): Promise<string[]> {
  const messages = await lintMessages(enabled);
  return messages.map((message) => `${message.line}:${message.column} ${message.ruleId ?? ''} ${message.messageId ?? message.message}`);
}

describe('one finding per defect: no-floating-promises and no-unbounded-fan-out', () => {
  it('with both rules on, an unhandled fan-out is one no-floating-promises finding that says it is unbounded', async () => {
    expect(await lint(['no-floating-promises', 'no-unbounded-fan-out'])).toEqual([
      '6:3 unblock/no-floating-promises floatingFanOut',
      '9:17 unblock/no-floating-promises floatingFanOut',
      '12:28 unblock/no-floating-promises floatingInLoop',
      '13:17 unblock/no-floating-promises floatingFanOut',
      '14:3 unblock/no-unbounded-fan-out mapNotAwaited',
      '15:3 unblock/no-floating-promises floatingFanOut',
      '16:3 unblock/no-floating-promises floating',
      '18:28 unblock/no-unbounded-fan-out pushAll',
    ]);
  });

  it('with only no-floating-promises on, it reports its findings in its own words', async () => {
    expect(await lint(['no-floating-promises'])).toEqual([
      '6:3 unblock/no-floating-promises floatingArray',
      '9:17 unblock/no-floating-promises voidCallbackLoop',
      '12:28 unblock/no-floating-promises floating',
      '13:17 unblock/no-floating-promises voidCallbackLoop',
      '15:3 unblock/no-floating-promises floatingArray',
      '16:3 unblock/no-floating-promises floating',
    ]);
  });

  it('with only no-unbounded-fan-out on, it reports every fan-out, handled or not', async () => {
    expect(await lint(['no-unbounded-fan-out'])).toEqual([
      '6:3 unblock/no-unbounded-fan-out mapNotAwaited',
      '9:3 unblock/no-unbounded-fan-out forEachAsync',
      '12:28 unblock/no-unbounded-fan-out loopFireAndForget',
      '13:3 unblock/no-unbounded-fan-out forEachAsync',
      '14:3 unblock/no-unbounded-fan-out mapNotAwaited',
      '15:3 unblock/no-unbounded-fan-out mapNotAwaited',
      '18:28 unblock/no-unbounded-fan-out pushAll',
    ]);
  });

  it('says both what is unhandled and what it goes over, in the words of the code', async () => {
    const messages = await lintMessages(['no-floating-promises', 'no-unbounded-fan-out']);
    expect(messages.find((message) => message.line === 9)?.message).toBe(
      '`items.forEach(…)` starts a promise per element of `items`, all at once, and nothing awaits them. Use p-map with a `concurrency` and await it.',
    );
    expect(messages.find((message) => message.line === 12)?.message).toBe(
      'This promise starts on every iteration over `items`, all at once, and nothing awaits it. Await it, or use p-map with a `concurrency`.',
    );
    expect(messages.find((message) => message.line === 12)?.suggestions?.map((suggestion) => suggestion.fix.text)).toEqual(['await reserve(sku)']);
  });
});
