import { config } from './config.js';
import { getJson } from './http-client.js';

export interface Hit {
  id: string;
  score: number;
}

export async function search(query: string, signal?: AbortSignal): Promise<Hit[]> {
  const url = `${config.searchUrl}/search?q=${encodeURIComponent(query)}`;
  const { hits } = await getJson<{ hits: Hit[] }>(url, { signal });
  return hits;
}

export async function suggest(prefix: string): Promise<string[]> {
  const res = await fetch(`${config.searchUrl}/suggest?prefix=${encodeURIComponent(prefix)}`);
  return (await res.json()) as string[];
}

export async function reindex(ids: string[], signal: AbortSignal): Promise<void> {
  await fetch(`${config.searchUrl}/reindex`, { method: 'POST', body: JSON.stringify(ids), signal });
}

export async function health(): Promise<boolean> {
  try {
    const res = await fetch(`${config.searchUrl}/health`, { signal: AbortSignal.timeout(1_000) });
    return res.ok;
  } catch {
    return false;
  }
}
