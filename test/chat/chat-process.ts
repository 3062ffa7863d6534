// A GenPod server in its own process, wired to a fake Gemini in this one: for
// chat tests that kill the server (kill -9, SIGTERM) or measure its memory
// apart from the test's own.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startFakeGemini, type FakeGemini } from '../utils/fake-gemini.ts';
import { gql } from '../utils/graphql.ts';
import { runServerProcess, type ServerProcess } from '../utils/process.ts';
import { makeTempDir } from '../utils/tempdir.ts';

export interface ChatProcess {
  fake: FakeGemini;
  server: ServerProcess;
  /** The server's own process (tsx runs it as a child of server.child). */
  pid: number;
  origin: string;
  grpcTarget: string;
  /** The server's DATA_DIR (its database is genpod.db there). */
  dataDir: string;
  token: string;
  authHeaders(): { authorization: string };
  /** A GraphQL request that must succeed; its errors throw. */
  call<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Resident memory now, and its peak since the process started (VmRSS, VmHWM), in bytes. */
  memory(): Promise<{ rss: number; peak: number }>;
  /** Starts the server again on the same folders (after a kill), with new ports. */
  restart(): Promise<void>;
  /** Sends `signal` to the server and waits for it to exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Kills the server if it still runs, and removes its folders. */
  stop(): Promise<void>;
}

export async function startChatProcess(env: Record<string, string> = {}): Promise<ChatProcess> {
  const fake = await startFakeGemini();
  const dir = await makeTempDir();
  const token = `chat-process-${randomBytes(16).toString('hex')}`;
  const serverEnv = {
    PORT: '0',
    GRPC_PORT: '0',
    HOST: '127.0.0.1',
    GENPOD_ADMIN_TOKEN: token,
    PROJECT_ROOT: join(dir.path, 'project'),
    DATA_DIR: join(dir.path, 'data'),
    GEMINI_BASE_URL: fake.baseUrl,
    GEMINI_API_KEY: fake.apiKey,
    GEMINI_TIMEOUT_MS: '10000',
    ...env,
  };
  const bed = {} as ChatProcess;
  const launch = async () => {
    const server = runServerProcess(dir.path, serverEnv);
    // tsx runs the server in a child of the process it starts: the
    // listening line names the server's own pid.
    const { httpPort, grpcPort, pid } = (await server.listening) as {
      httpPort: number;
      grpcPort: number;
      pid: number;
    };
    Object.assign(bed, {
      server,
      pid,
      origin: `http://127.0.0.1:${httpPort}`,
      grpcTarget: `127.0.0.1:${grpcPort}`,
    });
  };
  await launch();
  return Object.assign(bed, {
    fake,
    token,
    dataDir: serverEnv.DATA_DIR,
    authHeaders: () => ({ authorization: `Bearer ${token}` }),
    async call<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const result = await gql<T>(`${bed.origin}/graphql`, query, variables, bed.authHeaders());
      if (result.errors?.length || !result.data) {
        throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      }
      return result.data;
    },
    async memory() {
      const status = await readFile(`/proc/${bed.pid}/status`, 'utf8');
      const kib = (field: string) =>
        Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
      return { rss: kib('VmRSS') * 1024, peak: kib('VmHWM') * 1024 };
    },
    restart: launch,
    async kill(signal: NodeJS.Signals) {
      // The signal goes to the server itself: tsx relays SIGTERM but cannot relay SIGKILL.
      process.kill(bed.pid, signal);
      await bed.server.exited;
    },
    async stop() {
      if (bed.server.child.exitCode === null && bed.server.child.signalCode === null) {
        await bed.kill('SIGKILL');
      }
      await fake.close();
      await dir.remove();
    },
  });
}
