// Replaces a file so that readers see the old content or the new, never a
// mix: write a temporary file beside it, fsync, rename over the name, fsync
// the folder. The temporary file is created inside the opened folder through
// its descriptor, so it cannot be redirected elsewhere.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import type { OpenDirectory } from './project-jail.ts';

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;

/** A name no client would pick; short, since the file's own name may already be 255 bytes. */
export function temporaryName(): string {
  return `.genpod-${randomBytes(8).toString('hex')}.tmp`;
}

const temporaryNamePattern = /(^|\/)\.genpod-[0-9a-f]{16}\.tmp$/;

/** Whether a project path is one of our own temporary files (the watcher skips them). */
export function isTemporaryPath(path: string): boolean {
  return temporaryNamePattern.test(path);
}

/**
 * Writes `bytes` to `name` in `directory`, atomically. `mode` keeps an
 * existing file's permission bits; new files get 0666 less the umask.
 */
export async function writeAtomically(
  directory: OpenDirectory,
  name: string,
  bytes: Uint8Array,
  mode: number | undefined,
): Promise<void> {
  const temporary = directory.child(temporaryName());
  const handle = await open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode ?? 0o666);
  let renamed = false;
  try {
    try {
      // open() applies the umask; an existing file's bits must survive exactly.
      if (mode !== undefined) await handle.chmod(mode);
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, directory.child(name));
    renamed = true;
    await directory.sync();
  } finally {
    if (!renamed) await unlink(temporary).catch(() => {});
  }
}
