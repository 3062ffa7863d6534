// Every GraphQL request, on /graphql, both SSE protocols and /metrics, must
// carry a bearer token (docs/contract.md, "Auth"). This runs before anything else
// reads the request, so an unauthenticated client learns nothing but that it
// must authenticate; GraphiQL's page and the health check stay open, since
// they hold no data. The principal found is kept for the context factory.
import type { IncomingMessage } from 'node:http';
import { shouldRenderGraphiQL, type Plugin } from 'graphql-yoga';
import { handleMaybePromise } from '@whatwg-node/promise-helpers';
import { Forbidden, isDomainError, type DomainError } from '../../core/errors.ts';
import type { Principal, Scope } from '../../core/scopes.ts';
import { graphqlErrorCodes } from '../../schema/error-codes.ts';

export interface AuthenticationOptions {
  /** Resolves the caller, or throws a domain error (UNAUTHENTICATED, RATE_LIMITED). */
  authenticate(
    authorization: string | null,
    address: string | undefined,
  ): Principal | Promise<Principal>;
  /** @default ['/graphql', '/graphql/stream'] */
  graphqlPaths?: readonly string[];
  /**
   * Other paths and the scope each needs, e.g. `{ '/metrics': 'logs:read' }`;
   * `null`: any token, the handler checking scopes itself (by method, say).
   */
  protectedPaths?: Readonly<Record<string, Scope | null>>;
  /** Told of anything but a domain error (the database gone, say); the client only learns it failed. */
  onUnexpectedError(error: unknown): void;
}

export interface AuthenticationPlugin extends Plugin {
  /** The principal authenticated for this request; undefined if none was. */
  principalOf(request: Request): Principal | undefined;
  /**
   * Records the principal of a request authenticated outside Yoga's pipeline
   * (the fast path, src/http/graphql-door.ts), for the context factory.
   */
  admit(request: Request, principal: Principal): void;
}

const httpStatusOf: Partial<Record<DomainError['code'], number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
};

function errorResponse(error: DomainError): Response {
  const status = httpStatusOf[error.code] ?? 429;
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (status === 401) headers['www-authenticate'] = 'Bearer realm="genpod"';
  const retryAfterMs = error.details?.['retryAfterMs'];
  if (typeof retryAfterMs === 'number')
    headers['retry-after'] = String(Math.ceil(retryAfterMs / 1000));
  const body = {
    errors: [
      {
        message: error.message,
        extensions: { ...error.details, code: graphqlErrorCodes[error.code] },
      },
    ],
  };
  return new Response(JSON.stringify(body), { status, headers });
}

/** What any unexpected failure looks like to a client: no detail, as maskError answers. */
function unexpectedErrorResponse(): Response {
  const body = {
    errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
  };
  return new Response(JSON.stringify(body), {
    status: 500,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

export function useAuthentication(options: AuthenticationOptions): AuthenticationPlugin {
  const graphqlPaths = new Set(options.graphqlPaths ?? ['/graphql', '/graphql/stream']);
  const protectedPaths = options.protectedPaths ?? {};
  const principals = new WeakMap<Request, Principal>();
  return {
    principalOf: (request) => principals.get(request),
    admit: (request, principal) => void principals.set(request, principal),
    onRequest({ request, url, endResponse, serverContext }) {
      // CORS preflights carry no credentials, by the Fetch standard.
      if (request.method === 'OPTIONS') return;
      const graphql = graphqlPaths.has(url.pathname);
      const scope = protectedPaths[url.pathname];
      if (!graphql && scope === undefined) return;
      if (graphql && shouldRenderGraphiQL(request) && !url.searchParams.has('query')) return;
      const address = (serverContext as { req?: IncomingMessage }).req?.socket.remoteAddress;
      // Synchronous when the principal is known without I/O: no promise for Yoga to wait on.
      return handleMaybePromise(
        () => options.authenticate(request.headers.get('authorization'), address),
        (principal) => {
          if (scope && !principal.scopes.has(scope)) {
            const refusal = new Forbidden(`this endpoint needs the scope ${scope}`, {
              requiredScopes: [scope],
            });
            endResponse(errorResponse(refusal));
            return;
          }
          principals.set(request, principal);
        },
        (error: unknown) => {
          if (isDomainError(error)) {
            endResponse(errorResponse(error));
            return;
          }
          options.onUnexpectedError(error);
          endResponse(unexpectedErrorResponse());
        },
      );
    },
  };
}
