import { createServer } from 'node:http';

import { getInvoice, payInvoice } from './billing.js';
import { latestRelease } from './github.js';
import { search, suggest } from './search.js';
import { listen, waitForShutdown } from './workers.js';

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const deadline = AbortSignal.timeout(8_000);
  try {
    if (url.pathname === '/search') {
      res.end(JSON.stringify(await search(url.searchParams.get('q') ?? '', deadline)));
    } else if (url.pathname === '/suggest') {
      res.end(JSON.stringify(await suggest(url.searchParams.get('q') ?? '')));
    } else if (url.pathname.startsWith('/invoices/')) {
      const id = url.pathname.split('/')[2] ?? '';
      res.end(JSON.stringify(req.method === 'POST' ? await payInvoice(id, 'tok') : await getInvoice(id)));
    } else if (url.pathname === '/version') {
      res.end(await latestRelease('acme/orders'));
    } else {
      res.statusCode = 404;
      res.end();
    }
  } catch (error) {
    res.statusCode = 502;
    res.end(String(error));
  }
});

await listen(server, Number(process.env.PORT ?? 3000));
await waitForShutdown();
server.close();
