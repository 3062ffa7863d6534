// The instance that watches the files dies without a word (SIGKILL): its
// lease in Redis expires, another instance takes the watcher over, tells its
// subscribers to reload, and disk changes keep reaching them.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServerProcess, type ServerProcess } from '../utils/process.ts';
import { redisTestsEnabled, startRedisServer, type RedisServer } from '../utils/redis-server.ts';
import { makeTempDir } from '../utils/tempdir.ts';
import type { TestServer } from '../utils/tserver.ts';
import {
  clusterEnv,
  eventually,
  recordFileEvents,
  startInstance,
  watcherStatus,
} from './cluster.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killQuietly(pid: number): void {
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

describe.runIf(redisTestsEnabled)('watcher handover after the owner is killed', () => {
  let redis: RedisServer;
  let temp: { path: string; remove(): Promise<void> };
  let owner: ServerProcess;
  /** The server process, as its own log line names it (the pid a supervisor would signal). */
  let ownerPid: number;
  let survivor: TestServer;

  beforeAll(async () => {
    [redis, temp] = await Promise.all([startRedisServer(), makeTempDir('genpod-handover-')]);
    const projectRoot = join(temp.path, 'project');
    // Each instance has its own SQLite database here: only the files are shared.
    const { DATABASE_URL: _unused, ...shared } = clusterEnv({
      redisUrl: redis.url,
      databaseUrl: '',
      projectRoot,
    });
    owner = runServerProcess(temp.path, {
      ...shared,
      HOST: '127.0.0.1',
      PORT: '0',
      GRPC_PORT: '0',
      DATA_DIR: join(temp.path, 'owner-data'),
      GENPOD_ADMIN_TOKEN: 'owner-admin-token-0123456789',
      INSTANCE_ID: 'doomed-owner',
    });
    ownerPid = ((await owner.listening) as { pid?: number }).pid ?? 0;
    expect(ownerPid).toBeGreaterThan(0);
    survivor = await startInstance(shared, 'survivor');
  });
  afterAll(async () => {
    if (ownerPid) killQuietly(ownerPid);
    if (owner?.child.exitCode === null) owner.child.kill('SIGKILL');
    await survivor?.stop();
    await redis?.stop();
    await temp?.remove();
  });

  it('takes over within a few seconds and keeps delivering disk changes', async () => {
    expect(await watcherStatus(survivor)).toMatchObject({ owner: 'doomed-owner', watching: false });
    const events = await recordFileEvents(survivor);
    try {
      const root = join(temp.path, 'project');
      await writeFile(join(root, 'before.txt'), 'seen by the doomed owner');
      await events.waitFor((event) => event.path === 'before.txt');

      process.kill(ownerPid, 'SIGKILL');
      await eventually(
        () => isAlive(ownerPid),
        (alive) => !alive,
      );
      const killedAt = Date.now();
      await eventually(
        () => watcherStatus(survivor),
        (status) => status.watching,
        10_000,
      );
      // The lease lives 1.5 s; the survivor checks three times as often.
      expect(Date.now() - killedAt).toBeLessThan(5_000);
      expect((await watcherStatus(survivor)).owner).toBe('survivor');

      const resync = await events.waitFor((event) => event.kind === 'RESYNC');
      await writeFile(join(root, 'after.txt'), 'seen by the survivor');
      const after = await events.waitFor((event) => event.path === 'after.txt');
      expect([after.kind, after.origin]).toEqual(['CREATED', 'disk']);
      expect(BigInt(after.sequence) > BigInt(resync.sequence)).toBe(true);
    } finally {
      events.close();
    }
  });
});
