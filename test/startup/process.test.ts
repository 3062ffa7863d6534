// The server as an operator runs it: a real process, its exit code and output.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runServerProcess } from '../utils/process.ts';
import { readEventStream, postEventStream } from '../utils/sse.ts';
import { makeTempDir } from '../utils/tempdir.ts';

// OS-chosen ports, and an admin token the test's clients send as an operator's would.
const adminToken = `process-test-${randomBytes(16).toString('hex')}`;
const serverEnv = { PORT: '0', GRPC_PORT: '0', GENPOD_ADMIN_TOKEN: adminToken };

describe('the server process', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(() => dir.remove());

  it('starts from nothing: creates its folders, database and key, and logs one listening line with both ports', async () => {
    const server = runServerProcess(dir.path, serverEnv);
    const listening = await server.listening;
    expect(listening.httpPort).toBeGreaterThan(0);
    expect(listening.grpcPort).toBeGreaterThan(0);
    const line = server
      .stdout()
      .split('\n')
      .filter((l) => l.includes('listening'));
    expect(line).toHaveLength(1);
    expect(line[0]).toContain(String(listening.httpPort));
    expect(line[0]).toContain(String(listening.grpcPort));
    expect((await stat(join(dir.path, 'workspace'))).isDirectory()).toBe(true);
    expect((await stat(join(dir.path, 'data', 'genpod.db'))).isFile()).toBe(true);
    const key = (await readFile(join(dir.path, 'data', 'fernet.key'), 'utf8')).trim();
    expect((await stat(join(dir.path, 'data', 'fernet.key'))).mode & 0o777).toBe(0o600);
    expect(server.stdout() + server.stderr()).not.toContain(key);
    expect(server.stdout() + server.stderr()).not.toContain(adminToken);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('reads .env, with the environment taking precedence', async () => {
    await writeFile(
      join(dir.path, '.env'),
      'PROJECT_ROOT=from-dotenv\nDATA_DIR=dotenv-data\nPORT=1\n',
    );
    const server = runServerProcess(dir.path, serverEnv);
    await server.listening;
    expect((await stat(join(dir.path, 'from-dotenv'))).isDirectory()).toBe(true);
    expect((await stat(join(dir.path, 'dotenv-data', 'genpod.db'))).isFile()).toBe(true);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('drains an open SSE stream on SIGTERM and exits 0', async () => {
    const server = runServerProcess(dir.path, serverEnv);
    const { httpPort } = await server.listening;
    const response = await postEventStream(
      `http://127.0.0.1:${httpPort}/graphql`,
      { query: 'subscription { heartbeat(intervalMs: 50) { beat } }' },
      { headers: { authorization: `Bearer ${adminToken}` } },
    );
    const events = readEventStream(response);
    expect((await events.next()).value?.event).toBe('next');
    server.child.kill('SIGTERM');
    const rest: string[] = [];
    for await (const event of events) rest.push(event.event);
    // The stream ends with the protocol's own `complete`, not a cut connection.
    expect(rest.at(-1)).toBe('complete');
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toContain('stopped');
  });

  it.each([
    [{ PORT: 'eighty' }, /^genpod: invalid PORT: /],
    [{ GRPC_PORT: '99999' }, /^genpod: invalid GRPC_PORT: /],
    [{ FERNET_SECRET: 'not-a-key' }, /^genpod: invalid FERNET_SECRET: /],
    [{ DATABASE_URL: 'mysql://x' }, /^genpod: invalid DATABASE_URL: /],
    // Nothing listens on port 1: the start fails naming the variable, never its password.
    [
      { DATABASE_URL: 'postgresql://genpod:pg-password-1@127.0.0.1:1/genpod' },
      /^genpod: DATABASE_URL cannot be opened or migrated: (?!.*pg-password-1)/,
    ],
    [
      { REDIS_URL: 'redis://:redis-password-1@127.0.0.1:1' },
      /^genpod: REDIS_URL cannot be reached \(redis:\/\/:\*\*\*@127\.0\.0\.1:1\/?\)(?!.*redis-password-1)/,
    ],
  ])('exits 1 with one clear line for bad config %j', async (env, expected) => {
    const server = runServerProcess(dir.path, { ...serverEnv, ...env });
    expect(await server.exited).toBe(1);
    const stderr = server.stderr().trim();
    expect(stderr).toMatch(expected);
    expect(stderr.split('\n')).toHaveLength(1);
  });

  it('exits 1 with one clear line when PORT is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const server = runServerProcess(dir.path, { ...serverEnv, PORT: String(port) });
      expect(await server.exited).toBe(1);
      expect(server.stderr().trim()).toBe(
        `genpod: PORT ${port} on 127.0.0.1 cannot be used: address already in use`,
      );
    } finally {
      blocker.close();
    }
  });

  it('exits 1 with one clear line when GRPC_PORT is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const server = runServerProcess(dir.path, { ...serverEnv, GRPC_PORT: String(port) });
      expect(await server.exited).toBe(1);
      expect(server.stderr().trim()).toMatch(
        new RegExp(`^genpod: GRPC_PORT ${port} on 127.0.0.1 cannot be used: `),
      );
      expect(server.stderr().trim().split('\n')).toHaveLength(1);
    } finally {
      blocker.close();
    }
  });

  it('exits 1 with one clear line when DATA_DIR cannot be a folder', async () => {
    await writeFile(join(dir.path, 'a-file'), 'not a folder');
    const server = runServerProcess(dir.path, { ...serverEnv, DATA_DIR: 'a-file/data' });
    expect(await server.exited).toBe(1);
    expect(server.stderr().trim()).toMatch(
      /^genpod: DATA_DIR .*a-file\/data is not a writable folder: a parent is not a directory$/,
    );
  });

  it('exits 1 with one clear line when PROJECT_ROOT is a file', async () => {
    await mkdir(join(dir.path, 'data'));
    await writeFile(join(dir.path, 'root-file'), '');
    const server = runServerProcess(dir.path, { ...serverEnv, PROJECT_ROOT: 'root-file' });
    expect(await server.exited).toBe(1);
    expect(server.stderr().trim()).toMatch(/^genpod: PROJECT_ROOT .* is not a writable folder: /);
  });
});
