import { once, on, EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Server } from 'node:http';

export async function startWorker(file: string): Promise<Worker> {
  const worker = new Worker(file);
  await once(worker, 'online');
  return worker;
}

export async function runJob(worker: Worker, job: unknown): Promise<unknown> {
  worker.postMessage(job);
  const [result] = await once(worker, 'message', { signal: AbortSignal.timeout(60_000) });
  return result;
}

export async function listen(server: Server, port: number): Promise<void> {
  server.listen(port);
  await once(server, 'listening');
}

export async function consume(queue: EventEmitter, handle: (message: unknown) => Promise<void>): Promise<void> {
  for await (const [message] of on(queue, 'message')) {
    await handle(message);
  }
}

export async function waitForShutdown(): Promise<void> {
  await once(process, 'SIGTERM');
}
