import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

const tokenFields =
  'id name prefix scopes paths { glob access } createdAt expiresAt revokedAt lastUsedAt createdBy';

const createMutation = `mutation ($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { secret token { ${tokenFields} } }
}`;
const listQuery = `{ apiTokens { ${tokenFields} } }`;
const revokeMutation = `mutation ($id: ID!) { revokeApiToken(id: $id) { ${tokenFields} } }`;

interface TokenInfo {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  paths: Array<{ glob: string; access: string }> | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdBy: string;
}
interface Created {
  createApiToken: { secret: string; token: TokenInfo };
}

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

async function create(input: Record<string, unknown>) {
  return gql<Created>(t.graphqlUrl, createMutation, { input }, t.authHeaders);
}

/** Creates a token with the admin token and fails the test on any error. */
async function created(input: Record<string, unknown>): Promise<Created['createApiToken']> {
  const result = await create(input);
  expect(result.errors).toBeUndefined();
  if (!result.data) throw new Error('createApiToken answered without data');
  return result.data.createApiToken;
}

async function listed(): Promise<TokenInfo[]> {
  const result = await gql<{ apiTokens: TokenInfo[] }>(t.graphqlUrl, listQuery, {}, t.authHeaders);
  expect(result.errors).toBeUndefined();
  return result.data?.apiTokens ?? [];
}

describe('createApiToken', () => {
  it('returns a gp_ secret once, with the stored token described beside it', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const result = await create({
      name: 'ci',
      scopes: ['FILES_WRITE', 'FILES_READ'],
      expiresAt,
      paths: [{ glob: 'src/**', access: 'READ_WRITE' }],
    });
    expect(result.errors).toBeUndefined();
    const { secret, token } = result.data?.createApiToken ?? { secret: '', token: undefined };
    expect(secret).toMatch(/^gp_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({
      name: 'ci',
      prefix: secret.slice(0, 7),
      // In the declared order, whatever order they were asked for in.
      scopes: ['FILES_READ', 'FILES_WRITE'],
      paths: [{ glob: 'src/**', access: 'READ_WRITE' }],
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
      createdBy: 'admin-token',
    });
  });

  it('leaves paths null when none are given: the whole project', async () => {
    const result = await create({ name: 'whole', scopes: ['CHAT'] });
    expect(result.data?.createApiToken.token.paths).toBeNull();
    expect(result.data?.createApiToken.token.expiresAt).toBeNull();
  });

  it.each([
    ['an empty name', { name: '  ', scopes: ['CHAT'] }, 'name'],
    ['a name over 100 characters', { name: 'x'.repeat(101), scopes: ['CHAT'] }, 'name'],
    ['no scopes', { name: 'n', scopes: [] }, 'scopes'],
    [
      'an expiry in the past',
      { name: 'n', scopes: ['CHAT'], expiresAt: '2020-01-01T00:00:00Z' },
      'expiresAt',
    ],
    [
      'a path glob with ..',
      { name: 'n', scopes: ['CHAT'], paths: [{ glob: 'src/../..', access: 'READ' }] },
      'paths.0.glob',
    ],
    [
      'an absolute path glob',
      { name: 'n', scopes: ['CHAT'], paths: [{ glob: '/etc/**', access: 'READ' }] },
      'paths.0.glob',
    ],
    ['an empty list of paths', { name: 'n', scopes: ['CHAT'], paths: [] }, 'paths'],
  ])('rejects %s with BAD_USER_INPUT naming the field', async (_label, input, field) => {
    const before = (await listed()).length;
    const result = await create(input);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const after = (await listed()).length;
    expect(after).toBe(before);
  });

  it('rejects an unknown scope before anything runs', async () => {
    const result = await create({ name: 'n', scopes: ['ROOT'] });
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(/ROOT/);
  });
});

describe('apiTokens and revokeApiToken', () => {
  it('lists tokens newest first without their secrets', async () => {
    const first = await created({ name: 'older', scopes: ['LOGS_READ'] });
    const second = await created({ name: 'newer', scopes: ['LOGS_READ'] });
    const response = await fetch(t.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...t.authHeaders },
      body: JSON.stringify({ query: listQuery }),
    });
    const text = await response.text();
    expect(text).not.toContain(first.secret);
    expect(text).not.toContain(second.secret);
    expect(text).not.toContain(second.secret.slice(8));
    const ids = (JSON.parse(text) as { data: { apiTokens: TokenInfo[] } }).data.apiTokens.map(
      (token) => token.id,
    );
    expect(ids.indexOf(second.token.id)).toBeLessThan(ids.indexOf(first.token.id));
  });

  it('revokes a token once and answers a repeat with the first revocation time', async () => {
    const { token } = await created({ name: 'to revoke', scopes: ['CHAT'] });
    const revoked = await gql<{ revokeApiToken: TokenInfo }>(
      t.graphqlUrl,
      revokeMutation,
      { id: token.id },
      t.authHeaders,
    );
    expect(revoked.errors).toBeUndefined();
    const revokedAt = revoked.data?.revokeApiToken.revokedAt;
    expect(revokedAt).toEqual(expect.any(String));
    const again = await gql<{ revokeApiToken: TokenInfo }>(
      t.graphqlUrl,
      revokeMutation,
      { id: token.id },
      t.authHeaders,
    );
    expect(again.errors).toBeUndefined();
    expect(again.data?.revokeApiToken.revokedAt).toBe(revokedAt);
    expect((await listed()).find((item) => item.id === token.id)?.revokedAt).toBe(revokedAt);
  });

  it('answers NOT_FOUND for an unknown id', async () => {
    const result = await gql(t.graphqlUrl, revokeMutation, { id: 'no-such-token' }, t.authHeaders);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('logs', () => {
  it('record creation and revocation by id, name and creator, never the secret', async () => {
    const { secret, token } = await created({ name: 'logged', scopes: ['CHAT'] });
    await gql(t.graphqlUrl, revokeMutation, { id: token.id }, t.authHeaders);
    const logs = t.logs();
    expect(logs).toContainEqual(
      expect.objectContaining({
        msg: 'api token created',
        tokenId: token.id,
        name: 'logged',
        by: 'admin-token',
      }),
    );
    expect(logs).toContainEqual(
      expect.objectContaining({ msg: 'api token revoked', tokenId: token.id, by: 'admin-token' }),
    );
    const text = JSON.stringify(logs);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(8));
  });
});

describe('created tokens on the wire', () => {
  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

  it('works for its own scopes and gets FORBIDDEN beyond them', async () => {
    const { secret, token } = await created({ name: 'reader', scopes: ['FILES_READ'] });
    const viewer = await gql<{ viewer: { id: string; scopes: string[] } }>(
      t.graphqlUrl,
      '{ viewer { id scopes } }',
      {},
      bearer(secret),
    );
    expect(viewer.data?.viewer).toEqual({ id: `token:${token.id}`, scopes: ['FILES_READ'] });
    const tree = await gql(t.graphqlUrl, '{ tree { path } }', {}, bearer(secret));
    expect(tree.errors).toBeUndefined();
    const write = await gql(
      t.graphqlUrl,
      'mutation { writeFile(input: { path: "x.txt", content: "x" }) { path } }',
      {},
      bearer(secret),
    );
    expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps token management to the ADMIN scope', async () => {
    const { secret, token } = await created({ name: 'no admin', scopes: ['CHAT'] });
    const attempts = [
      gql(t.graphqlUrl, listQuery, {}, bearer(secret)),
      gql(t.graphqlUrl, createMutation, { input: { name: 'n', scopes: ['CHAT'] } }, bearer(secret)),
      gql(t.graphqlUrl, revokeMutation, { id: token.id }, bearer(secret)),
    ];
    for (const result of await Promise.all(attempts)) {
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await listed()).find((item) => item.id === token.id)?.revokedAt).toBeNull();
  });

  it('lets an admin token hand out only the scopes it holds', async () => {
    const { secret } = await created({ name: 'sub-admin', scopes: ['ADMIN', 'CHAT'] });
    const allowed = await gql<Created>(
      t.graphqlUrl,
      createMutation,
      { input: { name: 'chat only', scopes: ['CHAT'] } },
      bearer(secret),
    );
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data?.createApiToken.token.createdBy).toMatch(/^token:/);
    const escalated = await gql(
      t.graphqlUrl,
      createMutation,
      { input: { name: 'more', scopes: ['CHAT', 'FILES_WRITE'] } },
      bearer(secret),
    );
    expect(escalated.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(escalated.errors?.[0]?.message).toContain('files:write');
  });

  it('gets UNAUTHENTICATED on the very next request once revoked', async () => {
    const { secret, token } = await created({ name: 'short-lived', scopes: ['FILES_READ'] });
    const before = await gql(t.graphqlUrl, '{ viewer { id } }', {}, bearer(secret));
    expect(before.errors).toBeUndefined();
    await gql(t.graphqlUrl, revokeMutation, { id: token.id }, t.authHeaders);
    const after = await gql(t.graphqlUrl, '{ viewer { id } }', {}, bearer(secret));
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('gets UNAUTHENTICATED once expired', async () => {
    const expiresAt = new Date(Date.now() + 1_500);
    const { secret } = await created({
      name: 'expiring',
      scopes: ['FILES_READ'],
      expiresAt: expiresAt.toISOString(),
    });
    const before = await gql(t.graphqlUrl, '{ viewer { expiresAt } }', {}, bearer(secret));
    expect(before.data).toEqual({ viewer: { expiresAt: expiresAt.toISOString() } });
    // Refused from its expiry on: poll until then, never much longer.
    await vi.waitFor(
      async () => {
        const after = await gql(t.graphqlUrl, '{ viewer { id } }', {}, bearer(secret));
        expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime());
  });

  it('shows when a token was last used', async () => {
    const { secret, token } = await created({ name: 'used', scopes: ['FILES_READ'] });
    const usedAfter = Date.now();
    await gql(t.graphqlUrl, '{ viewer { id } }', {}, bearer(secret));
    await vi.waitFor(async () => {
      const lastUsedAt = (await listed()).find((item) => item.id === token.id)?.lastUsedAt;
      expect(Date.parse(lastUsedAt ?? '')).toBeGreaterThanOrEqual(usedAfter - 1);
    });
  });
});
