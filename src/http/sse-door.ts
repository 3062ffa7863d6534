// The lean door for Yoga's "distinct connections" SSE (docs/performance.md,
// "Idle SSE subscriber"). Yoga still prepares every request, so every rule
// holds as it is written once: CORS, authentication, size and query limits,
// the rate limit, shared subscriptions, credential lifetime, drain on
// shutdown, metrics, and every refusal with its status and body. What the
// door takes over is the stream itself, once Yoga has a subscription's
// iterator: instead of a Fetch Response over a ReadableStream piped into the
// socket, with a keep-alive Timeout each, the door writes each result's frame
// (one Buffer per shared result, src/http/sse-frames.ts) straight to the
// ServerResponse, and one timer pings every open stream.
//
// Backpressure: a stream whose socket is full is not read from until the
// socket drains, so its results wait in the subscription's own bounded queue
// (a shared one ends a subscriber that falls too far behind). A stream that
// stays full for a whole ping interval is cut; its client reconnects with
// Last-Event-ID and resumes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleErrorFromRequestHandler, sendNodeResponse } from '@whatwg-node/server';
import type { ExecutionResult } from 'graphql';
import { NodeRequestView } from './node-request-view.ts';
import { isGraphQLSSERequest } from './plugins/use-graphql-sse.ts';
import { completeFrame, nextFrame, pingFrame } from './sse-frames.ts';

const claimKey = Symbol('sse-door.claim');

/**
 * What the GraphQL pipeline hands the door for one request: the subscription's
 * iterator (src/http/plugins/use-sse-door.ts) and what is to run when its
 * stream ends or fails (src/http/plugins/use-metrics.ts). Filled while Yoga
 * prepares the request; emptied by the door, since Yoga's context keeps it.
 */
export interface StreamClaim {
  iterator?: AsyncIterator<ExecutionResult> | undefined;
  /** The result a failing stream sends last: the error, masked as Yoga masks it. */
  errorResult?: ((error: unknown) => ExecutionResult) | undefined;
  onEnd?: (() => void) | undefined;
  onError?: (() => void) | undefined;
}

/** The claim of a request that came through the door; undefined for any other. */
export function streamClaimOf(serverContext: unknown): StreamClaim | undefined {
  return (serverContext as { [claimKey]?: StreamClaim } | null | undefined)?.[claimKey];
}

/** What the door needs of the Yoga server (a `createServer` listener, among others). */
export interface YogaNodeHandler {
  (req: IncomingMessage, res: ServerResponse): unknown;
  handleNodeRequestAndResponse(
    req: IncomingMessage,
    res: ServerResponse,
    serverContext: Record<string | symbol, unknown>,
  ): Response | Promise<Response>;
  fetchAPI: { Response: typeof Response };
}

export interface SSEDoorOptions {
  /** @default '/graphql' */
  graphqlEndpoint?: string;
  /** Between two pings of every open stream; also how long a full socket is waited for. */
  pingMs: number;
  /** Told of a failure past the point where a client can be answered. */
  onUnexpectedError(error: unknown): void;
}

export interface SSEDoor {
  /** The HTTP server's request listener: SSE requests through the door, the rest to Yoga. */
  listener(req: IncomingMessage, res: ServerResponse): void;
  /** Streams open through the door now. */
  readonly openStreams: number;
  /** Stops the ping timer; streams end through the shutdown signal, as Yoga's do. */
  close(): void;
}

/** One subscriber: its response, its iterator, and whether its socket is full. */
interface OpenStream {
  readonly res: ServerResponse;
  readonly iterator: AsyncIterator<ExecutionResult>;
  readonly errorResult: ((error: unknown) => ExecutionResult) | undefined;
  readonly onEnd: (() => void) | undefined;
  readonly onError: (() => void) | undefined;
  /** The ping tick at which a write found the socket full; undefined once it drained. */
  fullSince: number | undefined;
  /** The pump, waiting for the socket to drain. */
  wake: (() => void) | undefined;
  /** The iterator is finished (done, failed or returned). */
  ended: boolean;
}

/**
 * Yoga's own SSE: a GET or POST to the GraphQL endpoint asking for an event
 * stream, that is not one of graphql-sse's (which Yoga serves, both modes).
 */
function isYogaSSERequest(req: IncomingMessage, graphqlEndpoint: string): boolean {
  if (req.method !== 'GET' && req.method !== 'POST') return false;
  if (!req.headers.accept?.includes('text/event-stream')) return false;
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== graphqlEndpoint) return false;
  return !isGraphQLSSERequest(new NodeRequestView(req), url, {
    graphqlEndpoint,
  });
}

export function createSSEDoor(yoga: YogaNodeHandler, options: SSEDoorOptions): SSEDoor {
  const graphqlEndpoint = options.graphqlEndpoint ?? '/graphql';
  const streams = new Set<OpenStream>();
  let tick = 1;
  let timer: NodeJS.Timeout | undefined;

  const pingAll = () => {
    tick += 1;
    for (const stream of streams) {
      // Ended, its 'close' not yet come: a write now would be an error event.
      if (stream.res.writableEnded || stream.res.destroyed) continue;
      if (stream.fullSince === undefined) {
        if (!stream.res.write(pingFrame)) stream.fullSince = tick;
      } else if (tick - stream.fullSince >= 2) {
        // Full for a whole interval: this client is not reading.
        stream.res.destroy();
      }
    }
  };

  /** Runs once, when the response closes, however it ended. */
  const forget = (stream: OpenStream) => {
    streams.delete(stream);
    stream.wake?.();
    if (!stream.ended) {
      stream.ended = true;
      void Promise.resolve(stream.iterator.return?.()).catch(options.onUnexpectedError);
    }
    stream.onEnd?.();
    if (streams.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  const pump = async (stream: OpenStream) => {
    const { res, iterator } = stream;
    const writable = () => !res.destroyed && !res.writableEnded;
    try {
      for (;;) {
        const next = await iterator.next();
        if (!writable()) return;
        if (next.done) {
          stream.ended = true;
          if (next.value != null) res.write(nextFrame(next.value as ExecutionResult));
          res.end(completeFrame);
          return;
        }
        if (!res.write(nextFrame(next.value))) {
          stream.fullSince ??= tick;
          await new Promise<void>((resolve) => (stream.wake = resolve));
        }
      }
    } catch (error) {
      // As through Yoga: the error, masked, as the last result, then the end.
      stream.ended = true;
      stream.onError?.();
      const last = stream.errorResult?.(error);
      if (!writable()) return;
      if (last) res.write(nextFrame(last));
      res.end(completeFrame);
    }
  };

  const open = (res: ServerResponse, head: Response, claim: StreamClaim) => {
    const { iterator, errorResult, onEnd, onError } = claim;
    if (!iterator) return;
    head.headers.forEach((value, name) => res.setHeader(name, value));
    res.writeHead(head.status);
    res.write(pingFrame);
    const stream: OpenStream = {
      res,
      iterator,
      errorResult,
      onEnd,
      onError,
      fullSince: undefined,
      wake: undefined,
      ended: false,
    };
    res.on('drain', () => {
      stream.fullSince = undefined;
      const wake = stream.wake;
      stream.wake = undefined;
      wake?.();
    });
    res.on('close', () => forget(stream));
    streams.add(stream);
    timer ??= setInterval(pingAll, options.pingMs).unref();
    void pump(stream);
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    if (!isYogaSSERequest(req, graphqlEndpoint)) {
      void yoga(req, res);
      return;
    }
    const claim: StreamClaim = {};
    const serverContext = { req, res, [claimKey]: claim };
    Promise.resolve()
      .then(() => yoga.handleNodeRequestAndResponse(req, res, serverContext))
      .catch((error: unknown) => handleErrorFromRequestHandler(error, yoga.fetchAPI.Response))
      .then((response) => {
        // Yoga's context keeps the claim: let it keep nothing of the stream.
        const taken = { ...claim };
        claim.iterator = claim.errorResult = claim.onEnd = claim.onError = undefined;
        if (taken.iterator && response.status === 200 && !res.destroyed && !res.headersSent) {
          // The body was read to its end (the request was parsed), but the
          // Fetch ponyfill's reader stays listening, keeping its Request alive.
          req.removeAllListeners('data');
          open(res, response, taken);
          return;
        }
        if (taken.iterator) {
          void Promise.resolve(taken.iterator.return?.()).catch(options.onUnexpectedError);
          taken.onEnd?.();
        }
        return sendNodeResponse(response, res, req, true);
      })
      .catch(options.onUnexpectedError);
  };
  return {
    listener,
    get openStreams() {
      return streams.size;
    },
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
