// Runs the baseline servers as their own process, watching one folder: the
// raw SSE server and the raw gRPC server (each with its own fs.watch), and
// prints where they listen.
import { startRawGrpcServer } from './raw-grpc-server.ts';
import { startRawSSEServer } from './raw-sse-server.ts';

const root = process.argv[2];
if (!root) throw new Error('usage: raw-servers-main.ts <folder>');
const sse = await startRawSSEServer(root);
const grpc = await startRawGrpcServer(root);
console.log(JSON.stringify({ url: sse.url, grpcTarget: grpc.target }));
process.on(
  'SIGTERM',
  () => void Promise.all([sse.close(), grpc.close()]).then(() => process.exit(0)),
);
