// What the watcher reports of an entry after a change: its content version,
// computed exactly as `file.version` is (sha256 of the bytes, streamed), so
// events and reads agree, and its kind, size and mtime from the same handle.
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { readSnapshot } from '../files/file-snapshot.ts';
import { entryInfoOf, type EntryInfo } from './file-change.ts';

export interface DiskEntry {
  /** The content version; null for an entry that has none (a folder, a symlink, a socket). */
  version: string | null;
  entry: EntryInfo;
}

const gone = (error: NodeJS.ErrnoException) => {
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
  throw error;
};

/** The entry at `absolutePath`, not following a symlink; undefined when it is gone. */
export async function diskEntry(absolutePath: string): Promise<DiskEntry | undefined> {
  const handle = await open(
    absolutePath,
    constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
  ).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ELOOP') return null; // a symlink: O_NOFOLLOW refused it
    return gone(error);
  });
  if (handle === null) {
    const stats = await lstat(absolutePath).catch(gone);
    return stats && { version: null, entry: entryInfoOf(stats) };
  }
  if (!handle) return undefined;
  try {
    // A size limit of 0 hashes the file as it streams past without keeping it;
    // the snapshot's stat is of this very handle.
    const snapshot = await readSnapshot(handle, 0);
    const entry = {
      kind: snapshot.kind,
      size: snapshot.size,
      mtimeMs: snapshot.modifiedAt.getTime(),
    };
    return { version: snapshot.kind === 'file' ? snapshot.version : null, entry };
  } finally {
    await handle.close();
  }
}
