// Replaces a file so that readers see the old content or the new, never a
// mix: write a temporary file beside it, fsync, rename over the name, fsync
// the folder. The temporary file is created inside the opened folder through
// its descriptor, so it cannot be redirected elsewhere.
import { constants } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { temporaryName } from './own-temporary-files.ts';
import type { OpenDirectory } from './project-jail.ts';
import type { WriteHold } from './write-hold.ts';

export { isTemporaryPath, temporaryName } from './own-temporary-files.ts';

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;

/**
 * Writes `bytes` to `name` in `directory`, atomically. `mode` keeps an
 * existing file's permission bits; new files get 0666 less the umask.
 */
export async function writeAtomically(
  directory: OpenDirectory,
  name: string,
  bytes: Uint8Array,
  mode: number | undefined,
  hold?: WriteHold,
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
    await hold?.beforeRename(0);
    await rename(temporary, directory.child(name));
    renamed = true;
    await directory.sync();
  } finally {
    if (!renamed) await unlink(temporary).catch(() => {});
  }
}
