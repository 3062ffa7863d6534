// The sizes and modification times `tree` reports, read by GNU find through
// the folders' descriptors (FILES_TREE_STATS=find, the default) or in-process
// (lstat): both agree with lstat on every entry, over enough folders that
// find runs in several batches, and neither ever reports an entry of a folder
// outside the project while a folder is swapped for a symlink mid-walk.
import { lstat, mkdir, rename, rm, symlink, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../utils/tempdir.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import {
  graphqlTransport,
  grpcTransport,
  valueOf,
  type FilesTransport,
  type TreeResult,
} from './transports.ts';

/** More folders than find's first batch (128) takes, so several processes answer. */
const folders = 230;

function* nodes(node: TreeResult): Generator<TreeResult> {
  for (const child of node.children ?? []) {
    yield child;
    yield* nodes(child);
  }
}

describe.each([
  ['graphql', 'find'],
  ['grpc', 'find'],
  ['graphql', 'lstat'],
  ['grpc', 'lstat'],
] as const)('tree sizes and times over %s, read with %s', (transport, stats) => {
  let t: TestServer;
  let api: FilesTransport;

  beforeAll(async () => {
    t = await startTestServer({ FILES_TREE_STATS: stats });
    api = transport === 'graphql' ? graphqlTransport(t, t.token) : grpcTransport(t, t.token);
    for (let i = 0; i < folders; i++) {
      const folder = join(t.projectRoot, `d${i}`);
      await mkdir(join(folder, 'sub'), { recursive: true });
      await writeFile(join(folder, `f${i}.txt`), 'x'.repeat(i));
      await writeFile(join(folder, 'sub', 'deep.txt'), 'deep');
      await symlink(`f${i}.txt`, join(folder, 'link'));
    }
    // Times find prints as seconds with nine decimals: the milliseconds must
    // come out as fs.Stats has them, not one off through a float.
    await utimes(join(t.projectRoot, 'd1', 'f1.txt'), 1_600_000_000.247, 1_600_000_000.247);
    await utimes(join(t.projectRoot, 'd2', 'f2.txt'), 1_000_000_000.999, 1_000_000_000.999);
    await utimes(join(t.projectRoot, 'd3', 'f3.txt'), 1_700_000_000, 1_700_000_000);
  });
  afterAll(async () => {
    api.close();
    await t.stop();
  });

  it('reports every entry with the size and time lstat gives it', async () => {
    const root = valueOf(await api.tree('', 2, { limit: 1000 }));
    const listed = [...nodes(root)];
    // Per folder: its file, its link and `sub`; below depth 2 `sub` is not opened.
    expect(listed).toHaveLength(folders * 4);
    for (const node of listed) {
      const stats = await lstat(join(t.projectRoot, node.path));
      expect(node.size, node.path).toBe(stats.isDirectory() ? 0 : stats.size);
      expect(node.modifiedAt, node.path).toBe(stats.mtime.toISOString());
    }
    const times = Object.fromEntries(listed.map((node) => [node.path, node.modifiedAt]));
    expect(times['d1/f1.txt']).toBe('2020-09-13T12:26:40.247Z');
    expect(times['d2/f2.txt']).toBe('2001-09-09T01:46:40.999Z');
    expect(times['d3/f3.txt']).toBe('2023-11-14T22:13:20.000Z');
    const link = listed.find((node) => node.path === 'd7/link');
    expect(link).toMatchObject({ kind: 'SYMLINK', size: 'f7.txt'.length });
  });

  it('never reports what a folder swapped for a symlink leads to', async () => {
    const outside = await makeTempDir('genpod-outside-');
    const dir = join(t.projectRoot, 'swapped');
    const aside = join(t.projectRoot, 'swapped-aside');
    try {
      // Same names inside and out; only the sizes tell them apart.
      await writeFile(join(outside.path, 'same.txt'), 'OUTSIDE, LONGER');
      await mkdir(join(outside.path, 'sub'));
      await writeFile(join(outside.path, 'sub', 'same.txt'), 'OUTSIDE, LONGER');
      await mkdir(join(dir, 'sub'), { recursive: true });
      await writeFile(join(dir, 'same.txt'), 'in');
      await writeFile(join(dir, 'sub', 'same.txt'), 'in');
      let swapping = true;
      let swaps = 0;
      const swapper = (async () => {
        while (swapping) {
          await rename(dir, aside);
          await symlink(outside.path, dir);
          await new Promise((resolve) => setTimeout(resolve, 1));
          await unlink(dir);
          await rename(aside, dir);
          swaps++;
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      })();
      const sizes: number[] = [];
      try {
        for (let round = 0; round < 40; round++) {
          const answers = await Promise.all([
            api.tree('swapped', 2),
            api.tree('swapped', 2),
            api.tree('swapped', 2),
            api.tree('', 3, { limit: 1000 }),
          ]);
          for (const answer of answers) {
            if (!answer.ok) continue; // the folder was away when the walk reached it
            for (const node of nodes(answer.value)) {
              if (node.name === 'same.txt') sizes.push(node.size);
            }
          }
        }
      } finally {
        swapping = false;
        await swapper;
      }
      expect(swaps).toBeGreaterThan(10);
      expect(sizes.length).toBeGreaterThan(0);
      expect(new Set(sizes)).toEqual(new Set([2]));
    } finally {
      await rm(aside, { recursive: true, force: true });
      await rm(dir, { recursive: true, force: true });
      await outside.remove();
    }
  });
});
