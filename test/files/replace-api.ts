// replaceInFiles through each transport with one shape of answer.
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { agentProto } from '../../src/grpc/proto.ts';
import { gql } from '../utils/graphql.ts';
import { clientOptions } from '../utils/grpc.ts';
import type { TestServer } from '../utils/tserver.ts';
import type { Outcome } from './transports.ts';

export interface ReplaceInput {
  path?: string;
  pattern: string;
  regex?: boolean;
  caseSensitive?: boolean;
  replacement: string;
  include?: string[];
  exclude?: string[];
  respectGitignore?: boolean;
  dryRun?: boolean;
}

export interface ReplaceFile {
  path: string;
  status: string;
  matchCount: number;
  matches: Array<{ line: number; column: number; text: string; replacement: string }>;
  diff: string | null;
  previousVersion: string;
  version: string | null;
  reason: string | null;
}

export interface ReplaceResult {
  dryRun: boolean;
  files: ReplaceFile[];
  filesScanned: number;
  filesChanged: number;
  matchCount: number;
}

export interface ReplaceApi {
  name: 'graphql' | 'grpc';
  replace(input: ReplaceInput): Promise<Outcome<ReplaceResult>>;
  close(): void;
}

const selection = `dryRun filesScanned filesChanged matchCount
  files { path status matchCount matches { line column text replacement } diff previousVersion version reason }`;

export function graphqlReplace(t: TestServer, token: string): ReplaceApi {
  return {
    name: 'graphql',
    async replace(input) {
      const response = await gql<{ replaceInFiles: ReplaceResult }>(
        t.graphqlUrl,
        `mutation($input: ReplaceInFilesInput!) { replaceInFiles(input: $input) { ${selection} } }`,
        { input },
        { authorization: `Bearer ${token}` },
      );
      const error = response.errors?.[0];
      if (error) {
        return { ok: false, code: String(error.extensions?.code), message: error.message };
      }
      return { ok: true, value: response.data?.replaceInFiles as ReplaceResult };
    },
    close() {},
  };
}

interface GrpcFile extends Omit<ReplaceFile, 'diff' | 'version' | 'reason'> {
  diff: string;
  version: string;
  reason: string;
}

export function grpcReplace(t: TestServer, token: string): ReplaceApi {
  const agent = new agentProto.AgentService(
    t.grpcTarget,
    credentials.createInsecure(),
    clientOptions(token),
  );
  return {
    name: 'grpc',
    replace(input) {
      return new Promise((resolve) => {
        agent.ReplaceInFiles(
          input,
          new Metadata(),
          (
            error: ServiceError | null,
            response?: Omit<ReplaceResult, 'files'> & { files: GrpcFile[] },
          ) => {
            if (error || !response) {
              const code = error?.metadata.get('error-code')[0];
              resolve({
                ok: false,
                code: String(code ?? error?.code),
                message: error?.details ?? '',
              });
              return;
            }
            resolve({
              ok: true,
              value: {
                ...response,
                files: response.files.map((file) => ({
                  ...file,
                  diff: file.diff || null,
                  version: file.version || null,
                  reason: file.reason || null,
                })),
              },
            });
          },
        );
      });
    },
    close: () => agent.close(),
  };
}

export function replaceApi(name: 'graphql' | 'grpc', t: TestServer, token: string): ReplaceApi {
  return name === 'graphql' ? graphqlReplace(t, token) : grpcReplace(t, token);
}
