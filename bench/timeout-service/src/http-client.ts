import { config } from './config.js';

export class HttpError extends Error {
  constructor(readonly status: number, readonly body: string) {
    super(`HTTP ${status}`);
  }
}

/** JSON over fetch with a per-call deadline; callers may pass their own signal too. */
export async function getJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const signal = init.signal
    ? AbortSignal.any([init.signal, AbortSignal.timeout(config.requestTimeoutMs)])
    : AbortSignal.timeout(config.requestTimeoutMs);
  const res = await fetch(url, { ...init, signal, headers: { accept: 'application/json', ...init.headers } });
  if (!res.ok) throw new HttpError(res.status, await res.text());
  return (await res.json()) as T;
}

export async function postJson<T>(url: string, body: unknown, init?: RequestInit): Promise<T> {
  const res = await fetch(url, {
    ...init,
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  if (!res.ok) throw new HttpError(res.status, await res.text());
  return (await res.json()) as T;
}

export async function withRetry<T>(attempts: number, work: (attempt: number) => Promise<T>): Promise<T> {
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
  throw last;
}
