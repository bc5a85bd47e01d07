import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const exampleDir = fileURLToPath(new URL('../examples/service', import.meta.url));

async function findings(concurrency: 'off' | number): Promise<string[]> {
  const eslint = new ESLint({ cwd: exampleDir, concurrency });
  const results = await eslint.lintFiles(['src']);
  return results
    .flatMap((result) =>
      result.messages.map(
        (message) => `${path.relative(exampleDir, result.filePath)}:${message.line}:${message.column} ${message.ruleId} ${message.messageId}`,
      ),
    )
    .sort();
}

describe("ESLint's multi-threaded mode", () => {
  it('reports the same findings with --concurrency=2 as single-threaded', async () => {
    const single = await findings('off');
    const threaded = await findings(2);
    expect(single.length).toBeGreaterThan(0);
    expect(threaded).toEqual(single);
  });
});
