// Authentication at each door: plain HTTP, Yoga's SSE, graphql-sse in both
// modes, /metrics and gRPC; what stays open; what is logged; and live streams
// ending when their token is revoked or expires.
import * as grpc from '@grpc/grpc-js';
import { createClient, type ExecutionResult } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { agentClients, checkHealth, listServicesByReflection } from '../utils/grpc.ts';
import { readEventStream, postEventStream } from '../utils/sse.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

const wrongToken = 'gp_a-wrong-token-0123456789abcdef';

describe('authentication', () => {
  let t: TestServer;

  const createToken = async (scopes: string[], expiresAt?: Date) => {
    const response = await gql<{ createApiToken: { secret: string; token: { id: string } } }>(
      t.graphqlUrl,
      `mutation ($input: CreateApiTokenInput!) {
        createApiToken(input: $input) { secret token { id } }
      }`,
      { input: { name: 'auth test', scopes, expiresAt: expiresAt?.toISOString() } },
      t.authHeaders,
    );
    if (!response.data) throw new Error(JSON.stringify(response.errors));
    return response.data.createApiToken;
  };
  const revoke = (id: string) =>
    gql(
      t.graphqlUrl,
      'mutation ($id: ID!) { revokeApiToken(id: $id) { revokedAt } }',
      { id },
      t.authHeaders,
    );
  const post = (headers: Record<string, string>, path = '/graphql') =>
    fetch(`${t.origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ serverInfo { version } }' }),
    });

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('answers a request without a token with 401, a Bearer challenge and UNAUTHENTICATED', async () => {
    const response = await post({});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const body = (await response.json()) as {
      errors: Array<{ message: string; extensions: { code: string } }>;
    };
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0]?.message).toMatch(/Authorization: Bearer/);
  });

  it('refuses a wrong token and a credential that is not a bearer token', async () => {
    for (const authorization of [
      `Bearer ${wrongToken}`,
      `Basic ${btoa('a:b')}`,
      'Bearer',
      t.token,
    ]) {
      const response = await post({ authorization });
      expect(response.status, authorization.slice(0, 6)).toBe(401);
    }
    expect((await post(t.authHeaders)).status).toBe(200);
  });

  it('answers a failure inside authentication as an unexpected error, with no detail', async () => {
    // As for a token not yet known to this instance: the store is asked.
    const known = vi.spyOn(t.server.services.tokens, 'knownPrincipal').mockReturnValue(undefined);
    const spy = vi
      .spyOn(t.server.services.tokens, 'authenticate')
      .mockRejectedValueOnce(new Error('database gone at /secret/path'));
    try {
      const response = await post(t.authHeaders);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      });
      expect(text).not.toContain('/secret/path');
      expect(t.logs().some((line) => line['msg'] === 'authentication failed unexpectedly')).toBe(
        true,
      );
    } finally {
      spy.mockRestore();
      known.mockRestore();
    }
  });

  it('logs a failed attempt with its reason and address, never the token', async () => {
    await post({ authorization: `Bearer ${wrongToken}` });
    const failures = t.logs().filter((line) => line['msg'] === 'authentication failed');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.at(-1)).toMatchObject({
      transport: 'graphql',
      reason: 'unknown, expired or revoked token',
    });
    expect(JSON.stringify(t.logs())).not.toContain(wrongToken);
    expect(JSON.stringify(t.logs())).not.toContain(t.token);
  });

  it('refuses both SSE protocols without a token before any stream opens', async () => {
    const yogaSSE = await postEventStream(t.graphqlUrl, {
      query: 'subscription { heartbeat { beat } }',
    });
    expect(yogaSSE.status).toBe(401);
    // graphql-sse: a distinct connection, and the PUT that reserves a single one.
    const distinct = await postEventStream(`${t.origin}/graphql/stream`, {
      query: 'subscription { heartbeat { beat } }',
    });
    expect(distinct.status).toBe(401);
    const reservation = await fetch(`${t.origin}/graphql/stream`, { method: 'PUT' });
    expect(reservation.status).toBe(401);
    const withToken = await fetch(`${t.origin}/graphql/stream`, {
      method: 'PUT',
      headers: t.authHeaders,
    });
    expect(withToken.status).toBe(201);
  });

  it('keeps GraphiQL and the health check open, with the Authorization header waiting in GraphiQL', async () => {
    const page = await fetch(t.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('paste a token');
    expect((await fetch(`${t.origin}/healthz`)).status).toBe(200);
  });

  it('serves /metrics only to a token holding logs:read', async () => {
    expect((await fetch(`${t.origin}/metrics`)).status).toBe(401);
    const chatOnly = await createToken(['CHAT']);
    const refused = await fetch(`${t.origin}/metrics`, {
      headers: { authorization: `Bearer ${chatOnly.secret}` },
    });
    expect(refused.status).toBe(403);
    const reader = await createToken(['LOGS_READ']);
    const allowed = await fetch(`${t.origin}/metrics`, {
      headers: { authorization: `Bearer ${reader.secret}` },
    });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('genpod_auth_failures_total');
  });

  it('keeps the gRPC health check open and refuses reflection without a token', async () => {
    expect(await checkHealth(t.grpcTarget)).toBe('SERVING');
    await expect(listServicesByReflection(t.grpcTarget, wrongToken)).rejects.toMatchObject({
      code: grpc.status.UNAUTHENTICATED,
    });
    expect(await listServicesByReflection(t.grpcTarget, t.token)).toContain(
      'genpod.agent.v1.AgentService',
    );
  });

  it('ends every live stream of a token when it is revoked, on all three transports', async () => {
    const { secret, token } = await createToken(['FILES_READ', 'AGENT']);
    const headers = { authorization: `Bearer ${secret}` };

    // Yoga's SSE
    const yogaResponse = await postEventStream(
      t.graphqlUrl,
      { query: 'subscription { heartbeat(intervalMs: 60000) { beat } }' },
      { headers },
    );
    const yogaEvents = readEventStream(yogaResponse);
    expect((await yogaEvents.next()).value?.event).toBe('next'); // the first beat, at once
    const yogaEnd = (async () => {
      const seen = [];
      for await (const event of yogaEvents) seen.push(event);
      return seen;
    })();

    // graphql-sse, single connection
    const client = createClient({
      url: t.graphqlUrl,
      headers,
      singleConnection: true,
      retryAttempts: 0,
    });
    const sseResults: Array<ExecutionResult<Record<string, unknown>, unknown>> = [];
    let firstBeat!: () => void;
    const sseStarted = new Promise<void>((resolve) => (firstBeat = resolve));
    const sseEnd = new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: 'subscription { heartbeat(intervalMs: 60000) { beat } }' },
        {
          next: (result) => {
            sseResults.push(result);
            firstBeat();
          },
          error: resolve,
          complete: () => resolve('complete'),
        },
      );
    });
    await sseStarted;

    // gRPC AgentService.StreamData
    const { agent } = agentClients(t.grpcTarget, secret);
    const grpcStream = agent.StreamData({});
    const grpcEnd = new Promise<grpc.ServiceError>((resolve) => grpcStream.on('error', resolve));
    await new Promise((resolve) => grpcStream.once('data', resolve)); // the structure

    await revoke(token.id);

    const yogaSeen = await yogaEnd;
    expect(yogaSeen.map((event) => event.event)).toEqual(['next', 'complete']);
    expect(JSON.parse(yogaSeen[0]?.data ?? '{}')).toMatchObject({
      errors: [{ message: 'the token was revoked', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(await sseEnd).toBe('complete');
    expect(sseResults.at(-1)).toMatchObject({
      errors: [{ extensions: { code: 'UNAUTHENTICATED' } }],
    });
    const grpcError = await grpcEnd;
    expect(grpcError.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(grpcError.details).toBe('the token was revoked');
    client.dispose();
    agent.close();

    expect((await post(headers)).status).toBe(401);
  });

  it('ends a live stream when its token expires, and refuses the token after', async () => {
    const { secret } = await createToken(['FILES_READ'], new Date(Date.now() + 1500));
    const headers = { authorization: `Bearer ${secret}` };
    const response = await postEventStream(
      t.graphqlUrl,
      { query: 'subscription { heartbeat(intervalMs: 60000) { beat } }' },
      { headers },
    );
    expect(response.status).toBe(200);
    const events = [];
    for await (const event of readEventStream(response)) events.push(event);
    expect(JSON.parse(events.at(-2)?.data ?? '{}')).toMatchObject({
      errors: [{ message: 'the token expired', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect((await post(headers)).status).toBe(401);
  });
});
