import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatResponse__Output } from '../../src/grpc/generated/genpod/agent/v1/ChatResponse.ts';
import { agentClients, checkHealth, listServicesByReflection } from '../utils/grpc.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

describe('gRPC server', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('answers grpc.health.v1.Health for the server and each service', async () => {
    expect(await checkHealth(t.grpcTarget)).toBe('SERVING');
    expect(await checkHealth(t.grpcTarget, 'genpod.agent.v1.ChatService')).toBe('SERVING');
    expect(await checkHealth(t.grpcTarget, 'genpod.agent.v1.AgentService')).toBe('SERVING');
    await expect(checkHealth(t.grpcTarget, 'no.such.Service')).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
  });

  it('lists its services through server reflection', async () => {
    const services = await listServicesByReflection(t.grpcTarget, t.token);
    expect(services).toEqual(
      expect.arrayContaining([
        'genpod.agent.v1.ChatService',
        'genpod.agent.v1.AgentService',
        'grpc.health.v1.Health',
      ]),
    );
  });
});

describe('agent services', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('answers ChatService.SendMessageStream: a relay_only post starts a session and is acknowledged', async () => {
    const { chat } = agentClients(t.grpcTarget, t.token);
    const call = chat.SendMessageStream();
    const response = new Promise<ChatResponse__Output>((resolve, reject) => {
      call.on('data', resolve);
      call.on('error', reject);
    });
    call.write({ content: 'hello from an agent', agentId: 'a1', relayOnly: true });
    expect(await response).toMatchObject({ event: 'done', done: 'hello from an agent' });
    expect((await response).sessionId).not.toBe('');
    call.end();
    await new Promise<void>((resolve) => call.on('end', resolve));
    chat.close();
  });
});
