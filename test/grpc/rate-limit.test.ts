// gRPC calls count against the token's RATE_LIMIT_PER_MINUTE like GraphQL
// operations; a spent budget answers RESOURCE_EXHAUSTED with the wait in a
// `retry-after-ms` trailer and the domain code RATE_LIMITED.
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentClients } from '../utils/grpc.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

describe('gRPC rate limit per token', () => {
  let t: TestServer;
  let agent: ReturnType<typeof agentClients>['agent'];
  beforeAll(async () => {
    t = await startTestServer({ RATE_LIMIT_PER_MINUTE: '2' });
    agent = agentClients(t.grpcTarget, t.token).agent;
  });
  afterAll(async () => {
    agent.close();
    await t.stop();
  });

  const listTree = () =>
    new Promise<ServiceError | null>((resolve) =>
      agent.ListTree({ path: '' }, new Metadata(), (error) => resolve(error)),
    );

  it('answers RESOURCE_EXHAUSTED with retry-after-ms once the token spent its budget', async () => {
    expect(await listTree()).toBeNull();
    expect(await listTree()).toBeNull();
    const error = await listTree();
    expect(error?.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(error?.metadata.get('error-code')).toEqual(['RATE_LIMITED']);
    const [retryAfterMs] = error?.metadata.get('retry-after-ms') ?? [];
    expect(Number(retryAfterMs)).toBeGreaterThan(0);
    expect(Number(retryAfterMs)).toBeLessThanOrEqual(60_000);
  });
});
