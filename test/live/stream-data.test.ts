// AgentService.StreamData through a real gRPC client: structure on connect,
// file updates from disk, agent status, resume with `since`.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClientReadableStream } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataUpdate__Output } from '../../src/grpc/generated/genpod/agent/v1/DataUpdate.ts';
import { gql } from '../utils/graphql.ts';
import { agentClients } from '../utils/grpc.ts';
import { pathChangesPublished } from '../utils/wait-for.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { contentVersion } from '../../src/core/files/file-snapshot.ts';

/** Pulls DataUpdates from a stream one at a time. */
function reader(call: ClientReadableStream<DataUpdate__Output>) {
  const queue: DataUpdate__Output[] = [];
  const waiting: Array<(update: DataUpdate__Output) => void> = [];
  call.on('data', (update: DataUpdate__Output) => {
    const resolve = waiting.shift();
    if (resolve) resolve(update);
    else queue.push(update);
  });
  call.on('error', () => {});
  return {
    next(): Promise<DataUpdate__Output> {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        waiting.push(resolve);
        setTimeout(() => reject(new Error('no update within 5 s')), 5_000);
      });
    },
    /** The next update of a kind, skipping others (e.g. status snapshots). */
    async nextOf(kind: 'file' | 'structure' | 'status'): Promise<DataUpdate__Output> {
      for (;;) {
        const update = await this.next();
        if (update.update === kind) return update;
      }
    },
  };
}

describe('AgentService.StreamData', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    const since = t.server.services.bus.currentSequence();
    await mkdir(join(t.projectRoot, 'src'));
    await writeFile(join(t.projectRoot, 'src', 'main.ts'), 'main');
    await writeFile(join(t.projectRoot, 'README.md'), 'readme');
    // The watcher reports the setup before any test subscribes.
    await pathChangesPublished(t.server.services.bus, since, ['src', 'src/main.ts', 'README.md']);
  });
  afterAll(() => t.stop());

  it('sends the project structure first, then file updates from disk', async () => {
    const { agent } = agentClients(t.grpcTarget, t.token);
    const call = agent.StreamData({ agentId: 'agent-1', pathPrefix: '' });
    const updates = reader(call);
    const first = await updates.next();
    expect(first.update).toBe('structure');
    const structure = JSON.parse(first.structure?.json ?? '{}') as {
      children?: Array<{ path: string }>;
    };
    expect(structure.children?.map((c) => c.path)).toEqual(
      expect.arrayContaining(['src', 'README.md']),
    );
    await writeFile(join(t.projectRoot, 'src', 'main.ts'), 'changed');
    const update = await updates.nextOf('file');
    expect(update.file).toMatchObject({ kind: 'MODIFIED', path: 'src/main.ts', oldPath: '' });
    expect(update.file?.version).toMatch(/^[0-9a-f]{64}$/);
    expect(update.sequence).toMatch(/^\d+$/);
    call.cancel();
    agent.close();
  });

  it('carries agent status updates set over GraphQL', async () => {
    const { agent } = agentClients(t.grpcTarget, t.token);
    const call = agent.StreamData({ agentId: 'watcher', pathPrefix: 'src' });
    const updates = reader(call);
    await updates.nextOf('structure');
    const result = await gql(
      t.graphqlUrl,
      `mutation { setAgentStatus(input: { agentId: "builder", state: "working", detail: "compiling" }) { id state } }`,
      {},
      t.authHeaders,
    );
    expect(result.errors).toBeUndefined();
    const status = await updates.nextOf('status');
    expect(status.status).toMatchObject({
      agentId: 'builder',
      state: 'working',
      detail: 'compiling',
    });
    call.cancel();
    agent.close();
  });

  it('resumes after `since` with exactly the missed file updates and no new structure', async () => {
    const { agent } = agentClients(t.grpcTarget, t.token);
    const first = agent.StreamData({ agentId: 'resumer', pathPrefix: 'src' });
    const updates = reader(first);
    await updates.nextOf('structure');
    await writeFile(join(t.projectRoot, 'src', 'seen.ts'), 'seen');
    // A quick watcher may report the file created empty, then its bytes as a
    // MODIFIED: resume after the update that carries what was written.
    let seen = await updates.nextOf('file');
    while (seen.file?.version !== contentVersion(Buffer.from('seen'))) {
      seen = await updates.nextOf('file');
    }
    first.cancel();
    const away = t.server.services.bus.currentSequence();
    await writeFile(join(t.projectRoot, 'src', 'missed.ts'), 'missed');
    await pathChangesPublished(t.server.services.bus, away, ['src/missed.ts']);
    const again = agent.StreamData({ agentId: 'resumer', pathPrefix: 'src', since: seen.sequence });
    const resumed = reader(again);
    const next = await resumed.next();
    expect(next.update).toBe('file');
    expect(next.file).toMatchObject({ kind: 'CREATED', path: 'src/missed.ts' });
    again.cancel();
    agent.close();
  });

  it('sends a fresh structure when the missed updates cannot be replayed', async () => {
    const { agent } = agentClients(t.grpcTarget, t.token);
    const call = agent.StreamData({ agentId: 'lost', pathPrefix: '', since: '1' });
    const updates = reader(call);
    expect((await updates.nextOf('structure')).structure?.json).toContain('README.md');
    call.cancel();
    agent.close();
  });

  it('answers a path outside the project with PERMISSION_DENIED', async () => {
    const { agent } = agentClients(t.grpcTarget, t.token);
    const call = agent.StreamData({ agentId: 'bad', pathPrefix: '../outside' });
    const error = await new Promise<{ code: number }>((resolve) => call.on('error', resolve));
    expect(error.code).toBe(7);
    agent.close();
  });
});
