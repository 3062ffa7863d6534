// A graphql-sse stream reserved (single connection mode) by one token belongs
// to that token: another token can neither open it, post an operation to it
// nor cancel one of its operations. Each is refused FORBIDDEN, and the owner's
// stream keeps working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, type GraphQLResponse } from '../utils/graphql.ts';
import { readEventStream } from '../utils/sse.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

const tokenHeader = 'x-graphql-event-stream-token';
const heartbeat = 'subscription { heartbeat(intervalMs: 50) { beat } }';

describe('graphql-sse reservations', () => {
  let t: TestServer;
  let other: { authorization: string };
  beforeAll(async () => {
    t = await startTestServer();
    const created = await gql<{ createApiToken: { secret: string } }>(
      t.graphqlUrl,
      'mutation { createApiToken(input: { name: "other", scopes: [FILES_READ, ADMIN] }) { secret } }',
      undefined,
      t.authHeaders,
    );
    other = { authorization: `Bearer ${created.data?.createApiToken.secret ?? ''}` };
  });
  afterAll(() => t.stop());

  const streamUrl = () => `${t.origin}/graphql/stream`;

  async function reserve(headers: Record<string, string>): Promise<string> {
    const response = await fetch(streamUrl(), {
      method: 'PUT',
      headers: { ...headers, accept: 'text/plain' },
    });
    expect(response.status).toBe(201);
    return response.text();
  }

  const open = (token: string, headers: Record<string, string>, signal?: AbortSignal) =>
    fetch(streamUrl(), {
      headers: { ...headers, accept: 'text/event-stream', [tokenHeader]: token },
      ...(signal ? { signal } : {}),
    });

  const post = (token: string, headers: Record<string, string>, operationId: string) =>
    fetch(streamUrl(), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', [tokenHeader]: token },
      body: JSON.stringify({ query: heartbeat, extensions: { operationId } }),
    });

  async function expectForbidden(response: Response) {
    expect(response.status).toBe(403);
    const body = (await response.json()) as GraphQLResponse<unknown>;
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  }

  it("refuses to open another token's stream", async () => {
    const token = await reserve(t.authHeaders);
    await expectForbidden(await open(token, other));
    // In the query string too, where graphql-sse also looks.
    await expectForbidden(
      await fetch(`${streamUrl()}?token=${encodeURIComponent(token)}`, {
        headers: { ...other, accept: 'text/event-stream' },
      }),
    );
  });

  it("refuses to post to or cancel on another token's stream, and the owner's still works", async () => {
    const token = await reserve(t.authHeaders);
    const abort = new AbortController();
    const stream = await open(token, t.authHeaders, abort.signal);
    expect(stream.status).toBe(200);
    try {
      await expectForbidden(await post(token, other, 'theirs'));
      expect((await post(token, t.authHeaders, 'mine')).status).toBe(202);
      const cancel = await fetch(`${streamUrl()}?operationId=mine`, {
        method: 'DELETE',
        headers: { ...other, [tokenHeader]: token },
      });
      await expectForbidden(cancel);
      // The owner's operation still streams: its first two events arrive.
      const events = readEventStream(stream);
      const seen: string[] = [];
      for await (const event of events) {
        if (event.event === 'next') seen.push(event.data);
        if (seen.length === 2) break;
      }
      expect(seen.map((data) => (JSON.parse(data) as { id: string }).id)).toEqual(['mine', 'mine']);
    } finally {
      abort.abort();
    }
  });

  it('gives a reservation a token of its own, whatever token the client suggests', async () => {
    const mine = await reserve(t.authHeaders);
    const response = await fetch(streamUrl(), {
      method: 'PUT',
      headers: { ...other, accept: 'text/plain', [tokenHeader]: mine },
    });
    expect(response.status).toBe(201);
    const theirs = await response.text();
    expect(theirs).not.toBe(mine);
    await expectForbidden(await open(mine, other));
  });
});
