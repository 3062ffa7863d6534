// The fast path for plain POST /graphql JSON requests (src/http/graphql-door.ts)
// answers exactly as Yoga does: two servers, one with GRAPHQL_FAST_PATH=off,
// get the same requests, and every answer must match byte for byte (status,
// status text, body, the headers a client reads). The door's counter shows
// which way each request went on the fast server, so a case that silently
// fell through to Yoga cannot pass for a fast-path one.
import { request } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../utils/api-tokens.ts';
import { gql } from '../utils/graphql.ts';
import { parsePrometheusText } from '../utils/prometheus.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

interface Answer {
  status: number | undefined;
  statusMessage: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The headers a client reads; Date and keep-alive timing are the server's clock. */
const compared =
  /^(content-type|content-length|transfer-encoding|www-authenticate|retry-after|allow|accept|connection|vary|access-control-.*)$/;

function send(
  url: string,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const kept: Answer['headers'] = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (compared.test(name)) kept[name] = value;
        }
        resolve({
          status: response.statusCode,
          statusMessage: response.statusMessage,
          headers: kept,
          body: Buffer.concat(chunks).toString(),
        });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const env = {
  GENPOD_ADMIN_TOKEN: 'fast-path-admin-token-0123456789abcdef',
  GRAPHQL_MAX_DEPTH: '4',
  GRAPHQL_MAX_COST: '200',
  GRAPHQL_MAX_TOKENS: '300',
  GRAPHQL_INTROSPECTION: 'off',
  MAX_REQUEST_BYTES: '4096',
};

type Path = 'fast' | 'replayed' | 'passed';

interface Case {
  name: string;
  path: Path;
  body: string | ((t: TestServer) => string);
  headers?: Record<string, string>;
  /** Which token: the admin's, a CHAT-only one, or literal headers. */
  auth?: 'admin' | 'chat' | Record<string, string>;
}

const json = (query: string, variables?: Record<string, unknown>, more?: object) =>
  JSON.stringify({ query, variables, ...more });
const secret = 'hunter2-do-not-echo';

const cases: Case[] = [
  { name: 'a valid query', path: 'fast', body: json('{ health { ok } }') },
  {
    name: 'a file read with variables',
    path: 'fast',
    body: json('query ($p: String!) { file(path: $p) { content size } }', { p: 'a.txt' }),
  },
  {
    name: 'a CORS request from an allowed origin',
    path: 'fast',
    body: json('{ health { ok } }'),
    headers: { origin: 'http://localhost:5173' },
  },
  {
    name: 'a request from an origin not allowed',
    path: 'fast',
    body: json('{ health { ok } }'),
    headers: { origin: 'https://evil.example' },
  },
  {
    name: 'Accept: application/graphql-response+json',
    path: 'fast',
    body: json('{ nope }'),
    headers: { accept: 'application/graphql-response+json' },
  },
  {
    name: 'Accept listing both JSON types',
    path: 'fast',
    body: json('{ health { ok } }'),
    headers: { accept: 'application/graphql-response+json, application/json;q=0.9' },
  },
  ...(
    [
      ['application/*', 'fast'],
      ['text/html, */*;q=0.8', 'fast'],
      ['application/json, application/graphql-response+json', 'fast'],
      ['application/json; charset=utf-8', 'fast'],
      ['application/json; charset=latin1', 'passed'],
      ['text/html', 'passed'],
      ['', 'fast'],
    ] as const
  ).map(([accept, path]): Case => ({
    name: `Accept: "${accept}"`,
    path,
    body: json('{ nope }'),
    headers: { accept },
  })),
  {
    name: 'Accept: text/event-stream only',
    path: 'passed',
    body: json('{ health { ok } }'),
    headers: { accept: 'text/event-stream' },
  },
  { name: 'invalid JSON', path: 'replayed', body: '{"query": ' },
  { name: 'a JSON array (batch)', path: 'replayed', body: `[${json('{ health { ok } }')}]` },
  {
    name: 'an unknown parameter',
    path: 'replayed',
    body: json('{ health { ok } }', undefined, { extra: 1 }),
  },
  { name: 'a query that is not a string', path: 'replayed', body: JSON.stringify({ query: 5 }) },
  { name: 'a syntax error', path: 'replayed', body: json('{ health { ok }') },
  {
    name: 'too many tokens (parse-time limit)',
    path: 'replayed',
    body: json(`{ health { ${'ok '.repeat(400)}} }`),
  },
  {
    name: 'bad variables',
    path: 'fast',
    body: json('query ($p: String!) { file(path: $p) { content } }', { p: 5 }),
  },
  {
    name: 'a missing variable',
    path: 'fast',
    body: json('query ($p: String!) { file(path: $p) { content } }'),
  },
  { name: 'an unknown field', path: 'fast', body: json('{ nope }') },
  {
    name: 'FORBIDDEN by scope',
    path: 'fast',
    auth: 'chat',
    body: json('{ file(path: "a.txt") { content } }'),
  },
  {
    name: 'too deep',
    path: 'fast',
    body: json('{ tree { children { children { children { name } } } } }'),
  },
  {
    name: 'too costly',
    path: 'fast',
    body: json(
      `{ ${Array.from({ length: 12 }, (_, i) => `a${i}: tree { path name kind children { path name kind } }`).join(' ')} }`,
    ),
  },
  {
    name: 'an oversize body',
    path: 'passed',
    body: json(`{ health { ok } } # ${'x'.repeat(5000)}`),
  },
  { name: 'a missing token', path: 'passed', auth: {}, body: json('{ health { ok } }') },
  {
    name: 'an unknown token',
    path: 'passed',
    auth: { authorization: 'Bearer gp_nope' },
    body: json('{ health { ok } }'),
  },
  {
    name: 'a malformed Authorization',
    path: 'passed',
    auth: { authorization: 'Basic eDp5' },
    body: json('{ health { ok } }'),
  },
  {
    name: 'introspection when off',
    path: 'fast',
    body: json('{ __schema { queryType { name } } }'),
  },
  {
    name: 'a secret literal of the wrong type',
    path: 'fast',
    body: json(`mutation { setSecret(name: "GEMINI_API_KEY", value: ["${secret}"]) { name } }`),
  },
  {
    name: 'a secret variable of the wrong type',
    path: 'fast',
    body: json('mutation ($v: String!) { setSecret(name: "GEMINI_API_KEY", value: $v) { name } }', {
      v: [secret],
    }),
  },
  { name: 'NOT_FOUND', path: 'fast', body: json('{ file(path: "missing.txt") { content } }') },
  {
    name: 'a path outside the project',
    path: 'fast',
    body: json('{ file(path: "../../etc/passwd") { content } }'),
  },
  {
    name: 'a mutation',
    path: 'fast',
    body: json('mutation { createDirectory(path: "made") { path name kind } }'),
  },
  {
    name: 'an operation picked by name',
    path: 'fast',
    body: json('query A { health { ok } } query B { health { database } }', undefined, {
      operationName: 'B',
    }),
  },
  {
    name: 'several operations and no name',
    path: 'replayed',
    body: json('query A { health { ok } } query B { health { database } }'),
  },
  {
    name: 'an operation name that matches none',
    path: 'replayed',
    body: json('query A { health { ok } }', undefined, { operationName: 'C' }),
  },
  {
    name: 'a subscription over POST JSON',
    path: 'replayed',
    body: json('subscription { fileChanges { path } }'),
    // Yoga streams it to a client that takes event streams; this one does not.
    headers: { accept: 'application/json' },
  },
  {
    name: 'Content-Type with a charset',
    path: 'fast',
    body: json('{ health { ok } }'),
    headers: { 'content-type': 'application/json; charset=utf-8' },
  },
];

async function doorCounts(t: TestServer): Promise<Record<Path, number>> {
  const response = await fetch(`${t.origin}/metrics`, { headers: t.authHeaders });
  const scrape = parsePrometheusText(await response.text());
  const count = (path: Path) => scrape.value('genpod_graphql_door_requests_total', { path }) ?? 0;
  return { fast: count('fast'), replayed: count('replayed'), passed: count('passed') };
}

describe('the GraphQL fast path answers as Yoga does', () => {
  let fast: TestServer;
  let yoga: TestServer;
  const chatTokens = new Map<TestServer, string>();

  beforeAll(async () => {
    [fast, yoga] = await Promise.all([
      startTestServer(env),
      startTestServer({ ...env, GRAPHQL_FAST_PATH: 'off' }),
    ]);
    for (const t of [fast, yoga]) {
      await mkdir(join(t.projectRoot, 'sub'), { recursive: true });
      await writeFile(join(t.projectRoot, 'a.txt'), 'hello\n');
      const token = await createApiToken(t, { name: 'chat only', scopes: ['CHAT'] });
      chatTokens.set(t, token);
      // Its first use looks it up (Yoga's path); from then on it is known without I/O.
      await gql(t.graphqlUrl, '{ health { ok } }', undefined, { authorization: `Bearer ${token}` });
    }
  });
  afterAll(async () => {
    await Promise.all([fast?.stop(), yoga?.stop()]);
  });

  const headersFor = (t: TestServer, c: Case): Record<string, string> => {
    const auth =
      c.auth === undefined || c.auth === 'admin'
        ? t.authHeaders
        : c.auth === 'chat'
          ? { authorization: `Bearer ${chatTokens.get(t)}` }
          : c.auth;
    return { 'content-type': 'application/json', ...auth, ...c.headers };
  };

  it.each(cases)('$name', async (c) => {
    const before = await doorCounts(fast);
    const answers = await Promise.all(
      [fast, yoga].map((t) =>
        send(t.graphqlUrl, typeof c.body === 'string' ? c.body : c.body(t), headersFor(t, c)),
      ),
    );
    const after = await doorCounts(fast);
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]?.body).not.toContain(secret);
    const went = (Object.keys(after) as Path[]).filter((path) => after[path] > before[path]);
    expect(went).toEqual([c.path]);
  });

  it('serves nothing itself when GRAPHQL_FAST_PATH=off', async () => {
    await send(yoga.graphqlUrl, json('{ health { ok } }'), headersFor(yoga, cases[0] as Case));
    expect(await doorCounts(yoga)).toEqual({ fast: 0, replayed: 0, passed: 0 });
  });
});

describe('a spent rate limit on the fast path', () => {
  let fast: TestServer;
  let yoga: TestServer;
  const limited = { ...env, RATE_LIMIT_PER_MINUTE: '2' };
  beforeAll(async () => {
    [fast, yoga] = await Promise.all([
      startTestServer(limited),
      startTestServer({ ...limited, GRAPHQL_FAST_PATH: 'off' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([fast?.stop(), yoga?.stop()]);
  });

  it('answers 429 with Retry-After as Yoga does', async () => {
    const ask = (t: TestServer) =>
      send(t.graphqlUrl, json('{ health { ok } }'), {
        'content-type': 'application/json',
        ...t.authHeaders,
      });
    const answers: Answer[] = [];
    for (const t of [fast, yoga]) {
      await ask(t);
      await ask(t);
      answers.push(await ask(t));
    }
    const [onFast, onYoga] = answers as [Answer, Answer];
    expect(onFast.status).toBe(429);
    // The wait left differs by the milliseconds between the two servers' starts.
    const timeless = (answer: Answer) => ({
      ...answer,
      headers: { ...answer.headers, 'retry-after': 'n', 'content-length': 'n' },
      body: answer.body.replace(/"retryAfterMs":\d+/, '"retryAfterMs":0'),
    });
    expect(timeless(onFast)).toEqual(timeless(onYoga));
    expect(Number(onFast.headers['retry-after'])).toBeGreaterThan(0);
    expect((await doorCounts(fast)).fast).toBeGreaterThanOrEqual(3);
  });
});
