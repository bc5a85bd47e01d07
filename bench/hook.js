// The pre-commit hook: one changed file in a generated project of about 500 files, in a git repository with
// husky and lint-staged. Side by side, interleaved over rounds, each a fresh process as a hook runs it: a typed
// ESLint run with no rules on that file (the baseline), ESLint with the plugin's recommended config on it,
// `unblock lint <file>`, `unblock lint --changed`, and whole `git commit`s through lint-staged running
// `unblock lint` and `unblock lint --changed`. Prints medians and their ratios to the baseline.
// Usage: npm run bench:hook [-- --rounds 5 --scale 8 --keep]
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { writeCorpus } from './corpus.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin/unblock.js');
const eslintBin = path.join(root, 'node_modules/eslint/bin/eslint.js');
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    scale: { type: 'string', default: '8' },
    keep: { type: 'boolean', default: false },
  },
});
const scale = Number(values.scale);

// The corpus lives outside this repository, whose own eslint.config.js `unblock lint` would find and defer to.
const corpusDir = path.join(tmpdir(), 'unblock-bench-hook');
// The link to this repository's node_modules goes first, on its own (not recursive: never what it points to).
rmSync(path.join(corpusDir, 'node_modules'), { force: true });
const dir = writeCorpus(corpusDir, scale);
const changed = Math.floor((scale * 60) / 2);
const file = `src/module${changed}.ts`;

// The changed module and its one importer (the corpus is a chain: module i imports module i-1), rewritten
// without findings, exports kept, so a commit through the hook passes, as a guarded repository's commits do.
const cleanModule = (index) => `import { readFile } from 'node:fs/promises';
import { loadRecord${index - 1}, readConfig${index - 1} } from './module${index - 1}.js';

export interface Record${index} { id: string; name: string; tags: string[]; score: number }

export function readConfig${index}(name: string): string {
  return String(readConfig${index - 1}(name));
}

export async function loadRecord${index}(id: string): Promise<Record${index}> {
  await loadRecord${index - 1}(id);
  const text = await readFile(\`/tmp/\${id}.json\`, 'utf8').catch(() => '{}');
  return { id, name: text.slice(0, 8), tags: [], score: text.length };
}
`;
writeFileSync(path.join(dir, file), cleanModule(changed));
writeFileSync(path.join(dir, `src/module${changed + 1}.ts`), cleanModule(changed + 1));

const dist = pathToFileURL(path.join(root, 'dist/src/index.js')).href;
const parserOptions = '{ projectService: true, tsconfigRootDir: import.meta.dirname }';
// Not named eslint.config.*, which would make `unblock lint` refuse to run.
writeFileSync(
  path.join(dir, 'no-rules.eslint.js'),
  `import tseslint from 'typescript-eslint';
export default [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: ${parserOptions} } }];
`,
);
writeFileSync(
  path.join(dir, 'recommended.eslint.js'),
  `import unblock from ${JSON.stringify(dist)};
const { recommended } = unblock.configs;
export default [{ ...recommended, languageOptions: { ...recommended.languageOptions, parserOptions: ${parserOptions} } }];
`,
);
const unblockCommand = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} lint`;
writeFileSync(path.join(dir, 'lint-staged.plain.json'), JSON.stringify({ '*.ts': unblockCommand }));
writeFileSync(path.join(dir, 'lint-staged.changed.json'), JSON.stringify({ '*.ts': `${unblockCommand} --changed` }));
writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-hook', private: true, type: 'module' }, null, 2));
writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n');
// This repository's node_modules serve eslint, typescript, @types/node, husky and lint-staged.
symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));

const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_'))),
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  NO_COLOR: '1',
};

const timeFile = path.join(tmpdir(), 'unblock-bench-hook.time');

// Wall time, and (from GNU time) the CPU time of the process and every child it waited for: on a machine
// shared with other work, the CPU time moves less with the load than the wall time does.
function run(command, args, extraEnv = {}) {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%U %S', command, ...args], {
    cwd: dir,
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (result.error) throw result.error;
  const [user, system] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { ms, cpuMs: (user + system) * 1000, status: result.status, output: result.stdout + result.stderr };
}

function setup(command, args) {
  const result = run(command, args);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.output}`);
}

setup('git', ['init', '--quiet']);
setup(path.join(dir, 'node_modules/.bin/husky'), []);
mkdirSync(path.join(dir, '.husky'), { recursive: true });
// The README's hook, with the lint-staged config chosen per commit.
writeFileSync(path.join(dir, '.husky/pre-commit'), 'npx lint-staged --config "$BENCH_LINT_STAGED"\n');
setup('git', ['add', '.']);
setup('git', ['commit', '--quiet', '--no-verify', '-m', 'corpus']);

let edit = 0;
const touch = () => appendFileSync(path.join(dir, file), `// edit ${++edit}\n`);
const commit = (config) => {
  touch();
  setup('git', ['add', file]);
  return run('git', ['commit', '--quiet', '-m', `edit ${edit}`], { BENCH_LINT_STAGED: config });
};

const configs = {
  'eslint <file>, typed, no rules (baseline)': () => run(process.execPath, [eslintBin, '-c', 'no-rules.eslint.js', file]),
  'eslint <file>, unblock recommended': () => run(process.execPath, [eslintBin, '-c', 'recommended.eslint.js', file]),
  'unblock lint <file>': () => run(process.execPath, [bin, 'lint', file]),
  'unblock lint --changed': () => run(process.execPath, [bin, 'lint', '--changed']),
  'git commit, lint-staged: unblock lint': () => commit('lint-staged.plain.json'),
  'git commit, lint-staged: unblock lint --changed': () => commit('lint-staged.changed.json'),
};

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const samples = Object.fromEntries(Object.keys(configs).map((name) => [name, { times: [], cpu: [], statuses: new Set() }]));
for (let round = 0; round < Number(values.rounds); round++) {
  // A change in the working tree for the runs that lint it before it is committed.
  touch();
  for (const [name, measure] of Object.entries(configs)) {
    const { ms, cpuMs, status, output } = measure();
    samples[name].times.push(ms);
    samples[name].cpu.push(cpuMs);
    samples[name].statuses.add(status);
    if (status !== 0) console.error(`${name}: exit ${status}\n${output}`);
  }
}

console.log(`== the hook: ${scale * 60} files, one changed (${file}, imported by one), node ${process.version}, ${values.rounds} rounds, medians ==`);
const base = samples['eslint <file>, typed, no rules (baseline)'];
const [baseMs, baseCpu] = [median(base.times), median(base.cpu)];
for (const [name, { times, cpu, statuses }] of Object.entries(samples)) {
  const [ms, cpuMs] = [median(times), median(cpu)];
  const ratios = `${(ms / baseMs).toFixed(2)}x, CPU ${(cpuMs / baseCpu).toFixed(2)}x (target <= 2x)`;
  console.log(`  ${name.padEnd(48)} wall ${ms.toFixed(0).padStart(6)} ms  CPU ${cpuMs.toFixed(0).padStart(6)} ms  ${ratios}  exit ${[...statuses].join('/')}`);
}
rmSync(timeFile, { force: true });
if (values.keep) console.log(`  kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });
