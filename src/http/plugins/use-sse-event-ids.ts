// Yoga's SSE with event ids: each `next` event whose root field carries a
// `sequence` is sent with `id: <sequence>`, so a browser's EventSource sends it
// back as `Last-Event-ID` when it reconnects, and the server resumes from it
// (see `lastEventId` in the context). Follows graphql-yoga's own SSE result
// processor (src/plugins/result-processor/sse.ts), which has no ids.
import { isAsyncIterable } from '@envelop/core';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

type ResultProcessPayload = Parameters<NonNullable<Plugin['onResultProcess']>>[0];
type ResultProcessor = Parameters<ResultProcessPayload['setResultProcessor']>[0];

/** Keeps proxies and browsers from timing an idle stream out. */
const pingIntervalMs = 12_000;

/**
 * Shared subscriptions hand the same result object to many subscribers:
 * serialise and encode it once.
 */
const serialized = new WeakMap<ExecutionResult, Uint8Array>();
const utf8 = new TextEncoder();

function serialize(result: ExecutionResult): Uint8Array {
  let text = serialized.get(result);
  if (text === undefined) {
    const id = sequenceOf(result);
    const { data, errors, extensions } = result;
    text = utf8.encode(
      `event: next\n${id ? `id: ${id}\n` : ''}data: ${JSON.stringify({ data, errors, extensions })}\n\n`,
    );
    serialized.set(result, text);
  }
  return text;
}

function sequenceOf(result: ExecutionResult): string | undefined {
  const data = result.data as Record<string, unknown> | null | undefined;
  if (!data) return undefined;
  const [root] = Object.values(data);
  const sequence = (root as { sequence?: unknown } | null | undefined)?.sequence;
  return typeof sequence === 'string' && /^\d+$/.test(sequence) ? sequence : undefined;
}

const processSSEWithIds: ResultProcessor = (result, fetchAPI) => {
  const encoder = new fetchAPI.TextEncoder();
  let iterator: AsyncIterator<ExecutionResult> | undefined;
  let ping: NodeJS.Timeout | undefined;
  const stream = new fetchAPI.ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(':\n\n'));
      ping = setInterval(() => {
        if (controller.desiredSize === null) clearInterval(ping);
        else if (controller.desiredSize > 0) controller.enqueue(encoder.encode(':\n\n'));
      }, pingIntervalMs);
      iterator = (result as AsyncIterable<ExecutionResult>)[Symbol.asyncIterator]();
    },
    async pull(controller) {
      if (!iterator) return;
      try {
        const next = await iterator.next();
        if (next.value != null) controller.enqueue(serialize(next.value));
        if (next.done) {
          controller.enqueue(encoder.encode('event: complete\ndata:\n\n'));
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
  return new fetchAPI.Response(stream, {
    status: 200,
    headers: {
      'Content-Type': 'text/event-stream',
      Connection: 'keep-alive',
      'Cache-Control': 'no-cache',
      'Content-Encoding': 'none',
    },
  });
};

export function useSSEEventIds(): Plugin {
  return {
    onResultProcess({ request, result, setResultProcessor }) {
      const accept = request.headers.get('accept') ?? '';
      if (isAsyncIterable(result) && accept.includes('text/event-stream')) {
        setResultProcessor(processSSEWithIds, 'text/event-stream');
      }
    },
  };
}
