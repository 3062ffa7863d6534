// Refuses HTTP request bodies over a byte limit with 413 and a GraphQL error
// body (code TOO_LARGE), never holding more than the limit in memory.
// A body that declares its length is judged by the header alone, unread
// (Node's parser never delivers more than Content-Length says). A chunked body
// is not read here either: it is wrapped so that whoever reads it later (Yoga's
// parser, the graphql-sse handler) gets an error the moment it passes the
// limit, and the answer to that request becomes the 413. Reading nothing, this
// can run ahead of authentication, so the request the auth plugin remembers is
// the one the rest of the pipeline sees.
import type { Plugin } from 'graphql-yoga';
import { TooLarge } from '../../core/errors.ts';
import { graphqlErrorCodes } from '../../schema/error-codes.ts';

export interface RequestSizeLimitOptions {
  /** Largest request body accepted, in bytes. */
  maxBytes: number;
  /** Paths whose handler bounds its own bodies (an archive upload streams far past this). */
  exceptPaths?: readonly string[];
}

type FetchAPI = { Response: typeof Response; Request: typeof Request; Headers: typeof Headers };

/** Response headers set before ours replaces a response (CORS, above all) and still true. */
const keptHeaders = /^(access-control-|vary$)/i;

export function useRequestSizeLimit({
  maxBytes,
  exceptPaths = [],
}: RequestSizeLimitOptions): Plugin {
  const excepted = new Set(exceptPaths);
  const overflowed = new WeakSet<Request>();

  const tooLarge = (fetchAPI: FetchAPI, previous?: Headers) => {
    const error = new TooLarge(`request body is larger than the ${maxBytes}-byte limit`, {
      maxBytes,
    });
    const headers = new fetchAPI.Headers({
      'content-type': 'application/json; charset=utf-8',
      // What is left of the body is not worth reading: drop the connection after answering.
      connection: 'close',
    });
    previous?.forEach((value, name) => {
      if (keptHeaders.test(name)) headers.set(name, value);
    });
    const body = {
      errors: [
        {
          message: error.message,
          extensions: { ...error.details, code: graphqlErrorCodes[error.code] },
        },
      ],
    };
    return new fetchAPI.Response(JSON.stringify(body), { status: 413, headers });
  };

  return {
    onRequest({ request, url, fetchAPI, endResponse, setRequest }) {
      if (request.method === 'GET' || request.method === 'HEAD') return;
      if (excepted.has(url.pathname)) return;
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (Number(declared) > maxBytes) endResponse(tooLarge(fetchAPI));
        return;
      }
      const body = request.body;
      if (!body) return;
      const counted: Request = new fetchAPI.Request(request.url, {
        method: request.method,
        headers: request.headers,
        signal: request.signal,
        body: limitedStream(body, maxBytes, () => overflowed.add(counted)),
        // A streamed request body must say so (the Fetch standard's `duplex`).
        duplex: 'half',
      } as RequestInit);
      setRequest(counted);
    },
    onResponse({ request, response, setResponse, fetchAPI }) {
      // Whatever the reader made of the failed body (400, invalid JSON), the truth is 413.
      if (overflowed.has(request)) setResponse(tooLarge(fetchAPI, response.headers));
    },
  };
}

/** Passes the chunks through until more than `maxBytes` went by, then fails the stream. */
function limitedStream(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  onOverflow: () => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let total = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        return;
      }
      total += value.byteLength;
      if (total <= maxBytes) {
        controller.enqueue(value);
        return;
      }
      onOverflow();
      controller.error(new TooLarge(`request body is larger than the ${maxBytes}-byte limit`));
      await reader.cancel().catch(() => {});
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
