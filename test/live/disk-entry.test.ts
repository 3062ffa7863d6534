// What the watcher reports of a file it reads while the file is written: the
// mtime must be that of the bytes it versioned. A write is made to land
// between the snapshot's stat and its read (where a loaded machine lets an
// editor's or a shell's write land) by wrapping the real file handle once.
import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { diskEntry } from '../../src/core/watch/disk-version.ts';
import { contentVersion, readSnapshot } from '../../src/core/files/file-snapshot.ts';
import { makeTempDir } from '../utils/tempdir.ts';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof fsPromises>();
  return { ...real, open: vi.fn(real.open) };
});

describe('diskEntry of a file being written', () => {
  let removeTemp: (() => Promise<void>) | undefined;
  afterEach(async () => {
    vi.mocked(fsPromises.open).mockRestore();
    await removeTemp?.();
  });

  it('gives the mtime of the bytes it versioned when a write lands between its stat and its read', async () => {
    const temp = await makeTempDir();
    removeTemp = () => temp.remove();
    const path = join(temp.path, 'data.txt');
    await writeFile(path, '');
    const created = (await stat(path)).mtimeMs;
    const real = vi.mocked(fsPromises.open).getMockImplementation();
    if (!real) throw new Error('no open to wrap');
    let landed = false;
    vi.mocked(fsPromises.open).mockImplementation(async (...args) => {
      const handle = await real(...args);
      const read = handle.read.bind(handle);
      // The first read of the first handle: the file's bytes land just before it,
      // a little later than its creation so the mtime differs.
      handle.read = (async (...readArgs: Parameters<typeof handle.read>) => {
        if (!landed) {
          landed = true;
          for (;;) {
            appendFileSync(path, 'twelve bytes');
            if ((await stat(path)).mtimeMs !== created) break;
            await writeFile(path, '');
          }
        }
        return read(...readArgs);
      }) as typeof handle.read;
      return handle;
    });

    const found = await diskEntry(path);
    const stats = await stat(path);
    expect(landed).toBe(true);
    expect(found?.version).toBe(contentVersion(Buffer.from('twelve bytes')));
    expect(found?.entry).toEqual({ kind: 'file', size: 12, mtimeMs: stats.mtime.getTime() });
  });

  it('rounds the mtime as Stats.mtime does, so File.modifiedAt and event entries agree', async () => {
    const temp = await makeTempDir();
    removeTemp = () => temp.remove();
    const path = join(temp.path, 'data.txt');
    // A BigIntStats' mtime truncates to the millisecond, a Stats' rounds: about
    // half of all mtimes differ by 1 ms between the two.
    for (let i = 0; i < 50; i++) {
      writeFileSync(path, `write ${i}`);
      const handle = await fsPromises.open(path);
      const snapshot = await readSnapshot(handle, 0).finally(() => handle.close());
      const expected = statSync(path).mtime.getTime();
      expect(snapshot.modifiedAt.getTime()).toBe(expected);
      expect((await diskEntry(path))?.entry.mtimeMs).toBe(expected);
    }
  });

  it('hashes a small file with a buffer its size, and any size to the same version as the bytes', async () => {
    const temp = await makeTempDir();
    removeTemp = () => temp.remove();
    const path = join(temp.path, 'data.bin');
    const real = vi.mocked(fsPromises.open).getMockImplementation();
    if (!real) throw new Error('no open to wrap');
    const bufferSizes: number[] = [];
    vi.mocked(fsPromises.open).mockImplementation(async (...args) => {
      const handle = await real(...args);
      const read = handle.read.bind(handle);
      handle.read = ((...readArgs: Parameters<typeof handle.read>) => {
        const [buffer] = readArgs;
        if (buffer instanceof Uint8Array) bufferSizes.push(buffer.byteLength);
        return read(...readArgs);
      }) as typeof handle.read;
      return handle;
    });
    // The watcher hashes one file per event: a 64 KiB buffer for each (V8
    // counts it against the old generation) started full collections.
    writeFileSync(path, 'ten bytes!');
    expect((await diskEntry(path))?.entry.size).toBe(10);
    expect(bufferSizes).toEqual([11]);
    // Around the chunk size (64 KiB) and past it: every byte hashed.
    for (const size of [0, 1, 65_535, 65_536, 65_537, 200_000]) {
      const bytes = Buffer.alloc(size, size % 251);
      writeFileSync(path, bytes);
      bufferSizes.length = 0;
      const found = await diskEntry(path);
      expect(found?.version).toBe(contentVersion(bytes));
      expect(found?.entry.size).toBe(size);
      expect(Math.max(...bufferSizes)).toBeLessThanOrEqual(65_536);
    }
  });
});
