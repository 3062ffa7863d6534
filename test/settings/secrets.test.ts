// Secrets through a real started server: encrypted at rest with Fernet, never
// shown, never logged, rotatable, and refused cleanly under a wrong key.
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateFernetKey } from '../../src/core/fernet-key-file.ts';
import { Fernet } from '../../src/core/fernet.ts';
import { readSecret } from '../../src/core/secrets/secret-store.ts';
import { gql } from '../utils/graphql.ts';
import { makeTempDir } from '../utils/tempdir.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

interface SecretView {
  name: string;
  isSet: boolean;
  source: string;
  lastFour: string | null;
  readable: boolean;
  updatedBy: string | null;
}

const secretFields = 'name isSet source lastFour readable updatedBy updatedAt envVar description';
const setSecret = `mutation ($name: String!, $value: String!) { setSecret(name: $name, value: $value) { ${secretFields} } }`;
const deleteSecret = 'mutation ($name: String!) { deleteSecret(name: $name) }';
const listSecrets = `{ secrets { ${secretFields} } }`;
const rotate = 'mutation { rotateSecrets { rotated unchanged } }';

/** Every byte the server keeps in DATA_DIR: the SQLite file and any journal beside it. */
async function dataDirBytes(dataDir: string): Promise<Buffer> {
  const names = await readdir(dataDir, { recursive: true });
  const chunks: Buffer[] = [];
  for (const name of names) {
    chunks.push(await readFile(join(dataDir, name)).catch(() => Buffer.alloc(0)));
  }
  return Buffer.concat(chunks);
}

async function secretNamed(t: TestServer, name: string): Promise<SecretView | undefined> {
  const result = await gql<{ secrets: SecretView[] }>(t.graphqlUrl, listSecrets, {}, t.authHeaders);
  expect(result.errors).toBeUndefined();
  return result.data?.secrets.find((secret) => secret.name === name);
}

describe('secrets', () => {
  let t: TestServer;
  const apiKey = 'AIzaSyD-plaintext-never-stored-9f3k2XQZ';
  beforeAll(async () => {
    t = await startTestServer({ LOG_LEVEL: 'trace' });
  });
  afterAll(() => t.stop());

  it('stores a secret encrypted and shows only whether it is set and its last four characters', async () => {
    const result = await gql<{ setSecret: SecretView }>(
      t.graphqlUrl,
      setSecret,
      {
        name: 'gemini.apiKey',
        value: apiKey,
      },
      t.authHeaders,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.setSecret).toMatchObject({
      name: 'gemini.apiKey',
      isSet: true,
      source: 'DATABASE',
      lastFour: '2XQZ',
      readable: true,
      updatedBy: 'admin-token',
    });
    expect(JSON.stringify(result)).not.toContain(apiKey.slice(0, -4));

    const row = await t.server.services.db.secret.findUniqueOrThrow({
      where: { name: 'gemini.apiKey' },
    });
    expect(row.token).toMatch(/^gAAAAA[A-Za-z0-9_-]+=*$/);
    expect(row.token).not.toContain(apiKey);
  });

  it('gives the server the plaintext through readSecret', async () => {
    expect(await readSecret(t.server.services, 'gemini.apiKey')).toBe(apiKey);
    expect(await readSecret(t.server.services, 'never.set')).toBeUndefined();
  });

  it("stores tokens Python's cryptography.fernet decrypts with the server's key", async () => {
    const key = (await readFile(join(t.dataDir, 'fernet.key'), 'utf8')).trim();
    const row = await t.server.services.db.secret.findUniqueOrThrow({
      where: { name: 'gemini.apiKey' },
    });
    const plaintext = execFileSync(
      '/usr/bin/python3',
      [
        '-c',
        'import sys; from cryptography.fernet import Fernet; k, t = sys.stdin.read().split(); print(Fernet(k.encode()).decrypt(t.encode()).decode(), end="")',
      ],
      { input: `${key} ${row.token}`, encoding: 'utf8' },
    );
    expect(plaintext).toBe(apiKey);
  });

  it('never writes the plaintext to the database files or the logs', async () => {
    await gql(
      t.graphqlUrl,
      setSecret,
      {
        name: 'github.token',
        value: 'ghp_secretvalue_abcdef123456',
      },
      t.authHeaders,
    );
    // Also through an error path: a failing call must not echo the value either.
    const refused = await gql(
      t.graphqlUrl,
      setSecret,
      {
        name: '../bad name',
        value: 'ghp_othersecret_zyxw98765',
      },
      t.authHeaders,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(refused)).not.toContain('ghp_othersecret_zyxw98765');
    await gql(t.graphqlUrl, listSecrets, {}, t.authHeaders);
    // Log files are written asynchronously: search once the operation's line is in them.
    const bytes = await vi.waitFor(async () => {
      const written = await dataDirBytes(t.server.services.config.dataDir);
      expect(written.includes(Buffer.from('"secretName":"github.token"'))).toBe(true);
      return written;
    });
    // The search covers what was written: the stored token itself is in these bytes.
    const row = await t.server.services.db.secret.findUniqueOrThrow({
      where: { name: 'github.token' },
    });
    expect(bytes.includes(Buffer.from(row.token))).toBe(true);
    for (const plaintext of [apiKey, 'ghp_secretvalue_abcdef123456', 'ghp_othersecret_zyxw98765']) {
      expect(bytes.includes(Buffer.from(plaintext))).toBe(false);
      expect(JSON.stringify(t.logs())).not.toContain(plaintext);
    }
    // The logs did see the operations, at trace level.
    expect(
      t.logs().some((line) => line.msg === 'secret set' && line.secretName === 'github.token'),
    ).toBe(true);
  });

  it('shows no characters of a short secret', async () => {
    const result = await gql<{ setSecret: SecretView }>(
      t.graphqlUrl,
      setSecret,
      {
        name: 'short.one',
        value: 'abc12345',
      },
      t.authHeaders,
    );
    expect(result.data?.setSecret).toMatchObject({ isSet: true, lastFour: null });
  });

  it('lists known secrets even when unset', async () => {
    await gql(t.graphqlUrl, deleteSecret, { name: 'gemini.apiKey' }, t.authHeaders);
    expect(await secretNamed(t, 'gemini.apiKey')).toMatchObject({
      isSet: false,
      source: 'UNSET',
      lastFour: null,
    });
    expect(await readSecret(t.server.services, 'gemini.apiKey')).toBeUndefined();
  });

  it('refuses an empty or oversized value and a malformed name, storing nothing', async () => {
    for (const [name, value, field] of [
      ['empty.value', '', 'value'],
      ['big.value', 'x'.repeat(64 * 1024 + 1), 'value'],
      ['', 'abc', 'name'],
      ['has space', 'abc', 'name'],
    ] as const) {
      const result = await gql(t.graphqlUrl, setSecret, { name, value }, t.authHeaders);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(
      await t.server.services.db.secret.count({
        where: { name: { in: ['empty.value', 'big.value'] } },
      }),
    ).toBe(0);
  });

  it('deletes a stored secret once and reports whether there was one', async () => {
    await gql(
      t.graphqlUrl,
      setSecret,
      { name: 'to.delete', value: 'delete-me-please' },
      t.authHeaders,
    );
    expect(
      (await gql(t.graphqlUrl, deleteSecret, { name: 'to.delete' }, t.authHeaders)).data,
    ).toEqual({
      deleteSecret: true,
    });
    expect(
      (await gql(t.graphqlUrl, deleteSecret, { name: 'to.delete' }, t.authHeaders)).data,
    ).toEqual({
      deleteSecret: false,
    });
  });

  it('audits secret changes by name and action, never the value', async () => {
    const audit = await gql<{
      settingsAudit: Array<{ target: string; action: string; principal: string }>;
    }>(
      t.graphqlUrl,
      '{ settingsAudit(kind: SECRET) { target action principal } }',
      {},
      t.authHeaders,
    );
    const entries = audit.data?.settingsAudit ?? [];
    expect(entries.slice(0, 3)).toEqual([
      { target: 'to.delete', action: 'DELETE', principal: 'admin-token' },
      { target: 'to.delete', action: 'DELETE', principal: 'admin-token' },
      { target: 'to.delete', action: 'SET', principal: 'admin-token' },
    ]);
    expect(entries).toContainEqual({
      target: 'gemini.apiKey',
      action: 'SET',
      principal: 'admin-token',
    });
    expect(JSON.stringify(audit)).not.toContain('delete-me-please');
  });
});

describe('secrets across key changes', () => {
  let data: Awaited<ReturnType<typeof makeTempDir>>;
  let running: TestServer | undefined;
  const oldKey = generateFernetKey();
  const newKey = generateFernetKey();
  const value = 'sk-rotate-me-0123456789-WXYZ';
  beforeAll(async () => {
    data = await makeTempDir();
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  afterAll(() => data.remove());

  const start = (fernetSecret: string, env: Record<string, string> = {}) =>
    startTestServer({ DATA_DIR: data.path, FERNET_SECRET: fernetSecret, ...env });
  const storedToken = async (t: TestServer, name: string) =>
    (await t.server.services.db.secret.findUniqueOrThrow({ where: { name } })).token;

  it('stores under the old key', async () => {
    running = await start(oldKey);
    await gql(running.graphqlUrl, setSecret, { name: 'openai.apiKey', value }, running.authHeaders);
    expect(new Fernet(oldKey).decrypt(await storedToken(running, 'openai.apiKey')).toString()).toBe(
      value,
    );
  });

  it('under a wrong key: shows the secret as unreadable and refuses to read or rotate, changing nothing', async () => {
    running = await start(newKey);
    const before = await storedToken(running, 'openai.apiKey');
    expect(await secretNamed(running, 'openai.apiKey')).toMatchObject({
      isSet: true,
      readable: false,
      lastFour: null,
    });
    await expect(readSecret(running.server.services, 'openai.apiKey')).rejects.toThrow(
      /openai\.apiKey cannot be decrypted with the keys in FERNET_SECRET/,
    );
    const refused = await gql(running.graphqlUrl, rotate, {}, running.authHeaders);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      secrets: ['openai.apiKey'],
    });
    expect(await storedToken(running, 'openai.apiKey')).toBe(before);
  });

  it('decrypts with the old key listed second, and rotation moves every secret to the first key', async () => {
    running = await start(`${newKey},${oldKey}`);
    await gql(
      running.graphqlUrl,
      setSecret,
      {
        name: 'already.new',
        value: 'written-under-new-key',
      },
      running.authHeaders,
    );
    expect(await readSecret(running.server.services, 'openai.apiKey')).toBe(value);
    const result = await gql(running.graphqlUrl, rotate, {}, running.authHeaders);
    expect(result).toEqual({ data: { rotateSecrets: { rotated: 1, unchanged: 1 } } });
    const token = await storedToken(running, 'openai.apiKey');
    expect(new Fernet(newKey).decrypt(token).toString()).toBe(value);
    expect(() => new Fernet(oldKey).decrypt(token)).toThrow();
    const audit = await gql<{ settingsAudit: Array<{ target: string; action: string }> }>(
      running.graphqlUrl,
      '{ settingsAudit(kind: SECRET, limit: 1) { target action } }',
      {},
      running.authHeaders,
    );
    expect(audit.data?.settingsAudit).toEqual([{ target: 'openai.apiKey', action: 'ROTATE' }]);
  });

  it('reads rotated secrets with the new key alone', async () => {
    running = await start(newKey);
    expect(await readSecret(running.server.services, 'openai.apiKey')).toBe(value);
    expect(await secretNamed(running, 'openai.apiKey')).toMatchObject({
      readable: true,
      lastFour: 'WXYZ',
    });
  });

  it('treats a tampered token as unreadable instead of returning garbage', async () => {
    running = await start(newKey);
    const token = await storedToken(running, 'openai.apiKey');
    const raw = Buffer.from(token, 'base64url');
    raw[30] = (raw[30] as number) ^ 0xff;
    const tampered = raw.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    await running.server.services.db.secret.update({
      where: { name: 'openai.apiKey' },
      data: { token: tampered },
    });
    expect(await secretNamed(running, 'openai.apiKey')).toMatchObject({ readable: false });
    await expect(readSecret(running.server.services, 'openai.apiKey')).rejects.toThrow(
      /cannot be decrypted/,
    );
  });

  it('prefers GEMINI_API_KEY from the environment and says so', async () => {
    running = await start(newKey, { GEMINI_API_KEY: 'env-provided-gemini-key-ABCD' });
    await gql(
      running.graphqlUrl,
      setSecret,
      {
        name: 'gemini.apiKey',
        value: 'stored-gemini-key-EFGH',
      },
      running.authHeaders,
    );
    expect(await secretNamed(running, 'gemini.apiKey')).toMatchObject({
      source: 'ENVIRONMENT',
      lastFour: 'ABCD',
    });
    expect(await readSecret(running.server.services, 'gemini.apiKey')).toBe(
      'env-provided-gemini-key-ABCD',
    );
  });
});
