// Introspection (and GraphiQL, which cannot work without it) is on for a
// developer and off in production, or as GRAPHQL_INTROSPECTION says; when off
// it is refused on every path, graphql-sse's included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { postEventStream } from '../utils/sse.ts';

const schemaQuery = '{ __schema { queryType { name } } }';
const typeQuery = '{ __type(name: "Query") { name } }';

async function graphiqlPage(t: TestServer) {
  const response = await fetch(t.graphqlUrl, { headers: { accept: 'text/html' } });
  const body = await response.text();
  return { status: response.status, isGraphiQL: body.includes('GenPod server') };
}

/** A graphql-sse (distinct connections) request, as its client makes it. */
async function introspectOverGraphQLSSE(t: TestServer) {
  const response = await postEventStream(
    `${t.origin}/graphql/stream`,
    { query: schemaQuery },
    { headers: t.authHeaders },
  );
  return { status: response.status, body: await response.text() };
}

describe('introspection for a developer (the default)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('answers __schema over graphql-sse', async () => {
    const { status, body } = await introspectOverGraphQLSSE(t);
    expect(status).toBe(200);
    expect(body).toContain('"queryType":{"name":"Query"}');
  });

  it('answers __schema and __type, and GraphiQL opens', async () => {
    expect(await gql(t.graphqlUrl, schemaQuery, undefined, t.authHeaders)).toEqual({
      data: { __schema: { queryType: { name: 'Query' } } },
    });
    expect(await gql(t.graphqlUrl, typeQuery, undefined, t.authHeaders)).toEqual({
      data: { __type: { name: 'Query' } },
    });
    expect(await graphiqlPage(t)).toEqual({ status: 200, isGraphiQL: true });
  });
});

describe.each([
  ['GRAPHQL_INTROSPECTION=off', { GRAPHQL_INTROSPECTION: 'off' }],
  ['NODE_ENV=production', { NODE_ENV: 'production' }],
])('introspection with %s', (_name, env) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(env);
  });
  afterAll(() => t.stop());

  it.each([
    ['__schema', schemaQuery],
    ['__type', typeQuery],
  ])('refuses %s with GRAPHQL_VALIDATION_FAILED', async (field, query) => {
    const result = await gql(t.graphqlUrl, query, undefined, t.authHeaders);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toContain(
      `GraphQL introspection has been disabled, but the requested query contained the field "${field}"`,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses it over graphql-sse too', async () => {
    const { status, body } = await introspectOverGraphQLSSE(t);
    expect(status).toBe(400);
    expect(body).toContain('GraphQL introspection has been disabled');
    expect(body).not.toContain('"name":"Query"');
  });

  it('still answers __typename and ordinary queries', async () => {
    expect(
      await gql(t.graphqlUrl, '{ __typename health { ok } }', undefined, t.authHeaders),
    ).toEqual({
      data: { __typename: 'Query', health: { ok: true } },
    });
  });

  it('does not serve GraphiQL', async () => {
    expect((await graphiqlPage(t)).isGraphiQL).toBe(false);
  });
});

describe('introspection in production, switched on', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'on' });
  });
  afterAll(() => t.stop());

  it('answers __schema and opens GraphiQL', async () => {
    expect(await gql(t.graphqlUrl, schemaQuery, undefined, t.authHeaders)).toEqual({
      data: { __schema: { queryType: { name: 'Query' } } },
    });
    expect(await graphiqlPage(t)).toEqual({ status: 200, isGraphiQL: true });
  });
});

describe('GraphiQL switched off alone', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ GRAPHIQL: 'off' });
  });
  afterAll(() => t.stop());

  it('keeps introspection for tools and closes the page', async () => {
    expect(await gql(t.graphqlUrl, schemaQuery, undefined, t.authHeaders)).toHaveProperty(
      'data.__schema.queryType.name',
      'Query',
    );
    expect((await graphiqlPage(t)).isGraphiQL).toBe(false);
  });
});
