import { mkdir, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { graphqlTransport, grpcTransport, valueOf, type FilesTransport } from './transports.ts';

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe.each(['graphql', 'grpc'] as const)(
  'deleting, moving and creating folders over %s',
  (transportName) => {
    let t: TestServer;
    let api: FilesTransport;
    let n = 0;
    const folder = async () => {
      const name = `case-${++n}`;
      await mkdir(join(t.projectRoot, name));
      return name;
    };
    const at = (...parts: string[]) => join(t.projectRoot, ...parts);

    beforeAll(async () => {
      t = await startTestServer();
      api = transportName === 'graphql' ? graphqlTransport(t, t.token) : grpcTransport(t, t.token);
    });
    afterAll(async () => {
      api.close();
      await t.stop();
    });

    describe('deletePath', () => {
      it('deletes a file', async () => {
        const dir = await folder();
        await writeFile(at(dir, 'gone.txt'), 'x');
        expect(valueOf(await api.remove(`${dir}/gone.txt`))).toBe(true);
        expect(await exists(at(dir, 'gone.txt'))).toBe(false);
      });

      it('deletes an empty folder without recursive', async () => {
        const dir = await folder();
        await mkdir(at(dir, 'empty'));
        expect(valueOf(await api.remove(`${dir}/empty`))).toBe(true);
        expect(await exists(at(dir, 'empty'))).toBe(false);
      });

      it('refuses a folder with entries unless recursive, then deletes all of it', async () => {
        const dir = await folder();
        await mkdir(at(dir, 'full/inner'), { recursive: true });
        await writeFile(at(dir, 'full/inner/a.txt'), 'a');
        expect(await api.remove(`${dir}/full`)).toMatchObject({ ok: false, code: 'CONFLICT' });
        expect(await exists(at(dir, 'full/inner/a.txt'))).toBe(true);
        expect(valueOf(await api.remove(`${dir}/full`, true))).toBe(true);
        expect(await readdir(at(dir))).toEqual([]);
      });

      it('deletes a symlink itself, never what it points to', async () => {
        const dir = await folder();
        await mkdir(at(dir, 'target'));
        await writeFile(at(dir, 'target/keep.txt'), 'keep');
        await symlink('target', at(dir, 'link'));
        expect(valueOf(await api.remove(`${dir}/link`, true))).toBe(true);
        expect(await readFile(at(dir, 'target/keep.txt'), 'utf8')).toBe('keep');
        expect(await readdir(at(dir))).toEqual(['target']);
      });

      it('removes symlinks inside a folder deleted recursively without following them', async () => {
        const dir = await folder();
        await mkdir(at(dir, 'kept'));
        await writeFile(at(dir, 'kept/precious.txt'), 'precious');
        await mkdir(at(dir, 'doomed'));
        await symlink('../kept', at(dir, 'doomed/link-to-kept'));
        valueOf(await api.remove(`${dir}/doomed`, true));
        expect(await readFile(at(dir, 'kept/precious.txt'), 'utf8')).toBe('precious');
      });

      it('answers NOT_FOUND for a missing path and FORBIDDEN for the root', async () => {
        expect(await api.remove('no/such/thing.txt')).toMatchObject({
          ok: false,
          code: 'NOT_FOUND',
        });
        expect(await api.remove('', true)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
        expect(await exists(t.projectRoot)).toBe(true);
      });
    });

    describe('movePath', () => {
      it('renames a file and returns it at its new path', async () => {
        const dir = await folder();
        await writeFile(at(dir, 'old.ts'), 'const x = 1;\n');
        const moved = valueOf(await api.move(`${dir}/old.ts`, `${dir}/new.ts`));
        expect(moved).toMatchObject({
          path: `${dir}/new.ts`,
          name: 'new.ts',
          kind: 'FILE',
          language: 'TypeScript',
        });
        expect(await readFile(at(dir, 'new.ts'), 'utf8')).toBe('const x = 1;\n');
        expect(await exists(at(dir, 'old.ts'))).toBe(false);
      });

      it('moves a folder with everything in it, creating missing parents', async () => {
        const dir = await folder();
        await mkdir(at(dir, 'pkg/lib'), { recursive: true });
        await writeFile(at(dir, 'pkg/lib/a.js'), 'a');
        const moved = valueOf(await api.move(`${dir}/pkg`, `${dir}/vendor/pkg`));
        expect(moved).toMatchObject({ kind: 'DIRECTORY', path: `${dir}/vendor/pkg` });
        expect(await readFile(at(dir, 'vendor/pkg/lib/a.js'), 'utf8')).toBe('a');
      });

      it('refuses to move over an existing entry with CONFLICT, changing nothing', async () => {
        const dir = await folder();
        await writeFile(at(dir, 'a.txt'), 'a');
        await writeFile(at(dir, 'b.txt'), 'b');
        expect(await api.move(`${dir}/a.txt`, `${dir}/b.txt`)).toMatchObject({
          ok: false,
          code: 'CONFLICT',
        });
        expect(await readFile(at(dir, 'a.txt'), 'utf8')).toBe('a');
        expect(await readFile(at(dir, 'b.txt'), 'utf8')).toBe('b');
      });

      it('refuses to move a folder into itself', async () => {
        const dir = await folder();
        await mkdir(at(dir, 'box'));
        expect(await api.move(`${dir}/box`, `${dir}/box/inner`)).toMatchObject({
          ok: false,
          code: 'BAD_USER_INPUT',
        });
        expect(await exists(at(dir, 'box'))).toBe(true);
      });

      it('moves a symlink as a link', async () => {
        const dir = await folder();
        await writeFile(at(dir, 'real.txt'), 'real');
        await symlink('real.txt', at(dir, 'alias.txt'));
        const moved = valueOf(await api.move(`${dir}/alias.txt`, `${dir}/renamed-alias.txt`));
        expect(moved.kind).toBe('SYMLINK');
        expect(await readlink(at(dir, 'renamed-alias.txt'))).toBe('real.txt');
      });

      it('answers NOT_FOUND for a missing source and FORBIDDEN for the root', async () => {
        const dir = await folder();
        expect(await api.move(`${dir}/missing.txt`, `${dir}/x.txt`)).toMatchObject({
          ok: false,
          code: 'NOT_FOUND',
        });
        expect(await api.move('', `${dir}/root`)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      });
    });

    describe('createDirectory', () => {
      it('creates a folder and the folders above it', async () => {
        const dir = await folder();
        const created = valueOf(await api.mkdir(`${dir}/a/b/c`));
        expect(created).toMatchObject({ path: `${dir}/a/b/c`, name: 'c', kind: 'DIRECTORY' });
        expect((await stat(at(dir, 'a/b/c'))).isDirectory()).toBe(true);
      });

      it('returns an existing folder as it is', async () => {
        const dir = await folder();
        await mkdir(at(dir, 'there'));
        await writeFile(at(dir, 'there/file.txt'), 'x');
        expect(valueOf(await api.mkdir(`${dir}/there`))).toMatchObject({ kind: 'DIRECTORY' });
        expect(await readdir(at(dir, 'there'))).toEqual(['file.txt']);
      });

      it('refuses a path where a file is, with CONFLICT', async () => {
        const dir = await folder();
        await writeFile(at(dir, 'file'), 'x');
        expect(await api.mkdir(`${dir}/file`)).toMatchObject({ ok: false, code: 'CONFLICT' });
        expect(await api.mkdir(`${dir}/file/below`)).toMatchObject({ ok: false, code: 'CONFLICT' });
      });
    });
  },
);
