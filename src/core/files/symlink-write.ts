// Creating a symlink through the jail, as an archive unpacks one: made under
// a temporary name inside the opened folder and renamed over the entry's
// name, so the name shows the old entry or the new link, never nothing.
// Where the link points is the caller's check (archive-entry-name.ts); every
// later use of it goes through the jail's realpath check as well.
import { lstat, rename, symlink, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Conflict, Forbidden } from '../errors.ts';
import { temporaryName } from './atomic-write.ts';
import { createdFolders, openOrCreateFolder } from './folders-in-jail.ts';
import { onPath } from './fs-errors.ts';
import type { ProjectJail } from './project-jail.ts';
import { parentPath, type ProjectPath } from './project-path.ts';

export interface PlacedSymlink {
  /** Where the link is, relative to the root (its folders' symlinks resolved). */
  realRelative: string;
  /** Folders created to hold it, outermost first. */
  createdFolders: string[];
  /** Whether it replaced an entry of the same name. */
  replaced: boolean;
}

/** Where a link at `path` will be, and which folders creating it will make. */
export async function locateSymlink(
  jail: ProjectJail,
  path: ProjectPath,
): Promise<{ realRelative: string; createdFolders: string[] }> {
  const parent = parentPath(path);
  const name = path.segments.at(-1);
  if (!parent || name === undefined) throw new Forbidden('the project root cannot be a symlink');
  const location = await jail.locate(parent);
  return {
    realRelative: [location.realRelative, name].filter(Boolean).join('/'),
    createdFolders: createdFolders(location.existing.realRelative, location.missing),
  };
}

/** Makes `path` a symlink to `target`, replacing a file or link there (never a folder). */
export async function placeSymlink(
  jail: ProjectJail,
  path: ProjectPath,
  target: string,
): Promise<PlacedSymlink> {
  const parent = parentPath(path);
  const name = path.segments.at(-1);
  if (!parent || name === undefined) throw new Forbidden('the project root cannot be a symlink');
  const location = await jail.locate(parent);
  const folders = createdFolders(location.existing.realRelative, location.missing);
  const directory = await openOrCreateFolder(jail, parent, location.existing, location.missing);
  try {
    let replaced = false;
    await jail.locks.run([join(directory.real, name)], () =>
      onPath(path.relative, async () => {
        const current = await lstat(directory.child(name)).catch(() => undefined);
        if (current?.isDirectory()) {
          throw new Conflict(`${path.relative} is a folder`, { path: path.relative });
        }
        replaced = current !== undefined;
        const temporary = directory.child(temporaryName());
        await symlink(target, temporary);
        try {
          await rename(temporary, directory.child(name));
        } catch (error) {
          await unlink(temporary).catch(() => {});
          throw error;
        }
        await directory.sync();
      }),
    );
    return {
      realRelative: [directory.realRelative, name].filter(Boolean).join('/'),
      createdFolders: folders,
      replaced,
    };
  } finally {
    await directory.close();
  }
}
