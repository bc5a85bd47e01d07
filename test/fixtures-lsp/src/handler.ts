import { writeFile } from 'node:fs/promises';

export async function handle(body: string): Promise<number> {
  writeFile('audit.log', body);
  return body.length;
}
