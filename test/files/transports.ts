// The files API through each transport with one shape of answer, so every
// behaviour is tested on GraphQL over HTTP and on gRPC by the same test.
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { agentProto } from '../../src/grpc/proto.ts';
import { gql, type GraphQLResponse } from '../utils/graphql.ts';
import { clientOptions } from '../utils/grpc.ts';
import type { TestServer } from '../utils/tserver.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export interface FileResult {
  path: string;
  name: string;
  kind: string;
  size: number;
  version: string;
  binary: boolean;
  content: string | null;
  base64: string | null;
  language: string | null;
  symlinkTarget: string | null;
}

export interface TreeResult {
  path: string;
  name: string;
  kind: string;
  size: number;
  /** ISO 8601, to the millisecond. */
  modifiedAt: string;
  language: string | null;
  ignored: boolean;
  truncated: boolean;
  children: TreeResult[] | null;
}

export interface SearchResult {
  matches: Array<{
    path: string;
    kind: string;
    line: number | null;
    column: number | null;
    lineText: string | null;
  }>;
  truncated: boolean;
  filesScanned: number;
}

export interface WriteInput {
  path: string;
  content?: string;
  /** Raw bytes instead of text. */
  bytes?: Buffer;
  ifVersion?: string;
  createParents?: boolean;
}

export interface SearchInput {
  path?: string;
  glob?: string;
  content?: string;
  regex?: boolean;
  caseSensitive?: boolean;
  limit?: number;
  includeIgnored?: boolean;
}

export interface TreeOptions {
  limit?: number;
  includeIgnored?: boolean;
}

export interface FilesTransport {
  name: 'graphql' | 'grpc';
  /** The file with its content; null when absent. */
  read(path: string): Promise<Outcome<FileResult | null>>;
  /** Metadata only: no content is asked for. */
  stat(path: string): Promise<Outcome<FileResult | null>>;
  readBytes(
    path: string,
    offset: number,
    length: number,
  ): Promise<Outcome<{ base64: string; endOfFile: boolean; totalSize: number }>>;
  tree(path: string, depth: number, options?: TreeOptions): Promise<Outcome<TreeResult>>;
  write(input: WriteInput): Promise<Outcome<FileResult>>;
  remove(path: string, recursive?: boolean): Promise<Outcome<boolean>>;
  move(from: string, to: string): Promise<Outcome<FileResult>>;
  mkdir(path: string): Promise<Outcome<FileResult>>;
  search(input: SearchInput): Promise<Outcome<SearchResult>>;
  close(): void;
}

// ── GraphQL ──────────────────────────────────────────────────────────────

const fileFields = 'path name kind size modifiedAt version binary language symlinkTarget';

function graphqlOutcome<T>(
  response: GraphQLResponse<Record<string, unknown>>,
  field: string,
): Outcome<T> {
  const error = response.errors?.[0];
  if (error) {
    return { ok: false, code: String(error.extensions?.code ?? 'UNKNOWN'), message: error.message };
  }
  return { ok: true, value: response.data?.[field] as T };
}

function withContentFields(file: Record<string, unknown> | null): FileResult | null {
  if (!file) return null;
  return { content: null, base64: null, ...file } as FileResult;
}

function treeSelection(depth: number): string {
  const fields = 'path name kind size modifiedAt language ignored truncated';
  // One level past the depth asked for: there `children` must be null.
  return depth < 0 ? 'path' : `${fields} children { ${treeSelection(depth - 1)} }`;
}

/** The files API over GraphQL, each request sending `token` as a bearer token. */
export function graphqlTransport(t: TestServer, token: string): FilesTransport {
  const headers = { authorization: `Bearer ${token}` };
  const call = (query: string, variables: Record<string, unknown>) =>
    gql(t.graphqlUrl, query, variables, headers);
  return {
    name: 'graphql',
    async read(path) {
      const response = await call(
        `query($path: String!) { file(path: $path) { ${fileFields} content base64 } }`,
        { path },
      );
      const outcome = graphqlOutcome<Record<string, unknown> | null>(response, 'file');
      return outcome.ok ? { ok: true, value: withContentFields(outcome.value) } : outcome;
    },
    async stat(path) {
      const response = await call(`query($path: String!) { file(path: $path) { ${fileFields} } }`, {
        path,
      });
      const outcome = graphqlOutcome<Record<string, unknown> | null>(response, 'file');
      return outcome.ok ? { ok: true, value: withContentFields(outcome.value) } : outcome;
    },
    async readBytes(path, offset, length) {
      const response = await call(
        `query($path: String!, $offset: Int!, $length: Int!) {
           file(path: $path) { bytes(offset: $offset, length: $length) { base64 endOfFile totalSize } } }`,
        { path, offset, length },
      );
      const outcome = graphqlOutcome<{
        bytes: { base64: string; endOfFile: boolean; totalSize: number };
      } | null>(response, 'file');
      if (!outcome.ok) return outcome;
      if (!outcome.value)
        return { ok: false, code: 'NOT_FOUND', message: `${path} does not exist` };
      return { ok: true, value: outcome.value.bytes };
    },
    async tree(path, depth, options = {}) {
      const response = await call(
        `query($path: String!, $depth: Int!, $limit: Int!, $includeIgnored: Boolean!) {
           tree(path: $path, depth: $depth, limit: $limit, includeIgnored: $includeIgnored) { ${treeSelection(depth)} } }`,
        {
          path,
          depth,
          limit: options.limit ?? 1000,
          includeIgnored: options.includeIgnored ?? false,
        },
      );
      return graphqlOutcome<TreeResult>(response, 'tree');
    },
    async write(input) {
      const response = await call(
        `mutation($input: WriteFileInput!) { writeFile(input: $input) { ${fileFields} content base64 } }`,
        {
          input: {
            path: input.path,
            content: input.bytes ? input.bytes.toString('base64') : (input.content ?? ''),
            encoding: input.bytes ? 'BASE64' : 'UTF8',
            ifVersion: input.ifVersion ?? null,
            createParents: input.createParents ?? true,
          },
        },
      );
      return graphqlOutcome<FileResult>(response, 'writeFile');
    },
    async remove(path, recursive = false) {
      const response = await call(
        'mutation($path: String!, $recursive: Boolean!) { deletePath(path: $path, recursive: $recursive) }',
        { path, recursive },
      );
      return graphqlOutcome<boolean>(response, 'deletePath');
    },
    async move(from, to) {
      const response = await call(
        `mutation($from: String!, $to: String!) { movePath(from: $from, to: $to) { ${fileFields} } }`,
        { from, to },
      );
      const outcome = graphqlOutcome<Record<string, unknown>>(response, 'movePath');
      return outcome.ok
        ? { ok: true, value: withContentFields(outcome.value) as FileResult }
        : outcome;
    },
    async mkdir(path) {
      const response = await call(
        `mutation($path: String!) { createDirectory(path: $path) { ${fileFields} } }`,
        { path },
      );
      const outcome = graphqlOutcome<Record<string, unknown>>(response, 'createDirectory');
      return outcome.ok
        ? { ok: true, value: withContentFields(outcome.value) as FileResult }
        : outcome;
    },
    async search(input) {
      const response = await call(
        `query($input: SearchFilesInput!) {
           searchFiles(input: $input) { matches { path kind line column lineText } truncated filesScanned } }`,
        { input },
      );
      return graphqlOutcome<SearchResult>(response, 'searchFiles');
    },
    close() {},
  };
}

// ── gRPC ─────────────────────────────────────────────────────────────────

type Callback<T> = (error: ServiceError | null, response?: T) => void;

function grpcOutcome<T>(invoke: (callback: Callback<T>) => void): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    invoke((error, response) => {
      if (error) {
        const code = error.metadata?.get('error-code')[0];
        resolve({
          ok: false,
          code: typeof code === 'string' ? code : `GRPC_${error.code}`,
          message: error.details,
        });
      } else resolve({ ok: true, value: response as T });
    });
  });
}

interface GrpcFileEntry {
  path: string;
  name: string;
  kind: string;
  size: string;
  version: string;
  binary: boolean;
  content: string;
  data: Buffer;
  language: string;
  symlinkTarget: string;
  hasContent: boolean;
  endOfFile: boolean;
}

interface GrpcTreeEntry {
  path: string;
  name: string;
  kind: string;
  size: string;
  modifiedAt: string;
  language: string;
  ignored: boolean;
  truncated: boolean;
  childrenListed: boolean;
  children: GrpcTreeEntry[];
}

function fileFromGrpc(entry: GrpcFileEntry): FileResult {
  const base64 = entry.hasContent
    ? (entry.binary ? entry.data : Buffer.from(entry.content, 'utf8')).toString('base64')
    : null;
  return {
    path: entry.path,
    name: entry.name,
    kind: entry.kind,
    size: Number(entry.size),
    version: entry.version,
    binary: entry.binary,
    content: entry.hasContent && !entry.binary ? entry.content : null,
    base64,
    language: entry.language || null,
    symlinkTarget: entry.symlinkTarget || null,
  };
}

function treeFromGrpc(entry: GrpcTreeEntry): TreeResult {
  return {
    path: entry.path,
    name: entry.name,
    kind: entry.kind,
    size: Number(entry.size),
    modifiedAt: entry.modifiedAt,
    language: entry.language || null,
    ignored: entry.ignored,
    truncated: entry.truncated,
    children: entry.childrenListed ? entry.children.map(treeFromGrpc) : null,
  };
}

function mapOutcome<A, B>(outcome: Outcome<A>, map: (value: A) => B): Outcome<B> {
  return outcome.ok ? { ok: true, value: map(outcome.value) } : outcome;
}

/** The files API over gRPC, each call sending `token` in `authorization` metadata. */
export function grpcTransport(t: Pick<TestServer, 'grpcTarget'>, token: string): FilesTransport {
  // A whole large tree is more than grpc-js's default 4 MiB a message.
  const agent = new agentProto.AgentService(t.grpcTarget, credentials.createInsecure(), {
    ...clientOptions(token),
    'grpc.max_receive_message_length': 256 * 1024 * 1024,
  });
  // The generated client's overloads are many; tests call through one untyped door.
  const client = agent as unknown as Record<
    string,
    (request: unknown, metadata: Metadata, callback: Callback<unknown>) => void
  >;
  const rpc = <T>(method: string, request: unknown) =>
    grpcOutcome<T>((callback) =>
      client[method]?.call(agent, request, new Metadata(), callback as Callback<unknown>),
    );
  const readNullable = async (
    request: Record<string, unknown>,
  ): Promise<Outcome<FileResult | null>> => {
    const outcome = await rpc<GrpcFileEntry>('ReadFile', request);
    if (!outcome.ok && outcome.code === 'NOT_FOUND') return { ok: true, value: null };
    return mapOutcome(outcome, fileFromGrpc);
  };
  return {
    name: 'grpc',
    read: (path) => readNullable({ path }),
    stat: (path) => readNullable({ path, metadataOnly: true }),
    async readBytes(path, offset, length) {
      const outcome = await rpc<GrpcFileEntry>('ReadFile', { path, range: { offset, length } });
      return mapOutcome(outcome, (entry) => ({
        base64: entry.data.toString('base64'),
        endOfFile: entry.endOfFile,
        totalSize: Number(entry.size),
      }));
    },
    async tree(path, depth, options = {}) {
      const outcome = await rpc<GrpcTreeEntry>('ListTree', {
        path,
        depth,
        limit: options.limit ?? 0,
        includeIgnored: options.includeIgnored ?? false,
      });
      return mapOutcome(outcome, treeFromGrpc);
    },
    async write(input) {
      const outcome = await rpc<GrpcFileEntry>('WriteFile', {
        path: input.path,
        ...(input.bytes ? { binary: true, data: input.bytes } : { content: input.content ?? '' }),
        ifVersion: input.ifVersion ?? '',
        ...(input.createParents === undefined ? {} : { createParents: input.createParents }),
      });
      return mapOutcome(outcome, fileFromGrpc);
    },
    async remove(path, recursive = false) {
      const outcome = await rpc<{ deleted: boolean }>('DeletePath', { path, recursive });
      return mapOutcome(outcome, (response) => response.deleted);
    },
    async move(from, to) {
      return mapOutcome(await rpc<GrpcFileEntry>('MovePath', { from, to }), fileFromGrpc);
    },
    async mkdir(path) {
      return mapOutcome(await rpc<GrpcFileEntry>('CreateDirectory', { path }), fileFromGrpc);
    },
    async search(input) {
      const outcome = await rpc<{
        matches: Array<{
          path: string;
          kind: string;
          line: number;
          column: number;
          lineText: string;
        }>;
        truncated: boolean;
        filesScanned: number;
      }>('SearchFiles', { ...input, limit: input.limit ?? 0 });
      return mapOutcome(outcome, (response) => ({
        truncated: response.truncated,
        filesScanned: response.filesScanned,
        matches: response.matches.map((match) => ({
          path: match.path,
          kind: match.kind,
          line: match.line || null,
          column: match.column || null,
          lineText: match.line ? match.lineText : null,
        })),
      }));
    },
    close: () => agent.close(),
  };
}

export function transportsFor(t: TestServer, token: string): FilesTransport[] {
  return [graphqlTransport(t, token), grpcTransport(t, token)];
}

/** The value of a successful outcome; fails the test with the error otherwise. */
export function valueOf<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.code}: ${outcome.message}`);
  return outcome.value;
}
