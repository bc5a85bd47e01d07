// Zero-config `unblock lint` on generated JavaScript projects with no tsconfig.json: wall time, peak RSS
// (GNU time's "Maximum resident set size") and exit status of the real bin, one fresh process per run.
// Usage: npm run bench:zero-config [-- --files 300,3000 --bin <another build's bin/unblock.js> --tsconfig --keep]
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '300,3000' },
    bin: { type: 'string', default: path.join(root, 'bin/unblock.js') },
    keep: { type: 'boolean', default: false },
    // Also lint each project through a tsconfig.json with allowJs: what zero-config should come close to.
    tsconfig: { type: 'boolean', default: false },
  },
});

/**
 * `count` ES modules in folders of 20, each importing one of the first quarter (a tree a few imports deep,
 * as real code is: TypeScript builds a program recursively along import chains) and leaving one promise
 * floating.
 */
function writeProject(dir, count) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  const file = (index) => `lib/group${Math.floor(index / 20)}/module${index}.js`;
  for (let index = 0; index < count; index++) {
    const target = path.join(dir, file(index));
    mkdirSync(path.dirname(target), { recursive: true });
    const parent = Math.floor((index - 1) / 4);
    const from = path.relative(path.dirname(target), path.join(dir, file(parent)));
    const imported = index === 0 ? '' : `import { load${parent} } from '${from.startsWith('.') ? from : `./${from}`}';\n`;
    writeFileSync(
      target,
      `${imported}import { readFile } from 'node:fs/promises';

export async function load${index}(name) {
  const text = await readFile(name, 'utf8');
  return JSON.parse(text);
}

export function start${index}() {
  load${index}('config.json');
  return ${index === 0 ? 'null' : `load${parent}('other.json').catch(() => null)`};
}
`,
    );
  }
}

function measure(dir) {
  const result = spawnSync('/usr/bin/time', ['-v', process.execPath, values.bin, 'lint', '--format', 'json'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const signal = /Command terminated by signal (\d+)/.exec(result.stderr);
  const field = (name) => result.stderr.match(new RegExp(`${name}: (.+)`))?.[1];
  const [minutes, seconds] = (field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)') ?? '0:0').split(':').map(Number);
  let findings = 'none';
  try {
    findings = JSON.parse(result.stdout).reduce((sum, file) => sum + file.messages.length, 0);
  } catch {
    findings = `none (${result.stderr.split('\n')[0]})`;
  }
  return {
    seconds: minutes * 60 + seconds,
    peakMB: Math.round(Number(field('Maximum resident set size \\(kbytes\\)')) / 1024),
    // GNU time reports a death by signal (an out-of-memory abort is SIGABRT, 6) apart from the exit status.
    status: signal ? `signal ${signal[1]}` : `exit ${field('Exit status') ?? result.status}`,
    findings,
  };
}

console.log(`node ${process.version}, ${values.bin}`);
for (const count of values.files.split(',').map(Number)) {
  const dir = path.join(tmpdir(), `unblock-zero-config-${count}`);
  writeProject(dir, count);
  const print = (label, { seconds, peakMB, status, findings }) =>
    console.log(`${count} files${label}: ${seconds.toFixed(1)} s, peak RSS ${peakMB} MB, ${status}, findings ${findings}`);
  print('', measure(dir));
  if (values.tsconfig) {
    const compilerOptions = { allowJs: true, checkJs: false, module: 'NodeNext', target: 'ES2022', strict: true, types: ['node'], noEmit: true };
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['lib'] }));
    // The tsconfig is in /tmp, so @types/node comes from this repository, as the inferred program's does.
    mkdirSync(path.join(dir, 'node_modules/@types'), { recursive: true });
    symlinkSync(path.join(root, 'node_modules/@types/node'), path.join(dir, 'node_modules/@types/node'));
    print(' with an allowJs tsconfig.json', measure(dir));
  }
  if (values.keep) console.log(`  kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
