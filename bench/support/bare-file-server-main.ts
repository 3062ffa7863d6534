// The baselines for reading a file: a bare node:http server that takes the
// same POSTed GraphQL body, reads the named file under the project folder and
// answers the same JSON (stat, content, sha-256 version), and a bare grpc-js
// AgentService.ReadFile doing the same on the same proto; no GraphQL, no path
// jail, no auth. Runs as its own process and prints its URL and gRPC target.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { agentProto } from '../../src/grpc/proto.ts';
import type { FileEntry } from '../../src/grpc/generated/genpod/agent/v1/FileEntry.ts';

const root = process.argv[2];
if (!root) throw new Error('usage: bare-file-server-main.ts <folder>');

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    void (async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as {
        variables: { path: string };
      };
      const file = await entryOf(body.variables.path);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { file } }));
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
});
/** What both baselines answer for a file: stat, content and version, read as GenPod would. */
async function entryOf(path: string): Promise<FileEntry> {
  const absolute = join(root ?? '', path);
  const [info, bytes] = await Promise.all([stat(absolute), readFile(absolute)]);
  return {
    path,
    name: basename(path),
    kind: 'FILE',
    size: info.size,
    modifiedAt: info.mtime.toISOString(),
    version: createHash('sha256').update(bytes).digest('hex'),
    content: bytes.toString('utf8'),
  };
}

const grpcServer = new grpc.Server();
grpcServer.addService(agentProto.AgentService.service, {
  ReadFile(
    call: grpc.ServerUnaryCall<{ path: string }, FileEntry>,
    callback: grpc.sendUnaryData<FileEntry>,
  ) {
    entryOf(call.request.path).then(
      (entry) => callback(null, entry),
      (error: unknown) => callback({ code: grpc.status.INTERNAL, details: String(error) }),
    );
  },
});
const grpcPort = await new Promise<number>((resolve, reject) =>
  grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
    error ? reject(error) : resolve(port),
  ),
);

server.listen(0, '127.0.0.1', () => {
  console.log(
    JSON.stringify({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
      grpcTarget: `127.0.0.1:${grpcPort}`,
    }),
  );
});
process.on('SIGTERM', () => {
  grpcServer.forceShutdown();
  server.close(() => process.exit(0));
});
