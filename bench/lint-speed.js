// Lint-speed benchmark: our rules against typescript-eslint's promise rules and eslint-plugin-n's no-sync,
// on the same code, measured side by side in one invocation (each configuration in its own fresh process,
// interleaved over rounds, medians reported).
// Usage: npm run bench [-- --rounds 3 --scales 1,4 --sweep (adds the sweep's packages) --corpus <dir>]
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { benchCorpora, lintRun } from './corpora.js';
import unblock from '../dist/src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    scales: { type: 'string', default: '1,4' },
    corpus: { type: 'string', multiple: true, default: [] },
    sweep: { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);

const ourRules = Object.keys(unblock.rules).map((name) => `unblock/${name}`);
const NFP_BEFORE_PLACES = 'no-floating-promises, call arguments only';
const configs = {
  'no rules (typed parse only)': {},
  'unblock recommended': Object.fromEntries(ourRules.map((rule) => [rule, 'error'])),
  ...Object.fromEntries(ourRules.map((rule) => [rule, { [rule]: 'error' }])),
  'typescript-eslint promise rules': {
    '@typescript-eslint/no-floating-promises': 'error',
    '@typescript-eslint/no-misused-promises': 'error',
  },
  'n/no-sync': { 'n/no-sync': 'error' },
  // The places a promise-returning function may not go that were added to match no-misused-promises (issue 12):
  // their share of the rule's cost is the difference between this run and the rule's default.
  [NFP_BEFORE_PLACES]: {
    'unblock/no-floating-promises': [
      'error',
      {
        checkCallbacks: { arguments: true, attributes: false, inheritedMethods: false, properties: false, returns: false, variables: false },
        checkSpreads: false,
      },
    ],
  },
};

const corpora = [
  { name: 'examples/service', dir: path.join(root, 'examples/service') },
  ...benchCorpora({ scales: values.scales.split(',').filter(Boolean).map(Number), extra: values.corpus, sweep: values.sweep }),
];
const run = lintRun;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0).padStart(7)} ms`;
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');

const summary = {};
for (const corpus of corpora) {
  const samples = Object.fromEntries(Object.keys(configs).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, rules] of Object.entries(configs)) samples[name].push(run(corpus, rules));
  }
  const pick = (name, f) => median(samples[name].map(f));
  const rulesTime = (name) => pick(name, (s) => Object.values(s.ruleMs).reduce((a, b) => a + b, 0));
  const wall = (name) => pick(name, (s) => s.wallMs);
  const first = samples['unblock recommended'][0];

  console.log(`\n== ${corpus.name}: ${first.files} files, ${rounds} round(s), medians ==`);
  console.log(`findings (unblock recommended): ${JSON.stringify(first.findings)}; fatal: ${first.fatal}`);
  console.log('rule time (sum of ESLint per-rule timing over files):');
  for (const rule of ourRules) console.log(`  ${rule.padEnd(40)} ${ms(rulesTime(rule))}`);
  console.log(`  ${'unblock recommended (all our rules)'.padEnd(40)} ${ms(rulesTime('unblock recommended'))}`);
  console.log(`  ${'ts-eslint no-floating + no-misused'.padEnd(40)} ${ms(rulesTime('typescript-eslint promise rules'))}`);
  console.log(`  ${'n/no-sync'.padEnd(40)} ${ms(rulesTime('n/no-sync'))}`);
  const ours = rulesTime('unblock recommended');
  const theirs = rulesTime('typescript-eslint promise rules');
  console.log(`ratio ours / typescript-eslint promise rules: ${ratio(ours, theirs)} (target <= 0.5x)`);
  for (const rule of ourRules) console.log(`ratio ${rule} / typescript-eslint promise rules: ${ratio(rulesTime(rule), theirs)}`);
  console.log(`ratio ${NFP_BEFORE_PLACES} / typescript-eslint promise rules: ${ratio(rulesTime(NFP_BEFORE_PLACES), theirs)} (the rest of no-floating-promises' ratio is the variables, properties, returns, JSX, inherited methods and spreads checks)`);
  // Checker work: types and instantiations created beyond a typed run with no rules (load-independent).
  const work = (name) => {
    const base = samples['no rules (typed parse only)'][0].checkerWork;
    const run = samples[name][0].checkerWork;
    return { types: run.types - base.types, instantiations: run.instantiations - base.instantiations };
  };
  const ourWork = work('unblock recommended');
  const theirWork = work('typescript-eslint promise rules');
  console.log(
    `checker work (types + instantiations created): ours ${ourWork.types} + ${ourWork.instantiations}, typescript-eslint promise rules ${theirWork.types} + ${theirWork.instantiations} = ${ratio(ourWork.types + ourWork.instantiations, theirWork.types + theirWork.instantiations)}`,
  );
  for (const rule of ourRules) {
    const w = work(rule);
    console.log(`  ${rule.padEnd(40)} ${w.types} + ${w.instantiations} = ${ratio(w.types + w.instantiations, theirWork.types + theirWork.instantiations)}`);
  }
  const before = work(NFP_BEFORE_PLACES);
  console.log(`  ${NFP_BEFORE_PLACES.padEnd(40)} ${before.types} + ${before.instantiations} = ${ratio(before.types + before.instantiations, theirWork.types + theirWork.instantiations)}`);
  console.log(`whole run: recommended ${ms(wall('unblock recommended'))} vs typed run with no rules ${ms(wall('no rules (typed parse only)'))} = ${ratio(wall('unblock recommended'), wall('no rules (typed parse only)'))} (target <= 1.10x)`);
  summary[corpus.name] = { ours, theirs, scale: corpus.scale, perRule: Object.fromEntries(ourRules.map((r) => [r, rulesTime(r)])) };
}

const swept = Object.entries(summary).filter(([name]) => name.includes('@'));
if (swept.length > 0) {
  const ours = swept.reduce((sum, [, s]) => sum + s.ours, 0);
  const theirs = swept.reduce((sum, [, s]) => sum + s.theirs, 0);
  console.log(`\n== sweep corpus, ${swept.length} packages together ==`);
  console.log(`  ours ${ms(ours)} vs typescript-eslint promise rules ${ms(theirs)} = ${ratio(ours, theirs)} (target <= 0.5x)`);
}

const one = Object.values(summary).find((s) => s.scale === 1);
const four = Object.values(summary).find((s) => s.scale === 4);
if (one && four) {
  console.log('\n== growth, generated 4x / 1x (target <= 4.4x) ==');
  console.log(`  ${'unblock recommended'.padEnd(40)} ${ratio(four.ours, one.ours)}`);
  for (const rule of ourRules) console.log(`  ${rule.padEnd(40)} ${ratio(four.perRule[rule], one.perRule[rule])}`);
  console.log(`  ${'ts-eslint promise rules'.padEnd(40)} ${ratio(four.theirs, one.theirs)}`);
}
