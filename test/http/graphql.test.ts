import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InvalidInput } from '../../src/core/errors.ts';
import { createLogger } from '../../src/core/logger.ts';
import { createMaskError } from '../../src/http/mask-error.ts';
import { gql } from '../utils/graphql.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { PassThrough } from 'node:stream';
import { postEventStream } from '../utils/sse.ts';

describe('GraphQL over HTTP', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('answers health with the database checked', async () => {
    const result = await gql(t.graphqlUrl, '{ health { ok database } }', {}, t.authHeaders);
    expect(result).toEqual({ data: { health: { ok: true, database: true } } });
  });

  it('reports version, bound ports and the project root in serverInfo', async () => {
    const result = await gql<{ serverInfo: Record<string, unknown> }>(
      t.graphqlUrl,
      '{ serverInfo { version httpPort grpcPort projectRoot uptimeSeconds startedAt } }',
      {},
      t.authHeaders,
    );
    const info = result.data?.serverInfo;
    expect(info).toMatchObject({
      version: '0.1.0',
      httpPort: t.server.ports.http,
      grpcPort: t.server.ports.grpc,
      projectRoot: t.projectRoot,
    });
    expect(info?.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(new Date(String(info?.startedAt)).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('answers /healthz for load balancers', async () => {
    const response = await fetch(`${t.origin}/healthz`);
    expect(response.status).toBe(200);
  });

  it('gives a domain error its code and keeps its message', async () => {
    const response = await postEventStream(
      t.graphqlUrl,
      { query: 'subscription { heartbeat(intervalMs: 1) { beat } }' },
      { headers: t.authHeaders },
    );
    const text = await response.text();
    expect(text).toContain('"code":"BAD_USER_INPUT"');
    expect(text).toContain('intervalMs must be a whole number between 10 and 60000');
  });

  it('answers a variable of the wrong type, or a missing one, with BAD_USER_INPUT', async () => {
    const query = 'query ($path: String!) { file(path: $path) { path } }';
    for (const variables of [{ path: 5 }, {}]) {
      const response = await gql(t.graphqlUrl, query, variables, t.authHeaders);
      expect(response.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/^Variable "\$path"/) as unknown,
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
  });

  it('rejects an invalid query with GRAPHQL_VALIDATION_FAILED', async () => {
    const result = await gql(t.graphqlUrl, '{ nope }', {}, t.authHeaders);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('maskError', () => {
  function logsTo() {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    return { logger: createLogger({ level: 'info', format: 'json', destination: stream }), lines };
  }

  it('hides an unexpected error from the client and logs it in full', async () => {
    const { logger, lines } = logsTo();
    const internal = new Error('ENOENT /var/secret/path.db');
    const masked = createMaskError(logger)(
      new GraphQLError(internal.message, { originalError: internal, path: ['health'] }),
      'Unexpected error.',
    ) as GraphQLError;
    expect(masked.message).toBe('Unexpected error.');
    expect(masked.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(masked)).not.toContain('/var/secret');
    await vi.waitFor(() => expect(lines.join('')).toContain('/var/secret/path.db'));
  });

  it('maps a domain error to its code with its details', () => {
    const { logger } = logsTo();
    const error = new InvalidInput('path is malformed', { field: 'path' });
    const masked = createMaskError(logger)(
      new GraphQLError(error.message, { originalError: error }),
      'Unexpected error.',
    ) as GraphQLError;
    expect(masked.message).toBe('path is malformed');
    expect(masked.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'path' });
  });
});
