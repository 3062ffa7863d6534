// A start that fails late releases everything it had opened: the HTTP port it
// had bound, the watcher, the database, the log file, every timer.
import { readdir, readlink, realpath } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import { startServer } from '../../src/server.ts';
import { freePort } from '../utils/free-port.ts';
import { makeTempDir } from '../utils/tempdir.ts';

/** The kinds of open resources (sockets, timers, file requests) by count. */
function openResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo())
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** Resources open now that were not open in `before`. */
function leftOver(before: Map<string, number>): Record<string, number> {
  const extra: Record<string, number> = {};
  for (const [kind, count] of openResources()) {
    const more = count - (before.get(kind) ?? 0);
    if (more > 0) extra[kind] = more;
  }
  return extra;
}

/** Files under `folder` this process holds open (Linux: /proc/self/fd). */
async function filesOpenUnder(folder: string): Promise<string[]> {
  const targets = await Promise.all(
    (await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')),
  );
  return targets.filter((target) => target.startsWith(`${folder}/`));
}

function listen(port: number): Promise<Server> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('a start that fails once the HTTP port is bound (GRPC_PORT taken)', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let blocker: Server;
  beforeEach(async () => {
    dir = await makeTempDir();
    blocker = await listen(0);
  });
  afterEach(async () => {
    await new Promise((resolve) => blocker.close(resolve));
    await dir.remove();
  });

  it('leaves no open handle behind, and the next start on the same folders works', async () => {
    const grpcPort = (blocker.address() as { port: number }).port;
    const httpPort = await freePort();
    const env = {
      HOST: '127.0.0.1',
      PORT: String(httpPort),
      GRPC_PORT: String(grpcPort),
      PROJECT_ROOT: join(dir.path, 'project'),
      DATA_DIR: join(dir.path, 'data'),
      LOG_FORMAT: 'json',
      GENPOD_ADMIN_TOKEN: 'failed-start-test-admin-token',
    };
    const before = openResources();
    const failed = startServer({ env, logDestination: new PassThrough() });
    await expect(failed).rejects.toThrow(ConfigError);
    await expect(failed).rejects.toThrow(new RegExp(`^GRPC_PORT ${grpcPort} on 127.0.0.1`));

    // The HTTP port it had bound is free again.
    const http = await listen(httpPort);
    await new Promise((resolve) => http.close(resolve));
    // Nothing it opened is still open (sockets, watcher, timers, log file writes).
    await expect.poll(() => leftOver(before), { timeout: 5000 }).toEqual({});
    // No log file or project file is held open. (libsql lets go of the
    // database file's descriptors when its connections are collected, not on
    // close, so the start below is what shows the database is free; the
    // same holds for its write-ahead log and shared-memory files.)
    const folder = await realpath(dir.path);
    const heldOpen = async () =>
      (await filesOpenUnder(folder)).filter((path) => !/\/genpod\.db(-wal|-shm)?$/.test(path));
    await expect.poll(heldOpen, { timeout: 5000 }).toEqual([]);

    // The database, the log files and the project folder take a new start.
    const server = await startServer({
      env: { ...env, GRPC_PORT: '0' },
      logDestination: new PassThrough(),
    });
    expect(server.ports.http).toBe(httpPort);
    await server.close();
  });
});
