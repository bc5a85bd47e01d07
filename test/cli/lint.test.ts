// `unblock lint` in temporary projects outside the repository, in-process through main() (the bin is a
// three-line wrapper, exercised once at the end by spawning it as a user would).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it, vi } from 'vitest';

import { startProgress } from '../../src/cli/lint.js';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../helpers/cli-io.js';
import { removeTempProjects, strictTsconfig, tempProject } from '../helpers/temp-project.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin/unblock.js');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

const floatingTs = `export async function save(id: number): Promise<number> {
  return id;
}
export function handler(): void {
  save(1);
  void save(2);
}
`;

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; column: number; endLine: number; endColumn: number; severity: number }[];
}

function findings(output: string, cwd: string) {
  return (JSON.parse(output) as JsonResult[]).flatMap((result) =>
    result.messages.map((m) => ({ file: path.relative(cwd, result.filePath), ruleId: m.ruleId, line: m.line, column: m.column })),
  );
}

afterAll(removeTempProjects);

describe('unblock lint without an ESLint config', () => {
  it('lints a TypeScript project with its tsconfig and exits 1 on errors', async () => {
    const cwd = tempProject({
      'tsconfig.json': strictTsconfig,
      'src/handler.ts': floatingTs,
      'scripts/tool.js': 'Promise.resolve(1);\n',
      'test/handler.test.ts': floatingTs,
      'dist/handler.d.ts': 'export declare function save(id: number): Promise<number>;\n',
    });
    const io = captureIO(cwd);
    expect(await main(['lint', '--format', 'json'], io)).toBe(1);
    // Only the tsconfig's files (include: src): not the JS, the tests it leaves out, or build output.
    // `void save(2)` passes in recommended.
    expect(findings(io.out(), cwd)).toEqual([{ file: 'src/handler.ts', ruleId: 'unblock/no-floating-promises', line: 5, column: 3 }]);
    expect(io.err()).toBe('');
  });

  it('says when a named file is outside the tsconfig, which typed rules need', async () => {
    const cwd = tempProject({ 'tsconfig.json': strictTsconfig, 'src/ok.ts': 'export const x = 1;\n', 'test/handler.test.ts': floatingTs });
    const io = captureIO(cwd);
    expect(await main(['lint', '--format', 'json', 'test/handler.test.ts'], io)).toBe(1);
    const [result] = JSON.parse(io.out()) as (JsonResult & { messages: { fatal?: boolean; message: string }[] })[];
    expect(result.messages).toEqual([
      expect.objectContaining({ fatal: true, message: expect.stringMatching(/^Parsing error: .*handler\.test\.ts was not found by the project service\. Consider either including it in the tsconfig\.json/) }),
    ]);
  });

  it('prints stylish output by default', async () => {
    const cwd = tempProject({ 'tsconfig.json': strictTsconfig, 'src/handler.ts': floatingTs });
    const io = captureIO(cwd);
    expect(await main(['lint', 'src'], io)).toBe(1);
    expect(io.out()).toContain(`${path.join(cwd, 'src/handler.ts')}\n  5:3  error  This promise is neither awaited`);
    expect(io.out()).toContain('unblock/no-floating-promises');
    expect(io.out()).toContain('1 problem (1 error, 0 warnings)');
  });

  it('uses the strict config with --strict', async () => {
    const cwd = tempProject({ 'tsconfig.json': strictTsconfig, 'src/handler.ts': floatingTs });
    const io = captureIO(cwd);
    expect(await main(['lint', '--strict', '--format', 'json'], io)).toBe(1);
    expect(findings(io.out(), cwd)).toEqual([
      { file: 'src/handler.ts', ruleId: 'unblock/no-floating-promises', line: 5, column: 3 },
      { file: 'src/handler.ts', ruleId: 'unblock/no-floating-promises', line: 6, column: 3 },
    ]);
  });

  it('lints JavaScript with inferred types when there is no tsconfig.json, Node types included', async () => {
    const cwd = tempProject({
      'package.json': '{ "type": "module" }\n',
      'lib/store.js': `import { readFile } from 'node:fs/promises';
export async function save(id) {
  return id;
}
export function handler() {
  save(1);
  readFile('x.json');
  return save(2);
}
`,
      'main.mjs': "import { save } from './lib/store.js';\n\nsave(3).catch(console.error);\nsave(4);\n",
    });
    const io = captureIO(cwd);
    expect(await main(['lint', '--format', 'json'], io)).toBe(1);
    expect(findings(io.out(), cwd)).toEqual([
      { file: 'lib/store.js', ruleId: 'unblock/no-floating-promises', line: 6, column: 3 },
      { file: 'lib/store.js', ruleId: 'unblock/no-floating-promises', line: 7, column: 3 },
      { file: 'main.mjs', ruleId: 'unblock/no-floating-promises', line: 4, column: 1 },
    ]);
  });

  it('lints JavaScript through the tsconfig when it has allowJs', async () => {
    const tsconfig = JSON.stringify({ compilerOptions: { allowJs: true, module: 'NodeNext', strict: true, types: [], noEmit: true }, include: ['src'] });
    const cwd = tempProject({
      'tsconfig.json': tsconfig,
      'src/save.ts': 'export async function save(id: number): Promise<number> {\n  return id;\n}\n',
      'src/use.js': "import { save } from './save.js';\n\nexport function go() {\n  save(1);\n}\n",
    });
    const io = captureIO(cwd);
    expect(await main(['lint', '--format', 'json'], io)).toBe(1);
    expect(findings(io.out(), cwd)).toEqual([{ file: 'src/use.js', ruleId: 'unblock/no-floating-promises', line: 4, column: 3 }]);
  });

  it('skips JavaScript files a tsconfig without allowJs cannot type, even when named', async () => {
    const cwd = tempProject({ 'tsconfig.json': strictTsconfig, 'src/ok.ts': 'export const x = 1;\n', 'scripts/tool.js': 'Promise.resolve(1);\n' });
    const named = captureIO(cwd);
    expect(await main(['lint', 'scripts/tool.js', 'src/ok.ts'], named)).toBe(0);
    expect([named.out(), named.err()]).toEqual(['', '']);
    const folder = captureIO(cwd);
    expect(await main(['lint', 'scripts'], folder)).toBe(2);
    expect(folder.err()).toBe("unblock: All files matched by 'scripts' are ignored.\n");
  });

  it('exits 0 with no output on a clean project', async () => {
    const cwd = tempProject({ 'tsconfig.json': strictTsconfig, 'src/ok.ts': 'export async function f(): Promise<void> {\n  await Promise.resolve();\n}\n' });
    const io = captureIO(cwd);
    expect(await main(['lint'], io)).toBe(0);
    expect(io.out()).toBe('');
    expect(io.err()).toBe('');
  });

  it('writes SARIF for code scanning', async () => {
    const cwd = tempProject({ 'tsconfig.json': strictTsconfig, 'src/handler.ts': floatingTs });
    const io = captureIO(cwd);
    expect(await main(['lint', '--format', 'sarif'], io)).toBe(1);
    const sarif = JSON.parse(io.out()) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].tool.driver.rules.map((rule) => rule.id)).toEqual(['unblock/no-floating-promises']);
    expect(sarif.runs[0].results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region])).toEqual([
      ['unblock/no-floating-promises', 'error', 'src/handler.ts', expect.objectContaining({ startLine: 5, startColumn: 3 })],
    ]);
  });
});

describe('unblock lint in a project with its own eslint.config.js', () => {
  const pluginUrl = pathToFileURL(path.join(root, 'dist/src/index.js')).href;
  const files = {
    'tsconfig.json': strictTsconfig,
    'src/handler.ts': floatingTs,
    // The project's own choice: strict, so `void save(2)` counts too.
    'eslint.config.js': `import unblock from '${pluginUrl}';\nexport default [unblock.configs.strict];\n`,
    'package.json': '{ "type": "module" }\n',
  };

  it('says so in one line and exits 2', async () => {
    const cwd = tempProject(files);
    const io = captureIO(path.join(cwd, 'src'));
    expect(await main(['lint'], io)).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toBe(
      `unblock: this project has its own ESLint config (${path.join(cwd, 'eslint.config.js')}): run \`npx eslint\`, or \`unblock lint --use-config\` to lint with it\n`,
    );
  });

  it('lints with that config under --use-config', async () => {
    const cwd = tempProject(files);
    const io = captureIO(cwd);
    expect(await main(['lint', '--use-config', '--format', 'json'], io)).toBe(1);
    expect(findings(io.out(), cwd)).toEqual([
      { file: 'src/handler.ts', ruleId: 'unblock/no-floating-promises', line: 5, column: 3 },
      { file: 'src/handler.ts', ruleId: 'unblock/no-floating-promises', line: 6, column: 3 },
    ]);
  });

  it('reports a broken config in one line, exit 2', async () => {
    const cwd = tempProject({ ...files, 'eslint.config.js': "export default [{ rules: { semi: 'bogus' } }];\n" });
    const io = captureIO(cwd);
    expect(await main(['lint', '--use-config'], io)).toBe(2);
    expect(io.err()).toBe(
      'unblock: Config (unnamed): Key "rules": Key "semi": Expected severity of "off", 0, "warn", 1, "error", or 2. (UNBLOCK_DEBUG=1 shows the stack)\n',
    );
  });
});

describe('usage errors exit 2 with one line', () => {
  const cwd = tempProject({ 'tsconfig.json': strictTsconfig, 'src/ok.ts': 'export const x = 1;\n' });

  it.each([
    [['lint', '--format', 'xml'], "unblock: unknown --format 'xml': use stylish, json, sarif\n"],
    [['lint', 'missing-dir'], "unblock: No files matching 'missing-dir' were found.\n"],
    [['lint', '--use-config'], `unblock: --use-config: no eslint.config.* in ${cwd} or above\n`],
    [['lint', '--bogus'], expect.stringMatching(/^unblock: Unknown option '--bogus'.* \(see unblock lint --help\)\n$/)],
    [['frobnicate'], "unblock: unknown command 'frobnicate' (commands: lint, run; see unblock --help)\n"],
  ])('%j', async (argv, message) => {
    const io = captureIO(cwd);
    expect(await main(argv, io)).toBe(2);
    expect(io.err()).toEqual(message);
    expect(io.out()).toBe('');
  });

  it('prints help and the version', async () => {
    const io = captureIO(cwd);
    expect(await main(['lint', '--help'], io)).toBe(0);
    expect(await main(['--version'], io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: unblock lint \[options\] \[paths\.\.\.\][\s\S]*--use-config[\s\S]*\n0\.\d+\.\d+\n$/);
    expect(io.out().endsWith(`\n${version}\n`)).toBe(true);
  });
});

describe('the progress line', () => {
  it('shows files and seconds on stderr when stdout is a terminal, and clears itself', () => {
    vi.useFakeTimers();
    try {
      const io = captureIO('/');
      io.stdout.isTTY = true;
      const counter = { files: 0 };
      const stop = startProgress(io, counter);
      counter.files = 12;
      vi.advanceTimersByTime(2000);
      stop();
      vi.advanceTimersByTime(5000);
      expect(io.err()).toBe(
        '\r\x1b[2Kunblock: linting... 12 file(s), 1s\r\x1b[2Kunblock: linting... 12 file(s), 2s\r\x1b[2K',
      );
      expect(io.out()).toBe('');
    } finally {
      vi.useRealTimers();
    }
  });

  it('stays silent when stdout is not a terminal', () => {
    vi.useFakeTimers();
    try {
      const io = captureIO('/');
      const stop = startProgress(io, { files: 3 });
      vi.advanceTimersByTime(5000);
      stop();
      expect(io.err()).toBe('');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the bin, spawned', () => {
  it('lints, exits 1, and prints no progress line when stdout is not a terminal', async () => {
    const cwd = tempProject({ 'tsconfig.json': strictTsconfig, 'src/handler.ts': floatingTs });
    const failure = await promisify(execFile)(process.execPath, [bin, 'lint'], { cwd }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain('5:3  error  This promise is neither awaited');
    expect(failure?.stderr).toBe('');
  });
});
