// The lean SSE door (src/http/sse-door.ts) changes how streams are written,
// never what a client is told: each request below gets the same status,
// headers and body from a server with the door as from one without it
// (SSE_DOOR=off, Yoga writing every stream, as before the door).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Ask {
  method?: 'GET' | 'POST';
  query?: string;
  variables?: Record<string, unknown>;
  /** Raw body instead of `{ query, variables }`. */
  body?: string;
  headers?: Record<string, string>;
  /** A stream that stays open: compare its head and first bytes only. */
  live?: boolean;
}

/** Headers that differ from one response to the next whoever writes them. */
const unstable = new Set(['date', 'keep-alive', 'transfer-encoding']);

async function ask(t: TestServer, request: Ask, auth: Record<string, string>): Promise<Answer> {
  const { method = 'POST', query, variables } = request;
  const params = new URLSearchParams();
  if (query !== undefined) params.set('query', query);
  if (variables) params.set('variables', JSON.stringify(variables));
  const url = method === 'GET' ? `${t.graphqlUrl}?${params.toString()}` : t.graphqlUrl;
  const controller = new AbortController();
  const response = await fetch(url, {
    method,
    signal: controller.signal,
    headers: {
      accept: 'text/event-stream',
      ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
      ...auth,
      ...request.headers,
    },
    ...(method === 'POST' ? { body: request.body ?? JSON.stringify({ query, variables }) } : {}),
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!unstable.has(name)) headers[name] = value;
  });
  let body: string;
  if (request.live) {
    const reader = response.body?.getReader();
    const first = await reader?.read();
    body = new TextDecoder().decode(first?.value);
    controller.abort();
  } else {
    body = await response.text();
  }
  return { status: response.status, headers, body };
}

describe('refusals and answers through the SSE door and without it', () => {
  let door: TestServer;
  let yoga: TestServer;
  const filesOnly = new Map<TestServer, string>();
  const env = { GRAPHQL_MAX_DEPTH: '4', CORS_ORIGINS: 'http://localhost:*' };

  beforeAll(async () => {
    [door, yoga] = await Promise.all([
      startTestServer(env),
      startTestServer({ ...env, SSE_DOOR: 'off' }),
    ]);
    for (const t of [door, yoga]) {
      const created = await gql<{ createApiToken: { secret: string } }>(
        t.graphqlUrl,
        'mutation { createApiToken(input: { name: "files", scopes: [FILES_READ] }) { secret } }',
        undefined,
        t.authHeaders,
      );
      filesOnly.set(t, created.data?.createApiToken.secret ?? '');
    }
  });
  afterAll(() => Promise.all([door.stop(), yoga.stop()]));

  const cases: Array<[string, Ask, 'admin' | 'files' | 'none' | 'wrong']> = [
    ['no token', { query: 'subscription { fileChanges { path } }' }, 'none'],
    ['a wrong token', { query: 'subscription { fileChanges { path } }' }, 'wrong'],
    ['a token without the scope', { query: 'subscription { logTail { __typename } }' }, 'files'],
    ['a syntax error', { query: 'subscription { fileChanges { path }' }, 'admin'],
    ['an unknown field', { query: 'subscription { noSuchField }' }, 'admin'],
    [
      'a document past the depth limit',
      {
        query:
          'subscription { chatSessionEvents(sessionId: "s") { message { replyTo { replyTo { replyTo { id } } } } } }',
      },
      'admin',
    ],
    [
      'a missing variable',
      { query: 'subscription ($p: String!) { fileChanges(pathPrefix: $p) { path } }' },
      'admin',
    ],
    ['a bad glob', { query: 'subscription { fileChanges(include: ["a{"]) { path } }' }, 'admin'],
    [
      'a path outside the project',
      { query: 'subscription { fileContent(path: "../x") { kind } }' },
      'admin',
    ],
    ['no query at all', { body: '{}' }, 'admin'],
    ['a body that is not JSON', { body: '{"query": ' }, 'admin'],
    ['GET without a query', { method: 'GET' }, 'admin'],
    [
      'a mutation over GET',
      { method: 'GET', query: 'mutation { createDirectory(path: "d") { path } }' },
      'admin',
    ],
    ['a query over SSE', { query: '{ serverInfo { __typename } }' }, 'admin'],
    [
      'a refusal from an allowed origin',
      {
        query: 'subscription { fileChanges { path } }',
        headers: { origin: 'http://localhost:5173' },
      },
      'none',
    ],
    [
      'a live stream from an allowed origin',
      {
        query: 'subscription { fileChanges { path } }',
        headers: { origin: 'http://localhost:5173' },
        live: true,
      },
      'admin',
    ],
    [
      'a live stream over GET',
      { method: 'GET', query: 'subscription { fileChanges { path } }', live: true },
      'admin',
    ],
  ];

  it.each(cases)('%s', async (_name, request, who) => {
    const authOf = (t: TestServer): Record<string, string> => {
      if (who === 'none') return {};
      if (who === 'wrong') return { authorization: 'Bearer gp_not-a-token' };
      if (who === 'files') return { authorization: `Bearer ${filesOnly.get(t) ?? ''}` };
      return t.authHeaders;
    };
    const [throughDoor, throughYoga] = await Promise.all(
      [door, yoga].map((t) => ask(t, request, authOf(t))),
    );
    expect(throughDoor).toEqual(throughYoga);
  });

  it('says what the differential compares: refusals are refusals', async () => {
    const unauthenticated = await ask(door, { query: 'subscription { fileChanges { path } }' }, {});
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.body).toContain('UNAUTHENTICATED');
    const forbidden = await ask(
      door,
      { query: 'subscription { logTail { __typename } }' },
      { authorization: `Bearer ${filesOnly.get(door) ?? ''}` },
    );
    expect(forbidden.body).toContain('FORBIDDEN');
    const live = await ask(
      door,
      { query: 'subscription { fileChanges { path } }', live: true },
      door.authHeaders,
    );
    expect(live.status).toBe(200);
    expect(live.body).toBe(':\n\n');
  });
});

describe('the rate limit through the SSE door and without it', () => {
  it('refuses the subscription past the budget alike', async () => {
    const env = { RATE_LIMIT_PER_MINUTE: '2' };
    const servers = await Promise.all([
      startTestServer(env),
      startTestServer({ ...env, SSE_DOOR: 'off' }),
    ]);
    try {
      const answers = await Promise.all(
        servers.map(async (t) => {
          const query = 'subscription { heartbeat(intervalMs: 60000) { beat } }';
          await ask(t, { query, live: true }, t.authHeaders);
          await ask(t, { query, live: true }, t.authHeaders);
          return ask(t, { query }, t.authHeaders);
        }),
      );
      // How long until the budget refills depends on when each was asked.
      const timeless = (answer: Answer | undefined) => ({
        ...answer,
        headers: { ...answer?.headers, 'retry-after': 'n' },
        body: answer?.body.replace(/"retryAfterMs":\d+/g, '"retryAfterMs":n'),
      });
      expect(timeless(answers[0])).toEqual(timeless(answers[1]));
      expect(answers[0]?.body).toContain('RATE_LIMITED');
    } finally {
      await Promise.all(servers.map((t) => t.stop()));
    }
  });
});
