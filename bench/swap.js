// The swap users make: typescript-eslint's recommendedTypeChecked (and strictTypeChecked) with its two promise
// rules, against the same config with those two replaced by this plugin's recommended rules. Each configuration
// runs in its own fresh process, interleaved over rounds; medians. Ratios compare configurations measured in this
// one invocation.
// Usage: npm run bench:swap [-- --rounds 3 --scales 1,4 --sweep --corpus <dir>]
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';

import tseslint from 'typescript-eslint';

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
const PAIR = ['@typescript-eslint/no-floating-promises', '@typescript-eslint/no-misused-promises'];

function rulesOf(configs) {
  return Object.assign({}, ...configs.map((config) => config.rules ?? {}));
}
function withoutPair(rules) {
  const result = { ...rules };
  for (const rule of PAIR) delete result[rule];
  return result;
}
function swapped(rules) {
  const result = { ...rules };
  for (const rule of PAIR) delete result[rule];
  return { ...result, ...unblock.configs.recommended.rules };
}
const recommended = rulesOf(tseslint.configs.recommendedTypeChecked);
const strict = rulesOf(tseslint.configs.strictTypeChecked);
const configs = {
  'no rules (typed parse only)': {},
  'recommendedTypeChecked without the pair': withoutPair(recommended),
  recommendedTypeChecked: recommended,
  'recommendedTypeChecked, pair swapped for unblock': swapped(recommended),
  'strictTypeChecked without the pair': withoutPair(strict),
  strictTypeChecked: strict,
  'strictTypeChecked, pair swapped for unblock': swapped(strict),
};

const corpora = benchCorpora({ scales: values.scales.split(',').filter(Boolean).map(Number), extra: values.corpus, sweep: values.sweep });
const run = lintRun;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0).padStart(7)} ms`;
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(3)}x` : 'n/a');
const totals = Object.fromEntries(Object.keys(configs).map((name) => [name, 0]));
const growth = {};

for (const corpus of corpora) {
  const samples = Object.fromEntries(Object.keys(configs).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, rules] of Object.entries(configs)) samples[name].push(run(corpus, rules));
  }
  const wall = (name) => median(samples[name].map((s) => s.wallMs));
  const cpu = (name) => median(samples[name].map((s) => s.cpuMs));
  const work = (name) => samples[name][0].checkerWork.types + samples[name][0].checkerWork.instantiations;
  console.log(`\n== ${corpus.name}: ${samples.recommendedTypeChecked[0].files} files, ${rounds} round(s), medians ==`);
  for (const name of Object.keys(configs)) {
    totals[name] += wall(name);
    console.log(`  ${name.padEnd(50)} ${ms(wall(name))}  cpu ${ms(cpu(name))}  checker work ${work(name)}`);
  }
  for (const base of ['recommendedTypeChecked', 'strictTypeChecked']) {
    const swap = `${base}, pair swapped for unblock`;
    console.log(`  swap / ${base}: wall ${ratio(wall(swap), wall(base))} (target <= 0.95x), cpu ${ratio(cpu(swap), cpu(base))}, checker work ${ratio(work(swap), work(base))}`);
    // What each side adds to the rest of the config: the only part a swap can change.
    const rest = `${base} without the pair`;
    console.log(`    added to ${rest}: typescript-eslint pair ${ms(wall(base) - wall(rest))} wall / ${ms(cpu(base) - cpu(rest))} cpu, unblock ${ms(wall(swap) - wall(rest))} wall / ${ms(cpu(swap) - cpu(rest))} cpu`);
    console.log(`    best a swap can do (no promise rules at all): wall ${ratio(wall(rest), wall(base))}, cpu ${ratio(cpu(rest), cpu(base))}`);
  }
  // Where the swapped run spends its listener time: the ten costliest rules.
  const swapRun = samples['recommendedTypeChecked, pair swapped for unblock'];
  const perRule = {};
  for (const sample of swapRun) for (const [rule, time] of Object.entries(sample.ruleMs)) (perRule[rule] ??= []).push(time);
  const costliest = Object.entries(perRule).map(([rule, times]) => [rule, median(times)]).sort((a, b) => b[1] - a[1]).slice(0, 10);
  console.log('  costliest rules in the swapped recommendedTypeChecked run:');
  for (const [rule, time] of costliest) console.log(`    ${rule.padEnd(48)} ${ms(time)}`);
  if (corpus.scale) growth[corpus.scale] = Object.fromEntries(Object.keys(configs).map((name) => [name, wall(name)]));
}

if (corpora.length > 1) {
  console.log('\n== all corpora together ==');
  for (const base of ['recommendedTypeChecked', 'strictTypeChecked']) {
    const swap = `${base}, pair swapped for unblock`;
    console.log(`  swap / ${base}: ${ms(totals[swap])} vs ${ms(totals[base])} = ${ratio(totals[swap], totals[base])}`);
  }
}
if (growth[1] && growth[4]) {
  console.log('\n== growth, generated 4x / 1x (target <= 4.4x) ==');
  for (const name of Object.keys(configs)) console.log(`  ${name.padEnd(50)} ${ratio(growth[4][name], growth[1][name])}`);
}
