// SARIF 2.1.0 from ESLint's results, validated against the official schema. The schema file is the
// SARIF 2.1.0 (rtm.5) JSON schema as shipped by the MIT-licensed npm package @microsoft/jest-sarif
// (lib/schemas/sarif-2.1.0-rtm.5.json); it is written in JSON Schema draft-04.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

import plugin from '../../dist/src/index.js';
import { toSarif, type SarifLog } from '../../src/cli/sarif.js';
import { eslintCli, linkedProject, repoRoot } from '../helpers/linked-project.js';
import { removeTempProjects, tempProject } from '../helpers/temp-project.js';

const schema = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/sarif-schema-2.1.0.json'), 'utf8')) as object;
// The schema's language-tag pattern is not valid with the `u` flag that Ajv adds by default.
// Both are CommonJS whose module.exports also carries itself as `default`, which is what their types name.
const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validate = ajv.compile(schema);

function schemaErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

const tsconfig = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true, types: [], noEmit: true },
  include: ['src'],
});

const handler = `export async function save(id: number): Promise<number> {
  return id;
}
export function handler(): void {
  save(1);
  // eslint-disable-next-line unblock/no-floating-promises -- fire and forget by design
  save(2);
}
`;

afterAll(removeTempProjects);

async function lint(cwd: string, files: string[]): Promise<{ eslint: ESLint; results: ESLint.LintResult[] }> {
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      {
        ...plugin.configs.recommended,
        languageOptions: { ...plugin.configs.recommended.languageOptions, parserOptions: { projectService: true, tsconfigRootDir: cwd } },
      },
    ],
  });
  return { eslint, results: await eslint.lintFiles(files) };
}

describe('SARIF output', () => {
  it('is valid SARIF 2.1.0 with rules, relative locations, suppressions and parsing errors', async () => {
    const cwd = tempProject({ 'tsconfig.json': tsconfig, 'src/handler.ts': handler, 'src/broken.ts': 'export const x = ;\n' });
    const { eslint, results } = await lint(cwd, ['src']);
    const log = toSarif(results, { root: cwd, rulesMeta: eslint.getRulesMetaForResults(results) });

    expect(schemaErrors(log)).toEqual([]);
    const [run] = log.runs;
    expect(run.tool.driver).toEqual({
      name: 'ESLint',
      version: ESLint.version,
      informationUri: 'https://eslint.org',
      rules: [
        {
          id: 'unblock/no-floating-promises',
          shortDescription: { text: 'Require promises to be awaited, returned or handled' },
          helpUri: plugin.rules['no-floating-promises'].meta?.docs?.url,
        },
      ],
    });
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(`${pathToFileURL(cwd).href}/`);
    expect(run.results.map((result) => ({ ...result, message: undefined }))).toEqual([
      {
        ruleId: 'unblock/no-floating-promises',
        ruleIndex: 0,
        level: 'error',
        message: undefined,
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'src/handler.ts', uriBaseId: '%SRCROOT%' },
              region: { startLine: 5, startColumn: 3, endLine: 5, endColumn: 10 },
            },
          },
        ],
      },
      {
        ruleId: 'unblock/no-floating-promises',
        ruleIndex: 0,
        level: 'error',
        message: undefined,
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'src/handler.ts', uriBaseId: '%SRCROOT%' },
              region: { startLine: 7, startColumn: 3, endLine: 7, endColumn: 10 },
            },
          },
        ],
        suppressions: [{ kind: 'inSource', justification: 'fire and forget by design' }],
      },
    ]);
    expect(run.results[0].message.text).toMatch(/^This promise is neither awaited/);
    // A parsing error is no rule's finding: it makes the run unsuccessful and is reported as a notification.
    expect(run.invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: expect.stringMatching(/Expression expected/) },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'src/broken.ts', uriBaseId: '%SRCROOT%' }, region: expect.objectContaining({ startLine: 1 }) } }],
          },
        ],
      },
    ]);
  });

  it('reports a clean run as successful, with no results', async () => {
    const cwd = tempProject({ 'tsconfig.json': tsconfig, 'src/ok.ts': 'export async function f(): Promise<void> {\n  await Promise.resolve();\n}\n' });
    const { eslint, results } = await lint(cwd, ['src']);
    const log = toSarif(results, { root: cwd, rulesMeta: eslint.getRulesMetaForResults(results) });
    expect(schemaErrors(log)).toEqual([]);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver.rules).toEqual([]);
    expect(log.runs[0].invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  it('writes a file outside the root as an absolute file URI, percent-encoded', () => {
    const outside = path.join(path.dirname(repoRoot), 'other dir', 'a.ts');
    const result: ESLint.LintResult = {
      filePath: outside,
      messages: [{ ruleId: 'unblock/no-floating-promises', severity: 1, message: 'm', line: 2, column: 1 }],
      suppressedMessages: [],
      errorCount: 0,
      fatalErrorCount: 0,
      warningCount: 1,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      usedDeprecatedRules: [],
    };
    const log = toSarif([result], { root: repoRoot, rulesMeta: {} });
    expect(schemaErrors(log)).toEqual([]);
    expect(log.runs[0].results[0]).toMatchObject({
      level: 'warning',
      locations: [{ physicalLocation: { artifactLocation: { uri: pathToFileURL(outside).href }, region: { startLine: 2, startColumn: 1 } } }],
    });
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).not.toHaveProperty('uriBaseId');
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toContain('other%20dir');
    expect(log.runs[0].tool.driver.rules).toEqual([{ id: 'unblock/no-floating-promises' }]);
  });

  it('is checked by a validator that rejects what SARIF forbids', () => {
    const broken = JSON.parse(JSON.stringify(toSarif([], { root: repoRoot, rulesMeta: {} }))) as SarifLog;
    broken.runs[0].results.push({
      ruleId: 'x',
      ruleIndex: 0,
      level: 'fatal' as 'error',
      message: { text: 'm' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'a.ts' }, region: { startLine: 0, startColumn: 1 } } }],
    });
    expect(schemaErrors(broken)).toEqual(expect.arrayContaining([expect.stringMatching(/level/), expect.stringMatching(/startLine/)]));
  });

  it('is an ESLint formatter: eslint -f <path to the module in node_modules>', async () => {
    const cwd = linkedProject({
      'package.json': '{ "type": "module" }\n',
      'tsconfig.json': tsconfig,
      'src/handler.ts': handler,
      'eslint.config.js': "import unblock from 'eslint-plugin-unblock';\n\nexport default [unblock.configs.recommended];\n",
    });
    const { code, stdout, stderr } = await eslintCli(cwd, ['-f', './node_modules/eslint-plugin-unblock/dist/src/cli/sarif.js', 'src']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const log = JSON.parse(stdout) as SarifLog;
    expect(schemaErrors(log)).toEqual([]);
    expect(log.runs[0].results.map((result) => [result.locations[0].physicalLocation.artifactLocation.uri, result.suppressions?.length ?? 0])).toEqual([
      ['src/handler.ts', 0],
      ['src/handler.ts', 1],
    ]);
  });
});
