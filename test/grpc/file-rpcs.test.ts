// The files RPCs answer with the gRPC status each domain error maps to, and
// carry the domain code as `error-code` metadata.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentClients } from '../utils/grpc.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

describe('AgentService files RPCs', () => {
  let t: TestServer;
  let agent: ReturnType<typeof agentClients>['agent'];

  beforeAll(async () => {
    t = await startTestServer({ FILES_MAX_BYTES: '16' });
    agent = agentClients(t.grpcTarget, t.token).agent;
    await writeFile(join(t.projectRoot, 'big.txt'), 'x'.repeat(100));
    await writeFile(join(t.projectRoot, 'small.txt'), 'small');
  });
  afterAll(async () => {
    agent.close();
    await t.stop();
  });

  const failure = (invoke: (callback: (error: ServiceError | null) => void) => void) =>
    new Promise<{ code: number; errorCode: unknown }>((resolve, reject) =>
      invoke((error) => {
        if (!error) reject(new Error('expected the call to fail'));
        else resolve({ code: error.code, errorCode: error.metadata.get('error-code')[0] });
      }),
    );

  it.each([
    ['a path leaving the root', { path: '../x' }, status.PERMISSION_DENIED, 'FORBIDDEN'],
    ['a malformed path', { path: 'a//b' }, status.INVALID_ARGUMENT, 'BAD_USER_INPUT'],
    ['a missing file', { path: 'nope.txt' }, status.NOT_FOUND, 'NOT_FOUND'],
    ['a file over the size limit', { path: 'big.txt' }, status.RESOURCE_EXHAUSTED, 'TOO_LARGE'],
  ])('ReadFile answers %s with status %s', async (_name, request, code, errorCode) => {
    expect(await failure((callback) => agent.ReadFile(request, new Metadata(), callback))).toEqual({
      code,
      errorCode,
    });
  });

  it('WriteFile answers a stale if_version with ABORTED (CONFLICT)', async () => {
    const result = await failure((callback) =>
      agent.WriteFile(
        { path: 'small.txt', content: 'new', ifVersion: 'stale' },
        new Metadata(),
        callback,
      ),
    );
    expect(result).toEqual({ code: status.ABORTED, errorCode: 'CONFLICT' });
  });

  it('ReadFile with metadata_only describes a file over the size limit', async () => {
    const entry = await new Promise<{ size: string; hasContent: boolean; version: string }>(
      (resolve, reject) =>
        agent.ReadFile({ path: 'big.txt', metadataOnly: true }, (error, response) =>
          error || !response ? reject(error ?? new Error('no response')) : resolve(response),
        ),
    );
    expect(entry).toMatchObject({ size: '100', hasContent: false });
    expect(entry.version).toMatch(/^[0-9a-f]{64}$/);
  });
});
