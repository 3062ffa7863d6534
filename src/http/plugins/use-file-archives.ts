// `/files/archive`: a folder as a tar.gz download (GET), and an archive
// unpacked into a folder (POST, the archive as the raw body), with the same
// bearer token as GraphQL (useAuthentication checks it first and keeps the
// principal). Errors answer as GraphQL errors do, with a status:
// `{ "errors": [{ "message", "extensions": { "code", … } }] }`.
// GraphQL itself has no upload here: Yoga's multipart uploads buffer each
// file whole, and an archive is meant to stream (docs/files.md, "Archives").
import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { isDomainError, type DomainErrorCode } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { Principal } from '../../core/scopes.ts';
import type { Context, Services } from '../../resolvers/context.ts';
import { downloadArchive, uploadArchive } from '../../resolvers/file-archives.ts';
import { graphqlErrorCodes } from '../../schema/error-codes.ts';

export interface FileArchivesOptions {
  services: Services;
  /** The principal useAuthentication found for the request. */
  principalOf(request: Request): Principal | undefined;
  /** @default '/files/archive' */
  path?: string;
}

/** One HTTP status per domain code, for answers outside GraphQL. */
const httpStatusOf: Record<DomainErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  QUERY_TOO_COMPLEX: 400,
  RATE_LIMITED: 429,
  UPSTREAM: 502,
};

function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

function errorResponse(error: unknown, logger: Logger): Response {
  if (isDomainError(error)) {
    const headers: Record<string, string> = {};
    const retryAfterMs = error.details?.['retryAfterMs'];
    if (typeof retryAfterMs === 'number')
      headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
    const extensions = { ...error.details, code: graphqlErrorCodes[error.code] };
    return json(
      { errors: [{ message: error.message, extensions }] },
      httpStatusOf[error.code],
      headers,
    );
  }
  logger.error({ err: error }, 'unexpected error in a file archive request');
  return json(
    { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
    500,
  );
}

/** `?flag`, `?flag=true` and `?flag=1` are true. */
function flag(url: URL, name: string): boolean {
  const value = url.searchParams.get(name);
  return value !== null && value !== 'false' && value !== '0';
}

export function useFileArchives({
  services,
  principalOf,
  path = '/files/archive',
}: FileArchivesOptions): Plugin {
  const logger = services.logger.child({ component: 'archives' });
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== path) return;
      if (request.method !== 'GET' && request.method !== 'POST') {
        endResponse(
          new Response('use GET to download, POST to upload\n', {
            status: 405,
            headers: { allow: 'GET, POST' },
          }),
        );
        return;
      }
      const principal = principalOf(request);
      // useAuthentication answered every request it could not authenticate.
      if (!principal) return;
      const ctx: Context = {
        services,
        // The HTTP door is the GraphQL server's: events name it so.
        transport: 'graphql',
        requestId: randomUUID(),
        principal,
      };
      const answer = async (): Promise<Response> => {
        await services.rateLimits.consume(principal);
        const folder = url.searchParams.get('path') ?? '';
        if (request.method === 'GET') {
          const download = await downloadArchive(ctx, {
            path: folder,
            includeIgnored: flag(url, 'includeIgnored'),
            exclude: url.searchParams.getAll('exclude'),
          });
          // Yoga's Response takes the Node stream as it is and pipes it to the
          // socket (a web stream in between costs a third of the time); a
          // client that hangs up destroys it, which ends the walk.
          return new fetchAPI.Response(download.stream as unknown as BodyInit, {
            headers: {
              'content-type': 'application/gzip',
              'content-disposition': `attachment; filename="${encodeURIComponent(download.fileName)}"`,
              'x-content-type-options': 'nosniff',
            },
          });
        }
        const uploaded = await uploadArchive(ctx, { path: folder, body: chunksOf(request.body) });
        return json(uploaded, 200);
      };
      return answer().then(endResponse, (error: unknown) =>
        endResponse(errorResponse(error, logger)),
      );
    },
  };
}

/** A request body's chunks; none for a request without one. */
async function* chunksOf(body: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  if (!body) return;
  const reader = body.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
  } finally {
    // Stopped early (a refused entry): the rest of the upload is not read.
    await reader.cancel().catch(() => {});
  }
}
