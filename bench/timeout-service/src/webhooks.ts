import https from 'node:https';

import { config } from './config.js';
import { postJson, withRetry } from './http-client.js';

export interface Subscriber {
  id: string;
  url: string;
  secret: string;
}

export async function deliver(subscriber: Subscriber, event: unknown): Promise<void> {
  await withRetry(3, () =>
    postJson(subscriber.url, event, { signal: AbortSignal.timeout(5_000), headers: { 'x-secret': subscriber.secret } }),
  );
}

export async function notifySlack(text: string): Promise<void> {
  await postJson(config.slackWebhook, { text });
}

export function notifySlackLegacy(text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ text });
    const req = https.request(config.slackWebhook, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function ping(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.get(url, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.setTimeout(2_000, () => {
      req.destroy();
      resolve(false);
    });
    req.on('error', () => resolve(false));
  });
}
