// Editor inline warnings, proven with the language server editors run: vscode-eslint-language-server (from
// vscode-langservers-extracted, the server VS Code's ESLint extension, nvim-lspconfig and Zed use) over stdio.
// The server offers LSP 3.17 pull diagnostics (`diagnosticProvider`): editors ask with textDocument/diagnostic
// after didOpen and didChange, and it never pushes textDocument/publishDiagnostics, so this test pulls.
import { mkdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LspClient } from './helpers/lsp-client.js';
import { writeReport } from './helpers/stall-report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const project = path.join(root, 'test/fixtures-lsp');
const file = path.join(project, 'src/handler.ts');
const uri = pathToFileURL(file).href;
const server = path.join(root, 'node_modules/vscode-langservers-extracted/bin/vscode-eslint-language-server');

interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  source: string;
  code: string;
  codeDescription?: { href: string };
  message: string;
}

// What the VS Code ESLint extension answers to workspace/configuration (its ConfigurationSettings), for a
// workspace opened at the fixture project. ESLint 10 is flat-config only and its unsupported API has no
// FlatESLint, so `experimental.useFlatConfig` stays false and `useFlatConfig` is true: the server then
// loads ESLint through `loadESLint({ useFlatConfig: true })`.
const settings = {
  validate: 'on',
  packageManager: 'npm',
  useESLintClass: false,
  useFlatConfig: true,
  experimental: { useFlatConfig: false },
  codeAction: {
    disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
    showDocumentation: { enable: true },
  },
  codeActionOnSave: { enable: false, mode: 'all' },
  format: false,
  quiet: false,
  onIgnoredFiles: 'off',
  options: {},
  rulesCustomizations: [],
  run: 'onType',
  problems: { shortenToSingleLine: false },
  nodePath: null,
  workingDirectory: { mode: 'location' },
  workspaceFolder: { name: 'fixtures-lsp', uri: pathToFileURL(project).href },
};

let client: LspClient;

function pull(): Promise<{ kind: string; items: Diagnostic[] }> {
  return client.request('textDocument/diagnostic', { textDocument: { uri } });
}

beforeAll(async () => {
  client = new LspClient(process.execPath, [server, '--stdio'], project);
  client.onRequest('workspace/configuration', (params) => (params as { items: unknown[] }).items.map(() => settings));
  client.onRequest('client/registerCapability', () => null);
  client.onRequest('window/workDoneProgress/create', () => null);
  const init = await client.request<{ capabilities: { diagnosticProvider?: { identifier: string } } }>('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(project).href,
    workspaceFolders: [{ name: 'fixtures-lsp', uri: pathToFileURL(project).href }],
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
        publishDiagnostics: { relatedInformation: true },
      },
    },
  });
  expect(init.capabilities.diagnosticProvider?.identifier).toBe('eslint');
  client.notify('initialized', {});
});

afterAll(async () => {
  await client?.shutdown();
  rmSync(path.join(project, 'stalls/reports'), { recursive: true, force: true });
});

describe('vscode-eslint-language-server with the built plugin', () => {
  it('reports the floating promise on open, with the rule, range and docs link', async () => {
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'typescript', version: 1, text: readFileSync(file, 'utf8') },
    });
    const report = await pull();
    expect(report.kind).toBe('full');
    expect(report.items).toEqual([
      {
        range: { start: { line: 3, character: 2 }, end: { line: 3, character: 30 } },
        severity: 1,
        source: 'eslint',
        code: 'unblock/no-floating-promises',
        codeDescription: { href: 'https://github.com/eslint-plugin-unblock/eslint-plugin-unblock/blob/main/docs/rules/no-floating-promises.md' },
        message: expect.stringMatching(/^This promise is neither awaited, returned nor handled\. .*`\.catch\(\)`\.$/),
      },
    ]);
  });

  it('drops the diagnostic once the edit awaits the promise', async () => {
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 3, character: 2 }, end: { line: 3, character: 2 } }, text: 'await ' }],
    });
    expect((await pull()).items).toEqual([]);
  });

  it('reports it again when the edit is undone', async () => {
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: { line: 3, character: 2 }, end: { line: 3, character: 8 } }, text: '' }],
    });
    expect((await pull()).items.map((item) => [item.code, item.range.start.line, item.range.start.character])).toEqual([
      ['unblock/no-floating-promises', 3, 2],
    ]);
  });
});

describe('no-measured-stall in the editor', () => {
  const stallsFile = path.join(project, 'stalls/src/checksum.ts');
  const stallsUri = pathToFileURL(stallsFile).href;
  const reports = path.join(project, 'stalls/reports');
  const loop = 'for (let i = 0; i < text.length * 1000; i++) sum = (sum * 31 + text.charCodeAt(i % text.length)) | 0;';
  const measured = (count: number) =>
    writeReport(path.join(reports, 'prod.json'), [
      { stack: [{ functionName: 'checksum', file: stallsFile, line: 3, column: 50, text: loop }], count, totalMs: count * 100, maxMs: 100 },
    ]);
  const pullStalls = async () =>
    (await client.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: stallsUri } })).items.map((item) => `${item.range.start.line + 1} ${item.code} ${item.message}`);

  it('shows the measured stall on its line when the file opens', async () => {
    mkdirSync(reports, { recursive: true });
    measured(2);
    client.notify('textDocument/didOpen', { textDocument: { uri: stallsUri, languageId: 'typescript', version: 1, text: readFileSync(stallsFile, 'utf8') } });
    expect(await pullStalls()).toEqual(['3 unblock/no-measured-stall Stalled the event loop 2× at runtime (200 ms in all, 100 ms at most) in `checksum`. Move it off the loop.']);
  });

  it('picks up a report written anew at the next re-check', async () => {
    measured(5);
    // Another mtime, even on a file system with coarse timestamps.
    const later = new Date(Date.now() + 10_000);
    utimesSync(path.join(reports, 'prod.json'), later, later);
    client.notify('textDocument/didChange', { textDocument: { uri: stallsUri, version: 2 }, contentChanges: [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: '\n' }] });
    expect(await pullStalls()).toEqual(['3 unblock/no-measured-stall Stalled the event loop 5× at runtime (500 ms in all, 100 ms at most) in `checksum`. Move it off the loop.']);
  });

  it('says the site is stale, at the top of the file, once its line is edited', async () => {
    client.notify('textDocument/didChange', {
      textDocument: { uri: stallsUri, version: 3 },
      contentChanges: [{ range: { start: { line: 2, character: 22 }, end: { line: 2, character: 40 } }, text: 'Math.min(text.length, 64)' }],
    });
    expect(await pullStalls()).toEqual(['1 unblock/no-measured-stall Stale: line 3 changed since the stall report (5×, 500 ms in all), so it is not shown on the new code. Re-measure.']);
  });
});
