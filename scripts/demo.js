// The whole story on the bundled example service: lint it with the built plugin (through ESLint's Node API
// and the example's own three-line eslint.config.js), run it under the probe with `unblock run` and a short
// scripted load against 127.0.0.1, then print the linked view: which stalls the lint predicted, which it
// could not see, and which findings did not stall under this load; then what the editor shows with the report
// configured for unblock/no-measured-stall.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import ts from 'typescript';

import { addEvidence } from '../dist/src/cli/evidence.js';
import { linkReports } from '../dist/src/cli/explain.js';
import { formatLinked } from '../dist/src/cli/link-format.js';
import { mergeSites } from '../dist/src/cli/stall-reports.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const exampleDir = path.join(root, 'examples/service');
const bin = path.join(root, 'bin/unblock.js');
const THRESHOLD_MS = '20';

const eslint = new ESLint({ cwd: exampleDir });
const results = await eslint.lintFiles(['src']);
const formatter = await eslint.loadFormatter('stylish');
const findings = results.reduce((sum, result) => sum + result.messages.length, 0);
console.log('eslint-plugin-unblock demo: 1. lint examples/service/src');
console.log(await formatter.format(results));
const byRule = new Map();
for (const message of results.flatMap((result) => result.messages)) {
  byRule.set(message.ruleId ?? '(parser)', (byRule.get(message.ruleId ?? '(parser)') ?? 0) + 1);
}
console.log(`${findings} finding(s) in ${results.length} file(s):`);
for (const [rule, count] of [...byRule].sort()) console.log(`  ${rule}: ${count}`);
if (results.some((result) => result.messages.some((message) => message.fatal))) process.exitCode = 1;

// A build with source maps back to src/, as the service would ship; the views it renders beside it, the
// layout large enough (24 MB) that reading it takes a visible time.
const work = mkdtempSync(path.join(tmpdir(), 'unblock-demo-'));
try {
  const out = path.join(work, 'dist');
  mkdirSync(out);
  writeFileSync(path.join(out, 'package.json'), '{ "type": "module" }\n');
  for (const name of readdirSync(path.join(exampleDir, 'src')).filter((file) => file.endsWith('.ts'))) {
    const source = path.join(exampleDir, 'src', name);
    const js = name.replace(/\.ts$/, '.js');
    const result = ts.transpileModule(readFileSync(source, 'utf8'), {
      fileName: source,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: true },
    });
    const map = JSON.parse(result.sourceMapText);
    map.sources = [source];
    writeFileSync(path.join(out, js), result.outputText.replace(/\/\/# sourceMappingURL=.*$/m, `//# sourceMappingURL=${js}.map`));
    writeFileSync(path.join(out, `${js}.map`), JSON.stringify(map));
  }
  mkdirSync(path.join(work, 'views'));
  writeFileSync(path.join(work, 'views/layout.html'), `<html><body>{{body}}</body><!-- ${'x'.repeat(24 * 1024 * 1024)} --></html>`);
  writeFileSync(path.join(work, 'views/home.html'), '<h1>{{title}}</h1>');

  console.log(`\n2. run it under the probe (unblock run --threshold ${THRESHOLD_MS}) with a scripted load against 127.0.0.1`);
  const report = path.join(work, 'stalls.json');
  const child = spawn(process.execPath, [bin, 'run', '--threshold', THRESHOLD_MS, '--no-lint', '--json', report, '--', 'node', path.join(out, 'main.js')], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(JSON.parse(text.split('\n')[0]).port);
    });
    child.once('exit', () => { reject(new Error('the example service exited before it listened')); });
  });
  const base = `http://127.0.0.1:${port}`;
  const load = [
    ...Array.from({ length: 4 }, () => '/page/home'),
    ...Array.from({ length: 3 }, () => '/report?sales=1500000'),
    ...Array.from({ length: 2 }, () => `/signup?name=${'a'.repeat(22)}!`),
    ...Array.from({ length: 20 }, () => '/report?sales=100'),
  ];
  for (const url of load) await fetch(base + url, { signal: AbortSignal.timeout(10_000) }).then((res) => res.text());
  console.log(`  ${load.length} requests sent`);
  child.kill('SIGTERM');
  await exited;

  const reports = JSON.parse(readFileSync(report, 'utf8'));
  console.log('\n3. the linked view');
  process.stdout.write(formatLinked(await linkReports(reports, exampleDir), exampleDir));
  const quiet = addEvidence(results, mergeSites(reports), exampleDir).flatMap((result) =>
    result.messages.filter((message) => message.ruleId && message.stalls === undefined).map((message) => `  ${path.relative(exampleDir, result.filePath)}:${message.line}:${message.column}  ${message.ruleId}`),
  );
  console.log(`\nFindings that did not stall under this load (${quiet.length}): the code did not run, or ran fast enough here.`);
  for (const line of quiet) console.log(line);

  // What the editor shows with the report configured: the stalls no rule predicted, on their lines.
  console.log('\n4. in the editor: unblock/no-measured-stall with settings.unblock.stallReports = [the report]');
  const measured = new ESLint({ cwd: exampleDir, overrideConfig: { settings: { unblock: { stallReports: [report] } }, rules: { 'unblock/no-measured-stall': 'warn' } } });
  for (const result of await measured.lintFiles(['src'])) {
    for (const message of result.messages.filter((entry) => entry.ruleId === 'unblock/no-measured-stall')) {
      console.log(`  ${path.relative(exampleDir, result.filePath)}:${message.line}:${message.column}  ${message.message}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
