// The served project's .env files through a real started server: masked reads,
// layout-keeping edits, and paths confined to PROJECT_ROOT.
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { makeTempDir } from '../utils/tempdir.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

const original = [
  '# App settings',
  'NODE_ENV=development',
  '',
  '# Keys (never commit)',
  'STRIPE_KEY=sk_test_51Hxyzabcdefghijkl  # test mode',
  'SHORT=abc',
  'EMPTY=',
  '',
].join('\n');

const fileQuery = `query ($file: String!) {
  projectEnvFile(file: $file) { path size variables { key line isEmpty maskedValue occurrences } }
}`;
const setVar = `mutation ($file: String!, $key: String!, $value: String!) {
  setProjectEnvVar(file: $file, key: $key, value: $value) { path variables { key line maskedValue } }
}`;
const unsetVar = `mutation ($file: String!, $key: String!) {
  unsetProjectEnvVar(file: $file, key: $key) { path variables { key } }
}`;

describe('project .env files', () => {
  let t: TestServer;
  let outside: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    t = await startTestServer();
    outside = await makeTempDir();
    await writeFile(join(t.projectRoot, '.env'), original);
    await writeFile(join(t.projectRoot, '.env.local'), 'LOCAL_ONLY=1\n');
    await writeFile(join(t.projectRoot, 'README.md'), '# not an env file\n');
    await mkdir(join(t.projectRoot, 'packages/api'), { recursive: true });
    await writeFile(join(t.projectRoot, 'packages/api/.env.production'), 'API_URL=https://x\n');
    await writeFile(join(outside.path, '.env'), 'OUTSIDE_SECRET=do-not-read-0000\n');
    await symlink(join(outside.path, '.env'), join(t.projectRoot, '.env.linked'));
    await symlink(outside.path, join(t.projectRoot, 'escape'));
    await writeFile(join(t.projectRoot, 'shared.env'), 'SHARED=1\n');
    await symlink('shared.env', join(t.projectRoot, '.env.shared'));
  });
  afterAll(async () => {
    await t.stop();
    await outside.remove();
  });

  it('lists the .env files of a folder, leaving out other files and symlinks that lead outside', async () => {
    const root = await gql<{ projectEnvFiles: Array<{ path: string; size: number }> }>(
      t.graphqlUrl,
      '{ projectEnvFiles { path size modifiedAt } }',
      {},
      t.authHeaders,
    );
    expect(root.data?.projectEnvFiles.map((file) => file.path)).toEqual([
      '.env',
      '.env.local',
      '.env.shared',
    ]);
    const nested = await gql<{ projectEnvFiles: Array<{ path: string }> }>(
      t.graphqlUrl,
      '{ projectEnvFiles(directory: "packages/api") { path } }',
      {},
      t.authHeaders,
    );
    expect(nested.data?.projectEnvFiles).toEqual([{ path: 'packages/api/.env.production' }]);
  });

  it('shows keys in file order with values masked', async () => {
    const result = await gql<{ projectEnvFile: { variables: unknown[] } }>(
      t.graphqlUrl,
      fileQuery,
      {
        file: '.env',
      },
      t.authHeaders,
    );
    expect(result.data?.projectEnvFile.variables).toEqual([
      { key: 'NODE_ENV', line: 2, isEmpty: false, maskedValue: '••••', occurrences: 1 },
      { key: 'STRIPE_KEY', line: 5, isEmpty: false, maskedValue: '••••ijkl', occurrences: 1 },
      { key: 'SHORT', line: 6, isEmpty: false, maskedValue: '••••', occurrences: 1 },
      { key: 'EMPTY', line: 7, isEmpty: true, maskedValue: '', occurrences: 1 },
    ]);
    const text = JSON.stringify(result);
    expect(text).not.toContain('development');
    expect(text).not.toContain('sk_test_51Hxyzabcdefgh');
  });

  it('sets a key in place and adds a new one at the end, keeping comments, blank lines and order', async () => {
    const changed = await gql(
      t.graphqlUrl,
      setVar,
      {
        file: '.env',
        key: 'STRIPE_KEY',
        value: 'sk_live_rotated_value_7777',
      },
      t.authHeaders,
    );
    expect(changed.errors).toBeUndefined();
    expect(JSON.stringify(changed)).not.toContain('sk_live_rotated_value');
    await gql(
      t.graphqlUrl,
      setVar,
      { file: '.env', key: 'NEW_FLAG', value: 'two words' },
      t.authHeaders,
    );
    expect(await readFile(join(t.projectRoot, '.env'), 'utf8')).toBe(
      original.replace(
        'STRIPE_KEY=sk_test_51Hxyzabcdefghijkl  # test mode',
        'STRIPE_KEY=sk_live_rotated_value_7777  # test mode',
      ) + "NEW_FLAG='two words'\n",
    );
  });

  it('unsets a key, removing only its line', async () => {
    const result = await gql<{ unsetProjectEnvVar: { variables: Array<{ key: string }> } }>(
      t.graphqlUrl,
      unsetVar,
      { file: '.env', key: 'SHORT' },
      t.authHeaders,
    );
    expect(result.data?.unsetProjectEnvVar.variables.map((v) => v.key)).toEqual([
      'NODE_ENV',
      'STRIPE_KEY',
      'EMPTY',
      'NEW_FLAG',
    ]);
    expect(await readFile(join(t.projectRoot, '.env'), 'utf8')).not.toContain('SHORT=');
    const missing = await gql(
      t.graphqlUrl,
      unsetVar,
      { file: '.env', key: 'SHORT' },
      t.authHeaders,
    );
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'key' });
  });

  it('creates a missing .env file on first set', async () => {
    await gql(
      t.graphqlUrl,
      setVar,
      { file: 'packages/api/.env', key: 'PORT', value: '8080' },
      t.authHeaders,
    );
    const path = join(t.projectRoot, 'packages/api/.env');
    expect(await readFile(path, 'utf8')).toBe('PORT=8080\n');
    const noFolder = await gql(
      t.graphqlUrl,
      setVar,
      {
        file: 'nowhere/.env',
        key: 'A',
        value: 'b',
      },
      t.authHeaders,
    );
    expect(noFolder.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses paths that leave the project root, lexically or through a symlink, and changes nothing', async () => {
    for (const file of ['../.env', '/etc/.env', 'escape/.env', '.env.linked']) {
      const read = await gql(t.graphqlUrl, fileQuery, { file }, t.authHeaders);
      expect(read.errors?.[0]?.extensions?.code, file).toBe('FORBIDDEN');
      const write = await gql(t.graphqlUrl, setVar, { file, key: 'X', value: 'y' }, t.authHeaders);
      expect(write.errors?.[0]?.extensions?.code, file).toBe('FORBIDDEN');
    }
    expect(await readFile(join(outside.path, '.env'), 'utf8')).toBe(
      'OUTSIDE_SECRET=do-not-read-0000\n',
    );
    const listing = await gql(
      t.graphqlUrl,
      '{ projectEnvFiles(directory: "escape") { path } }',
      {},
      t.authHeaders,
    );
    expect(listing.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses files that are not .env files, malformed keys and missing files', async () => {
    const notEnv = await gql(
      t.graphqlUrl,
      setVar,
      { file: 'README.md', key: 'X', value: 'y' },
      t.authHeaders,
    );
    expect(notEnv.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(await readFile(join(t.projectRoot, 'README.md'), 'utf8')).toBe('# not an env file\n');
    const badKey = await gql(
      t.graphqlUrl,
      setVar,
      { file: '.env', key: 'BAD KEY', value: 'y' },
      t.authHeaders,
    );
    expect(badKey.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'key' });
    const missing = await gql(t.graphqlUrl, fileQuery, { file: '.env.nothere' }, t.authHeaders);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const nul = await gql(t.graphqlUrl, fileQuery, { file: '.env\u0000x' }, t.authHeaders);
    expect(nul.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('audits .env changes by file and key, never the value', async () => {
    const audit = await gql<{ settingsAudit: Array<{ target: string; action: string }> }>(
      t.graphqlUrl,
      '{ settingsAudit(kind: ENV_VAR) { target action } }',
      {},
      t.authHeaders,
    );
    expect(audit.data?.settingsAudit).toEqual([
      { target: 'packages/api/.env#PORT', action: 'SET' },
      { target: '.env#SHORT', action: 'UNSET' },
      { target: '.env#NEW_FLAG', action: 'SET' },
      { target: '.env#STRIPE_KEY', action: 'SET' },
    ]);
    expect(JSON.stringify(audit)).not.toContain('sk_live');
  });
});
