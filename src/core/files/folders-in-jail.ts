// Opening the folder an operation works in, through the jail: the parent of
// an existing entry, or the folder a new entry goes in, created on the way.
import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Forbidden, NotFound } from '../errors.ts';
import { toFileError } from './fs-errors.ts';
import type { Location, OpenDirectory, ProjectJail, ResolvedPath } from './project-jail.ts';
import { parentPath, type ProjectPath } from './project-path.ts';
import { entryInfoOf, type EntryInfo } from '../watch/file-change.ts';

/** `name` inside the project path `parent`. */
export function childRelative(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

/** The folders `missing` below `existingRealRelative` that creating them makes, outermost first. */
export function createdFolders(existingRealRelative: string, missing: readonly string[]): string[] {
  const folders: string[] = [];
  let folder = existingRealRelative;
  for (const name of missing) {
    folder = childRelative(folder, name);
    folders.push(folder);
  }
  return folders;
}

export interface EntryParent {
  directory: OpenDirectory;
  name: string;
  /** The entry's real path (its parent's symlinks resolved, not its own). */
  realRelative: string;
}

/** The folder holding an existing entry, opened, with the entry's name in it (symlinks not followed). */
export async function openEntryParent(
  jail: ProjectJail,
  path: ProjectPath,
  operation: string,
): Promise<EntryParent> {
  const parent = parentPath(path);
  const name = path.segments.at(-1);
  if (!parent || name === undefined) throw new Forbidden(`the project root cannot be ${operation}`);
  const resolvedParent = await jail.resolve(parent);
  if (!resolvedParent)
    throw new NotFound(`${path.relative} does not exist`, { path: path.relative });
  const directory = await jail.openDirectory(resolvedParent.real, parent);
  return { directory, name, realRelative: childRelative(directory.realRelative, name) };
}

/**
 * Opens the folder `target` should go in, creating the folders `missing`
 * below `existing`; the caller has checked the write is allowed.
 */
export async function openOrCreateFolder(
  jail: ProjectJail,
  target: ProjectPath,
  existing: ResolvedPath,
  missing: readonly string[],
): Promise<OpenDirectory> {
  let directory = await jail.openDirectory(existing.real, existing.path);
  try {
    for (const name of missing) {
      await mkdir(directory.child(name)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error; // made meanwhile: fine if it is a folder
      });
      const child = await jail.openChildDirectory(directory, name);
      await directory.close();
      directory = child;
    }
    return directory;
  } catch (error) {
    await directory.close();
    throw toFileError(error, target.relative);
  }
}

/** Creates the missing folders of a located path (mkdir -p through the jail). */
export async function makeFolders(jail: ProjectJail, location: Location): Promise<void> {
  if (location.missing.length === 0) return;
  const directory = await openOrCreateFolder(
    jail,
    location.path,
    location.existing,
    location.missing,
  );
  await directory.close();
}

/** What a folder an operation just created is, for its CREATED event (undefined if gone again). */
export function folderEntry(
  jail: ProjectJail,
  realRelative: string,
): Promise<EntryInfo | undefined> {
  return lstat(join(jail.realRoot, realRelative)).then(entryInfoOf, () => undefined);
}
