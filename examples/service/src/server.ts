import { createServer } from 'node:http';

import { findOrder } from './db.js';
import { placeOrder } from './orders.js';

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'POST' && url.pathname === '/orders') {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const result = await placeOrder(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    res.writeHead(result.status).end();
    return;
  }
  const order = await findOrder(url.pathname.slice(1));
  res.writeHead(order ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(order ?? null));
});

export function start(port = 3000): void {
  server.listen(port, () => console.log(`listening on ${port}`));
}
