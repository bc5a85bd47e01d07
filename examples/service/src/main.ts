// Entry point of the demo run: the example's routes on an ephemeral port of 127.0.0.1.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { isDisplayName, salesSummary } from './reports.js';
import { renderPage } from './templates.js';

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname.startsWith('/page/')) {
    res.end(await renderPage(url.pathname.slice('/page/'.length), { title: 'Orders' }));
  } else if (url.pathname === '/report') {
    res.end(JSON.stringify(salesSummary(Number(url.searchParams.get('sales') ?? 1000))));
  } else if (url.pathname === '/signup') {
    res.end(String(isDisplayName(url.searchParams.get('name') ?? '')));
  } else {
    res.writeHead(404).end();
  }
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
});

server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
});
