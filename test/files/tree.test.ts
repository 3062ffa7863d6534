import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import {
  graphqlTransport,
  grpcTransport,
  valueOf,
  type FilesTransport,
  type TreeResult,
} from './transports.ts';

const names = (node: TreeResult | undefined) => node?.children?.map((child) => child.name);
const child = (node: TreeResult | undefined, name: string) =>
  node?.children?.find((c) => c.name === name);

describe.each(['graphql', 'grpc'] as const)('the project tree over %s', (transportName) => {
  let t: TestServer;
  let api: FilesTransport;

  beforeAll(async () => {
    t = await startTestServer();
    api = transportName === 'graphql' ? graphqlTransport(t, t.token) : grpcTransport(t, t.token);
    const file = async (path: string, content = '') => {
      await mkdir(join(t.projectRoot, path, '..'), { recursive: true });
      await writeFile(join(t.projectRoot, path), content);
    };
    await file('.gitignore', 'dist/\n*.log\n!keep.log\n');
    await file('README.md', '# Project\n');
    await file('src/index.ts', 'export {};\n');
    await file('src/util/strings.ts', 'export const a = 1;\n');
    await file('src/.gitignore', 'generated.ts\n');
    await file('src/generated.ts', '');
    await file('dist/bundle.js', '');
    await file('debug.log', 'noise');
    await file('keep.log', 'kept');
    await file('.git/HEAD', 'ref: refs/heads/main\n');
    await file('Dockerfile', 'FROM node\n');
    await file('.env', 'SECRET=1\n');
    for (let i = 0; i < 12; i++) await file(`many/file-${String(i).padStart(2, '0')}.txt`);
    for (let i = 0; i < 30; i++) await file(`budget/d${String(i).padStart(2, '0')}/f.txt`);
    await symlink('src', join(t.projectRoot, 'src-link'));
  });
  afterAll(async () => {
    api.close();
    await t.stop();
  });

  it('lists one level by default, folders first, then by name, each with size, kind and language', async () => {
    const root = valueOf(await api.tree('', 1));
    expect(root).toMatchObject({ path: '', kind: 'DIRECTORY', truncated: false });
    expect(names(root)).toEqual([
      'budget',
      'many',
      'src',
      '.env',
      '.gitignore',
      'Dockerfile',
      'keep.log',
      'README.md',
      'src-link',
    ]);
    expect(child(root, 'README.md')).toMatchObject({
      kind: 'FILE',
      size: 10,
      language: 'Markdown',
      children: null,
    });
    expect(child(root, 'Dockerfile')).toMatchObject({ language: 'Dockerfile' });
    expect(child(root, 'src-link')).toMatchObject({ kind: 'SYMLINK', children: null });
    // Folders below the depth asked for are not listed.
    expect(child(root, 'src')).toMatchObject({ kind: 'DIRECTORY', size: 0, children: null });
  });

  it('honours .gitignore files at every level, and never lists .git', async () => {
    const root = valueOf(await api.tree('', 3));
    expect(names(root)).not.toContain('dist');
    expect(names(root)).not.toContain('debug.log');
    expect(names(root)).not.toContain('.git');
    expect(names(root)).toContain('keep.log'); // re-included by !keep.log
    expect(names(child(root, 'src'))).toEqual(['util', '.gitignore', 'index.ts']);
    expect(names(child(child(root, 'src'), 'util'))).toEqual(['strings.ts']);
  });

  it('lists ignored entries marked as such when asked', async () => {
    const root = valueOf(await api.tree('', 2, { includeIgnored: true }));
    expect(child(root, 'dist')).toMatchObject({ ignored: true });
    expect(child(child(root, 'dist'), 'bundle.js')).toMatchObject({ ignored: true });
    expect(child(root, 'debug.log')).toMatchObject({ ignored: true });
    expect(child(root, 'README.md')).toMatchObject({ ignored: false });
    expect(child(child(root, 'src'), 'generated.ts')).toMatchObject({ ignored: true });
  });

  it('applies parent .gitignore files when listing a subfolder', async () => {
    const src = valueOf(await api.tree('src', 1));
    expect(src).toMatchObject({ path: 'src', name: 'src' });
    expect(names(src)).toEqual(['util', '.gitignore', 'index.ts']);
    const util = valueOf(await api.tree('src/util', 1));
    expect(child(util, 'strings.ts')).toMatchObject({ path: 'src/util/strings.ts' });
  });

  it('lists through a symlinked folder under the path the client used', async () => {
    const linked = valueOf(await api.tree('src-link', 1));
    expect(child(linked, 'index.ts')).toMatchObject({ path: 'src-link/index.ts' });
  });

  it('cuts a folder to the limit and says so with truncated', async () => {
    const many = valueOf(await api.tree('many', 1, { limit: 5 }));
    expect(names(many)).toEqual([
      'file-00.txt',
      'file-01.txt',
      'file-02.txt',
      'file-03.txt',
      'file-04.txt',
    ]);
    expect(many.truncated).toBe(true);
    expect(valueOf(await api.tree('many', 1, { limit: 12 })).truncated).toBe(false);
  });

  it('describes a file given as the path, without children', async () => {
    expect(valueOf(await api.tree('README.md', 2))).toMatchObject({ kind: 'FILE', children: null });
  });

  it('answers NOT_FOUND for a missing path and BAD_USER_INPUT for a bad depth or limit', async () => {
    expect(await api.tree('nope', 1)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await api.tree('', -1)).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    expect(await api.tree('', 1, { limit: 100_000 })).toMatchObject({
      ok: false,
      code: 'BAD_USER_INPUT',
    });
  });
});

describe('the node budget of one tree answer', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ FILES_TREE_MAX_NODES: '40' });
    for (let i = 0; i < 30; i++) {
      await mkdir(join(t.projectRoot, `d${String(i).padStart(2, '0')}`));
      await writeFile(join(t.projectRoot, `d${String(i).padStart(2, '0')}`, 'f.txt'), '');
    }
  });
  afterAll(() => t.stop());

  it.each(['graphql', 'grpc'] as const)(
    'stops at FILES_TREE_MAX_NODES over %s, marking where it cut',
    async (name) => {
      const api = name === 'graphql' ? graphqlTransport(t, t.token) : grpcTransport(t, t.token);
      const root = valueOf(await api.tree('', 2));
      api.close();
      const listed = (node: TreeResult): number =>
        (node.children ?? []).reduce((sum, c) => sum + 1 + listed(c), 0);
      expect(listed(root)).toBe(40);
      expect(root.children).toHaveLength(30);
      expect(root.children?.filter((c) => c.children?.length === 1)).toHaveLength(10);
      expect(root.children?.at(-1)).toMatchObject({ truncated: true });
    },
  );
});
