// The HTTP server's request handler: a fast path for plain `POST /graphql`
// JSON queries and mutations in front of Yoga, which serves everything else.
// Yoga's per-request pipeline (Fetch Request and Response ponyfills, the
// request parsers, processRequest, sendNodeResponse) cost about as much as the
// resolvers of a small query (docs/performance.md). The fast path keeps what a
// client sees by reusing Yoga's own pieces: its Envelop instance parses,
// validates (every limit and rule of the plugins), builds the context and
// executes (rate limit, metrics, error mask); processRegularResult serialises
// (status codes, `extensions.http`, content type); the CORS policy and
// whatwg-node's CORS headers are Yoga's. Whatever it is not sure to answer as
// Yoga would goes to Yoga: unread when the headers tell (another path or
// method, a chunked, encoded or oversized body, an Accept without JSON, a
// token not known without I/O, graphql-sse), and replayed from the buffered
// body once read (a body Yoga would refuse, a syntax error, a subscription,
// an operation name that picks no operation).
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { GetEnvelopedFn } from '@envelop/core';
import type { ExecutionResult, GraphQLError } from 'graphql';
import { getCORSHeadersByRequestAndOptions, type CORSOptions } from '@whatwg-node/server';
import { handleMaybePromise } from '@whatwg-node/promise-helpers';
import type { Metrics } from '../core/metrics.ts';
import type { Principal } from '../core/scopes.ts';
import { jsonMediaTypeFor, type JsonMediaType } from './accepted-media-type.ts';
import { serializeResult } from './captured-response.ts';
import { plainGraphQLParams, readBody } from './graphql-json-body.ts';
import { NodeRequestView } from './node-request-view.ts';
import { createOperationPreparer } from './operation-preparation.ts';

/** Yoga as a Node request listener, with the Envelop instance the fast path runs through. */
export interface YogaHandler {
  (request: IncomingMessage, response: ServerResponse): unknown;
  getEnveloped: GetEnvelopedFn<unknown>;
}

export interface GraphQLDoorOptions {
  yoga: YogaHandler;
  /** Off: every request goes to Yoga (GRAPHQL_FAST_PATH=off). */
  fastPath: boolean;
  /** @default '/graphql' */
  endpoint?: string;
  /** MAX_REQUEST_BYTES: larger bodies go to Yoga, which refuses them. */
  maxRequestBytes: number;
  /** The caller's principal when known without I/O; anything else goes to Yoga. */
  knownPrincipal(authorization: string | undefined): Principal | undefined;
  /** Hands the principal to Yoga's context factory (useAuthentication's `admit`). */
  admit(request: Request, principal: Principal): void;
  /** Yoga's `cors` option (src/http/cors-policy.ts). */
  cors(request: Request): CORSOptions;
  /** Yoga's error mask, for an error thrown by an operation that ran (Yoga's handleError). */
  maskError(error: unknown, message: string): GraphQLError;
  metrics: Metrics;
  /** Told of a failure to answer at all (Yoga prints those to the console). */
  onUnexpectedError(error: unknown): void;
}

/** graphql-sse's stream token: such requests belong to its handler (use-graphql-sse.ts). */
const streamTokenHeader = 'x-graphql-event-stream-token';

/** As Yoga's POST JSON parser matches a Content-Type: the first of a list, parameters allowed. */
function isJsonContentType(contentType: string | undefined): boolean {
  const first = contentType?.split(',')[0];
  return first === 'application/json' || first?.startsWith('application/json;') === true;
}

export function createGraphQLDoor(options: GraphQLDoorOptions): RequestListener {
  const { yoga, maxRequestBytes } = options;
  const endpoint = options.endpoint ?? '/graphql';
  if (!options.fastPath) return (request, response) => void yoga(request, response);
  const prepare = createOperationPreparer({ getEnveloped: yoga.getEnveloped });
  const counted = {
    fast: options.metrics.graphqlDoorRequests.labels('fast'),
    replayed: options.metrics.graphqlDoorRequests.labels('replayed'),
    passed: options.metrics.graphqlDoorRequests.labels('passed'),
  };

  /** Yoga reads the body from `request.body` once the stream was consumed (whatwg-node). */
  const replay = (request: IncomingMessage, response: ServerResponse, body: Buffer) => {
    counted.replayed.inc();
    Object.assign(request, { body });
    void yoga(request, response);
  };

  const respond = (
    view: NodeRequestView,
    response: ServerResponse,
    result: ExecutionResult,
    mediaType: JsonMediaType,
  ) => {
    try {
      const { status, headers, body } = serializeResult(result, mediaType);
      // Yoga's Response sets it from the text; writeHead alone would send the body chunked.
      headers['content-length'] = String(Buffer.byteLength(body));
      const request = view.asRequest();
      const cors = getCORSHeadersByRequestAndOptions(request, options.cors(request));
      // Fetch's Headers (Yoga's) lower-case the names CORS sets.
      if (cors) for (const name in cors) headers[name.toLowerCase()] = cors[name] as string;
      if (response.destroyed) return;
      response.writeHead(status, headers);
      response.end(body);
    } catch (error) {
      options.onUnexpectedError(error);
      response.destroy();
    }
  };

  const serve = (
    request: IncomingMessage,
    response: ServerResponse,
    body: Buffer,
    principal: Principal,
    mediaType: JsonMediaType,
  ) => {
    const params = plainGraphQLParams(body);
    if (!params) return replay(request, response, body);
    const view = new NodeRequestView(request);
    options.admit(view.asRequest(), principal);
    const initialContext = { req: request, res: response, request: view.asRequest(), params };
    let prepared;
    try {
      prepared = prepare(initialContext, params);
    } catch {
      // A syntax error or a parse-time limit: Yoga words and logs those (it
      // kept the error in its parse cache, so the replay does not parse again).
      return replay(request, response, body);
    }
    if (prepared.kind === 'invalid') {
      counted.fast.inc();
      return respond(view, response, { errors: prepared.errors as GraphQLError[] }, mediaType);
    }
    // No operation for the name given (Yoga's parse hook refuses that with
    // OPERATION_RESOLUTION_FAILURE), or a subscription (Yoga streams it).
    const operation = prepared.operation?.operation;
    if (operation === undefined || operation === 'subscription')
      return replay(request, response, body);
    counted.fast.inc();
    void handleMaybePromise(
      prepared.run,
      (result) => respond(view, response, result as ExecutionResult, mediaType),
      (error: unknown) => {
        const masked = options.maskError(error, 'Unexpected error.');
        respond(view, response, { errors: [masked] }, mediaType);
      },
    );
  };

  return (request, response) => {
    const headers = request.headers;
    if (request.method !== 'POST' || request.url !== endpoint) return void yoga(request, response);
    const length = Number(headers['content-length']);
    const mediaType = jsonMediaTypeFor(headers.accept);
    const principal =
      length > 0 &&
      length <= maxRequestBytes &&
      headers['transfer-encoding'] === undefined &&
      headers['content-encoding'] === undefined &&
      headers[streamTokenHeader] === undefined &&
      isJsonContentType(headers['content-type']) &&
      mediaType !== undefined
        ? options.knownPrincipal(headers.authorization)
        : undefined;
    if (!principal || !mediaType) {
      counted.passed.inc();
      return void yoga(request, response);
    }
    readBody(request, length)
      .then(
        (body) => serve(request, response, body, principal, mediaType),
        // The client went away mid-body: nobody is left to answer.
        () => response.destroy(),
      )
      .catch((error: unknown) => {
        options.onUnexpectedError(error);
        response.destroy();
      });
  };
}
