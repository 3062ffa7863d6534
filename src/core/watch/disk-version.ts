// The content version of a file the watcher reported, computed exactly as
// `file.version` is (sha256 of the bytes, streamed), so events and reads agree.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { readSnapshot } from '../files/file-snapshot.ts';

/**
 * The version of the file at `absolutePath`; null for an entry that exists but
 * has no content version (a symlink, a socket); undefined when it is gone.
 */
export async function diskVersion(absolutePath: string): Promise<string | null | undefined> {
  const handle = await open(
    absolutePath,
    constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
  ).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ELOOP') return null; // a symlink: O_NOFOLLOW refused it
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw error;
  });
  if (!handle) return handle;
  try {
    // A size limit of 0 hashes the file as it streams past without keeping it.
    const snapshot = await readSnapshot(handle, 0);
    return snapshot.kind === 'file' ? snapshot.version : null;
  } finally {
    await handle.close();
  }
}
