import { createHash } from 'node:crypto';
import {
  chmod,
  mkdir,
  readdir,
  readFile,
  readlink,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { graphqlTransport, grpcTransport, valueOf, type FilesTransport } from './transports.ts';

const sha256 = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each(['graphql', 'grpc'] as const)('writing files over %s', (transportName) => {
  let t: TestServer;
  let api: FilesTransport;
  let n = 0;
  /** A fresh folder per test, so tests never see each other's files. */
  const folder = async () => {
    const name = `case-${++n}`;
    await mkdir(join(t.projectRoot, name));
    return name;
  };

  beforeAll(async () => {
    t = await startTestServer({ FILES_MAX_BYTES: '4096' });
    api = transportName === 'graphql' ? graphqlTransport(t, t.token) : grpcTransport(t, t.token);
  });
  afterAll(async () => {
    api.close();
    await t.stop();
  });

  it('writes a new file and returns it with the version of what was written', async () => {
    const dir = await folder();
    const file = valueOf(await api.write({ path: `${dir}/notes.md`, content: '# Notes\n' }));
    expect(file).toMatchObject({
      path: `${dir}/notes.md`,
      kind: 'FILE',
      size: 8,
      version: sha256('# Notes\n'),
    });
    expect(await readFile(join(t.projectRoot, dir, 'notes.md'), 'utf8')).toBe('# Notes\n');
  });

  it('replaces a file atomically, leaving no temporary file behind', async () => {
    const dir = await folder();
    await writeFile(join(t.projectRoot, dir, 'a.txt'), 'old');
    valueOf(await api.write({ path: `${dir}/a.txt`, content: 'new content' }));
    expect(await readFile(join(t.projectRoot, dir, 'a.txt'), 'utf8')).toBe('new content');
    expect(await readdir(join(t.projectRoot, dir))).toEqual(['a.txt']);
  });

  it('keeps the mode of the file it replaces', async () => {
    const dir = await folder();
    const path = join(t.projectRoot, dir, 'run.sh');
    await writeFile(path, '#!/bin/sh\n');
    await chmod(path, 0o750);
    valueOf(await api.write({ path: `${dir}/run.sh`, content: '#!/bin/sh\necho hi\n' }));
    expect((await stat(path)).mode & 0o7777).toBe(0o750);
  });

  it('creates missing parent folders by default, and refuses with NOT_FOUND when told not to', async () => {
    const dir = await folder();
    valueOf(await api.write({ path: `${dir}/a/b/c.txt`, content: 'deep' }));
    expect(await readFile(join(t.projectRoot, dir, 'a/b/c.txt'), 'utf8')).toBe('deep');
    const refused = await api.write({
      path: `${dir}/x/y/z.txt`,
      content: 'no',
      createParents: false,
    });
    expect(refused).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    await expect(stat(join(t.projectRoot, dir, 'x'))).rejects.toThrow();
  });

  it('writes over the version it was given', async () => {
    const dir = await folder();
    const first = valueOf(await api.write({ path: `${dir}/v.txt`, content: 'one' }));
    const second = valueOf(
      await api.write({ path: `${dir}/v.txt`, content: 'two', ifVersion: first.version }),
    );
    expect(second.version).toBe(sha256('two'));
  });

  it('refuses a stale ifVersion with CONFLICT and writes nothing', async () => {
    const dir = await folder();
    const first = valueOf(await api.write({ path: `${dir}/v.txt`, content: 'one' }));
    await writeFile(join(t.projectRoot, dir, 'v.txt'), 'changed on disk');
    const outcome = await api.write({
      path: `${dir}/v.txt`,
      content: 'mine',
      ifVersion: first.version,
    });
    expect(outcome).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await readFile(join(t.projectRoot, dir, 'v.txt'), 'utf8')).toBe('changed on disk');
    const missing = await api.write({
      path: `${dir}/never.txt`,
      content: 'x',
      ifVersion: first.version,
    });
    expect(missing).toMatchObject({ ok: false, code: 'CONFLICT' });
    await expect(stat(join(t.projectRoot, dir, 'never.txt'))).rejects.toThrow();
  });

  it('lets exactly one of several concurrent writes with the same ifVersion through', async () => {
    const dir = await folder();
    const first = valueOf(await api.write({ path: `${dir}/race.txt`, content: 'base' }));
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api.write({ path: `${dir}/race.txt`, content: `writer ${i}`, ifVersion: first.version }),
      ),
    );
    const winners = outcomes.filter((outcome) => outcome.ok);
    expect(winners).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok && outcome.code === 'CONFLICT')).toHaveLength(
      7,
    );
    const winner = winners[0];
    const onDisk = await readFile(join(t.projectRoot, dir, 'race.txt'));
    expect(winner?.ok && winner.value.version).toBe(sha256(onDisk));
    // Every lock was released: nothing waits on that path any more.
    expect(t.server.services.projectJail.locks.size).toBe(0);
  });

  it('writes binary content byte for byte', async () => {
    const dir = await folder();
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255, 0, 10]);
    const file = valueOf(await api.write({ path: `${dir}/blob.bin`, bytes }));
    expect(file).toMatchObject({ binary: true, size: 8, version: sha256(bytes) });
    expect(await readFile(join(t.projectRoot, dir, 'blob.bin'))).toEqual(bytes);
  });

  it('refuses content over FILES_MAX_BYTES with TOO_LARGE and writes nothing', async () => {
    const dir = await folder();
    const outcome = await api.write({ path: `${dir}/huge.txt`, content: 'y'.repeat(5000) });
    expect(outcome).toMatchObject({ ok: false, code: 'TOO_LARGE' });
    expect(await readdir(join(t.projectRoot, dir))).toEqual([]);
  });

  it('refuses to write over a folder with CONFLICT', async () => {
    const dir = await folder();
    await mkdir(join(t.projectRoot, dir, 'sub'));
    expect(await api.write({ path: `${dir}/sub`, content: 'x' })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
    expect(await api.write({ path: '', content: 'x' })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
  });

  it('refuses to write below a file with CONFLICT', async () => {
    const dir = await folder();
    await writeFile(join(t.projectRoot, dir, 'plain.txt'), 'x');
    const outcome = await api.write({ path: `${dir}/plain.txt/child.txt`, content: 'x' });
    expect(outcome).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  it('writes through a symlink inside the project to its target, keeping the link', async () => {
    const dir = await folder();
    await writeFile(join(t.projectRoot, dir, 'target.txt'), 'before');
    await symlink('target.txt', join(t.projectRoot, dir, 'link.txt'));
    const file = valueOf(await api.write({ path: `${dir}/link.txt`, content: 'after' }));
    expect(file.kind).toBe('SYMLINK');
    expect(await readFile(join(t.projectRoot, dir, 'target.txt'), 'utf8')).toBe('after');
    expect(await readlink(join(t.projectRoot, dir, 'link.txt'))).toBe('target.txt');
  });
});
