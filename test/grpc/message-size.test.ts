// gRPC messages over MAX_REQUEST_BYTES are refused by grpc-js itself with
// RESOURCE_EXHAUSTED, before any handler sees them.
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentClients } from '../utils/grpc.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

const maxBytes = 4096;

describe('gRPC message size limit', () => {
  let t: TestServer;
  let agent: ReturnType<typeof agentClients>['agent'];
  beforeAll(async () => {
    t = await startTestServer({ MAX_REQUEST_BYTES: String(maxBytes) });
    agent = agentClients(t.grpcTarget, t.token).agent;
  });
  afterAll(async () => {
    agent.close();
    await t.stop();
  });

  const writeFile = (content: string) =>
    new Promise<{ error: ServiceError | null; size?: string | number | undefined }>((resolve) =>
      agent.WriteFile({ path: 'note.txt', content }, new Metadata(), (error, entry) =>
        resolve({ error, size: entry?.size }),
      ),
    );

  it('refuses a message over MAX_REQUEST_BYTES with RESOURCE_EXHAUSTED', async () => {
    const { error } = await writeFile('x'.repeat(maxBytes + 1));
    expect(error?.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(error?.details).toMatch(/larger than max/i);
  });

  it('takes a message under the limit', async () => {
    const { error, size } = await writeFile('x'.repeat(maxBytes - 100));
    expect(error).toBeNull();
    expect(Number(size)).toBe(maxBytes - 100);
  });
});
