// Subscriptions reach clients over both SSE protocols, through real sockets.
import { createClient, type Client } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventStream, take, postEventStream } from '../utils/sse.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

const heartbeat = 'subscription { heartbeat(intervalMs: 20) { beat at } }';

interface Beat {
  data?: { heartbeat: { beat: number; at: string } };
}

async function collect(client: Client<boolean>, count: number): Promise<Beat[]> {
  const beats: Beat[] = [];
  for await (const result of client.iterate({ query: heartbeat })) {
    beats.push(result as Beat);
    if (beats.length >= count) break;
  }
  return beats;
}

describe('subscriptions over SSE', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it("streams over Yoga's own SSE to a raw fetch", async () => {
    const response = await postEventStream(
      t.graphqlUrl,
      { query: heartbeat },
      { headers: t.authHeaders },
    );
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = await take(readEventStream(response), 3);
    expect(events.map((e) => e.event)).toEqual(['next', 'next', 'next']);
    const beats = events.map((e) => (JSON.parse(e.data) as Beat).data?.heartbeat.beat);
    expect(beats).toEqual([0, 1, 2]);
  });

  it('streams over GET with the query in the URL, as EventSource does', async () => {
    const url = `${t.graphqlUrl}?query=${encodeURIComponent(heartbeat)}`;
    const response = await fetch(url, {
      headers: { ...t.authHeaders, accept: 'text/event-stream' },
    });
    const [first] = await take(readEventStream(response), 1);
    expect(JSON.parse(first?.data ?? '{}')).toMatchObject({ data: { heartbeat: { beat: 0 } } });
  });

  it.each([
    ['distinct connections at /graphql/stream', '/graphql/stream', false],
    ['distinct connections at /graphql', '/graphql', false],
    ['single connection at /graphql/stream', '/graphql/stream', true],
    ['single connection at /graphql', '/graphql', true],
  ])('streams to the graphql-sse client: %s', async (_name, path, singleConnection) => {
    const client = createClient({
      url: `${t.origin}${path}`,
      headers: t.authHeaders,
      singleConnection,
      retryAttempts: 0,
    });
    try {
      const beats = await collect(client, 3);
      expect(beats.map((b) => b.data?.heartbeat.beat)).toEqual([0, 1, 2]);
    } finally {
      client.dispose();
    }
  });

  it('carries two subscriptions on one graphql-sse connection at once', async () => {
    const client = createClient({
      url: t.graphqlUrl,
      headers: t.authHeaders,
      singleConnection: true,
      retryAttempts: 0,
    });
    try {
      const [a, b] = await Promise.all([collect(client, 2), collect(client, 2)]);
      expect(a.map((x) => x.data?.heartbeat.beat)).toEqual([0, 1]);
      expect(b.map((x) => x.data?.heartbeat.beat)).toEqual([0, 1]);
    } finally {
      client.dispose();
    }
  });

  it('answers an invalid document with 400 and the validation errors', async () => {
    const response = await postEventStream(
      `${t.origin}/graphql/stream`,
      { query: 'subscription { heartbeat { nope } }' },
      { headers: t.authHeaders },
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ message: string }> };
    expect(body.errors[0]?.message).toContain('nope');
  });

  it('sends a typed error through graphql-sse for a bad argument', async () => {
    const client = createClient({
      url: t.graphqlUrl,
      headers: t.authHeaders,
      singleConnection: true,
      retryAttempts: 0,
    });
    try {
      const results: unknown[] = [];
      for await (const result of client.iterate({
        query: 'subscription { heartbeat(intervalMs: 0) { beat } }',
      })) {
        results.push(result);
      }
      expect(JSON.stringify(results)).toContain('BAD_USER_INPUT');
    } finally {
      client.dispose();
    }
  });
});
