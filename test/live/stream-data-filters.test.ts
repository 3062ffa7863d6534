// AgentService.StreamData with file filters (include, exclude, kinds,
// respect_gitignore) and the entry each file update carries, through a real
// gRPC client. As over SSE, a filter that should hold an update back is shown
// to by waiting until the server has published the change, then making one
// the filter lets through, which must be the next file update.
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClientReadableStream } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataUpdate__Output } from '../../src/grpc/generated/genpod/agent/v1/DataUpdate.ts';
import type { StreamDataRequest } from '../../src/grpc/generated/genpod/agent/v1/StreamDataRequest.ts';
import { grpcUpdates, spyOnFileChanges, waitUntil, type BusSpy } from '../utils/file-feeds.ts';
import { agentClients } from '../utils/grpc.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

describe('AgentService.StreamData filters and entry info', () => {
  let t: TestServer;
  let spy: BusSpy;
  let agent: ReturnType<typeof agentClients>['agent'];
  const at = (...parts: string[]) => join(t.projectRoot, ...parts);
  const published = (path: string) =>
    spy.published((change) => change.path === path, `a change at ${path}`);

  /** Opens StreamData; ready once the structure came (the file feed is subscribed before it). */
  async function stream(request: StreamDataRequest) {
    const call = agent.StreamData({
      agentId: 'filtered',
      ...request,
    }) as ClientReadableStream<DataUpdate__Output>;
    const updates = grpcUpdates(call);
    await updates.nextOf('structure');
    return {
      nextFile: () => updates.nextOf('file'),
      async close() {
        const { bus } = t.server.services;
        const open = bus.stats().subscribers;
        call.cancel();
        await waitUntil(() => bus.stats().subscribers < open, 'the stream to close');
      },
    };
  }

  /** The error a call ends with, before any update. */
  function failure(request: StreamDataRequest): Promise<{ code: number; details: string }> {
    const call = agent.StreamData({ agentId: 'refused', ...request });
    return new Promise((resolve, reject) => {
      call.on('data', () => reject(new Error('the call sent an update')));
      call.on('error', resolve);
    });
  }

  beforeAll(async () => {
    t = await startTestServer();
    spy = spyOnFileChanges(t.server.services.bus);
    agent = agentClients(t.grpcTarget, t.token).agent;
    for (const folder of ['app/src', 'app/dist', 'app/logs']) {
      await mkdir(at(folder), { recursive: true });
    }
    await writeFile(at('app', '.gitignore'), 'dist/\n');
    await writeFile(at('setup-done'), '');
    await published('setup-done');
  });
  afterAll(async () => {
    agent.close();
    await spy.close();
    await t.stop();
  });

  it('takes include, exclude and kinds', async () => {
    const call = await stream({
      pathPrefix: 'app',
      include: ['app/src/**', 'app/logs/**'],
      exclude: ['*.log'],
      kinds: ['CREATED', 'DELETED'],
    });
    await writeFile(at('app', 'README.md'), 'not included');
    await writeFile(at('app', 'logs', 'today.log'), 'excluded');
    await published('app/README.md');
    await published('app/logs/today.log');
    await writeFile(at('app', 'src', 'main.ts'), 'v1');
    const created = await call.nextFile();
    expect(created.file).toMatchObject({ kind: 'CREATED', path: 'app/src/main.ts' });
    await writeFile(at('app', 'src', 'main.ts'), 'v2 is longer');
    await published('app/src/main.ts');
    await rm(at('app', 'src', 'main.ts'));
    const deleted = await call.nextFile();
    expect(deleted.file).toMatchObject({ kind: 'DELETED', path: 'app/src/main.ts' });
    await call.close();
  });

  it('takes respect_gitignore', async () => {
    const call = await stream({ pathPrefix: 'app', respectGitignore: true });
    await writeFile(at('app', 'dist', 'bundle.js'), 'ignored');
    await published('app/dist/bundle.js');
    await writeFile(at('app', 'src', 'kept.ts'), 'kept');
    expect((await call.nextFile()).file).toMatchObject({
      kind: 'CREATED',
      path: 'app/src/kept.ts',
    });
    await call.close();
  });

  it('says on each file update what the entry is, and nothing for a deletion', async () => {
    const call = await stream({ pathPrefix: 'app' });
    await mkdir(at('app', 'made'));
    const folder = await call.nextFile();
    expect(folder.file).toMatchObject({ kind: 'CREATED', path: 'app/made' });
    expect(folder.file?.entry).toMatchObject({ kind: 'DIRECTORY', size: '0' });
    await writeFile(at('app', 'made', 'data.txt'), 'twelve bytes');
    // A quick watcher may see the file created before its bytes land: the
    // entry is what the file was when read, so wait for the written one.
    let file = await call.nextFile();
    while (file.file?.entry?.size !== '12') file = await call.nextFile();
    const stats = await stat(at('app', 'made', 'data.txt'));
    expect(file.file?.entry).toEqual({
      kind: 'FILE',
      size: '12',
      mtime: stats.mtime.toISOString(),
    });
    await rm(at('app', 'made'), { recursive: true });
    // Parcel may report the file's deletion before the folder's, or only the folder's.
    for (;;) {
      const update = await call.nextFile();
      expect(update.file).toMatchObject({ kind: 'DELETED', entry: null });
      if (update.file?.path === 'app/made') break;
    }
    await call.close();
  });

  it('refuses bad filters with INVALID_ARGUMENT before sending anything', async () => {
    const cases: Array<[StreamDataRequest, string]> = [
      [{ include: ['src/[abc'] }, 'include[0] is not a valid glob'],
      [{ exclude: ['x'.repeat(300)] }, 'exclude[0] must be at most 256 characters'],
      [{ include: Array.from({ length: 40 }, (_, i) => `g${i}`) }, 'at most 32 globs'],
      [{ kinds: ['RENAMED'] }, 'kinds holds "RENAMED"'],
    ];
    for (const [request, message] of cases) {
      const error = await failure(request);
      expect(error.code, JSON.stringify(request)).toBe(3);
      expect(error.details).toContain(message);
    }
  });
});
