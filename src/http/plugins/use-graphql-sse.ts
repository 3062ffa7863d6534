// The graphql-sse protocol (distinct and single connection modes) beside
// Yoga's own SSE. It answers at /graphql/stream for every request, and at
// /graphql for the requests only that protocol makes: the PUT that reserves a
// single connection and the requests that carry its token. Modelled on
// @graphql-yoga/plugin-graphql-sse, which can only claim a whole path.
//
// A reserved stream belongs to the credential that reserved it: its stream
// token is signed with the reserver's id (src/http/stream-reservation.ts), and a
// request carrying it under any other credential is refused FORBIDDEN.
import { randomUUID } from 'node:crypto';
import { GraphQLError, type DocumentNode } from 'graphql';
import type { Response as SSEResponse } from 'graphql-sse';
import { createHandler } from 'graphql-sse/lib/use/fetch';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import { handleMaybePromise } from '@whatwg-node/promise-helpers';
import { Forbidden } from '../../core/errors.ts';
import { graphqlErrorCodes } from '../../schema/error-codes.ts';
import { runOperation } from '../operation-preparation.ts';
import { StreamReservations } from '../stream-reservation.ts';

const tokenHeader = 'x-graphql-event-stream-token';

export interface GraphQLSSEOptions {
  /** @default '/graphql' */
  graphqlEndpoint?: string;
  /** @default '/graphql/stream' */
  streamEndpoint?: string;
  /**
   * Who sent a request (the authenticated principal's id); a reserved stream
   * answers only requests from the id that reserved it.
   */
  ownerOf?: (request: Request) => string | undefined;
}

/** The stream token a graphql-sse request carries, as graphql-sse itself reads it. */
function streamTokenOf(request: Request): string | null {
  return request.headers.get(tokenHeader) || new URL(request.url).searchParams.get('token');
}

function forbidden(): SSEResponse {
  const refusal = new Forbidden('this event stream was reserved with another token');
  return [
    JSON.stringify({
      errors: [{ message: refusal.message, extensions: { code: graphqlErrorCodes[refusal.code] } }],
    }),
    {
      status: 403,
      statusText: 'Forbidden',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    },
  ];
}

/** `url` is the request's, parsed once by Yoga for every plugin (no `new URL` per request here). */
export function isGraphQLSSERequest(
  request: Request,
  url: URL,
  { graphqlEndpoint = '/graphql', streamEndpoint = '/graphql/stream' }: GraphQLSSEOptions = {},
): boolean {
  if (url.pathname === streamEndpoint) return true;
  if (url.pathname !== graphqlEndpoint) return false;
  return (
    request.method === 'PUT' || request.headers.has(tokenHeader) || url.searchParams.has('token')
  );
}

type ServerContext = Record<string, unknown>;

/**
 * graphql-sse recognises an execution result by its `data` key, but graphql-js
 * leaves it out when a subscription fails before its first event; without it
 * the handler would mistake the result for arguments and answer 400.
 */
function withDataField<T>(result: T): T {
  if (result && typeof result === 'object' && !(Symbol.asyncIterator in result)) {
    return 'data' in result ? result : { data: null, ...result };
  }
  return result;
}

/** A [body, init] pair: the handler's way to answer with a response of ours. */
function badRequest(errors: readonly GraphQLError[]): SSEResponse {
  return [
    JSON.stringify({ errors }),
    {
      status: 400,
      statusText: 'Bad Request',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    },
  ];
}

export function useGraphQLSSE(options: GraphQLSSEOptions = {}): Plugin {
  const contextByRequest = new WeakMap<Request, ServerContext>();
  const reservations = new StreamReservations();
  const ownerOf = options.ownerOf ?? (() => undefined);
  let handler: (request: Request) => Promise<Response>;
  return {
    onYogaInit({ yoga }) {
      handler = createHandler(
        {
          authenticate(req) {
            const owner = ownerOf(req.raw) ?? '';
            // A reservation gets a new token signed for its owner, whatever the
            // client suggested (graphql-sse would otherwise take its header).
            if (req.method === 'PUT') return reservations.reserve(owner);
            const token = streamTokenOf(req.raw);
            // No token: distinct connections mode, nothing reserved to guard
            // (graphql-sse wants a string all the same, and finds no stream under it).
            if (!token) return randomUUID();
            return reservations.isOwnedBy(token, owner) ? token : forbidden();
          },
          onSubscribe(req, params) {
            const enveloped = yoga.getEnveloped({
              ...contextByRequest.get(req.raw),
              request: req.raw,
              params,
            } as unknown as YogaInitialContext);
            let document: DocumentNode;
            try {
              document = enveloped.parse(params.query);
            } catch (error) {
              // A syntax error, or a parse-time limit (use-query-limits.ts): the
              // client's mistake, answered like a validation error, not a 500.
              if (!(error instanceof GraphQLError)) throw error;
              return badRequest([error]);
            }
            const errors = enveloped.validate(enveloped.schema, document);
            if (errors.length > 0) return badRequest(errors);
            return handleMaybePromise(
              () =>
                runOperation(enveloped, document, {
                  query: params.query,
                  variables: params.variables ?? null,
                  operationName: params.operationName ?? null,
                }),
              withDataField,
            );
          },
        },
        yoga.fetchAPI,
      );
    },
    onRequest({ request, url, endResponse, serverContext }) {
      if (!isGraphQLSSERequest(request, url, options)) return;
      contextByRequest.set(request, serverContext as ServerContext);
      return handleMaybePromise(() => handler(request), endResponse);
    },
  };
}
