// Removes what a killed server left behind: our temporary files (and a
// batch's set-aside deletions) anywhere in the project. Only entries named
// exactly as ours (own-temporary-files.ts) and unchanged since before this
// start are removed: an entry this process or another live instance is
// still writing has a newer ctime (a rename updates it too).
import { opendir, rm, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from './fs-errors.ts';
import { isJournalName, isOwnTemporaryName } from './own-temporary-files.ts';

export interface SweepResult {
  removed: string[];
  /** Folders that could not be read (permissions, or removed meanwhile). */
  unreadable: number;
}

/**
 * Walks `root` without following symlinks and removes our entries whose
 * ctime is before `before` (ms since the epoch). Journals are left to the
 * batch recovery (file-batch-journal.ts), which runs first.
 */
export async function sweepOrphans(
  root: string,
  before: number,
  signal?: AbortSignal,
): Promise<SweepResult> {
  const result: SweepResult = { removed: [], unreadable: 0 };
  const folders: string[] = [''];
  for (let relative = folders.pop(); relative !== undefined; relative = folders.pop()) {
    if (signal?.aborted) break;
    let directory;
    try {
      directory = await opendir(join(root, relative), { bufferSize: 256 });
    } catch {
      result.unreadable++;
      continue;
    }
    for await (const dirent of directory) {
      const child = relative === '' ? dirent.name : `${relative}/${dirent.name}`;
      if (isOwnTemporaryName(dirent.name)) {
        if (isJournalName(dirent.name)) continue;
        const absolute = join(root, child);
        const stats = await lstat(absolute).catch(() => undefined);
        if (!stats || stats.ctimeMs >= before) continue;
        // rm does not follow symlinks: a link named like ours goes, never its target.
        await rm(absolute, { recursive: true, force: true }).catch((error: unknown) => {
          if (errnoCode(error) !== 'ENOENT') throw error;
        });
        result.removed.push(child);
      } else if (dirent.isDirectory()) {
        folders.push(child);
      }
    }
  }
  return result;
}
