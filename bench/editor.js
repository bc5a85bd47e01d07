// The editor after a keystroke: through vscode-eslint-language-server (the server VS Code, Neovim and Zed run),
// on a generated project of about 500 files with the TypeScript program warm, the time from `didChange` of one
// file to its pulled diagnostics. Our rules, typescript-eslint's promise pair and no rules (typed parse only),
// each in a fresh server, interleaved over rounds; p50/p95 per configuration and what each adds to no rules.
// Usage: npm run bench:editor [-- --rounds 2 --edits 30 --scale 8 --only unblock]
import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { writeCorpus } from './corpus.js';
import { LspClient } from '../test/helpers/lsp-client.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const server = path.join(root, 'node_modules/vscode-langservers-extracted/bin/vscode-eslint-language-server');
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    edits: { type: 'string', default: '30' },
    scale: { type: 'string', default: '8' },
    // Runs only the configurations whose name contains this text, e.g. to profile one with NODE_OPTIONS=--cpu-prof.
    only: { type: 'string' },
  },
});

const dir = writeCorpus(path.join(root, '.cache/bench/editor'), Number(values.scale));
const file = path.join(dir, 'src', `module${Math.floor((Number(values.scale) * 60) / 2)}.ts`);
const uri = pathToFileURL(file).href;
const original = readFileSync(file, 'utf8');
const dist = pathToFileURL(path.join(root, 'dist/src/index.js')).href;

const configs = {
  'no rules (typed parse only)': '{}',
  'unblock recommended': 'unblock.configs.recommended.rules',
  'typescript-eslint promise pair': `{ '@typescript-eslint/no-floating-promises': 'error', '@typescript-eslint/no-misused-promises': 'error' }`,
};

function writeConfig(rules) {
  writeFileSync(
    path.join(dir, 'eslint.config.js'),
    `import tseslint from 'typescript-eslint';
import unblock from ${JSON.stringify(dist)};
export default [{
  files: ['**/*.ts'],
  languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  plugins: { unblock, '@typescript-eslint': tseslint.plugin },
  rules: ${rules},
}];
`,
  );
}

// What the VS Code ESLint extension answers to workspace/configuration (see test/lsp.test.ts).
const settings = {
  validate: 'on', packageManager: 'npm', useESLintClass: false, useFlatConfig: true, experimental: { useFlatConfig: false },
  codeAction: { disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' }, showDocumentation: { enable: true } },
  codeActionOnSave: { enable: false, mode: 'all' }, format: false, quiet: false, onIgnoredFiles: 'off', options: {},
  rulesCustomizations: [], run: 'onType', problems: { shortenToSingleLine: false }, nodePath: null,
  workingDirectory: { mode: 'location' }, workspaceFolder: { name: 'editor', uri: pathToFileURL(dir).href },
};

async function session(rules) {
  writeConfig(rules);
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" profiles the server (NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const client = new LspClient(process.execPath, [...nodeArgs, server, '--stdio'], dir);
  client.onRequest('workspace/configuration', (params) => params.items.map(() => settings));
  client.onRequest('client/registerCapability', () => null);
  client.onRequest('window/workDoneProgress/create', () => null);
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ name: 'editor', uri: pathToFileURL(dir).href }],
    capabilities: { workspace: { configuration: true, workspaceFolders: true }, textDocument: { diagnostic: { dynamicRegistration: false } } },
  });
  client.notify('initialized', {});
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: original } });
  const coldStart = performance.now();
  const first = await client.request('textDocument/diagnostic', { textDocument: { uri } });
  const coldMs = performance.now() - coldStart;
  const times = [];
  // A keystroke: a character typed on a new last line, then removed, alternately.
  const lastLine = original.split('\n').length - 1;
  for (let edit = 0; edit < Number(values.edits); edit++) {
    const typing = edit % 2 === 0;
    const started = performance.now();
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: edit + 2 },
      contentChanges: [
        typing
          ? { range: { start: { line: lastLine, character: 0 }, end: { line: lastLine, character: 0 } }, text: '/' }
          : { range: { start: { line: lastLine, character: 0 }, end: { line: lastLine, character: 1 } }, text: '' },
      ],
    });
    await client.request('textDocument/diagnostic', { textDocument: { uri } });
    times.push(performance.now() - started);
  }
  await client.shutdown();
  return { coldMs, times, findings: first.items.length };
}

const percentile = (xs, p) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
if (values.only !== undefined) {
  for (const name of Object.keys(configs)) if (!name.includes(values.only)) delete configs[name];
}
const samples = Object.fromEntries(Object.keys(configs).map((name) => [name, { times: [], cold: [], findings: 0 }]));
for (let round = 0; round < Number(values.rounds); round++) {
  for (const [name, rules] of Object.entries(configs)) {
    const result = await session(rules);
    samples[name].times.push(...result.times);
    samples[name].cold.push(result.coldMs);
    samples[name].findings = result.findings;
  }
}
console.log(`== editor re-check: ${Number(values.scale) * 60} files, ${path.basename(file)}, ${values.rounds} round(s) x ${values.edits} edits ==`);
const base = samples['no rules (typed parse only)'] ?? { times: [0] };
for (const [name, { times, cold, findings }] of Object.entries(samples)) {
  const p50 = percentile(times, 50);
  const p95 = percentile(times, 95);
  const added = name === 'no rules (typed parse only)' ? '' : `  adds p50 ${(p50 - percentile(base.times, 50)).toFixed(1)} ms, p95 ${(p95 - percentile(base.times, 95)).toFixed(1)} ms (target <= 30 ms)`;
  console.log(`  ${name.padEnd(32)} p50 ${p50.toFixed(1).padStart(7)} ms  p95 ${p95.toFixed(1).padStart(7)} ms  first check ${percentile(cold, 50).toFixed(0)} ms  findings ${findings}${added}`);
}
