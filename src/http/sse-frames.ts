// The bytes of Yoga's "distinct connections" SSE, as our streams send them:
// a comment first (some browsers hold a response until its first bytes), then
// `event: next` frames with `id: <sequence>` when the result's root field has
// one (docs/live-files.md, "Resuming"), then `event: complete`. Both writers
// use these: Yoga's result processor (src/http/plugins/use-sse-event-ids.ts)
// and the lean door (src/http/sse-door.ts).
import type { ExecutionResult } from 'graphql';

/**
 * Response headers of an event stream, as Yoga's SSE processor sends them: a
 * new object for each response, because whatwg-node's Headers write into the
 * object they were made from (the CORS headers of one response would stay in
 * a shared one and go out with every later stream).
 */
export function sseHeaders(): Record<string, string> {
  return {
    'Content-Type': 'text/event-stream',
    Connection: 'keep-alive',
    'Cache-Control': 'no-cache',
    'Content-Encoding': 'none',
  };
}

/** The first bytes of a stream, and the ping that keeps proxies from timing it out. */
export const pingFrame: Buffer = Buffer.from(':\n\n');

export const completeFrame: Buffer = Buffer.from('event: complete\ndata:\n\n');

/**
 * Shared subscriptions hand the same result object to many subscribers
 * (src/http/plugins/use-shared-subscriptions.ts): serialise and encode it once.
 */
const frames = new WeakMap<ExecutionResult, Buffer>();

/** The `event: next` frame of a result; the same Buffer for the same result object. */
export function nextFrame(result: ExecutionResult): Buffer {
  let frame = frames.get(result);
  if (frame === undefined) {
    const id = sequenceOf(result);
    const { data, errors, extensions } = result;
    frame = Buffer.from(
      `event: next\n${id ? `id: ${id}\n` : ''}data: ${JSON.stringify({ data, errors, extensions })}\n\n`,
    );
    frames.set(result, frame);
  }
  return frame;
}

function sequenceOf(result: ExecutionResult): string | undefined {
  const data = result.data as Record<string, unknown> | null | undefined;
  if (!data) return undefined;
  const [root] = Object.values(data);
  const sequence = (root as { sequence?: unknown } | null | undefined)?.sequence;
  return typeof sequence === 'string' && /^\d+$/.test(sequence) ? sequence : undefined;
}
