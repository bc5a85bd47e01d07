// Real-world sweep: lints the published sources of well-known packages with every rule of the plugin at
// `error`, counts findings, fatal errors and rule crashes per package, and prints precision per rule from
// the hand labels in bench/sweep-labels.json. Usage: npm run sweep [-- --only fastify,pino] [--rules a,b]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

import unblock from '../dist/src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cacheDir = path.join(root, '.cache/sweep');

/** Pinned so that labels keep pointing at the same lines. `files` are globs ESLint lints. */
export const PACKAGES = [
  { name: 'fastify', version: '5.12.8', files: ['fastify.js', 'lib/**/*.js'] },
  { name: 'undici', version: '8.13.1', files: ['lib/**/*.js'] },
  { name: 'pino', version: '10.4.0', files: ['pino.js', 'lib/**/*.js'] },
  { name: 'express', version: '5.3.0', files: ['lib/**/*.js'] },
  { name: 'axios', version: '1.21.1', files: ['lib/**/*.js'] },
  { name: 'ioredis', version: '6.0.0', files: ['built/**/*.js'] },
  { name: 'bullmq', version: '6.7.0', files: ['dist/esm/**/*.js'] },
  { name: 'mongodb', version: '7.9.0', files: ['src/**/*.ts'] },
  { name: 'pg', version: '8.23.1', files: ['lib/**/*.js'] },
  { name: 'got', version: '16.1.0', files: ['dist/source/**/*.js'] },
  { name: 'eslint', version: '10.15.0', files: ['lib/**/*.js'] },
];

export function fetchPackage({ name, version }) {
  const dir = path.join(cacheDir, `${name.replace('/', '__')}@${version}`);
  if (existsSync(path.join(dir, 'package.json'))) return dir;
  mkdirSync(dir, { recursive: true });
  const tarball = execFileSync('npm', ['pack', `${name}@${version}`, '--silent', '--pack-destination', dir], {
    encoding: 'utf8',
  }).trim().split('\n').pop();
  execFileSync('tar', ['xzf', path.join(dir, tarball), '-C', dir, '--strip-components=1']);
  return dir;
}

// Expands `file.js` or `dir/**/*.ext` (the only two shapes PACKAGES uses); skips declaration files.
export function expand(dir, pattern) {
  const match = /^(.*)\/\*\*\/\*(\.\w+)$/.exec(pattern);
  if (!match) return existsSync(path.join(dir, pattern)) ? [pattern] : [];
  const [, base, ext] = match;
  if (!existsSync(path.join(dir, base))) return [];
  return readdirSync(path.join(dir, base), { recursive: true })
    .map((file) => path.join(base, String(file)))
    .filter((file) => file.endsWith(ext) && !file.endsWith('.d.ts'))
    .sort();
}

export function writeTsconfig(dir, files) {
  writeFileSync(
    path.join(dir, 'tsconfig.sweep.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023'],
        allowJs: true, checkJs: false, noEmit: true, skipLibCheck: true, strict: true,
        types: ['node'], typeRoots: [path.join(root, 'node_modules/@types')],
      },
      include: files,
    }, null, 2),
  );
}

async function lintPackage(pkg, dir, rules) {
  writeTsconfig(dir, pkg.files);
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.js', '**/*.ts'],
        languageOptions: {
          parser: tseslint.parser,
          parserOptions: { project: path.join(dir, 'tsconfig.sweep.json'), tsconfigRootDir: dir },
        },
        linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
        plugins: { unblock },
        rules,
      },
    ],
  });
  // Lint file by file so that one crash does not hide the rest.
  const list = pkg.files.flatMap((pattern) => expand(dir, pattern));
  const findings = [];
  const crashes = [];
  let fatal = 0;
  for (const file of list) {
    try {
      const [result] = await eslint.lintFiles([file]);
      const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
      for (const message of result.messages) {
        if (message.fatal) {
          fatal++;
          crashes.push({ file, error: `fatal: ${message.message}` });
          continue;
        }
        // Notices about the ignored inline directives of the package's own lint setup.
        if (message.ruleId === null) continue;
        findings.push({
          id: `${pkg.name}:${file}:${message.line}:${message.ruleId}`,
          package: pkg.name,
          file,
          line: message.line,
          column: message.column,
          ruleId: message.ruleId,
          messageId: message.messageId,
          source: (lines[message.line - 1] ?? '').trim().slice(0, 160),
        });
      }
    } catch (error) {
      crashes.push({ file, error: String(error?.stack ?? error).split('\n').slice(0, 4).join(' | ') });
    }
  }
  return { files: list.length, findings, crashes, fatal };
}

async function main() {
  const { values } = parseArgs({ options: { only: { type: 'string' }, rules: { type: 'string' } } });
  const only = values.only?.split(',');
  const ruleNames = values.rules?.split(',') ?? Object.keys(unblock.rules);
  const rules = Object.fromEntries(ruleNames.map((name) => [`unblock/${name}`, 'error']));
  mkdirSync(cacheDir, { recursive: true });

  const all = [];
  let crashTotal = 0;
  for (const pkg of PACKAGES.filter((p) => !only || only.includes(p.name))) {
    const dir = fetchPackage(pkg);
    const started = performance.now();
    const { files, findings, crashes, fatal } = await lintPackage(pkg, dir, rules);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const perRule = {};
    for (const finding of findings) perRule[finding.ruleId] = (perRule[finding.ruleId] ?? 0) + 1;
    crashTotal += crashes.length;
    console.log(
      `${`${pkg.name}@${pkg.version}`.padEnd(18)} files ${String(files).padStart(4)}  findings ${JSON.stringify(perRule)}  fatal/crashes ${fatal}/${crashes.length - fatal}  ${seconds}s`,
    );
    for (const crash of crashes) console.log(`    ${crash.file}: ${crash.error}`);
    all.push(...findings);
  }
  const out = path.join(cacheDir, 'findings.json');
  writeFileSync(out, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`\n${all.length} findings written to ${path.relative(root, out)}; crashes: ${crashTotal}`);

  const labelsFile = path.join(root, 'bench/sweep-labels.json');
  if (!existsSync(labelsFile)) return;
  const swept = new Set(PACKAGES.filter((p) => !only || only.includes(p.name)).map((p) => p.name));
  const labels = JSON.parse(readFileSync(labelsFile, 'utf8')).filter((label) => swept.has(label.id.split(':')[0]));
  const current = new Set(all.map((finding) => finding.id));
  const stats = {};
  for (const label of labels) {
    const rule = label.id.split(':').pop();
    stats[rule] ??= { tp: 0, fp: 0, gone: 0 };
    if (!current.has(label.id)) stats[rule].gone++;
    else stats[rule][label.label]++;
  }
  console.log(`\nprecision from ${labels.length} hand labels (bench/sweep-labels.json):`);
  for (const [rule, { tp, fp, gone }] of Object.entries(stats)) {
    const precision = tp + fp > 0 ? ((100 * tp) / (tp + fp)).toFixed(0) : 'n/a';
    console.log(`  ${rule.padEnd(34)} ${precision}% (${tp} true, ${fp} false; ${gone} labelled findings no longer reported)`);
  }
  const unlabelled = all.filter((finding) => !labels.some((label) => label.id === finding.id)).length;
  console.log(`  unlabelled findings: ${unlabelled}`);
}

// Importable (bench/lint-speed.js reads PACKAGES and the fetch helpers) without running the sweep.
if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
