// Starts a real GenPod server in this process on OS-chosen ports, with its own
// temporary PROJECT_ROOT and DATA_DIR, and captures its log lines.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startServer, type RunningServer } from '../../src/server.ts';
import { makeTempDir } from './tempdir.ts';

export interface TestServer {
  server: RunningServer;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** http://127.0.0.1:<port>/graphql */
  graphqlUrl: string;
  /** 127.0.0.1:<port> for gRPC clients */
  grpcTarget: string;
  projectRoot: string;
  dataDir: string;
  /** The server's GENPOD_ADMIN_TOKEN: a bearer token with every scope. */
  token: string;
  /**
   * `{ authorization: 'Bearer <token>' }`, for HTTP requests and SSE: a new
   * object each time, since graphql-sse's client writes its stream token into
   * the headers object it is given.
   */
  readonly authHeaders: { authorization: string };
  /** Every JSON log line written so far. */
  logs(): Array<Record<string, unknown>>;
  /** Closes the server and deletes its folders. */
  stop(): Promise<void>;
}

export async function startTestServer(
  env: Record<string, string | undefined> = {},
): Promise<TestServer> {
  const temp = await makeTempDir();
  const projectRoot = join(temp.path, 'project');
  const dataDir = join(temp.path, 'data');
  // Every server a test starts has an admin token, and the test clients send it.
  const token = env.GENPOD_ADMIN_TOKEN ?? `test-admin-${randomBytes(16).toString('hex')}`;
  const lines: string[] = [];
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n')));
  const server = await startServer({
    env: {
      HOST: '127.0.0.1',
      PORT: '0',
      GRPC_PORT: '0',
      PROJECT_ROOT: projectRoot,
      DATA_DIR: dataDir,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      ...env,
      GENPOD_ADMIN_TOKEN: token,
    },
    logDestination: logStream,
  });
  const origin = `http://127.0.0.1:${server.ports.http}`;
  return {
    server,
    origin,
    graphqlUrl: `${origin}/graphql`,
    grpcTarget: `127.0.0.1:${server.ports.grpc}`,
    projectRoot,
    dataDir,
    token,
    get authHeaders() {
      return { authorization: `Bearer ${token}` };
    },
    logs: () =>
      lines
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    async stop() {
      await server.close();
      await temp.remove();
    },
  };
}
