// The baseline for live file events: what a minimal hand-written server does
// — fs.watch (recursive) and one `data:` line per notification to every
// connected SSE client. No coalescing, no sequences, no GraphQL.
import { watch } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RawSSEServer {
  url: string;
  clients(): number;
  close(): Promise<void>;
}

export async function startRawSSEServer(root: string): Promise<RawSSEServer> {
  const clients = new Set<ServerResponse>();
  const watcher = watch(root, { recursive: true }, (eventType, filename) => {
    const line = `data: ${JSON.stringify({ kind: eventType, path: filename })}\n\n`;
    for (const client of clients) client.write(line);
  });
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(':\n\n');
    clients.add(res);
    req.on('close', () => clients.delete(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    clients: () => clients.size,
    async close() {
      watcher.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
