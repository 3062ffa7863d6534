import { mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { Forbidden } from '../../src/core/errors.ts';
import type { Principal, Scope } from '../../src/core/scopes.ts';
import type { Context } from '../../src/resolvers/context.ts';
import * as files from '../../src/resolvers/files.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { graphqlTransport, grpcTransport, valueOf, type FilesTransport } from './transports.ts';

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

async function seed(root: string, entries: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(entries)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

describe.each(['graphql', 'grpc'] as const)('default access rules over %s', (transportName) => {
  let t: TestServer;
  let api: FilesTransport;

  beforeAll(async () => {
    t = await startTestServer();
    api = transportName === 'graphql' ? graphqlTransport(t, t.token) : grpcTransport(t, t.token);
    await seed(t.projectRoot, {
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/config': '[core]\n',
      'vendor/lib/.git/HEAD': 'ref: refs/heads/x\n',
      'vendor/lib/index.js': '',
      '.gitignore': 'node_modules/\n',
      '.env': 'API_KEY=abc\n',
    });
    await symlink('.git/config', join(t.projectRoot, 'git-config-link'));
  });
  afterAll(async () => {
    api.close();
    await t.stop();
  });

  it('lets .git internals be read but written by no one', async () => {
    expect(valueOf(await api.read('.git/HEAD'))?.content).toBe('ref: refs/heads/main\n');
    expect(await api.write({ path: '.git/HEAD', content: 'x' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await api.write({ path: '.git/hooks/pre-commit', content: 'x' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await api.remove('.git', true)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await api.mkdir('.git/new')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await api.move('.gitignore', '.git/info/exclude')).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await api.move('.git', 'git-backup')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await readFile(join(t.projectRoot, '.git/HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
  });

  it('applies the rule to nested repositories and to folders holding them', async () => {
    expect(await api.write({ path: 'vendor/lib/.git/HEAD', content: 'x' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await api.remove('vendor', true)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await api.move('vendor', 'vendored')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await exists(join(t.projectRoot, 'vendor/lib/index.js'))).toBe(true);
  });

  it('applies the rule where a symlink leads, not only to its name', async () => {
    expect(await api.write({ path: 'git-config-link', content: 'x' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await readFile(join(t.projectRoot, '.git/config'), 'utf8')).toBe('[core]\n');
  });

  it('shows .env files to a caller holding files:env (the local developer holds every scope)', async () => {
    expect(valueOf(await api.read('.env'))?.content).toBe('API_KEY=abc\n');
  });
});

describe.each(['graphql', 'grpc'] as const)('configured access rules over %s', (transportName) => {
  let t: TestServer;
  let api: FilesTransport;

  beforeAll(async () => {
    t = await startTestServer({ FILES_DENY: 'private,**/*.pem', FILES_READ_ONLY: 'off' });
    api = transportName === 'graphql' ? graphqlTransport(t, t.token) : grpcTransport(t, t.token);
    await seed(t.projectRoot, {
      'private/plan.md': 'plan',
      'certs/server.pem': 'KEY',
      'certs/readme.md': 'certs here',
    });
  });
  afterAll(async () => {
    api.close();
    await t.stop();
  });

  it('refuses paths matching FILES_DENY, and everything inside a denied folder', async () => {
    expect(await api.read('private/plan.md')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await api.read('certs/server.pem')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await api.write({ path: 'private/new.md', content: 'x' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await api.tree('private', 1)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('leaves denied entries out of trees and searches', async () => {
    const root = valueOf(await api.tree('', 2));
    expect(root.children?.map((c) => c.name)).toEqual(['certs']);
    expect(root.children?.[0]?.children?.map((c) => c.name)).toEqual(['readme.md']);
    const found = valueOf(await api.search({ glob: '*' }));
    expect(found.matches.map((m) => m.path)).toEqual(['certs', 'certs/readme.md']);
  });

  it('follows rule changes made while the server runs (settings can replace them)', async () => {
    t.server.services.fileAccess.update({ deny: [] });
    try {
      expect(valueOf(await api.read('private/plan.md'))?.content).toBe('plan');
    } finally {
      t.server.services.fileAccess.update({ deny: ['private', '**/*.pem'] });
    }
    expect(await api.read('private/plan.md')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe.each(['graphql', 'grpc'] as const)('read-only mode over %s', (transportName) => {
  let t: TestServer;
  let api: FilesTransport;

  beforeAll(async () => {
    t = await startTestServer({ FILES_READ_ONLY: 'on' });
    api = transportName === 'graphql' ? graphqlTransport(t, t.token) : grpcTransport(t, t.token);
    await seed(t.projectRoot, { 'a.txt': 'a' });
  });
  afterAll(async () => {
    api.close();
    await t.stop();
  });

  it('reads, lists and searches, but refuses every write with FORBIDDEN', async () => {
    expect(valueOf(await api.read('a.txt'))?.content).toBe('a');
    expect(valueOf(await api.tree('', 1)).children).toHaveLength(1);
    expect(await api.write({ path: 'a.txt', content: 'b' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await api.write({ path: 'new.txt', content: 'b' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await api.remove('a.txt')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await api.move('a.txt', 'b.txt')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await api.mkdir('folder')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await readFile(join(t.projectRoot, 'a.txt'), 'utf8')).toBe('a');
    expect(await exists(join(t.projectRoot, 'new.txt'))).toBe(false);
  });
});

describe('scopes of the caller', () => {
  let t: TestServer;
  const as = (...scopes: Scope[]): Context => {
    const principal: Principal = { id: 'test-agent', scopes: new Set(scopes) };
    return { services: t.server.services, transport: 'graphql', requestId: 'test', principal };
  };

  beforeAll(async () => {
    t = await startTestServer();
    await seed(t.projectRoot, {
      '.env': 'API_KEY=abc\n',
      '.env.local': 'X=1\n',
      'config/.env.production': 'DB=prod\n',
      'src/app.ts': 'process.env.API_KEY\n',
    });
  });
  afterAll(() => t.stop());

  it('hides .env files from a caller without files:env: refused by path, absent from tree and search', async () => {
    const agent = as('files:read', 'files:write');
    await expect(files.file(agent, '.env')).rejects.toBeInstanceOf(Forbidden);
    await expect(files.file(agent, 'config/.env.production')).rejects.toBeInstanceOf(Forbidden);
    await expect(
      files.writeFile(agent, { path: '.env', content: 'API_KEY=stolen' }),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(files.deletePath(agent, 'config', true)).rejects.toBeInstanceOf(Forbidden);
    const root = await files.tree(agent, { path: '', depth: 2 });
    const names = JSON.stringify(root);
    expect(names).not.toContain('.env');
    const found = await files.searchFiles(agent, { content: 'API_KEY' });
    expect(found.matches.map((m) => m.path)).toEqual(['src/app.ts']);
    expect(await readFile(join(t.projectRoot, '.env'), 'utf8')).toBe('API_KEY=abc\n');
  });

  it('shows .env files to a caller with files:env', async () => {
    const developer = as('files:read', 'files:write', 'files:env');
    const env = await files.file(developer, '.env');
    expect(env && files.textContent(env)).toBe('API_KEY=abc\n');
    const root = await files.tree(developer, { path: '', depth: 1 });
    expect(root.children?.map((c) => c.name)).toEqual(['config', 'src', '.env', '.env.local']);
  });

  it('needs files:read to read and files:write to write', async () => {
    await expect(files.file(as('files:write'), 'src/app.ts')).rejects.toBeInstanceOf(Forbidden);
    await expect(files.tree(as(), { path: '', depth: 1 })).rejects.toBeInstanceOf(Forbidden);
    await expect(
      files.writeFile(as('files:read'), { path: 'x.txt', content: 'x' }),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(files.createDirectory(as('files:read'), 'made')).rejects.toBeInstanceOf(Forbidden);
    expect(await exists(join(t.projectRoot, 'x.txt'))).toBe(false);
  });
});

describe('files configuration', () => {
  it('has safe defaults', () => {
    expect(loadConfig({}, '/tmp').files).toEqual({
      readOnly: false,
      maxBytes: 10 * 1024 * 1024,
      deny: [],
      denyWrite: ['**/.git'],
      secret: ['**/.env*'],
      treeMaxNodes: 200_000,
      treeStats: 'find',
      searchTimeoutMs: 10_000,
      batchMaxEntries: 1_000,
      batchMaxBytes: 64 * 1024 * 1024,
      searchThreads: 2,
      replace: { timeoutMs: 10_000, maxFiles: 50_000, maxBytes: 64 * 1024 * 1024 },
    });
  });

  it('reads lists, flags and limits from the environment', () => {
    const config = loadConfig(
      {
        FILES_READ_ONLY: 'true',
        FILES_MAX_BYTES: '2048',
        FILES_DENY: ' a/** , *.key ',
        FILES_SECRET: '',
      },
      '/tmp',
    );
    expect(config.files).toMatchObject({
      readOnly: true,
      maxBytes: 2048,
      deny: ['a/**', '*.key'],
      secret: [],
    });
  });

  it('refuses a glob the linear-time matcher cannot run, naming the variable', () => {
    expect(() => loadConfig({ FILES_DENY: 'ok/**,!(src)' }, '/tmp')).toThrow(
      /FILES_DENY.*negated pattern/,
    );
  });

  it('names the variable in a bad value', () => {
    expect(() => loadConfig({ FILES_MAX_BYTES: 'lots' })).toThrow(
      new ConfigError('invalid FILES_MAX_BYTES: must be a number of bytes'),
    );
    expect(() => loadConfig({ FILES_READ_ONLY: 'maybe' })).toThrow(ConfigError);
  });
});
