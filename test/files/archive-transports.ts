// Archive download and upload through each door with one shape of answer:
// HTTP (/files/archive) and gRPC (DownloadArchive, UploadArchive streams).
import { credentials, type ServiceError } from '@grpc/grpc-js';
import { expect } from 'vitest';
import { agentProto } from '../../src/grpc/proto.ts';
import { clientOptions } from '../utils/grpc.ts';
import type { TestServer } from '../utils/tserver.ts';

export interface Uploaded {
  path: string;
  files: number;
  directories: number;
  symlinks: number;
  bytes: number;
}

export interface DownloadOptions {
  includeIgnored?: boolean;
  exclude?: string[];
}

/** What failed: the domain code, and for HTTP the status (gRPC: its status code). */
export type Failure = { ok: false; code: string; message: string; status: number };

export type Result<T> = { ok: true; value: T } | Failure;

export interface ArchiveTransport {
  download(path: string, options?: DownloadOptions): Promise<Result<Buffer>>;
  upload(path: string, archive: Buffer): Promise<Result<Uploaded>>;
  close(): void;
}

async function httpFailure(response: Response): Promise<Failure> {
  const body = (await response.json()) as {
    errors: Array<{ message: string; extensions: { code: string } }>;
  };
  const [error] = body.errors;
  return {
    ok: false,
    code: error?.extensions.code ?? 'UNKNOWN',
    message: error?.message ?? '',
    status: response.status,
  };
}

export function httpArchives(t: TestServer, token: string): ArchiveTransport {
  const headers = { authorization: `Bearer ${token}` };
  return {
    async download(path, options = {}) {
      const url = new URL('/files/archive', t.origin);
      url.searchParams.set('path', path);
      if (options.includeIgnored) url.searchParams.set('includeIgnored', 'true');
      for (const glob of options.exclude ?? []) url.searchParams.append('exclude', glob);
      const response = await fetch(url, { headers });
      if (!response.ok) return httpFailure(response);
      expect(response.headers.get('content-type')).toBe('application/gzip');
      return { ok: true, value: Buffer.from(await response.arrayBuffer()) };
    },
    async upload(path, archive) {
      const url = new URL('/files/archive', t.origin);
      url.searchParams.set('path', path);
      const response = await fetch(url, { method: 'POST', headers, body: new Uint8Array(archive) });
      if (!response.ok) return httpFailure(response);
      return { ok: true, value: (await response.json()) as Uploaded };
    },
    close() {},
  };
}

function grpcFailure(error: ServiceError): Failure {
  const code = error.metadata?.get('error-code')[0];
  return {
    ok: false,
    code: typeof code === 'string' ? code : `GRPC_${error.code}`,
    message: error.details,
    status: error.code,
  };
}

export function grpcArchives(t: TestServer, token: string): ArchiveTransport {
  const client = new agentProto.AgentService(
    t.grpcTarget,
    credentials.createInsecure(),
    clientOptions(token),
  );
  return {
    download(path, options = {}) {
      return new Promise((resolve) => {
        const chunks: Buffer[] = [];
        const call = client.downloadArchive({
          path,
          includeIgnored: options.includeIgnored ?? false,
          exclude: options.exclude ?? [],
        });
        call.on('data', (chunk: { data: Buffer }) => chunks.push(chunk.data));
        call.on('error', (error: ServiceError) => resolve(grpcFailure(error)));
        call.on('end', () => resolve({ ok: true, value: Buffer.concat(chunks) }));
      });
    },
    upload(path, archive) {
      return new Promise((resolve) => {
        const call = client.uploadArchive((error, response) => {
          if (error) resolve(grpcFailure(error));
          else if (response)
            resolve({ ok: true, value: { ...response, bytes: Number(response.bytes) } });
        });
        // Errors after the answer (the server stopped reading) are the answer's.
        call.on('error', () => {});
        call.write({ header: { path } });
        for (let at = 0; at < archive.length; at += 16 * 1024) {
          call.write({ chunk: archive.subarray(at, at + 16 * 1024) });
        }
        call.end();
      });
    },
    close: () => client.close(),
  };
}
