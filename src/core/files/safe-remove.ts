// Deletes an entry, and a folder's contents when asked, without ever
// following a symlink: each folder is opened with O_NOFOLLOW and emptied
// through its descriptor, so a folder swapped for a symlink mid-way is
// refused instead of having its target emptied.
import { lstat, opendir, rmdir, unlink } from 'node:fs/promises';
import type { OpenDirectory, ProjectJail } from './project-jail.ts';

/** Removes `name` from `directory`: a file or symlink is unlinked, a folder removed (emptied first if `recursive`). */
export async function removeEntry(
  jail: ProjectJail,
  directory: OpenDirectory,
  name: string,
  recursive: boolean,
): Promise<void> {
  const path = directory.child(name);
  if (!(await lstat(path)).isDirectory()) {
    await unlink(path);
    return;
  }
  if (recursive) {
    const folder = await jail.openChildDirectory(directory, name);
    try {
      await removeContents(jail, folder);
    } finally {
      await folder.close();
    }
  }
  await rmdir(path);
}

async function removeContents(jail: ProjectJail, folder: OpenDirectory): Promise<void> {
  // Names first: removing entries while a directory stream is open may skip some.
  const names: string[] = [];
  for await (const dirent of await opendir(folder.path)) names.push(dirent.name);
  for (const name of names) await removeEntry(jail, folder, name, true);
}

/**
 * The first entry under `folder` that `writable` refuses, as a project path,
 * or undefined: checked before a folder is deleted or moved, so nothing is
 * half done. Symlinks are entries, never followed.
 */
export async function firstUnwritableEntry(
  jail: ProjectJail,
  folder: OpenDirectory,
  relative: string,
  writable: (relative: string, realRelative: string) => boolean,
): Promise<string | undefined> {
  const folders: Array<{ name: string; relative: string }> = [];
  for await (const dirent of await opendir(folder.path)) {
    const childRelative = `${relative === '' ? '' : `${relative}/`}${dirent.name}`;
    const childReal = `${folder.realRelative === '' ? '' : `${folder.realRelative}/`}${dirent.name}`;
    if (!writable(childRelative, childReal)) return childRelative;
    if (dirent.isDirectory()) folders.push({ name: dirent.name, relative: childRelative });
  }
  for (const child of folders) {
    const opened = await jail.openChildDirectory(folder, child.name).catch(() => undefined);
    if (!opened) continue; // gone since it was listed
    try {
      const found = await firstUnwritableEntry(jail, opened, child.relative, writable);
      if (found !== undefined) return found;
    } finally {
      await opened.close();
    }
  }
  return undefined;
}
