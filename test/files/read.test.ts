import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { graphqlTransport, grpcTransport, valueOf, type FilesTransport } from './transports.ts';

const sha256 = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each(['graphql', 'grpc'] as const)('reading files over %s', (transportName) => {
  let t: TestServer;
  let api: FilesTransport;
  const png = Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe,
  ]);

  beforeAll(async () => {
    t = await startTestServer({ FILES_MAX_BYTES: '1024' });
    api = transportName === 'graphql' ? graphqlTransport(t, t.token) : grpcTransport(t, t.token);
    await mkdir(join(t.projectRoot, 'src'), { recursive: true });
    await writeFile(join(t.projectRoot, 'src/main.ts'), 'export const answer = 42;\n');
    await writeFile(join(t.projectRoot, 'logo.png'), png);
    await writeFile(join(t.projectRoot, 'big.txt'), 'x'.repeat(5000));
    await writeFile(join(t.projectRoot, 'héllo wörld.md'), '# ünïcödé ✓\n');
    await symlink('src/main.ts', join(t.projectRoot, 'main-link.ts'));
    execFileSync('mkfifo', [join(t.projectRoot, 'pipe')]);
  });
  afterAll(async () => {
    api.close();
    await t.stop();
  });

  it('returns a text file with its content, size, kind, language and a sha256 version', async () => {
    const file = valueOf(await api.read('src/main.ts'));
    expect(file).toMatchObject({
      path: 'src/main.ts',
      name: 'main.ts',
      kind: 'FILE',
      size: 26,
      binary: false,
      content: 'export const answer = 42;\n',
      language: 'TypeScript',
      version: sha256('export const answer = 42;\n'),
    });
  });

  it('returns null for a path that does not exist', async () => {
    expect(valueOf(await api.read('src/nope.ts'))).toBeNull();
    expect(valueOf(await api.read('src/main.ts/inside'))).toBeNull();
  });

  it('marks a binary file and gives its bytes as base64 instead of text', async () => {
    const file = valueOf(await api.read('logo.png'));
    expect(file).toMatchObject({ kind: 'FILE', binary: true, content: null, size: png.length });
    expect(Buffer.from(file?.base64 ?? '', 'base64')).toEqual(png);
  });

  it('reads byte ranges of a file, saying where the file ends', async () => {
    const head = valueOf(await api.readBytes('logo.png', 0, 4));
    expect(Buffer.from(head.base64, 'base64')).toEqual(png.subarray(0, 4));
    expect(head).toMatchObject({ endOfFile: false, totalSize: png.length });
    const tail = valueOf(await api.readBytes('logo.png', 10, 100));
    expect(Buffer.from(tail.base64, 'base64')).toEqual(png.subarray(10));
    expect(tail.endOfFile).toBe(true);
  });

  it('refuses the content of a file over FILES_MAX_BYTES with TOO_LARGE, but reads it in ranges', async () => {
    const outcome = await api.read('big.txt');
    expect(outcome).toMatchObject({ ok: false, code: 'TOO_LARGE' });
    const meta = valueOf(await api.stat('big.txt'));
    expect(meta).toMatchObject({ size: 5000, version: sha256('x'.repeat(5000)) });
    const range = valueOf(await api.readBytes('big.txt', 4990, 1000));
    expect(Buffer.from(range.base64, 'base64').toString()).toBe('x'.repeat(10));
    expect(await api.readBytes('big.txt', 0, 2048)).toMatchObject({ ok: false, code: 'TOO_LARGE' });
  });

  it('reads a file of exactly FILES_MAX_BYTES whole, and refuses one of a byte more', async () => {
    // The read asks for the size plus one byte: both sides of that edge.
    await writeFile(join(t.projectRoot, 'edge.txt'), 'e'.repeat(1024));
    await writeFile(join(t.projectRoot, 'over.txt'), 'o'.repeat(1025));
    const edge = valueOf(await api.read('edge.txt'));
    expect(edge).toMatchObject({ size: 1024, content: 'e'.repeat(1024) });
    expect(edge?.version).toBe(sha256('e'.repeat(1024)));
    expect(await api.read('over.txt')).toMatchObject({ ok: false, code: 'TOO_LARGE' });
    expect(valueOf(await api.stat('over.txt'))).toMatchObject({
      size: 1025,
      version: sha256('o'.repeat(1025)),
    });
  });

  it('reads names and content beyond ASCII unchanged', async () => {
    const file = valueOf(await api.read('héllo wörld.md'));
    expect(file).toMatchObject({
      name: 'héllo wörld.md',
      content: '# ünïcödé ✓\n',
      language: 'Markdown',
    });
  });

  it('follows a symlink that stays inside the project, and says it is one', async () => {
    const file = valueOf(await api.read('main-link.ts'));
    expect(file).toMatchObject({
      kind: 'SYMLINK',
      symlinkTarget: 'src/main.ts',
      content: 'export const answer = 42;\n',
    });
  });

  it('describes a folder without content', async () => {
    const folder = valueOf(await api.read('src'));
    expect(folder).toMatchObject({
      kind: 'DIRECTORY',
      name: 'src',
      size: 0,
      content: null,
      base64: null,
    });
    expect(folder?.version).toMatch(/^[0-9a-f]{64}$/);
    const root = valueOf(await api.read(''));
    expect(root).toMatchObject({ kind: 'DIRECTORY', path: '' });
  });

  it('changes the version whenever the content changes, and only then', async () => {
    const path = join(t.projectRoot, 'versioned.txt');
    await writeFile(path, 'one');
    const first = valueOf(await api.stat('versioned.txt'))?.version;
    await writeFile(path, 'one');
    expect(valueOf(await api.stat('versioned.txt'))?.version).toBe(first);
    await writeFile(path, 'two');
    expect(valueOf(await api.stat('versioned.txt'))?.version).not.toBe(first);
  });

  it('refuses a FIFO with BAD_USER_INPUT instead of waiting for a writer, and leaves it out of trees', async () => {
    expect(await api.read('pipe')).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    expect(await api.readBytes('pipe', 0, 1)).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    const root = valueOf(await api.tree('', 1));
    expect(root.children?.map((c) => c.name)).not.toContain('pipe');
  });

  it('refuses byte ranges of a folder and bad ranges with BAD_USER_INPUT', async () => {
    expect(await api.readBytes('src', 0, 1)).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    expect(await api.readBytes('logo.png', -1, 4)).toMatchObject({
      ok: false,
      code: 'BAD_USER_INPUT',
    });
    expect(await api.readBytes('missing.bin', 0, 4)).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
  });
});
