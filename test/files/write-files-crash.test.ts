// writeFiles survives kill -9 (issue 22, item 1): a real server process is
// held after N of a batch's renames (the test-only GENPOD_TEST_HOLD_WRITES
// hook), killed there, and restarted. Before the restart every file is old or
// new, never half written; after it every file is as written.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { runServerProcess } from '../utils/process.ts';
import { makeTempDir } from '../utils/tempdir.ts';

const ownName = /^\.genpod-[0-9a-f]{16}\.(tmp|journal)$/;

async function ownEntries(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (ownName.test(entry.name)) found.push(join(entry.parentPath, entry.name));
  }
  return found;
}

const read = (path: string) => readFile(path, 'utf8').catch(() => undefined);

describe('writeFiles killed mid-batch', () => {
  it.each([0, 3])(
    'is finished by the next start when killed after %i renames',
    async (renamesDone) => {
      const dir = await makeTempDir();
      try {
        const root = join(dir.path, 'workspace');
        const holdDir = join(dir.path, 'hold');
        await mkdir(holdDir);
        await mkdir(root);
        const big = (tag: string) => tag.repeat(200_000);
        await writeFile(join(root, 'a.txt'), big('a'));
        await writeFile(join(root, 'b.txt'), big('b'));
        await writeFile(join(root, 'c.txt'), 'to delete');
        await writeFile(join(root, 'd.txt'), 'to move');
        const token = `crash-test-${'0'.repeat(16)}`;
        const env = { PORT: '0', GRPC_PORT: '0', GENPOD_ADMIN_TOKEN: token };
        const first = runServerProcess(dir.path, {
          ...env,
          GENPOD_TEST_HOLD_WRITES: holdDir,
          GENPOD_TEST_HOLD_AFTER_RENAMES: String(renamesDone),
        });
        const { httpPort } = await first.listening;
        const entries = [
          { op: 'WRITE', path: 'a.txt', content: big('A') },
          { op: 'WRITE', path: 'b.txt', content: big('B') },
          { op: 'DELETE', path: 'c.txt' },
          { op: 'MOVE', path: 'd.txt', to: 'moved/d.txt' },
          { op: 'WRITE', path: 'new/e.txt', content: 'created' },
        ];
        const batch = gql(
          `http://127.0.0.1:${httpPort}/graphql`,
          'mutation($input: WriteFilesInput!) { writeFiles(input: $input) { requestId } }',
          { input: { entries } },
          { authorization: `Bearer ${token}` },
        ).catch(() => undefined);
        await vi.waitFor(() => expect(existsSync(join(holdDir, 'held'))).toBe(true), {
          timeout: 10_000,
        });
        first.child.kill('SIGKILL');
        await first.exited;
        await batch;

        // Killed: every file old or new, whole; the journal names what is left to do.
        expect([big('a'), big('A')]).toContain(await read(join(root, 'a.txt')));
        expect([big('b'), big('B')]).toContain(await read(join(root, 'b.txt')));
        expect(await read(join(root, 'a.txt'))).toBe(renamesDone >= 1 ? big('A') : big('a'));
        expect((await readdir(root)).filter((name) => name.endsWith('.journal'))).toHaveLength(1);

        const second = runServerProcess(dir.path, env);
        const { httpPort: port } = await second.listening;
        // The journal is replayed before the server listens.
        expect(await read(join(root, 'a.txt'))).toBe(big('A'));
        expect(await read(join(root, 'b.txt'))).toBe(big('B'));
        expect(existsSync(join(root, 'c.txt'))).toBe(false);
        expect(existsSync(join(root, 'd.txt'))).toBe(false);
        expect(await read(join(root, 'moved', 'd.txt'))).toBe('to move');
        expect(await read(join(root, 'new', 'e.txt'))).toBe('created');
        await vi.waitFor(async () => expect(await ownEntries(root)).toEqual([]), {
          timeout: 10_000,
        });
        expect(second.stdout()).toContain('finished a writeFiles batch cut short by the last run');
        const answer = await gql<{ file: { content: string } }>(
          `http://127.0.0.1:${port}/graphql`,
          '{ file(path: "moved/d.txt") { content } }',
          undefined,
          { authorization: `Bearer ${token}` },
        );
        expect(answer.data?.file.content).toBe('to move');
        second.child.kill('SIGTERM');
        expect(await second.exited).toBe(0);
      } finally {
        await dir.remove();
      }
    },
    60_000,
  );
});
