// What the watcher reports of an entry after a change: its content version,
// computed exactly as `file.version` is (sha256 of the bytes, streamed), so
// events and reads agree, and its kind, size and mtime from the same handle.
// The watcher reads a file the moment it changes, often while it is still
// being written: a snapshot stats before it reads, so bytes written in
// between came with an mtime newer than the one it took. The handle is
// stat'ed again after the read, and the file read again when the two
// disagree, so the mtime is that of the bytes versioned.
import { constants, fstatSync } from 'node:fs';
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

/** Reads of a file still being written before its latest mtime is taken as it stands. */
const maxReads = 3;

/** The entry at `absolutePath`, not following a symlink; undefined when it is gone. */
export async function diskEntry(absolutePath: string): Promise<DiskEntry | undefined> {
  for (let attempt = 1; ; attempt++) {
    const read = await readOnce(absolutePath, attempt === maxReads);
    if (read !== 'changed') return read;
  }
}

/** One reading; 'changed' when the file changed while read (and `settle` is false). */
async function readOnce(
  absolutePath: string,
  settle: boolean,
): Promise<DiskEntry | undefined | 'changed'> {
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
    const before = snapshot.modifiedAt.getTime();
    if (snapshot.kind !== 'file') {
      return { version: null, entry: { kind: snapshot.kind, size: 0, mtimeMs: before } };
    }
    // fstat of an open handle reads no disk: synchronous, as readSnapshot's
    // own, rather than one more trip through the thread pool per event.
    const after = fstatSync(handle.fd);
    // Rounded as the snapshot's (and Stats.mtime, and File.modifiedAt) is.
    const mtimeMs = after.mtime.getTime();
    // Unchanged while read: these bytes are the file as of that mtime. Still
    // being written after a few reads: the latest mtime, since the write's
    // own event brings the rest.
    if (!settle && (mtimeMs !== before || after.size !== snapshot.size)) return 'changed';
    return {
      version: snapshot.version,
      entry: { kind: snapshot.kind, size: snapshot.size, mtimeMs },
    };
  } finally {
    // Not awaited: the event need not wait for the descriptor to be released.
    handle.close().catch(() => {});
  }
}
