// Yoga's SSE with event ids: each `next` event whose root field carries a
// `sequence` is sent with `id: <sequence>`, so a browser's EventSource sends it
// back as `Last-Event-ID` when it reconnects, and the server resumes from it
// (see `lastEventId` in the context). Follows graphql-yoga's own SSE result
// processor (src/plugins/result-processor/sse.ts), which has no ids.
import { isAsyncIterable } from '@envelop/core';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { streamClaimOf } from '../sse-door.ts';
import { completeFrame, nextFrame, pingFrame, sseHeaders } from '../sse-frames.ts';

type ResultProcessPayload = Parameters<NonNullable<Plugin['onResultProcess']>>[0];
type ResultProcessor = Parameters<ResultProcessPayload['setResultProcessor']>[0];

export interface SSEEventIdsOptions {
  /** Keeps proxies and browsers from timing an idle stream out. @default 12000 */
  pingMs?: number;
}

const processSSEWithIds =
  (pingIntervalMs: number): ResultProcessor =>
  (result, fetchAPI) => {
    let iterator: AsyncIterator<ExecutionResult> | undefined;
    let ping: NodeJS.Timeout | undefined;
    const stream = new fetchAPI.ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(pingFrame);
        ping = setInterval(() => {
          if (controller.desiredSize === null) clearInterval(ping);
          else if (controller.desiredSize > 0) controller.enqueue(pingFrame);
        }, pingIntervalMs);
        iterator = (result as AsyncIterable<ExecutionResult>)[Symbol.asyncIterator]();
      },
      async pull(controller) {
        if (!iterator) return;
        try {
          const next = await iterator.next();
          if (next.value != null) controller.enqueue(nextFrame(next.value));
          if (next.done) {
            controller.enqueue(completeFrame);
            clearInterval(ping);
            controller.close();
          }
        } catch (error) {
          clearInterval(ping);
          controller.error(error);
        }
      },
      async cancel() {
        clearInterval(ping);
        await iterator?.return?.();
      },
    });
    return new fetchAPI.Response(stream, { status: 200, headers: sseHeaders() });
  };

const headOnly: ResultProcessor = (_result, fetchAPI) =>
  new fetchAPI.Response(null, { status: 200, headers: sseHeaders() });

export function useSSEEventIds({ pingMs = 12_000 }: SSEEventIdsOptions = {}): Plugin {
  const processor = processSSEWithIds(pingMs);
  return {
    onResultProcess({ request, result, setResultProcessor, serverContext }) {
      const accept = request.headers.get('accept') ?? '';
      if (!isAsyncIterable(result) || !accept.includes('text/event-stream')) return;
      // Claimed by the lean door (src/http/plugins/use-sse-door.ts): the door
      // writes the stream to the socket itself; Yoga answers only the head,
      // which its response hooks (CORS) still complete.
      if (streamClaimOf(serverContext)?.iterator) {
        setResultProcessor(headOnly, 'text/event-stream');
        return;
      }
      setResultProcessor(processor, 'text/event-stream');
    },
  };
}
