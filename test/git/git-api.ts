// The git operations through each transport with one shape of answer:
// GraphQL over HTTP (and SSE for the subscription), and gRPC's GitService.
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { agentProto } from '../../src/grpc/proto.ts';
import { gql } from '../utils/graphql.ts';
import { clientOptions } from '../utils/grpc.ts';
import { readEventStream, postEventStream } from '../utils/sse.ts';
import type { TestServer } from '../utils/tserver.ts';
import type { Outcome } from '../files/transports.ts';

export interface GitFile {
  path: string;
  oldPath: string | null;
  staged: string | null;
  unstaged: string | null;
  untracked: boolean;
}

export interface GitStatusResult {
  branch: string | null;
  commit: string | null;
  upstream: string | null;
  ahead: number;
  behind: number;
  files: GitFile[];
}

export interface GitCommitResult {
  hash: string;
  authorName: string;
  authorEmail: string;
  authoredAt: string;
  subject: string;
}

export interface StatusStream {
  next(): Promise<GitStatusResult>;
  close(): void;
}

export interface GitApi {
  name: 'graphql' | 'grpc';
  status(): Promise<Outcome<GitStatusResult>>;
  diff(path: string, staged: boolean): Promise<Outcome<string>>;
  log(path: string, first: number): Promise<Outcome<GitCommitResult[]>>;
  /** Resolves once the stream has sent its first status. */
  watch(): Promise<{ first: GitStatusResult; stream: StatusStream }>;
  close(): void;
}

const statusFields =
  'branch commit upstream ahead behind files { path oldPath staged unstaged untracked }';

/** Waits for a stream's next value, failing the test instead of hanging. */
function withinTenSeconds<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no status within 10 s')), 10_000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function graphqlGit(t: TestServer, token: string): GitApi {
  const headers = { authorization: `Bearer ${token}` };
  async function call<T>(query: string, variables: Record<string, unknown>, field: string) {
    const response = await gql<Record<string, T>>(t.graphqlUrl, query, variables, headers);
    const error = response.errors?.[0];
    if (error) {
      return { ok: false, code: String(error.extensions?.code), message: error.message } as const;
    }
    return { ok: true, value: response.data?.[field] as T } as const;
  }
  return {
    name: 'graphql',
    status: () => call<GitStatusResult>(`{ gitStatus { ${statusFields} } }`, {}, 'gitStatus'),
    diff: (path, staged) =>
      call<string>(
        'query($path: String!, $staged: Boolean!) { gitDiff(path: $path, staged: $staged) }',
        { path, staged },
        'gitDiff',
      ),
    log: (path, first) =>
      call<GitCommitResult[]>(
        `query($path: String!, $first: Int!) {
           gitLog(path: $path, first: $first) { hash authorName authorEmail authoredAt subject } }`,
        { path, first },
        'gitLog',
      ),
    async watch() {
      const controller = new AbortController();
      const response = await postEventStream(
        t.graphqlUrl,
        { query: `subscription { gitStatusChanged { ${statusFields} } }` },
        { headers, signal: controller.signal },
      );
      const events = readEventStream(response);
      const stream: StatusStream = {
        async next() {
          for (;;) {
            const result = await withinTenSeconds(events.next());
            if (result.done) throw new Error('stream ended');
            if (result.value.event === 'complete') throw new Error('stream completed');
            const payload = JSON.parse(result.value.data) as {
              data?: { gitStatusChanged: GitStatusResult };
              errors?: unknown[];
            };
            if (payload.errors) throw new Error(JSON.stringify(payload.errors));
            if (payload.data) return payload.data.gitStatusChanged;
          }
        },
        close() {
          controller.abort();
          void events.return(undefined);
        },
      };
      return { first: await stream.next(), stream };
    },
    close() {},
  };
}

interface GrpcStatus {
  branch: string;
  commit: string;
  upstream: string;
  ahead: number;
  behind: number;
  files: Array<{
    path: string;
    oldPath: string;
    staged: string;
    unstaged: string;
    untracked: boolean;
  }>;
}

function statusFromGrpc(status: GrpcStatus): GitStatusResult {
  return {
    branch: status.branch || null,
    commit: status.commit || null,
    upstream: status.upstream || null,
    ahead: status.ahead,
    behind: status.behind,
    files: status.files.map((file) => ({
      path: file.path,
      oldPath: file.oldPath || null,
      staged: file.staged || null,
      unstaged: file.unstaged || null,
      untracked: file.untracked,
    })),
  };
}

type Callback<T> = (error: ServiceError | null, response?: T) => void;

export function grpcGit(t: TestServer, token: string): GitApi {
  const client = new agentProto.GitService(
    t.grpcTarget,
    credentials.createInsecure(),
    clientOptions(token),
  );
  const methods = client as unknown as Record<
    string,
    (request: unknown, metadata: Metadata, callback: Callback<unknown>) => void
  >;
  const rpc = <T>(method: string, request: unknown): Promise<Outcome<T>> =>
    new Promise((resolve) => {
      methods[method]?.call(client, request, new Metadata(), (error, response) => {
        if (error) {
          const code = error.metadata.get('error-code')[0];
          resolve({ ok: false, code: String(code ?? error.code), message: error.details });
        } else resolve({ ok: true, value: response as T });
      });
    });
  return {
    name: 'grpc',
    async status() {
      const outcome = await rpc<GrpcStatus>('GetStatus', {});
      return outcome.ok ? { ok: true, value: statusFromGrpc(outcome.value) } : outcome;
    },
    async diff(path, staged) {
      const outcome = await rpc<{ diff: string }>('GetDiff', { path, staged });
      return outcome.ok ? { ok: true, value: outcome.value.diff } : outcome;
    },
    async log(path, first) {
      const outcome = await rpc<{ commits: GitCommitResult[] }>('GetLog', { path, first });
      return outcome.ok ? { ok: true, value: outcome.value.commits } : outcome;
    },
    async watch() {
      const call = client.WatchStatus({}, new Metadata());
      const queue: GrpcStatus[] = [];
      const waiting: Array<{ resolve: (s: GrpcStatus) => void; reject: (e: Error) => void }> = [];
      let failure: Error | undefined;
      call.on('data', (status: GrpcStatus) => {
        const waiter = waiting.shift();
        if (waiter) waiter.resolve(status);
        else queue.push(status);
      });
      call.on('error', (error: Error) => {
        failure = error;
        for (const waiter of waiting.splice(0)) waiter.reject(error);
      });
      const stream: StatusStream = {
        async next() {
          const queued = queue.shift();
          if (queued) return statusFromGrpc(queued);
          if (failure) throw failure;
          const status = await withinTenSeconds(
            new Promise<GrpcStatus>((resolve, reject) => waiting.push({ resolve, reject })),
          );
          return statusFromGrpc(status);
        },
        close: () => call.cancel(),
      };
      return { first: await stream.next(), stream };
    },
    close: () => client.close(),
  };
}

export function gitApi(name: 'graphql' | 'grpc', t: TestServer, token: string): GitApi {
  return name === 'graphql' ? graphqlGit(t, token) : grpcGit(t, token);
}
