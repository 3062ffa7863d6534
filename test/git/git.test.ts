// Git, read-only, on both transports, against a real repository with staged,
// unstaged and untracked changes, a rename, an upstream it is ahead of and
// behind, and files a path-limited token may not read.
import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../utils/api-tokens.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { gitApi, type GitApi } from './git-api.ts';
import { valueOf } from '../files/transports.ts';

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GIT_CEILING_DIRECTORIES: join(root, '..') },
  });
}

async function put(root: string, path: string, content: string): Promise<void> {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), content);
}

let t: TestServer;
let restricted: string;

beforeAll(async () => {
  t = await startTestServer();
  const root = t.projectRoot;
  git(root, 'init', '-q', '-b', 'main');
  await put(root, '.gitignore', 'build/\n');
  await put(root, 'src/app.ts', 'export const app = 1;\n');
  await put(root, 'src/staged.ts', 'export const staged = 1;\n');
  await put(root, 'old.txt', 'to be renamed\n');
  await put(root, 'secret/keys.txt', 'key=1\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'first commit');
  git(root, 'branch', 'base');
  git(root, 'branch', '--set-upstream-to=base');
  await put(root, 'docs/readme.md', '# Docs\n');
  git(root, 'add', 'docs/readme.md');
  git(root, 'commit', '-q', '-m', 'add docs');
  git(root, 'checkout', '-q', 'base');
  await put(root, 'base.txt', 'only on base\n');
  git(root, 'add', 'base.txt');
  git(root, 'commit', '-q', '-m', 'base moves on');
  git(root, 'checkout', '-q', 'main');
  // Staged: a change, a new file, a rename. Unstaged: a change. Untracked: two files.
  await put(root, 'src/staged.ts', 'export const staged = 2;\n');
  await put(root, 'src/added.ts', 'export const added = true;\n');
  git(root, 'add', 'src/staged.ts', 'src/added.ts');
  git(root, 'mv', 'old.txt', 'renamed.txt');
  await put(root, 'src/app.ts', 'export const app = 2;\n');
  await put(root, 'src/with space.ts', 'untracked\n');
  await put(root, 'notes/todo.md', '- [ ] todo\n');
  await put(root, 'secret/keys.txt', 'key=2\n');
  await put(root, 'build/out.js', 'ignored\n');
  await put(root, '.env', 'TOKEN=x\n');
  restricted = await createApiToken(t, {
    name: 'src only',
    scopes: ['FILES_READ'],
    paths: [{ glob: 'src/**', access: 'READ' }],
  });
});
afterAll(() => t.stop());

describe.each(['graphql', 'grpc'] as const)('git over %s', (transport) => {
  let api: GitApi;
  beforeAll(() => {
    api = gitApi(transport, t, t.token);
  });
  afterAll(() => api.close());

  it('reports branch, ahead/behind and each file staged, unstaged or untracked', async () => {
    const status = valueOf(await api.status());
    expect(status).toMatchObject({ branch: 'main', upstream: 'base', ahead: 1, behind: 1 });
    expect(status.commit).toBe(git(t.projectRoot, 'rev-parse', 'HEAD').trim());
    expect(status.files).toEqual([
      {
        path: 'renamed.txt',
        oldPath: 'old.txt',
        staged: 'RENAMED',
        unstaged: null,
        untracked: false,
      },
      {
        path: 'secret/keys.txt',
        oldPath: null,
        staged: null,
        unstaged: 'MODIFIED',
        untracked: false,
      },
      { path: 'src/added.ts', oldPath: null, staged: 'ADDED', unstaged: null, untracked: false },
      { path: 'src/app.ts', oldPath: null, staged: null, unstaged: 'MODIFIED', untracked: false },
      {
        path: 'src/staged.ts',
        oldPath: null,
        staged: 'MODIFIED',
        unstaged: null,
        untracked: false,
      },
      { path: '.env', oldPath: null, staged: null, unstaged: null, untracked: true },
      { path: 'notes/todo.md', oldPath: null, staged: null, unstaged: null, untracked: true },
      { path: 'src/with space.ts', oldPath: null, staged: null, unstaged: null, untracked: true },
    ]);
  });

  it('diffs the work tree, or the index with staged, for one path or all', async () => {
    const unstaged = valueOf(await api.diff('', false));
    expect(unstaged).toContain('diff --git a/src/app.ts b/src/app.ts');
    expect(unstaged).toContain('-export const app = 1;\n+export const app = 2;');
    expect(unstaged).not.toContain('src/staged.ts');
    const staged = valueOf(await api.diff('', true));
    expect(staged).toContain('+export const staged = 2;');
    expect(staged).toContain('new file mode');
    expect(staged).toContain('+export const added = true;');
    expect(staged).not.toContain('src/app.ts');
    const one = valueOf(await api.diff('src/staged.ts', true));
    expect(one).toContain('a/src/staged.ts');
    expect(one).not.toContain('added.ts');
    expect(valueOf(await api.diff('src/with space.ts', false))).toBe('');
  });

  it('lists commits newest first, for a path too', async () => {
    const log = valueOf(await api.log('', 10));
    expect(log.map((c) => c.subject)).toEqual(['add docs', 'first commit']);
    expect(log[0]).toMatchObject({ authorName: 'Ada', authorEmail: 'ada@example.com' });
    expect(log[0]?.hash).toMatch(/^[0-9a-f]{40}$/);
    expect(Number.isNaN(Date.parse(log[0]?.authoredAt ?? ''))).toBe(false);
    expect(valueOf(await api.log('', 1)).map((c) => c.subject)).toEqual(['add docs']);
    expect(valueOf(await api.log('src/app.ts', 10)).map((c) => c.subject)).toEqual([
      'first commit',
    ]);
    expect(await api.log('', 0)).toMatchObject(
      transport === 'graphql' ? { ok: false, code: 'BAD_USER_INPUT' } : { ok: true },
    );
  });

  it('shows a path-limited token only what it may read', async () => {
    const limited = gitApi(transport, t, restricted);
    try {
      const status = valueOf(await limited.status());
      expect(status.files.map((f) => f.path)).toEqual([
        'src/added.ts',
        'src/app.ts',
        'src/staged.ts',
        'src/with space.ts',
      ]);
      const diff = valueOf(await limited.diff('', false));
      expect(diff).toContain('src/app.ts');
      expect(diff).not.toContain('secret/keys.txt');
      expect(await limited.diff('secret/keys.txt', false)).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
      expect(await limited.log('secret', 5)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    } finally {
      limited.close();
    }
  });

  it('rejects a path that leaves the project', async () => {
    expect(await api.diff('../outside', false)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('follows the status as files and the index change, sending only changes', async () => {
    const { first, stream } = await api.watch();
    try {
      expect(first.files.map((f) => f.path)).toContain('src/app.ts');
      // An ignored file changes nothing git reports: no status is sent for it.
      await put(t.projectRoot, `build/${transport}.js`, 'ignored\n');
      await put(t.projectRoot, `notes/${transport}.md`, 'new\n');
      let next = await stream.next();
      expect(next.files).toContainEqual({
        path: `notes/${transport}.md`,
        oldPath: null,
        staged: null,
        unstaged: null,
        untracked: true,
      });
      expect(next.files.map((f) => f.path)).not.toContain(`build/${transport}.js`);
      // `git add` outside the server touches only .git, which the file watcher leaves out.
      git(t.projectRoot, 'add', `notes/${transport}.md`);
      next = await stream.next();
      while (next.files.find((f) => f.path === `notes/${transport}.md`)?.staged !== 'ADDED') {
        next = await stream.next();
      }
      expect(next.files.find((f) => f.path === `notes/${transport}.md`)).toMatchObject({
        staged: 'ADDED',
        untracked: false,
      });
    } finally {
      stream.close();
      git(t.projectRoot, 'rm', '-q', '--cached', `notes/${transport}.md`);
      await rm(join(t.projectRoot, `notes/${transport}.md`));
      await rm(join(t.projectRoot, `build/${transport}.js`));
    }
  });
});

describe.each(['graphql', 'grpc'] as const)('git outside a repository over %s', (transport) => {
  let plain: TestServer;
  let api: GitApi;
  beforeAll(async () => {
    plain = await startTestServer();
    api = gitApi(transport, plain, plain.token);
  });
  afterAll(async () => {
    api.close();
    await plain.stop();
  });

  it('answers NOT_FOUND saying the project is not a repository', async () => {
    for (const outcome of [await api.status(), await api.diff('', false), await api.log('', 5)]) {
      expect(outcome).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      if (!outcome.ok) expect(outcome.message).toContain('not a git repository');
    }
    await expect(api.watch()).rejects.toThrow(/not a git repository/);
  });
});
