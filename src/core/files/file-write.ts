// Writing one file through the jail: into the folder where it really is (a
// symlink inside the project stays a symlink), under the path's lock,
// checked against the expected version, replaced atomically.
import { lstat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Conflict, NotFound } from '../errors.ts';
import { writeAtomically } from './atomic-write.ts';
import { readSnapshot } from './file-snapshot.ts';
import { childRelative, openOrCreateFolder } from './folders-in-jail.ts';
import { onPath } from './fs-errors.ts';
import {
  projectPathOf,
  type Location,
  type OpenDirectory,
  type ProjectJail,
  type ResolvedPath,
} from './project-jail.ts';
import { parentPath } from './project-path.ts';

export interface FileWrite {
  bytes: Buffer;
  /** Write only if the file is still at this version; otherwise CONFLICT. */
  ifVersion: string | undefined;
  /** Create missing folders above the file. */
  createParents: boolean;
}

export interface WrittenFile {
  resolved: ResolvedPath;
  modifiedAt: Date;
  mode: number;
}

/** Writes the file at a located path; the caller has checked the write is allowed. */
export async function writeFileAt(
  jail: ProjectJail,
  location: Location,
  write: FileWrite,
): Promise<WrittenFile> {
  const { path } = location;
  const { bytes, ifVersion } = write;
  let directory: OpenDirectory;
  let name: string;
  if (location.missing.length === 0) {
    // It exists: write where it really is, so a symlink inside the project stays a symlink.
    if (location.existing.real === jail.realRoot) {
      throw new Conflict('the project root is a folder', { path: path.relative });
    }
    const real = location.existing.real;
    directory = await jail.openDirectory(
      dirname(real),
      projectPathOf(jail.relativeOf(dirname(real))),
    );
    name = basename(real);
  } else {
    if (ifVersion !== undefined) {
      throw new Conflict(`${path.relative} does not exist, so it is not at version ${ifVersion}`, {
        path: path.relative,
        currentVersion: null,
      });
    }
    if (location.missing.length > 1 && !write.createParents) {
      throw new NotFound(`the folder ${parentPath(path)?.relative} does not exist`, {
        path: path.relative,
      });
    }
    directory = await openOrCreateFolder(
      jail,
      path,
      location.existing,
      location.missing.slice(0, -1),
    );
    name = location.missing.at(-1) ?? '';
  }

  try {
    await jail.locks.run([join(directory.real, name)], () =>
      onPath(path.relative, async () => {
        const current = await lstat(directory.child(name)).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return undefined;
          throw error;
        });
        if (current?.isDirectory())
          throw new Conflict(`${path.relative} is a folder`, { path: path.relative });
        if (current?.isSymbolicLink()) {
          // Where the path existed, its real name cannot be a symlink unless
          // one was swapped in; where it did not, this is a dangling link.
          const reason =
            location.missing.length === 0
              ? 'changed while it was being written'
              : 'is a symlink to nothing; write to its target instead';
          throw new Conflict(`${path.relative} ${reason}`, { path: path.relative });
        }
        if (ifVersion !== undefined) {
          const handle = await jail.openChildFile(directory, name);
          const snapshot = await readSnapshot(handle, 0).finally(() => handle.close());
          if (snapshot.version !== ifVersion) {
            throw new Conflict(
              `${path.relative} has changed: it is at version ${snapshot.version}`,
              {
                path: path.relative,
                currentVersion: snapshot.version,
              },
            );
          }
        }
        await writeAtomically(
          directory,
          name,
          bytes,
          current ? Number(current.mode) & 0o7777 : undefined,
          jail.writeHold,
        );
      }),
    );
    const stats = await lstat(directory.child(name));
    return {
      resolved: {
        path,
        real: join(directory.real, name),
        realRelative: childRelative(directory.realRelative, name),
        isSymlink: location.missing.length === 0 && location.existing.isSymlink,
      },
      modifiedAt: stats.mtime,
      mode: stats.mode & 0o7777,
    };
  } finally {
    await directory.close();
  }
}
