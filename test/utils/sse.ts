// Reads a text/event-stream response the way a browser's EventSource does,
// without any GraphQL client in between.
export interface ServerSentEvent {
  event: string;
  data: string;
  id?: string;
}

export async function* readEventStream(response: Response): AsyncGenerator<ServerSentEvent> {
  if (!response.body) throw new Error('response has no body');
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let boundary: number;
      while ((boundary = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const event: ServerSentEvent = { event: 'message', data: '' };
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon === -1 ? line : line.slice(0, colon);
          const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event.event = value;
          else if (field === 'data') data.push(value);
          else if (field === 'id') event.id = value;
        }
        if (data.length === 0 && event.event === 'message') continue;
        event.data = data.join('\n');
        yield event;
      }
    }
  } finally {
    // Stopping early (break, return) must close the connection, as EventSource.close() does.
    await reader.cancel().catch(() => {});
  }
}

/** Takes the first `count` items of an async iterable, then stops reading it. */
export async function take<T>(source: AsyncIterable<T>, count: number): Promise<T[]> {
  const items: T[] = [];
  if (count <= 0) return items;
  for await (const item of source) {
    items.push(item);
    if (items.length >= count) break;
  }
  return items;
}

/** A GraphQL operation as a JSON request body carries it. */
export interface GraphQLOperation {
  query: string;
  variables?: Record<string, unknown>;
}

/**
 * POSTs a GraphQL operation asking for text/event-stream (Yoga's SSE at /graphql, or graphql-sse
 * at /graphql/stream): the Response, whose headers arrive once the subscription is in place.
 * The caller's headers go last, so a test can still send another content-type or accept.
 */
export function postEventStream(
  url: string,
  operation: GraphQLOperation,
  options: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Response> {
  const { query, variables } = operation;
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...options.headers,
    },
    // JSON.stringify leaves out `variables` when it is undefined, as the hand-written bodies did.
    body: JSON.stringify({ query, variables }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
