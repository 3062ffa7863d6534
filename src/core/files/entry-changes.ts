// Deleting and moving entries through the jail, under the paths' locks and
// without following a symlink. What may be changed is the caller's policy,
// asked through the hooks at the moments the mechanics know the answer's inputs.
import { lstat, readlink, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Conflict, Forbidden, InvalidInput, NotFound } from '../errors.ts';
import { childRelative, openEntryParent, openOrCreateFolder } from './folders-in-jail.ts';
import { onPath } from './fs-errors.ts';
import type { OpenDirectory, ProjectJail } from './project-jail.ts';
import { parentPath, type ProjectPath } from './project-path.ts';
import { firstUnwritableEntry, removeEntry } from './safe-remove.ts';
import { entryInfoOf, type EntryInfo } from '../watch/file-change.ts';

/** The caller's say in a change, asked as the mechanics learn where things really are. */
export interface ChangeHooks {
  /** Throws unless the entry may be changed at its real path (called before anything changes). */
  authorize(path: ProjectPath, realRelative: string): void;
  /** Whether an entry inside a folder being changed may be, under each of its names. */
  mayChange(names: readonly string[]): boolean;
  /** Called under the lock, just before the disk changes; `realRelative` is the entry's (source's). */
  announce(isDirectory: boolean, realRelative: string): Promise<void>;
}

export interface RemovedEntry {
  realRelative: string;
  isDirectory: boolean;
}

/** Deletes a file, symlink or empty folder; a folder with entries only when `recursive`. */
export async function removePath(
  jail: ProjectJail,
  path: ProjectPath,
  recursive: boolean,
  hooks: ChangeHooks,
): Promise<RemovedEntry> {
  // FORBIDDEN for a path leading outside, even though only the link itself would go.
  await jail.resolve(path);
  const { directory, name, realRelative } = await openEntryParent(jail, path, 'deleted');
  try {
    hooks.authorize(path, realRelative);
    let isDirectory = false;
    await jail.locks.run([join(directory.real, name)], () =>
      onPath(path.relative, async () => {
        const stats = await lstat(directory.child(name));
        isDirectory = stats.isDirectory();
        await hooks.announce(isDirectory, realRelative);
        if (isDirectory) {
          if (!recursive) {
            await removeEntry(jail, directory, name, false).catch(
              (error: NodeJS.ErrnoException) => {
                if (error.code === 'ENOTEMPTY' || error.code === 'EEXIST') {
                  throw new Conflict(
                    `${path.relative} is a folder that is not empty; pass recursive: true to delete it`,
                    { path: path.relative },
                  );
                }
                throw error;
              },
            );
            return;
          }
          await assertFolderChangeable(jail, directory, name, path.relative, hooks, (r, real) => [
            r,
            real,
          ]);
        }
        await removeEntry(jail, directory, name, recursive);
      }),
    );
    return { realRelative, isDirectory };
  } finally {
    await directory.close();
  }
}

export interface MovedEntry {
  isDirectory: boolean;
  /** A symlink moves as itself: it may now lead elsewhere, even outside. */
  isSymlink: boolean;
  /** The entry as it was before the move: a rename changes neither its kind, size nor mtime. */
  entry: EntryInfo;
}

/** Moves or renames a file, symlink or folder; never over an existing entry. */
export async function movePath(
  jail: ProjectJail,
  source: ProjectPath,
  target: ProjectPath,
  createParents: boolean,
  hooks: ChangeHooks,
): Promise<MovedEntry> {
  const targetParent = parentPath(target);
  const targetName = target.segments.at(-1);
  if (!targetParent || targetName === undefined)
    throw new Forbidden('the project root cannot be replaced');

  // FORBIDDEN when either leads outside, BAD_USER_INPUT through a symlink loop.
  await jail.resolve(source);
  await jail.resolve(target);
  const sourceSide = await openEntryParent(jail, source, 'moved');
  try {
    hooks.authorize(source, sourceSide.realRelative);
    const parentLocation = await jail.locate(targetParent);
    const targetReal = childRelative(parentLocation.realRelative, targetName);
    hooks.authorize(target, targetReal);
    if (
      targetReal === sourceSide.realRelative ||
      targetReal.startsWith(`${sourceSide.realRelative}/`)
    ) {
      throw new InvalidInput(`${target.relative} is inside ${source.relative}`, { field: 'to' });
    }
    const sourceStats = await onPath(source.relative, () =>
      lstat(sourceSide.directory.child(sourceSide.name)),
    );
    if (sourceStats.isDirectory()) {
      // Every entry inside must be changeable at its old path and at its new one.
      const oldPrefix = source.relative.length;
      const oldRealPrefix = sourceSide.realRelative.length;
      await assertFolderChangeable(
        jail,
        sourceSide.directory,
        sourceSide.name,
        source.relative,
        hooks,
        (relative, real) => [
          relative,
          real,
          target.relative + relative.slice(oldPrefix),
          targetReal + real.slice(oldRealPrefix),
        ],
      );
    }
    if (parentLocation.missing.length > 0 && !createParents) {
      throw new NotFound(`the folder ${targetParent.relative} does not exist`, {
        path: target.relative,
      });
    }
    const targetDirectory = await openOrCreateFolder(
      jail,
      target,
      parentLocation.existing,
      parentLocation.missing,
    );
    try {
      const keys = [
        join(sourceSide.directory.real, sourceSide.name),
        join(targetDirectory.real, targetName),
      ];
      await jail.locks.run(keys, () =>
        onPath(target.relative, async () => {
          const occupied = await lstat(targetDirectory.child(targetName)).then(
            () => true,
            () => false,
          );
          if (occupied) {
            throw new Conflict(`${target.relative} already exists`, { path: target.relative });
          }
          await hooks.announce(sourceStats.isDirectory(), sourceSide.realRelative);
          await onPath(source.relative, () =>
            rename(sourceSide.directory.child(sourceSide.name), targetDirectory.child(targetName)),
          );
          await Promise.all([sourceSide.directory.sync(), targetDirectory.sync()]);
        }),
      );
    } finally {
      await targetDirectory.close();
    }
    return {
      isDirectory: sourceStats.isDirectory(),
      isSymlink: sourceStats.isSymbolicLink(),
      entry: entryInfoOf(sourceStats),
    };
  } finally {
    await sourceSide.directory.close();
  }
}

export interface SymlinkEntry {
  size: number;
  modifiedAt: Date;
  /** What the link says, as written. */
  target: string;
}

/** A symlink as an entry of its own, not followed. */
export async function readSymlinkEntry(
  jail: ProjectJail,
  path: ProjectPath,
): Promise<SymlinkEntry> {
  const absolute = jail.logicalPath(path);
  const [stats, target] = await Promise.all([lstat(absolute), readlink(absolute)]);
  return { size: stats.size, modifiedAt: stats.mtime, target };
}

/**
 * Refuses (FORBIDDEN) to change a folder holding anything the caller may not
 * change; `namesOf` gives the names each entry is checked under.
 */
async function assertFolderChangeable(
  jail: ProjectJail,
  parent: OpenDirectory,
  name: string,
  relative: string,
  hooks: ChangeHooks,
  namesOf: (relative: string, realRelative: string) => string[],
): Promise<void> {
  const folder = await jail.openChildDirectory(parent, name);
  try {
    const refused = await firstUnwritableEntry(jail, folder, relative, (entry, real) =>
      hooks.mayChange(namesOf(entry, real)),
    );
    if (refused !== undefined) {
      throw new Forbidden(`${relative} holds ${refused}, which may not be changed`, {
        path: relative,
      });
    }
  } finally {
    await folder.close();
  }
}
