// Errors never carry the value given to a secret input (a secret's value, a
// .env value), neither to the client nor into the logs, on plain HTTP and on
// graphql-sse; and a client's mistake is logged at info, without a stack,
// never at error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, type GraphQLResponse } from '../utils/graphql.ts';
import { readEventStream, take, postEventStream } from '../utils/sse.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

const secret = 'hunter2-do-not-log-me';
const errorLevel = 50;

describe('errors about secret inputs', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  /** Every log line so far, as text, once pino has written them. */
  async function logText(): Promise<string> {
    await new Promise((resolve) => setImmediate(resolve));
    return JSON.stringify(t.logs());
  }

  it.each([
    [
      'setSecret, a list in a variable',
      'mutation ($v: String!) { setSecret(name: "GEMINI_API_KEY", value: $v) { name } }',
      { v: [secret, 'b'] },
    ],
    [
      'setSecret, an object in a variable',
      'mutation ($v: String!) { setSecret(name: "GEMINI_API_KEY", value: $v) { name } }',
      { v: { key: secret } },
    ],
    [
      'setProjectEnvVar, a list in a variable',
      'mutation ($v: String!) { setProjectEnvVar(key: "TOKEN", value: $v) { path } }',
      { v: [secret] },
    ],
  ])('keeps the value out of the answer and the logs: %s', async (_name, query, variables) => {
    const result = await gql(t.graphqlUrl, query, variables, t.authHeaders);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(
      /^Variable "\$v" got an invalid value for a secret input/,
    );
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(await logText()).not.toContain(secret);
  });

  it('keeps a literal given to a secret input out of the answer', async () => {
    const result = await gql(
      t.graphqlUrl,
      `mutation { setSecret(name: "GEMINI_API_KEY", value: ["${secret}"]) { name } }`,
      undefined,
      t.authHeaders,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(await logText()).not.toContain(secret);
  });

  it('keeps the value out on graphql-sse too', async () => {
    const response = await postEventStream(
      `${t.origin}/graphql/stream`,
      {
        query: 'mutation ($v: String!) { setSecret(name: "GEMINI_API_KEY", value: $v) { name } }',
        variables: { v: [secret] },
      },
      { headers: t.authHeaders },
    );
    const [event] = await take(readEventStream(response), 1);
    const result = JSON.parse(event?.data ?? '{}') as GraphQLResponse<unknown>;
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(await logText()).not.toContain(secret);
  });

  it('still shows the value given to an input that is not secret', async () => {
    const result = await gql(
      t.graphqlUrl,
      'query ($p: String!) { file(path: $p) { path } }',
      { p: ['visible-value'] },
      t.authHeaders,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain('visible-value');
  });
});

describe('logging of client errors', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('logs CONFLICT, FORBIDDEN, BAD_USER_INPUT and NOT_FOUND at info without a stack', async () => {
    const write = 'mutation ($input: WriteFileInput!) { writeFile(input: $input) { version } }';
    const written = await gql(
      t.graphqlUrl,
      write,
      { input: { path: 'a.txt', content: 'one' } },
      t.authHeaders,
    );
    expect(written.errors).toBeUndefined();
    const operations: Array<[string, string, Record<string, unknown>]> = [
      ['CONFLICT', write, { input: { path: 'a.txt', content: 'two', ifVersion: 'stale' } }],
      ['FORBIDDEN', '{ file(path: "../outside.txt") { path } }', {}],
      ['BAD_USER_INPUT', '{ file(path: "a\\u0000b") { path } }', {}],
      ['NOT_FOUND', 'mutation { movePath(from: "missing.txt", to: "b.txt") { path } }', {}],
    ];
    for (const [code, query, variables] of operations) {
      const result = await gql(t.graphqlUrl, query, variables, t.authHeaders);
      expect(result.errors?.[0]?.extensions?.code, query).toBe(code);
    }
    await new Promise((resolve) => setImmediate(resolve));
    const lines = t.logs();
    expect(lines.filter((line) => Number(line['level']) >= errorLevel)).toEqual([]);
    const refusals = lines.filter((line) => line['msg'] === 'GraphQL operation refused');
    expect(refusals.map((line) => line['code'])).toEqual(
      expect.arrayContaining(['CONFLICT', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND']),
    );
    for (const line of refusals) {
      expect(line['level']).toBe(30);
      expect(JSON.stringify(line)).not.toContain('"stack"');
    }
  });
});
