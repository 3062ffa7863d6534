// Every operation, on both transports, against paths that try to leave the
// project or confuse the path parser: each is refused with the right code and
// nothing outside the project is read, written or removed.
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../utils/tempdir.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import {
  graphqlTransport,
  grpcTransport,
  type FilesTransport,
  type Outcome,
} from './transports.ts';

type Code = 'FORBIDDEN' | 'BAD_USER_INPUT';

const corpus: Array<[string, Code]> = [
  ['..', 'FORBIDDEN'],
  ['../', 'FORBIDDEN'],
  ['../secret.txt', 'FORBIDDEN'],
  ['src/../../secret.txt', 'FORBIDDEN'],
  ['src/..', 'FORBIDDEN'],
  ['..//secret.txt', 'FORBIDDEN'],
  ['/etc/passwd', 'FORBIDDEN'],
  ['/', 'FORBIDDEN'],
  ['C:/Windows/win.ini', 'FORBIDDEN'],
  ['out-link', 'FORBIDDEN'],
  ['out-link/secret.txt', 'FORBIDDEN'],
  ['out-link/new/deeper.txt', 'FORBIDDEN'],
  ['out-file', 'FORBIDDEN'],
  ['out-relative/secret.txt', 'FORBIDDEN'],
  ['out-dangling', 'FORBIDDEN'],
  ['src/out-nested/secret.txt', 'FORBIDDEN'],
  ['src\0.txt', 'BAD_USER_INPUT'],
  ['src/main.ts\0.png', 'BAD_USER_INPUT'],
  ['..\\..\\secret.txt', 'BAD_USER_INPUT'],
  ['src\\..\\..\\secret.txt', 'BAD_USER_INPUT'],
  ['%2e%2e/secret.txt', 'BAD_USER_INPUT'],
  ['%2E%2E%2Fsecret.txt', 'BAD_USER_INPUT'],
  ['..%2fsecret.txt', 'BAD_USER_INPUT'],
  ['src%5c..%5c..%5csecret.txt', 'BAD_USER_INPUT'],
  ['%252e%252e/secret.txt', 'BAD_USER_INPUT'],
  ['src%00.txt', 'BAD_USER_INPUT'],
  ['src//main.ts', 'BAD_USER_INPUT'],
  ['./src/main.ts', 'BAD_USER_INPUT'],
  ['src/./main.ts', 'BAD_USER_INPUT'],
  ['src/', 'BAD_USER_INPUT'],
  ['src/main.ts\nforged log line', 'BAD_USER_INPUT'],
  ['loop-a', 'BAD_USER_INPUT'],
  ['loop-a/child.txt', 'BAD_USER_INPUT'],
  ['self-loop', 'BAD_USER_INPUT'],
  [`${'a'.repeat(256)}.txt`, 'BAD_USER_INPUT'],
];

describe.each(['graphql', 'grpc'] as const)('hostile paths over %s', (transportName) => {
  let t: TestServer;
  let api: FilesTransport;
  let outside: Awaited<ReturnType<typeof makeTempDir>>;
  const outsideListing = () => readdir(outside.path, { recursive: true });
  let listingBefore: string[];

  beforeAll(async () => {
    t = await startTestServer();
    api = transportName === 'graphql' ? graphqlTransport(t, t.token) : grpcTransport(t, t.token);
    outside = await makeTempDir('genpod-outside-');
    await writeFile(join(outside.path, 'secret.txt'), 'TOP SECRET');
    await mkdir(join(outside.path, 'folder'));
    await writeFile(join(outside.path, 'folder', 'inner.txt'), 'inner');
    const root = t.projectRoot;
    await mkdir(join(root, 'src'));
    await writeFile(join(root, 'src/main.ts'), 'export {};\n');
    await writeFile(join(root, 'victim.txt'), 'victim');
    await symlink(outside.path, join(root, 'out-link'));
    await symlink(join(outside.path, 'secret.txt'), join(root, 'out-file'));
    await symlink(relative(root, outside.path), join(root, 'out-relative'));
    await symlink(join(outside.path, 'not-there-yet.txt'), join(root, 'out-dangling'));
    await symlink(outside.path, join(root, 'src/out-nested'));
    await symlink('loop-b', join(root, 'loop-a'));
    await symlink('loop-a', join(root, 'loop-b'));
    await symlink('self-loop', join(root, 'self-loop'));
    listingBefore = (await outsideListing()).sort();
  });
  afterAll(async () => {
    api.close();
    await t.stop();
    await outside.remove();
  });

  it.each(corpus)('refuses %j on every operation', async (path, code) => {
    const operations: Record<string, () => Promise<Outcome<unknown>>> = {
      file: () => api.read(path),
      'file (metadata)': () => api.stat(path),
      'file bytes': () => api.readBytes(path, 0, 16),
      tree: () => api.tree(path, 2),
      searchFiles: () => api.search({ path, glob: '*' }),
      writeFile: () => api.write({ path, content: 'pwned' }),
      deletePath: () => api.remove(path, true),
      'movePath from': () => api.move(path, 'moved-here.txt'),
      'movePath to': () => api.move('victim.txt', path),
      createDirectory: () => api.mkdir(path),
    };
    const answers: Record<string, string> = {};
    for (const [name, run] of Object.entries(operations)) {
      const outcome = await run();
      answers[name] = outcome.ok
        ? `ok: ${JSON.stringify(outcome.value)?.slice(0, 80)}`
        : outcome.code;
    }
    expect(answers).toEqual(
      Object.fromEntries(Object.keys(operations).map((name) => [name, code])),
    );
    // Nothing leaked out, nothing moved in.
    expect(await readFile(join(outside.path, 'secret.txt'), 'utf8')).toBe('TOP SECRET');
    expect((await outsideListing()).sort()).toEqual(listingBefore);
    expect(await readFile(join(t.projectRoot, 'victim.txt'), 'utf8')).toBe('victim');
  });

  it('never answers with the content of a file outside the project', async () => {
    for (const [path] of corpus) {
      const outcome = await api.read(path);
      expect(JSON.stringify(outcome)).not.toContain('TOP SECRET');
    }
  });

  it('does not name the server folders in its refusals', async () => {
    const outcome = await api.read('out-file');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.message).not.toContain(outside.path);
      expect(outcome.message).not.toContain(t.projectRoot);
    }
  });
});
