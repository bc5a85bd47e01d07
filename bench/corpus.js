// Generates a synthetic Node service for benchmarks: `scale` × 60 modules of realistic async code
// (awaited and forgotten promises, sync fs in helpers, fan-out over arrays, cross-module helper chains).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const MODULES_PER_SCALE = 60;

function moduleSource(index) {
  const previous = index > 0 ? `import { loadRecord${index - 1}, readConfig${index - 1} } from './module${index - 1}.js';` : '';
  const callPrevious = index > 0 ? `await loadRecord${index - 1}(id);` : '';
  const configPrevious = index > 0 ? `readConfig${index - 1}(name)` : `readFileSync(name, 'utf8')`;
  return `import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { EventEmitter } from 'node:events';
${previous}

export interface Record${index} { id: string; name: string; tags: string[]; score: number }

const cache${index} = new Map<string, Record${index}>();
const events${index} = new EventEmitter();

export function readConfig${index}(name: string): string {
  return String(${configPrevious});
}

export async function loadRecord${index}(id: string): Promise<Record${index}> {
  const hit = cache${index}.get(id);
  if (hit) return hit;
  ${callPrevious}
  const text = await readFile(\`/tmp/\${id}.json\`, 'utf8').catch(() => '{}');
  const record = { id, name: text.slice(0, 8), tags: [], score: text.length } satisfies Record${index};
  cache${index}.set(id, record);
  return record;
}

export async function saveRecord${index}(record: Record${index}): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  cache${index}.set(record.id, record);
}

export async function handle${index}(ids: string[]): Promise<number> {
  const records = await Promise.all(ids.map((id) => loadRecord${index}(id)));
  let total = 0;
  for (const record of records) {
    total += record.score;
    if (record.tags.length > 3) {
      saveRecord${index}(record);
    }
  }
  const pending = saveRecord${index}(records[0]);
  const config = readConfig${index}('settings.json');
  events${index}.on('refresh', async () => {
    await loadRecord${index}(config);
  });
  const sorted = [...records].sort((a, b) => a.score - b.score).map((record) => record.name.toUpperCase());
  return total + sorted.length;
}

export async function batch${index}(ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 10) {
    await Promise.all(ids.slice(i, i + 10).map((id) => loadRecord${index}(id)));
  }
  await Promise.all([saveRecord${index}({ id: 'a', name: 'a', tags: [], score: 1 }), loadRecord${index}('b')]);
}
`;
}

/** Writes the corpus under `dir` (replacing it) and returns the directory. */
export function writeCorpus(dir, scale) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023'],
        types: ['node'], strict: true, skipLibCheck: true, noEmit: true,
      },
      include: ['src'],
    }, null, 2),
  );
  for (let index = 0; index < scale * MODULES_PER_SCALE; index++) {
    writeFileSync(path.join(dir, 'src', `module${index}.ts`), moduleSource(index));
  }
  return dir;
}
