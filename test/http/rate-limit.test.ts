// Every GraphQL operation counts against its token's RATE_LIMIT_PER_MINUTE; a
// spent budget answers RATE_LIMITED with HTTP 429 and Retry-After, on plain
// HTTP, Yoga's SSE and graphql-sse. Failed authentications are limited per
// client address (AUTH_FAILURES_PER_MINUTE).
import { createClient, type ExecutionResult } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, type GraphQLResponse } from '../utils/graphql.ts';
import { readEventStream, take, postEventStream } from '../utils/sse.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

const health = '{ health { ok } }';
const heartbeat = 'subscription { heartbeat(intervalMs: 50) { beat } }';

function postHealth(t: TestServer, headers: Record<string, string>) {
  return fetch(t.graphqlUrl, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: health }),
  });
}

describe('rate limit per token', () => {
  let t: TestServer;
  let otherToken: string;
  beforeAll(async () => {
    t = await startTestServer({ RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.stop());

  it('runs operations up to the budget, then answers 429 RATE_LIMITED with Retry-After', async () => {
    // 1: a second token, for the next test.
    const created = await gql<{ createApiToken: { secret: string } }>(
      t.graphqlUrl,
      'mutation { createApiToken(input: { name: "other", scopes: [FILES_READ] }) { secret } }',
      undefined,
      t.authHeaders,
    );
    expect(created.errors).toBeUndefined();
    otherToken = created.data?.createApiToken.secret ?? '';
    // 2 and 3.
    for (let i = 0; i < 2; i++) expect((await postHealth(t, t.authHeaders)).status).toBe(200);

    const refused = await postHealth(t, t.authHeaders);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await refused.json()) as GraphQLResponse<unknown>;
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(body.errors?.[0]?.extensions?.retryAfterMs).toBeGreaterThan(0);
    // The status and header travel in the HTTP response, not in the error.
    expect(body.errors?.[0]?.extensions).not.toHaveProperty('http');
  });

  it('keeps a budget per token: another token still runs', async () => {
    const response = await postHealth(t, { authorization: `Bearer ${otherToken}` });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { health: { ok: true } } });
  });

  it("refuses a subscription once the budget is spent, on Yoga's SSE", async () => {
    const response = await postEventStream(
      t.graphqlUrl,
      { query: heartbeat },
      { headers: t.authHeaders },
    );
    const [event] = await take(readEventStream(response), 1);
    const result = JSON.parse(event?.data ?? '{}') as GraphQLResponse<unknown>;
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it.each([
    ['distinct connections', false],
    ['a single connection', true],
  ])(
    'refuses a subscription once the budget is spent, on graphql-sse with %s',
    async (_mode, singleConnection) => {
      // A copy: graphql-sse's client writes its stream token into the object it is given.
      const client = createClient({
        url: `${t.origin}/graphql/stream`,
        headers: { ...t.authHeaders },
        singleConnection,
        retryAttempts: 0,
      });
      try {
        const [result] = await take(client.iterate({ query: heartbeat }), 1);
        expect((result as ExecutionResult).errors?.[0]?.extensions).toMatchObject({
          code: 'RATE_LIMITED',
        });
      } finally {
        client.dispose();
      }
    },
  );
});

describe('rate limit switched off', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ RATE_LIMIT_PER_MINUTE: '0' });
  });
  afterAll(() => t.stop());

  it('runs as many operations as asked', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 30 }, () => postHealth(t, t.authHeaders).then((r) => r.status)),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
  });
});

describe('failed authentications per address', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ AUTH_FAILURES_PER_MINUTE: '2' });
  });
  afterAll(() => t.stop());

  it('answers RATE_LIMITED past the limit, and still lets a valid token from that address through', async () => {
    const wrong = { authorization: 'Bearer not-a-real-token-at-all' };
    for (let i = 0; i < 2; i++) {
      const response = await postHealth(t, wrong);
      expect(response.status).toBe(401);
    }
    const limited = await postHealth(t, wrong);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await limited.json()) as GraphQLResponse<unknown>;
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    // Others' failures from the same address never lock out a valid token.
    for (let i = 0; i < 3; i++) expect((await postHealth(t, t.authHeaders)).status).toBe(200);
    // And succeeding resets nothing: the address is still limited for bad tokens.
    expect((await postHealth(t, wrong)).status).toBe(429);
  });
});
