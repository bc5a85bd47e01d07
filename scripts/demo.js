// Lints the bundled example service with the built plugin, the way a user's project would run it:
// through ESLint's Node API and the example's own three-line eslint.config.js.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { ESLint } from 'eslint';

const exampleDir = fileURLToPath(new URL('../examples/service', import.meta.url));
const eslint = new ESLint({ cwd: exampleDir });
const results = await eslint.lintFiles(['src']);

const formatter = await eslint.loadFormatter('stylish');
const findings = results.reduce((sum, result) => sum + result.messages.length, 0);
console.log(`eslint-plugin-unblock demo: linting ${path.relative(process.cwd(), exampleDir) || '.'}/src`);
console.log(await formatter.format(results));
const byRule = new Map();
for (const message of results.flatMap((result) => result.messages)) {
  byRule.set(message.ruleId ?? '(parser)', (byRule.get(message.ruleId ?? '(parser)') ?? 0) + 1);
}
console.log(`${findings} finding(s) in ${results.length} file(s):`);
for (const [rule, count] of [...byRule].sort()) console.log(`  ${rule}: ${count}`);
// The example is wrong on purpose: findings are the expected outcome, so the demo exits 0 unless ESLint crashed.
if (results.some((result) => result.messages.some((message) => message.fatal))) process.exitCode = 1;
