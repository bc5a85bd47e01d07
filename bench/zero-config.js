// Zero-config `unblock lint` on generated JavaScript projects with no tsconfig.json: wall time, peak RSS
// (GNU time's "Maximum resident set size") and exit status of the real bin, one fresh process per run.
// Usage: npm run bench:zero-config [-- --files 300,3000 --bin <path to another build's bin/unblock.js>]
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '300,3000' },
    bin: { type: 'string', default: path.join(root, 'bin/unblock.js') },
  },
});

/** `count` ES modules in folders of 20, each importing its predecessor and leaving one promise floating. */
function writeProject(dir, count) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  const file = (index) => `lib/group${Math.floor(index / 20)}/module${index}.js`;
  for (let index = 0; index < count; index++) {
    const target = path.join(dir, file(index));
    mkdirSync(path.dirname(target), { recursive: true });
    const from = path.relative(path.dirname(target), path.join(dir, file(index - 1)));
    const previous = index === 0 ? '' : `import { load${index - 1} } from '${from.startsWith('.') ? from : `./${from}`}';\n`;
    writeFileSync(
      target,
      `${previous}import { readFile } from 'node:fs/promises';

export async function load${index}(name) {
  const text = await readFile(name, 'utf8');
  return JSON.parse(text);
}

export function start${index}() {
  load${index}('config.json');
  return ${index === 0 ? 'null' : `load${index - 1}('other.json').catch(() => null)`};
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
  const field = (name) => result.stderr.match(new RegExp(`${name}: (.+)`))?.[1];
  const [minutes, seconds] = (field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)') ?? '0:0').split(':').map(Number);
  let findings = 'none';
  try {
    findings = JSON.parse(result.stdout).reduce((sum, file) => sum + file.messages.length, 0);
  } catch {
    findings = 'no JSON report';
  }
  return {
    seconds: minutes * 60 + seconds,
    peakMB: Math.round(Number(field('Maximum resident set size \\(kbytes\\)')) / 1024),
    status: Number(field('Exit status') ?? result.status),
    findings,
  };
}

console.log(`node ${process.version}, ${values.bin}`);
for (const count of values.files.split(',').map(Number)) {
  const dir = path.join(tmpdir(), `unblock-zero-config-${count}`);
  writeProject(dir, count);
  const { seconds, peakMB, status, findings } = measure(dir);
  console.log(`${count} files: ${seconds.toFixed(1)} s, peak RSS ${peakMB} MB, exit ${status}, findings ${findings}`);
  rmSync(dir, { recursive: true, force: true });
}
