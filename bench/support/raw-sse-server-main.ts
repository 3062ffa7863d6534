// Runs the baseline raw SSE server as its own process and prints its URL.
import { startRawSSEServer } from './raw-sse-server.ts';

const root = process.argv[2];
if (!root) throw new Error('usage: raw-sse-server-main.ts <folder>');
const server = await startRawSSEServer(root);
console.log(JSON.stringify({ url: server.url }));
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
