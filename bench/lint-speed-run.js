// One measured lint run, in a fresh process so no configuration inherits another's warm type checker.
// argv[2]: JSON { dir, rules }. Prints JSON { wallMs, cpuMs, parseMs, ruleMs: { ruleId: ms }, files, findings, checkerWork }.
import { performance } from 'node:perf_hooks';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import nodePlugin from 'eslint-plugin-n';

import unblock from '../dist/src/index.js';

// `project` and `files` are given for the sweep corpus, whose packages have no tsconfig.json of their own.
const { dir, rules, project, files = ['src'] } = JSON.parse(process.argv[2]);

// The checker's own work counters after the run, a figure the machine's load does not move: how many types
// and instantiations the rules made the checker create (a typed run with no rules creates the baseline).
const checkerWork = { types: 0, instantiations: 0 };
const stats = {
  rules: {
    checker: {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const program = context.sourceCode.parserServices?.program;
        return {
          'Program:exit'() {
            const checker = program?.getTypeChecker();
            if (!checker) return;
            checkerWork.types = Math.max(checkerWork.types, checker.getTypeCount());
            checkerWork.instantiations = Math.max(checkerWork.instantiations, checker.getInstantiationCount());
          },
        };
      },
    },
  },
};
const parserOptions = project ? { project, tsconfigRootDir: dir } : { projectService: true, tsconfigRootDir: dir };
const eslint = new ESLint({
  cwd: dir,
  overrideConfigFile: true,
  stats: true,
  overrideConfig: [
    {
      files: ['**/*.ts', '**/*.js'],
      languageOptions: { parser: tseslint.parser, parserOptions },
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      plugins: { unblock, '@typescript-eslint': tseslint.plugin, n: nodePlugin, stats },
      rules: { ...rules, 'stats/checker': 'error' },
    },
  ],
});
const started = performance.now();
const cpuStarted = process.cpuUsage();
const results = await eslint.lintFiles(files);
const wallMs = performance.now() - started;
// CPU time of the whole process (all threads): less moved than wall time when other work shares the cores.
const cpu = process.cpuUsage(cpuStarted);
const cpuMs = (cpu.user + cpu.system) / 1000;

let parseMs = 0;
const ruleMs = {};
const findings = {};
let fatal = 0;
for (const result of results) {
  for (const pass of result.stats?.times.passes ?? []) {
    parseMs += pass.parse.total;
    for (const [rule, { total }] of Object.entries(pass.rules ?? {})) {
      if (rule !== 'stats/checker') ruleMs[rule] = (ruleMs[rule] ?? 0) + total;
    }
  }
  for (const message of result.messages) {
    if (message.fatal) fatal++;
    // Notices about a package's own inline directives, which the sweep corpus ignores.
    else if (message.ruleId === null) continue;
    findings[message.ruleId ?? '(fatal)'] = (findings[message.ruleId ?? '(fatal)'] ?? 0) + 1;
  }
}
process.stdout.write(JSON.stringify({ wallMs, cpuMs, parseMs, ruleMs, files: results.length, findings, fatal, checkerWork }));
