// Several GenPod servers sharing one project, one database (PostgreSQL) and
// one Redis, as instances behind a load balancer would, and live clients that
// record what each instance streams to them.
import { randomBytes } from 'node:crypto';
import { createClient, type Client } from 'graphql-sse';
import { gql } from '../utils/graphql.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

/** Environment every instance of one cluster shares. */
export function clusterEnv(options: {
  redisUrl: string;
  databaseUrl: string;
  projectRoot: string;
}): Record<string, string> {
  return {
    REDIS_URL: options.redisUrl,
    DATABASE_URL: options.databaseUrl,
    PROJECT_ROOT: options.projectRoot,
    // Secrets written through one instance are read through the others.
    FERNET_SECRET: `${randomBytes(32).toString('base64url')}=`,
    // A short lease, so a dead owner's successor takes over within two seconds,
    // yet long enough that a busy test machine's pauses do not pass it around.
    WATCHER_LEASE_MS: '1500',
  };
}

export function startInstance(env: Record<string, string>, instanceId: string) {
  return startTestServer({ ...env, INSTANCE_ID: instanceId });
}

export interface FileEvent {
  sequence: string;
  kind: string;
  path: string;
  origin: string;
}

export interface WatcherStatus {
  instanceId: string | null;
  owner: string | null;
  watching: boolean;
}

export async function watcherStatus(t: TestServer): Promise<WatcherStatus> {
  const result = await gql<{ watcherStatus: WatcherStatus }>(
    t.graphqlUrl,
    '{ watcherStatus { instanceId owner watching } }',
    {},
    t.authHeaders,
  );
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.watcherStatus;
}

/** Polls until `check` holds, or fails after `timeoutMs`. */
export async function eventually<T>(
  read: () => Promise<T> | T,
  check: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`still not so after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Records every fileChanges event one instance sends over graphql-sse. */
export interface FileEventRecorder {
  events: FileEvent[];
  /** Waits for an event matching `match`, returns it. */
  waitFor(match: (event: FileEvent) => boolean, timeoutMs?: number): Promise<FileEvent>;
  close(): void;
}

export async function recordFileEvents(t: TestServer, since?: string): Promise<FileEventRecorder> {
  const client: Client = createClient({
    url: `${t.origin}/graphql/stream`,
    headers: t.authHeaders,
    retryAttempts: 0,
  });
  const events: FileEvent[] = [];
  const before = t.server.services.bus.stats().subscribers;
  const iterator = client.iterate<{ fileChanges: FileEvent }>({
    query: `subscription($since: String) {
      fileChanges(pathPrefix: "", since: $since) { sequence kind path origin }
    }`,
    variables: { since },
  });
  void (async () => {
    for await (const result of iterator) {
      if (result.data) events.push(result.data.fileChanges);
    }
  })().catch(() => {});
  // graphql-sse subscribes on the first read: wait until the server has the subscriber.
  await eventually(
    () => t.server.services.bus.stats().subscribers,
    (count) => count > before,
  );
  return {
    events,
    async waitFor(match, timeoutMs = 10_000) {
      const found = await eventually(
        () => events.find(match),
        (event) => event !== undefined,
        timeoutMs,
      );
      return found as FileEvent;
    },
    close() {
      void iterator.return?.();
      client.dispose();
    },
  };
}
