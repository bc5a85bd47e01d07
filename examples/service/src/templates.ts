import * as fs from 'node:fs';
import path from 'node:path';

// Demo of a transitive finding: renderPage() is async, but loadTemplate() reaches fs.readFileSync()
// through readPartial(), so every page render stalls the event loop on disk reads.
const viewsDir = path.join(process.cwd(), 'views');

function readPartial(name: string): string {
  return fs.readFileSync(path.join(viewsDir, `${name}.html`), 'utf8');
}

function loadTemplate(name: string): string {
  const layout = readPartial('layout');
  return layout.replace('{{body}}', readPartial(name));
}

export async function renderPage(name: string, data: Readonly<Record<string, string>>): Promise<string> {
  const template = loadTemplate(name);
  return template.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => data[key] ?? '');
}
