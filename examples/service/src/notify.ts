// Nightly "your order shipped" notifications: one webhook call per subscriber.
import { setTimeout as sleep } from 'node:timers/promises';

export interface Subscriber {
  id: string;
  webhookUrl: string;
}

async function postWebhook(url: string, body: unknown): Promise<number> {
  await sleep(5); // stands in for fetch(url, { method: 'POST', body: JSON.stringify(body) })
  return url.startsWith('https://') ? 204 : 400;
}

async function loadSubscribers(): Promise<Subscriber[]> {
  await sleep(1);
  return Array.from({ length: 3 }, (_, i) => ({ id: `s${i}`, webhookUrl: `https://hooks.example.com/${i}` }));
}

/** Fine with 3 subscribers in development; with 40,000 in production every webhook starts at once. */
export async function notifyShipped(orderId: string): Promise<number> {
  const subscribers = await loadSubscribers();
  const statuses = await Promise.all(
    subscribers.map((subscriber) => postWebhook(subscriber.webhookUrl, { orderId, subscriber: subscriber.id })),
  );
  return statuses.filter((status) => status >= 400).length;
}

/** Reminders nobody waits for: the loop returns before the first request has left. */
export function remindPending(subscribers: Subscriber[]): void {
  for (const subscriber of subscribers) {
    void postWebhook(subscriber.webhookUrl, { reminder: true });
  }
}
