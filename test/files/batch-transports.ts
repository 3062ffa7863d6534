// writeFiles through each transport with one shape of answer, so every
// batch behaviour is tested on GraphQL and on gRPC by the same test.
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { agentProto } from '../../src/grpc/proto.ts';
import { gql } from '../utils/graphql.ts';
import { clientOptions } from '../utils/grpc.ts';

export type BatchEntry =
  | { op: 'WRITE'; path: string; content: string; ifVersion?: string }
  | { op: 'DELETE'; path: string; recursive?: boolean; ifVersion?: string }
  | { op: 'MOVE'; path: string; to: string; ifVersion?: string };

export interface BatchAnswer {
  results: Array<{ op: string; path: string; oldPath: string | null; version: string | null }>;
  requestId: string;
}

export type BatchOutcome =
  { ok: true; value: BatchAnswer } | { ok: false; code: string; message: string };

export interface BatchClient {
  writeFiles(entries: BatchEntry[], createParents?: boolean): Promise<BatchOutcome>;
  close(): void;
}

/** writeFiles over GraphQL, as a frontend sends it. */
export function graphqlBatch(url: string, token: string): BatchClient {
  return {
    async writeFiles(entries, createParents = true) {
      const answer = await gql<{ writeFiles: BatchAnswer }>(
        url,
        `mutation($input: WriteFilesInput!) {
           writeFiles(input: $input) { results { op path oldPath version } requestId } }`,
        { input: { entries, createParents } },
        { authorization: `Bearer ${token}` },
      );
      const error = answer.errors?.[0];
      if (error) {
        return { ok: false, code: String(error.extensions?.code), message: error.message };
      }
      if (!answer.data) throw new Error('no data');
      return { ok: true, value: answer.data.writeFiles };
    },
    close() {},
  };
}

/** WriteFiles over gRPC, as an agent sends it. */
export function grpcBatch(target: string, token: string): BatchClient {
  const agent = new agentProto.AgentService(
    target,
    credentials.createInsecure(),
    clientOptions(token),
  );
  const call = agent as unknown as Record<
    string,
    (
      request: unknown,
      metadata: Metadata,
      callback: (error: ServiceError | null, response?: unknown) => void,
    ) => void
  >;
  return {
    writeFiles(entries, createParents = true) {
      const request = {
        createParents,
        entries: entries.map((entry) =>
          entry.op === 'WRITE'
            ? { write: { path: entry.path, content: entry.content, ifVersion: entry.ifVersion } }
            : entry.op === 'DELETE'
              ? {
                  delete: {
                    path: entry.path,
                    recursive: entry.recursive,
                    ifVersion: entry.ifVersion,
                  },
                }
              : { move: { from: entry.path, to: entry.to, ifVersion: entry.ifVersion } },
        ),
      };
      return new Promise((resolve) => {
        call.WriteFiles?.call(agent, request, new Metadata(), (error, response) => {
          if (error) {
            const code = error.metadata.get('error-code')[0];
            resolve({ ok: false, code: String(code ?? error.code), message: error.details });
            return;
          }
          const answer = response as {
            results: Array<{ op: string; path: string; oldPath: string; version: string }>;
            requestId: string;
          };
          resolve({
            ok: true,
            value: {
              requestId: answer.requestId,
              results: answer.results.map((r) => ({
                ...r,
                oldPath: r.oldPath || null,
                version: r.version || null,
              })),
            },
          });
        });
      });
    },
    close: () => agent.close(),
  };
}
