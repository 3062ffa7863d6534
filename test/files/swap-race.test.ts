// A folder swapped back and forth with a symlink pointing out of the project
// while clients read and write through it, on both transports: no answer
// ever carries outside content and nothing is ever written outside.
import { mkdir, readdir, readFile, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../utils/tempdir.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { graphqlTransport, grpcTransport, type FilesTransport } from './transports.ts';

describe.each(['graphql', 'grpc'] as const)(
  'a folder swapped for a symlink mid-request, over %s',
  (name) => {
    let t: TestServer;
    let api: FilesTransport;
    let outside: Awaited<ReturnType<typeof makeTempDir>>;

    beforeAll(async () => {
      t = await startTestServer();
      api = name === 'graphql' ? graphqlTransport(t, t.token) : grpcTransport(t, t.token);
      outside = await makeTempDir('genpod-outside-');
      await writeFile(join(outside.path, 'secret.txt'), 'OUTSIDE SECRET');
      await mkdir(join(outside.path, 'sub'));
      await writeFile(join(outside.path, 'sub', 'secret.txt'), 'OUTSIDE SECRET');
      await mkdir(join(t.projectRoot, 'dir', 'sub'), { recursive: true });
      await writeFile(join(t.projectRoot, 'dir', 'secret.txt'), 'inside');
      await writeFile(join(t.projectRoot, 'dir', 'sub', 'secret.txt'), 'inside');
    });
    afterAll(async () => {
      api.close();
      await t.stop();
      await outside.remove();
    });

    it('never reads or writes outside while the swap races the requests', async () => {
      const dir = join(t.projectRoot, 'dir');
      const aside = join(t.projectRoot, 'dir-aside');
      let swapping = true;
      let swaps = 0;
      let intruders = 0;
      /** Runs `step`; when an API call re-created `dir` while it was away (it may), moves that aside first. */
      const retrying = async (step: () => Promise<void>) => {
        try {
          await step();
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw error;
          await rename(dir, join(t.projectRoot, `intruder-${intruders++}`));
          await step();
        }
      };
      const swapper = (async () => {
        while (swapping) {
          await rename(dir, aside);
          await retrying(() => symlink(outside.path, dir));
          await new Promise((resolve) => setTimeout(resolve, swaps % 3));
          await unlink(dir);
          await retrying(() => rename(aside, dir));
          swaps++;
          await new Promise((resolve) => setTimeout(resolve, swaps % 2));
        }
      })();

      const answers: string[] = [];
      let i = 0;
      for (; i < 20;) {
        const round = await Promise.all([
          // Many reads at once widen the window between each check and its open.
          ...Array.from({ length: 30 }, () => api.read('dir/secret.txt')),
          api.read('dir/sub/secret.txt'),
          api.readBytes('dir/secret.txt', 0, 64),
          api.tree('dir', 2),
          api.search({ path: 'dir', content: 'SECRET' }),
          api.write({ path: `dir/written-${i}.txt`, content: 'mine' }),
          api.write({ path: `dir/sub/deep-${i}/written.txt`, content: 'mine' }),
          api.mkdir(`dir/made-${i}`),
          api.remove(`dir/written-${i - 1}.txt`),
          api.remove(`dir/made-${i - 1}`, true),
          api.move(`dir/sub/deep-${i - 1}`, `dir/moved-${i - 1}`),
        ]);
        answers.push(...round.map((outcome) => JSON.stringify(outcome)));
        i++;
      }
      swapping = false;
      await swapper;

      expect(swaps).toBeGreaterThan(10);
      for (const answer of answers) expect(answer).not.toContain('OUTSIDE');
      // The outside folder holds exactly what it held before.
      expect((await readdir(outside.path, { recursive: true })).sort()).toEqual([
        'secret.txt',
        'sub',
        'sub/secret.txt',
      ]);
      expect(await readFile(join(outside.path, 'sub', 'secret.txt'), 'utf8')).toBe(
        'OUTSIDE SECRET',
      );
      await rm(join(t.projectRoot, 'dir-aside'), { recursive: true, force: true });
    });
  },
);
