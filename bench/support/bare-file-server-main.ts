// The baseline for the `file` query: a bare node:http server that takes the
// same POSTed GraphQL body, reads the named file under the project folder and
// answers the same JSON (stat, content, sha-256 version), with no GraphQL,
// no path jail, no auth. Runs as its own process and prints its URL.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';

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
      const path = body.variables.path;
      const absolute = join(root, path);
      const [info, bytes] = await Promise.all([stat(absolute), readFile(absolute)]);
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          data: {
            file: {
              path,
              name: basename(path),
              kind: 'FILE',
              size: info.size,
              modifiedAt: info.mtime.toISOString(),
              version: createHash('sha256').update(bytes).digest('hex'),
              content: bytes.toString('utf8'),
            },
          },
        }),
      );
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(
    JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` }),
  );
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
