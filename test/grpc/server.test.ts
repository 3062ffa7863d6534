import { status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    const services = await listServicesByReflection(t.grpcTarget);
    expect(services).toEqual(
      expect.arrayContaining([
        'genpod.agent.v1.ChatService',
        'genpod.agent.v1.AgentService',
        'grpc.health.v1.Health',
      ]),
    );
  });
});

describe('agent services before their domains land', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('answers ChatService.SendMessageStream with UNIMPLEMENTED', async () => {
    const { chat } = agentClients(t.grpcTarget);
    const call = chat.SendMessageStream();
    const error = await new Promise<ServiceError>((resolve) => call.on('error', resolve));
    expect(error.code).toBe(status.UNIMPLEMENTED);
    chat.close();
  });

  it('answers AgentService.StreamData with UNIMPLEMENTED', async () => {
    const { agent } = agentClients(t.grpcTarget);
    const call = agent.StreamData({ agentId: 'a1' });
    const error = await new Promise<ServiceError>((resolve) => call.on('error', resolve));
    expect(error.code).toBe(status.UNIMPLEMENTED);
    agent.close();
  });
});
