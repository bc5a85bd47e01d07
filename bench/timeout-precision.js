// Precision of unblock/require-timeout: lints the sweep's libraries, a few published applications and CLIs
// that call other systems, examples/service and bench/timeout-service with that rule alone, and scores the
// findings against the hand labels in bench/sweep-labels.json, split into library and application code.
// Usage: npm run build && node bench/timeout-precision.js [--list]
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

import unblock from '../dist/src/index.js';
import { PACKAGES, expand, fetchPackage, writeTsconfig } from '../scripts/sweep.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const RULE = 'unblock/require-timeout';

/** Published applications and CLIs that call HTTP APIs, run commands or wait for events; pinned like the sweep's. */
export const APPLICATIONS = [
  { name: 'pm2', version: '7.0.4', files: ['lib/**/*.js'] },
  { name: 'release-it', version: '21.1.2', files: ['lib/**/*.js'] },
  { name: 'gh-pages', version: '6.3.0', files: ['lib/**/*.js'] },
  { name: 'localtunnel', version: '2.0.2', files: ['localtunnel.js', 'lib/**/*.js'] },
  { name: 'ngrok', version: '4.3.3', files: ['index.js', 'src/**/*.js'] },
  { name: 'probot', version: '14.3.2', files: ['lib/**/*.js'] },
  { name: 'gitmoji-cli', version: '9.7.0', files: ['lib/**/*.js'] },
  { name: '@sentry/cli', version: '3.8.0', files: ['js/**/*.js'] },
];

/** HTTP client code of applications' libraries, beside the sweep's. */
const CLIENT_LIBRARIES = [
  { name: '@verdaccio/proxy', version: '9.0.0-next-9.31', files: ['build/**/*.js'] },
  { name: '@slack/webhook', version: '8.0.2', files: ['dist/**/*.js'] },
];

const SERVICES = [
  { name: 'examples/service', dir: path.join(root, 'examples/service') },
  { name: 'bench/timeout-service', dir: path.join(root, 'bench/timeout-service') },
];

async function lint(name, dir, project, files) {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.js', '**/*.ts'],
        languageOptions: { parser: tseslint.parser, parserOptions: { project, tsconfigRootDir: dir } },
        linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
        plugins: { unblock },
        rules: { [RULE]: 'error' },
      },
    ],
  });
  const findings = [];
  let crashes = 0;
  for (const file of files) {
    try {
      const [result] = await eslint.lintFiles([file]);
      const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
      for (const message of result.messages) {
        if (message.fatal || message.ruleId !== RULE) {
          if (message.fatal) crashes++;
          continue;
        }
        findings.push({
          id: `${name}:${file}:${message.line}:${RULE}`,
          messageId: message.messageId,
          source: (lines[message.line - 1] ?? '').trim().slice(0, 120),
        });
      }
    } catch (error) {
      crashes++;
      console.log(`  crash in ${name}/${file}: ${String(error).split('\n')[0]}`);
    }
  }
  return { findings, crashes, files: files.length };
}

const { values } = parseArgs({ options: { list: { type: 'boolean', default: false } } });
const labels = new Map(
  JSON.parse(readFileSync(path.join(root, 'bench/sweep-labels.json'), 'utf8'))
    .filter((label) => label.id.endsWith(`:${RULE}`))
    .map((label) => [label.id, label]),
);
const groups = { library: [], application: [] };

for (const [group, packages] of [['library', [...PACKAGES, ...CLIENT_LIBRARIES]], ['application', APPLICATIONS]]) {
  for (const pkg of packages) {
    const dir = fetchPackage(pkg);
    writeTsconfig(dir, pkg.files);
    const files = pkg.files.flatMap((pattern) => expand(dir, pattern));
    const result = await lint(pkg.name, dir, path.join(dir, 'tsconfig.sweep.json'), files);
    console.log(`${`${pkg.name}@${pkg.version}`.padEnd(24)} files ${String(result.files).padStart(4)}  findings ${result.findings.length}  crashes ${result.crashes}`);
    groups[group].push(...result.findings);
  }
}
for (const service of SERVICES) {
  const project = path.join(service.dir, 'tsconfig.json');
  const files = expand(service.dir, 'src/**/*.ts');
  if (!existsSync(project)) continue;
  const result = await lint(service.name, service.dir, project, files);
  console.log(`${service.name.padEnd(24)} files ${String(result.files).padStart(4)}  findings ${result.findings.length}  crashes ${result.crashes}`);
  groups.application.push(...result.findings);
}

// A `forwarded` finding (a wrapper's caller) is counted with the network clients.
const checkOf = (messageId) => (messageId === 'event' ? 'events' : messageId === 'childProcess' ? 'child processes' : 'network clients');

function score(findings) {
  let tp = 0;
  let fp = 0;
  const unlabelled = [];
  for (const finding of findings) {
    const label = labels.get(finding.id)?.label;
    if (label === 'tp') tp++;
    else if (label === 'fp') fp++;
    else unlabelled.push(finding);
  }
  const precision = tp + fp > 0 ? `${((100 * tp) / (tp + fp)).toFixed(0)}%` : 'n/a';
  return { text: `${precision} (${tp} true, ${fp} false, ${unlabelled.length} unlabelled)`, unlabelled };
}

console.log(`\nprecision of ${RULE} from the hand labels in bench/sweep-labels.json:`);
for (const [group, findings] of Object.entries(groups)) {
  const { text, unlabelled } = score(findings);
  console.log(`  ${group.padEnd(12)} ${text}`);
  for (const check of ['network clients', 'events', 'child processes']) {
    console.log(`    ${check.padEnd(16)} ${score(findings.filter((finding) => checkOf(finding.messageId) === check)).text}`);
  }
  if (values.list) for (const finding of unlabelled) console.log(`    ${finding.id} [${finding.messageId}] ${finding.source}`);
}
