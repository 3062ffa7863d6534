import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenStore, tokenRevokedTopic } from '../../src/core/auth/token-store.ts';
import { openDatabase, type Database } from '../../src/core/db/database.ts';
import { DomainError } from '../../src/core/errors.ts';
import { createInProcessEventBus, type EventBus } from '../../src/core/event-bus.ts';
import { createLogger } from '../../src/core/logger.ts';
import { scopes, type Principal } from '../../src/core/scopes.ts';
import { makeTempDir } from '../utils/tempdir.ts';

const adminSecret = 'configured-admin-token-0123456789';
const admin: Principal = { id: 'admin-token', scopes: new Set(scopes) };

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let db: Database;
let bus: EventBus;
let clock: number;
let logLines: string[];
const stores: TokenStore[] = [];

function makeStore(options: { cacheTtlMs?: number; adminToken?: string | undefined } = {}) {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => logLines.push(chunk.toString()));
  const store = new TokenStore({
    db,
    bus,
    adminToken: 'adminToken' in options ? options.adminToken : adminSecret,
    logger: createLogger({ level: 'info', format: 'json', destination: stream }),
    now: () => clock,
    ...(options.cacheTtlMs === undefined ? {} : { cacheTtlMs: options.cacheTtlMs }),
  });
  stores.push(store);
  return store;
}

async function expectDomainError(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  if (message) expect((error as DomainError).message).toMatch(message);
}

beforeEach(async () => {
  temp = await makeTempDir();
  ({ db } = await openDatabase(`file:${join(temp.path, 'genpod.db')}`));
  bus = createInProcessEventBus();
  clock = Date.parse('2026-01-01T00:00:00Z');
  logLines = [];
});

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  await db.$disconnect();
  await temp.remove();
});

describe('authenticate', () => {
  it('turns a created secret into its principal', async () => {
    const store = makeStore();
    const expiresAt = new Date(clock + 3_600_000);
    const { secret, token } = await store.create(
      {
        name: 'ci',
        scopes: ['files:write', 'files:read'],
        expiresAt,
        paths: [{ glob: 'src/**', access: 'read-write' }],
      },
      admin,
    );
    const principal = await store.authenticate(secret);
    expect(principal).toEqual({
      id: `token:${token.id}`,
      tokenId: token.id,
      scopes: new Set(['files:read', 'files:write']),
      paths: [{ glob: 'src/**', access: 'read-write' }],
      expiresAt,
    });
  });

  it('gives the configured admin token every scope', async () => {
    const principal = await makeStore().authenticate(adminSecret);
    expect(principal?.id).toBe('admin-token');
    expect([...(principal?.scopes ?? [])]).toEqual([...scopes]);
  });

  it('knows no admin token when none is configured', async () => {
    const store = makeStore({ adminToken: undefined });
    expect(await store.authenticate(adminSecret)).toBeNull();
  });

  it('answers null for a wrong, malformed or empty secret', async () => {
    const store = makeStore();
    const { secret } = await store.create({ name: 'real', scopes: ['chat'] }, admin);
    const wrong = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect(await store.authenticate(wrong)).toBeNull();
    expect(await store.authenticate('gp_short')).toBeNull();
    expect(await store.authenticate(`${adminSecret}x`)).toBeNull();
    expect(await store.authenticate('')).toBeNull();
  });

  it('answers null once a token has expired, even when its answer is cached', async () => {
    const store = makeStore({ cacheTtlMs: 3_600_000 });
    const { secret } = await store.create(
      { name: 'brief', scopes: ['chat'], expiresAt: new Date(clock + 60_000) },
      admin,
    );
    expect(await store.authenticate(secret)).not.toBeNull();
    clock += 59_999;
    expect(await store.authenticate(secret)).not.toBeNull();
    clock += 1;
    expect(await store.authenticate(secret)).toBeNull();
  });

  it('answers null for a revoked token at once, though its answer was cached', async () => {
    const store = makeStore({ cacheTtlMs: 3_600_000 });
    const { secret, token } = await store.create({ name: 'gone', scopes: ['chat'] }, admin);
    expect(await store.authenticate(secret)).not.toBeNull();
    await store.revoke(token.id, admin);
    expect(await store.authenticate(secret)).toBeNull();
  });

  it('drops a token revoked by another instance when the bus announces it', async () => {
    const here = makeStore({ cacheTtlMs: 3_600_000 });
    const elsewhere = makeStore({ cacheTtlMs: 3_600_000 });
    await here.start();
    const { secret, token } = await elsewhere.create({ name: 'shared', scopes: ['chat'] }, admin);
    expect(await here.authenticate(secret)).not.toBeNull();
    await elsewhere.revoke(token.id, admin);
    await vi.waitFor(async () => expect(await here.authenticate(secret)).toBeNull());
  });

  it('notices a revocation made without the bus once the cache time has passed', async () => {
    const store = makeStore({ cacheTtlMs: 30_000 });
    const { secret, token } = await store.create({ name: 'cli', scopes: ['chat'] }, admin);
    expect(await store.authenticate(secret)).not.toBeNull();
    // What the CLI does against a running server's database: no event reaches it.
    await db.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date(clock) } });
    expect(await store.authenticate(secret)).not.toBeNull();
    clock += 30_000;
    expect(await store.authenticate(secret)).toBeNull();
  });

  it('answers a secret it refused before without reading the database again', async () => {
    let lookups = 0;
    const counted = db.$extends({
      query: {
        apiToken: {
          findUnique({ args, query }) {
            lookups++;
            return query(args);
          },
        },
      },
    }) as unknown as Database;
    const store = new TokenStore({
      db: counted,
      bus,
      adminToken: undefined,
      logger: createLogger({ level: 'silent', format: 'json', destination: new PassThrough() }),
      now: () => clock,
    });
    stores.push(store);
    const { secret, token } = await store.create({ name: 'dead', scopes: ['chat'] }, admin);
    await store.revoke(token.id, admin);
    const unknown = `gp_${'A'.repeat(43)}`;
    for (let i = 0; i < 3; i++) {
      expect(await store.authenticate(secret)).toBeNull();
      expect(await store.authenticate(unknown)).toBeNull();
    }
    // The revoke itself read the row once; then one lookup per secret.
    expect(lookups).toBe(3);
  });

  it('records lastUsedAt at most once a minute', async () => {
    const store = makeStore({ cacheTtlMs: 3_600_000 });
    const { secret, token } = await store.create({ name: 'busy', scopes: ['chat'] }, admin);
    const lastUsed = async () =>
      (await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt?.getTime();
    const start = clock;
    await store.authenticate(secret);
    await vi.waitFor(async () => expect(await lastUsed()).toBe(start));
    clock += 59_000;
    await store.authenticate(secret);
    clock += 500;
    await store.authenticate(secret);
    await store.close(); // waits for any write in flight
    expect(await lastUsed()).toBe(start);
    clock += 1_000;
    await store.authenticate(secret);
    await store.close();
    expect(await lastUsed()).toBe(start + 60_500);
  });
});

describe('create', () => {
  it('stores only the hash: no file of the database holds the secret', async () => {
    const store = makeStore();
    const { secret, token } = await store.create({ name: 'hidden', scopes: ['chat'] }, admin);
    const rows = await db.$queryRawUnsafe<Array<Record<string, unknown>>>('SELECT * FROM ApiToken');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.secretHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(rows[0]?.prefix).toBe(secret.slice(0, 7));
    expect(JSON.stringify(rows)).not.toContain(secret.slice(7));
    await db.$disconnect();
    // The SQLite file and any journal beside it, byte for byte.
    for (const file of await readdir(temp.path)) {
      const bytes = await readFile(join(temp.path, file));
      expect(bytes.includes(Buffer.from(secret.slice(7))), file).toBe(false);
    }
    ({ db } = await openDatabase(`file:${join(temp.path, 'genpod.db')}`));
    expect(token.prefix).toBe(secret.slice(0, 7));
  });

  it('makes a different secret every time', async () => {
    const store = makeStore();
    const a = await store.create({ name: 'a', scopes: ['chat'] }, admin);
    const b = await store.create({ name: 'a', scopes: ['chat'] }, admin);
    expect(a.secret).not.toBe(b.secret);
    expect(a.token.id).not.toBe(b.token.id);
  });

  it('logs the id, name and creator, never the secret', async () => {
    const store = makeStore();
    const { secret, token } = await store.create({ name: 'audit me', scopes: ['chat'] }, admin);
    const lines = logLines.join('');
    expect(lines).toContain(token.id);
    expect(lines).toContain('audit me');
    expect(lines).toContain('"by":"admin-token"');
    expect(lines).not.toContain(secret.slice(7));
  });

  it.each([
    ['an unknown scope', { name: 'n', scopes: ['root' as never] }, /invalid scopes\.0/],
    ['a blank name', { name: '   ', scopes: ['chat' as const] }, /invalid name/],
    [
      'a glob starting with a drive letter',
      { name: 'n', scopes: ['chat' as const], paths: [{ glob: 'C:/x', access: 'read' as const }] },
      /invalid paths\.0\.glob/,
    ],
  ])('rejects %s with InvalidInput', async (_label, input, message) => {
    await expectDomainError(makeStore().create(input, admin), 'BAD_USER_INPUT', message);
  });

  it('rejects an expiry that is not in the future by the store clock', async () => {
    const store = makeStore();
    await expectDomainError(
      store.create({ name: 'n', scopes: ['chat'], expiresAt: new Date(clock) }, admin),
      'BAD_USER_INPUT',
      /expiresAt: must be in the future/,
    );
  });

  it('refuses to grant scopes the creator lacks', async () => {
    const limited: Principal = { id: 'token:limited', scopes: new Set(['admin', 'chat']) };
    await expectDomainError(
      makeStore().create({ name: 'n', scopes: ['chat', 'files:write'] }, limited),
      'FORBIDDEN',
      /files:write/,
    );
  });

  it('refuses token creation to a caller limited to some paths', async () => {
    const limited: Principal = {
      id: 'token:limited',
      scopes: new Set(scopes),
      paths: [{ glob: 'docs/**', access: 'read' }],
    };
    await expectDomainError(
      makeStore().create({ name: 'n', scopes: ['chat'] }, limited),
      'FORBIDDEN',
    );
  });

  it('refuses a token that would outlive its creator', async () => {
    const store = makeStore();
    const creator: Principal = {
      id: 'token:brief',
      scopes: new Set(scopes),
      expiresAt: new Date(clock + 60_000),
    };
    await expectDomainError(store.create({ name: 'n', scopes: ['chat'] }, creator), 'FORBIDDEN');
    const ok = await store.create(
      { name: 'n', scopes: ['chat'], expiresAt: new Date(clock + 60_000) },
      creator,
    );
    expect(ok.token.createdBy).toBe('token:brief');
  });
});

describe('list and revoke', () => {
  it('lists every token newest first, revoked ones included', async () => {
    const store = makeStore();
    const first = await store.create({ name: 'first', scopes: ['chat'] }, admin);
    clock += 1_000;
    const second = await store.create({ name: 'second', scopes: ['chat'] }, admin);
    await store.revoke(first.token.id, admin);
    const listed = await store.list();
    expect(listed.map((token) => token.name)).toEqual(['second', 'first']);
    expect(listed[1]?.revokedAt).toEqual(new Date(clock));
    expect(listed[0]?.id).toBe(second.token.id);
  });

  it('tells which of some tokens are revoked, ignoring unknown ids', async () => {
    const store = makeStore();
    const kept = await store.create({ name: 'kept', scopes: ['chat'] }, admin);
    const gone = await store.create({ name: 'gone', scopes: ['chat'] }, admin);
    await store.revoke(gone.token.id, admin);
    expect(await store.revokedAmong([kept.token.id, gone.token.id, 'no-such-id'])).toEqual(
      new Set([gone.token.id]),
    );
  });

  it('publishes the revocation on the bus, for repeats too', async () => {
    const store = makeStore();
    const { token } = await store.create({ name: 'watched', scopes: ['chat'] }, admin);
    const abort = new AbortController();
    const deliveries = bus.subscribe(tokenRevokedTopic, { signal: abort.signal });
    const first = await store.revoke(token.id, admin);
    clock += 5_000;
    const second = await store.revoke(token.id, admin);
    expect(second.revokedAt).toEqual(first.revokedAt);
    const seen = [];
    for await (const delivery of deliveries) {
      seen.push(delivery);
      if (seen.length === 2) break;
    }
    abort.abort();
    expect(seen).toMatchObject([
      { type: 'event', payload: { tokenId: token.id } },
      { type: 'event', payload: { tokenId: token.id } },
    ]);
  });

  it('answers NotFound for an unknown id and publishes nothing', async () => {
    const store = makeStore();
    const before = bus.stats().published;
    await expectDomainError(store.revoke('missing', admin), 'NOT_FOUND');
    expect(bus.stats().published).toBe(before);
  });
});
