// Failed gRPC authentications are counted per client address, like HTTP's:
// a client opening a new connection (a new port) for every guess is limited
// all the same, and a valid token from that address still gets through.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentProto } from '../../src/grpc/proto.ts';
import { clientOptions } from '../utils/grpc.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

/** One ListTree call on a channel of its own: its own TCP connection, its own port. */
function listTreeOnNewConnection(t: TestServer, token: string): Promise<grpc.ServiceError | null> {
  const client = new agentProto.AgentService(t.grpcTarget, grpc.credentials.createInsecure(), {
    ...clientOptions(token),
    // grpc-js shares connections between clients of one target by default.
    'grpc.use_local_subchannel_pool': 1,
  });
  return new Promise((resolve) => {
    client.ListTree({ path: '' }, (error: grpc.ServiceError | null) => {
      client.close();
      resolve(error);
    });
  });
}

describe('gRPC failed authentications per address', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ AUTH_FAILURES_PER_MINUTE: '3' });
  });
  afterAll(() => t.stop());

  it('limits an address that opens a new connection for every bad token', async () => {
    for (let i = 0; i < 3; i++) {
      const error = await listTreeOnNewConnection(t, `gp_wrong-guess-${i}`);
      expect(error?.code).toBe(grpc.status.UNAUTHENTICATED);
    }
    const limited = await listTreeOnNewConnection(t, 'gp_wrong-guess-4');
    expect(limited?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(limited?.metadata.get('error-code')).toEqual(['RATE_LIMITED']);
  });

  it('still lets a valid token from the limited address through', async () => {
    expect(await listTreeOnNewConnection(t, t.token)).toBeNull();
    expect(await listTreeOnNewConnection(t, 'gp_wrong-guess-5')).toMatchObject({
      code: grpc.status.RESOURCE_EXHAUSTED,
    });
  });
});
