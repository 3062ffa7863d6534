// Runs `npm run -s token -- …` as an operator would, against a temporary
// DATA_DIR, then uses what it printed against the same database.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each run starts npm and node: seconds apiece on a busy machine.
vi.setConfig({ testTimeout: 60_000 });
import { gql } from '../utils/graphql.ts';
import { redisTestsEnabled, startRedisServer } from '../utils/redis-server.ts';
import { makeTempDir } from '../utils/tempdir.ts';
import { startTestServer } from '../utils/tserver.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let dataDir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function token(...args: string[]): Promise<Run> {
  return tokenWith({}, ...args);
}

function tokenWith(extraEnv: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '-s', 'token', '--', ...args],
      {
        cwd: repo,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          DATA_DIR: dataDir,
          // Explicit, so a developer's .env in the repository cannot point elsewhere.
          DATABASE_URL: `file:${join(dataDir, 'genpod.db')}`,
          LOG_FORMAT: 'json',
          ...extraEnv,
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  temp = await makeTempDir();
  dataDir = join(temp.path, 'data');
});
afterAll(async () => {
  await temp.remove();
});

describe('npm run token', () => {
  let secret = '';
  let id = '';

  it('creates a token in a new DATA_DIR and prints only its secret on stdout', async () => {
    const run = await token(
      'create',
      '--name',
      'first',
      '--scopes',
      'files:read,admin',
      '--expires',
      '30d',
      '--path',
      'src/**=read-write',
      '--path',
      'docs/**',
    );
    expect(run.stderr).toContain('shown this once');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^gp_[A-Za-z0-9_-]{43}\n$/);
    secret = run.stdout.trim();
    expect(run.stderr).not.toContain(secret);
  });

  it('lists the token, without its secret', async () => {
    const run = await token('list', '--json');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(secret);
    const list = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      name: 'first',
      prefix: secret.slice(0, 7),
      scopes: ['files:read', 'admin'],
      paths: [
        { glob: 'src/**', access: 'read-write' },
        { glob: 'docs/**', access: 'read' },
      ],
      revokedAt: null,
      createdBy: expect.stringMatching(/^cli:/),
    });
    const days = (Date.parse(String(list[0]?.expiresAt)) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    id = String(list[0]?.id);
  });

  it('made a secret a server on that DATA_DIR accepts', async () => {
    const t = await startTestServer({ DATA_DIR: dataDir });
    try {
      const viewer = await gql<{ viewer: { id: string; scopes: string[] } }>(
        t.graphqlUrl,
        '{ viewer { id scopes paths { glob access } } }',
        {},
        { authorization: `Bearer ${secret}` },
      );
      expect(viewer.errors).toBeUndefined();
      expect(viewer.data?.viewer).toEqual({
        id: `token:${id}`,
        scopes: ['FILES_READ', 'ADMIN'],
        paths: [
          { glob: 'src/**', access: 'READ_WRITE' },
          { glob: 'docs/**', access: 'READ' },
        ],
      });
    } finally {
      await t.stop().catch(() => {});
    }
  });

  it('revokes the token by id, after which the server refuses it', async () => {
    const run = await token('revoke', id);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`revoked ${id}`);
    const t = await startTestServer({ DATA_DIR: dataDir });
    try {
      const viewer = await gql(
        t.graphqlUrl,
        '{ viewer { id } }',
        {},
        {
          authorization: `Bearer ${secret}`,
        },
      );
      expect(viewer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await t.stop().catch(() => {});
    }
  });

  // Each kind of failure once: the command line (parsed before anything opens),
  // and the token store's own checks (test/scripts/token-options.test.ts has the rest).
  it.each([
    [['create', '--name', 'x', '--scopes', 'root'], /unknown scope root/],
    [
      ['create', '--name', 'x', '--scopes', 'chat', '--path', '../up=read'],
      /invalid paths\.0\.glob/,
    ],
    [['revoke', 'no-such-id'], /no API token with id "no-such-id"/],
  ])('fails %j with a clear message on stderr and exit code 1', async (args, message) => {
    const run = await token(...args);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });
});

describe.runIf(redisTestsEnabled)('npm run token with REDIS_URL', () => {
  it('revokes at once on a running server that shares the Redis bus', async () => {
    const redis = await startRedisServer();
    const t = await startTestServer({ DATA_DIR: dataDir, REDIS_URL: redis.url });
    try {
      const created = await tokenWith(
        { REDIS_URL: redis.url },
        'create',
        '--name',
        'shared',
        '--scopes',
        'files:read',
      );
      expect(created.code).toBe(0);
      const headers = { authorization: `Bearer ${created.stdout.trim()}` };
      const ask = () =>
        gql<{ viewer: { id: string } }>(t.graphqlUrl, '{ viewer { id } }', {}, headers);
      // The server now holds the token's answer in its cache.
      const before = await ask();
      expect(before.errors).toBeUndefined();
      const id = before.data?.viewer.id.replace(/^token:/, '') ?? '';
      const revoked = await tokenWith({ REDIS_URL: redis.url }, 'revoke', id);
      expect(revoked.code).toBe(0);
      // Well inside the 30 s a cached answer is otherwise trusted.
      await vi.waitFor(async () => {
        expect((await ask()).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }, 5_000);
    } finally {
      await t.stop().catch(() => {});
      await redis.stop();
    }
  });
});
