// GraphQL documents over the configured depth, cost, alias, directive and
// token limits are refused with QUERY_TOO_COMPLEX before they run, on plain
// HTTP, Yoga's SSE and both graphql-sse modes; the defaults let real clients
// (GraphiQL's introspection query, the domains' own operations) through.
import { getIntrospectionQuery } from 'graphql';
import { createClient, type ExecutionResult } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, type GraphQLResponse } from '../utils/graphql.ts';
import { readEventStream, take, postEventStream } from '../utils/sse.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

// Each of these exceeds exactly one of the limits the server below is started with.
const tooDeep = '{ tree { children { children { children { name } } } } }';
const tooCostly =
  '{ serverInfo { version httpPort grpcPort projectRoot uptimeSeconds startedAt } ' +
  'tree { path name kind children { path name kind children { path name kind } } } ' +
  'health { ok database } }';
const tooManyAliases = '{ a: health { ok } b: health { ok } c: health { ok } }';
const tooManyDirectives =
  '{ health @include(if: true) { ok @skip(if: false) database @skip(if: false) } }';
const tooManyTokens = `{ health { ${'ok '.repeat(250)}} }`;
const fits = '{ tree { children { children { name } } } health { ok } }';

const limitsEnv = {
  GRAPHQL_MAX_DEPTH: '4',
  GRAPHQL_MAX_COST: '30',
  GRAPHQL_MAX_ALIASES: '2',
  GRAPHQL_MAX_DIRECTIVES: '2',
  GRAPHQL_MAX_TOKENS: '200',
};

function firstError(result: GraphQLResponse<unknown> | ExecutionResult) {
  const [error] = result.errors ?? [];
  return { message: error?.message, extensions: error?.extensions };
}

describe('GraphQL document limits', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(limitsEnv);
  });
  afterAll(() => t.stop());

  it.each([
    ['deeper than GRAPHQL_MAX_DEPTH', tooDeep, 'maxDepth', 4, /depth limit of 4 exceeded, found 5/],
    ['costlier than GRAPHQL_MAX_COST', tooCostly, 'maxCost', 30, /Cost limit of 30 exceeded/],
    [
      'with more aliases than GRAPHQL_MAX_ALIASES',
      tooManyAliases,
      'maxAliases',
      2,
      /Aliases limit of 2 exceeded, found 3/,
    ],
    [
      'with more directives than GRAPHQL_MAX_DIRECTIVES',
      tooManyDirectives,
      'maxDirectives',
      2,
      /Directives limit of 2 exceeded, found 3/,
    ],
    [
      'with more tokens than GRAPHQL_MAX_TOKENS',
      tooManyTokens,
      'maxTokens',
      200,
      /Token limit of 200 exceeded/,
    ],
  ])('refuses a query %s with QUERY_TOO_COMPLEX', async (_name, query, limit, max, message) => {
    const result = await gql(t.graphqlUrl, query, undefined, t.authHeaders);
    expect(result.data ?? null).toBeNull();
    const error = firstError(result);
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/^Syntax Error/);
    expect(error.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit, max });
  });

  it('runs a query within every limit', async () => {
    const result = await gql<{ health: { ok: boolean } }>(
      t.graphqlUrl,
      fits,
      undefined,
      t.authHeaders,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.health.ok).toBe(true);
  });

  const aliasedSubscription =
    'subscription { heartbeat(intervalMs: 50) { a: beat b: beat c: at } }';
  const longSubscription = `subscription { heartbeat(intervalMs: 50) { ${'beat '.repeat(250)}} }`;

  it("refuses a subscription over the limits on Yoga's SSE", async () => {
    const response = await postEventStream(
      t.graphqlUrl,
      { query: aliasedSubscription },
      { headers: t.authHeaders },
    );
    const [event] = await take(readEventStream(response), 1);
    expect(event?.event).toBe('next');
    const result = JSON.parse(event?.data ?? '{}') as GraphQLResponse<unknown>;
    expect(firstError(result).extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'maxAliases',
    });
  });

  it.each([
    ['distinct connections', false, aliasedSubscription, 'maxAliases'],
    ['distinct connections', false, longSubscription, 'maxTokens'],
    ['a single connection', true, aliasedSubscription, 'maxAliases'],
    ['a single connection', true, longSubscription, 'maxTokens'],
  ])(
    'refuses a subscription over the limits on graphql-sse, %s (%#)',
    async (_mode, singleConnection, query, limit) => {
      // A copy: graphql-sse's client writes its stream token into the object it is given.
      const client = createClient({
        url: `${t.origin}/graphql/stream`,
        headers: { ...t.authHeaders },
        singleConnection,
        retryAttempts: 0,
      });
      try {
        const outcome = await take(client.iterate({ query }), 1).then(
          ([result]) => ({ result }),
          (error: unknown) => ({ error }),
        );
        if ('result' in outcome) {
          // Distinct connections: the refusal arrives as the stream's one result.
          expect(firstError(outcome.result as ExecutionResult).extensions).toMatchObject({
            code: 'QUERY_TOO_COMPLEX',
            limit,
          });
        } else {
          // A single connection: the operation's POST is answered 400 (its body is
          // checked below, on a raw request: the client has dropped it by now).
          expect((outcome.error as { response?: Response }).response?.status).toBe(400);
        }
      } finally {
        client.dispose();
      }
    },
  );

  it('answers the refused operation of a single graphql-sse connection with the errors', async () => {
    const reserved = await fetch(`${t.origin}/graphql/stream`, {
      method: 'PUT',
      headers: { ...t.authHeaders, accept: 'text/plain' },
    });
    const token = await reserved.text();
    const response = await fetch(`${t.origin}/graphql/stream`, {
      method: 'POST',
      headers: {
        ...t.authHeaders,
        'content-type': 'application/json',
        'x-graphql-event-stream-token': token,
      },
      body: JSON.stringify({ query: aliasedSubscription, extensions: { operationId: '1' } }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as GraphQLResponse<unknown>;
    expect(firstError(body).extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'maxAliases',
    });
  });

  it('refuses a subscription over the limits on a raw graphql-sse POST with 400', async () => {
    const response = await postEventStream(
      `${t.origin}/graphql/stream`,
      { query: longSubscription },
      { headers: t.authHeaders },
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as GraphQLResponse<unknown>;
    expect(firstError(body).extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'maxTokens',
    });
  });
});

describe('GraphQL document limits at their defaults', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it("answer GraphiQL's own introspection query", async () => {
    // What GraphiQL 3+ sends on load, with every option it may turn on.
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    const result = await gql<{ __schema: { types: unknown[] } }>(
      t.graphqlUrl,
      query,
      undefined,
      t.authHeaders,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.__schema.types.length).toBeGreaterThan(10);
  });

  it('refuse a query nested past the default depth of 20', async () => {
    const query = `{ tree { ${'children { '.repeat(20)}name${' }'.repeat(20)} } }`;
    const result = await gql(t.graphqlUrl, query, undefined, t.authHeaders);
    expect(firstError(result).extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'maxDepth',
    });
  });
});

describe('GraphQL document limits set to 0', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      GRAPHQL_MAX_DEPTH: '0',
      GRAPHQL_MAX_COST: '0',
      GRAPHQL_MAX_ALIASES: '0',
      GRAPHQL_MAX_DIRECTIVES: '0',
      GRAPHQL_MAX_TOKENS: '0',
    });
  });
  afterAll(() => t.stop());

  it('are turned off', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: health { ok }`).join(' ');
    const deep = `tree { ${'children { '.repeat(25)}name${' }'.repeat(25)} }`;
    const result = await gql(t.graphqlUrl, `{ ${aliases} ${deep} }`, undefined, t.authHeaders);
    expect(result.errors).toBeUndefined();
    expect(result.data).toHaveProperty('a39.ok', true);
  });
});

// A parser recursing once per level ran out of stack at a few thousand levels
// of brackets, before any limit applied: the client got INTERNAL_SERVER_ERROR.
describe('deeply nested documents', () => {
  const nestedArgument = (levels: number) =>
    `{ file(path: ${'['.repeat(levels)}"a"${']'.repeat(levels)}) { path } }`;
  const nestedSelection = (levels: number) => `{ ${'a { '.repeat(levels)}b${' }'.repeat(levels)} }`;
  const deepDocuments = [
    ['arguments nested 4,000 levels', nestedArgument(4_000)],
    ['selections nested 5,000 levels', nestedSelection(5_000)],
    [
      'input objects nested 3,000 levels',
      `{ file(path: ${'{a: '.repeat(3_000)}1${'}'.repeat(3_000)}) { path } }`,
    ],
  ] as const;

  describe('with the default GRAPHQL_MAX_NESTING', () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer();
    });
    afterAll(() => t.stop());

    it.each(deepDocuments)('refuses %s with QUERY_TOO_COMPLEX', async (_name, query) => {
      const result = await gql(t.graphqlUrl, query, undefined, t.authHeaders);
      expect(firstError(result)).toEqual({
        message: 'Nesting limit of 128 exceeded.',
        extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxNesting', max: 128 },
      });
    });

    it('refuses one on graphql-sse too', async () => {
      const response = await postEventStream(
        `${t.origin}/graphql/stream`,
        { query: `subscription ${nestedSelection(5_000)}` },
        { headers: t.authHeaders },
      );
      expect(response.status).toBe(400);
      const body = (await response.json()) as GraphQLResponse<unknown>;
      expect(firstError(body).extensions).toMatchObject({
        code: 'QUERY_TOO_COMPLEX',
        limit: 'maxNesting',
      });
    });

    it('counts no bracket inside a string or a comment', async () => {
      const brackets = '[{('.repeat(200);
      const query = `# ${brackets}\n{ file(path: "${brackets}") { path } b: file(path: """${brackets}""") { path } }`;
      const result = await gql(t.graphqlUrl, query, undefined, t.authHeaders);
      // Parsed and run: the paths themselves are what is wrong.
      expect(result.errors?.map((error) => error.extensions?.code)).toEqual([
        'BAD_USER_INPUT',
        'BAD_USER_INPUT',
      ]);
    });

    it('parses a document nested up to the limit', async () => {
      const result = await gql(t.graphqlUrl, nestedArgument(120), undefined, t.authHeaders);
      // Validated (a list is no String), so parsed: the nesting was allowed.
      expect(firstError(result).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });

  describe('with GRAPHQL_MAX_NESTING and GRAPHQL_MAX_TOKENS off', () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer({ GRAPHQL_MAX_NESTING: '0', GRAPHQL_MAX_TOKENS: '0' });
    });
    afterAll(() => t.stop());

    it.each(deepDocuments)('still answers %s with QUERY_TOO_COMPLEX', async (_name, query) => {
      const result = await gql(t.graphqlUrl, query, undefined, t.authHeaders);
      expect(firstError(result).extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
    });
  });
});
