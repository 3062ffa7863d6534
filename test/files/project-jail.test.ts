// The jail itself, step by step: a path checked while it was safe and then
// swapped for a symlink pointing out must not be opened outside.
import { mkdir, readdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError, Forbidden } from '../../src/core/errors.ts';
import { writeAtomically } from '../../src/core/files/atomic-write.ts';
import { ProjectJail } from '../../src/core/files/project-jail.ts';
import { parseProjectPath } from '../../src/core/files/project-path.ts';
import { makeTempDir } from '../utils/tempdir.ts';

describe('ProjectJail', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let root: string;
  let outside: string;
  let jail: ProjectJail;

  beforeEach(async () => {
    temp = await makeTempDir('genpod-jail-');
    root = join(temp.path, 'project');
    outside = join(temp.path, 'outside');
    await mkdir(join(root, 'dir'), { recursive: true });
    await mkdir(outside);
    await writeFile(join(root, 'dir', 'secret.txt'), 'inside');
    await writeFile(join(outside, 'secret.txt'), 'OUTSIDE');
    jail = await ProjectJail.create(root);
  });
  afterEach(() => temp.remove());

  /** Moves the real folder aside and puts a symlink pointing out in its place. */
  const swapForSymlink = async () => {
    await rename(join(root, 'dir'), join(root, 'dir-aside'));
    await symlink(outside, join(root, 'dir'));
  };

  it('refuses to open a file whose folder became a symlink after the check', async () => {
    const resolved = await jail.resolve(parseProjectPath('dir/secret.txt'));
    expect(resolved?.realRelative).toBe('dir/secret.txt');
    await swapForSymlink();
    const opening = resolved ? jail.openFile(resolved) : Promise.reject(new Error('unresolved'));
    await expect(opening).rejects.toBeInstanceOf(Forbidden);
  });

  it('refuses to open a folder that became a symlink after the check', async () => {
    const resolved = await jail.resolve(parseProjectPath('dir'));
    await swapForSymlink();
    await expect(
      jail.openDirectory(resolved?.real ?? '', parseProjectPath('dir')),
    ).rejects.toBeInstanceOf(DomainError);
  });

  it('keeps working inside an opened folder even after its path is swapped for a symlink', async () => {
    const resolved = await jail.resolve(parseProjectPath('dir'));
    const directory = await jail.openDirectory(resolved?.real ?? '', parseProjectPath('dir'));
    try {
      await swapForSymlink();
      await writeAtomically(
        directory,
        'written.txt',
        Buffer.from('through the descriptor'),
        undefined,
      );
    } finally {
      await directory.close();
    }
    expect(await readdir(outside)).toEqual(['secret.txt']);
    expect(await readFile(join(root, 'dir-aside', 'written.txt'), 'utf8')).toBe(
      'through the descriptor',
    );
  });

  it('refuses a path resolving outside, and resolves one staying inside', async () => {
    await symlink(outside, join(root, 'out'));
    await symlink('dir', join(root, 'in'));
    await expect(jail.resolve(parseProjectPath('out/secret.txt'))).rejects.toBeInstanceOf(
      Forbidden,
    );
    const inside = await jail.resolve(parseProjectPath('in/secret.txt'));
    expect(inside).toMatchObject({ realRelative: 'dir/secret.txt', isSymlink: false });
    expect(await jail.resolve(parseProjectPath('in'))).toMatchObject({
      isSymlink: true,
      realRelative: 'dir',
    });
  });

  it('refuses a child folder that is a symlink when walking through descriptors', async () => {
    await symlink(outside, join(root, 'dir', 'escape'));
    const directory = await jail.openDirectory(join(root, 'dir'), parseProjectPath('dir'));
    try {
      await expect(jail.openChildDirectory(directory, 'escape')).rejects.toBeInstanceOf(Forbidden);
      await expect(jail.openChildFile(directory, 'escape')).rejects.toBeInstanceOf(Forbidden);
    } finally {
      await directory.close();
    }
  });
});
