// The kernel watches: one fs.watch per folder, counted against the folder
// watch limit. A folder that cannot be watched is handed to the polling
// fallback; one that moved before its watch was set waits for its move.
import { watch } from 'node:fs';
import { basename } from 'node:path';
import type { FolderPolling } from './folder-polling.ts';
import type { InotifyLimits } from './inotify-limits.ts';
import { absolutePath, isStillThere, type InotifyTree } from './inotify-tree.ts';
import { subtree, type WatchedFolder } from './watched-folder.ts';

export interface WatchSettings {
  maxFolders: number;
  limits: InotifyLimits;
  /** Each fs.watch event, with the folder it was set on. */
  onEvent(folder: WatchedFolder, type: string, name: string | null): void;
}

export interface FolderWatches {
  count(): number;
  /** Sets the folder's watch; false when it is polled (or gone) instead. */
  watch(folder: WatchedFolder, pollOnFailure: boolean): boolean;
  /** Takes the folder and its subtree out of the tree, with their watches and polling. */
  detach(folder: WatchedFolder): void;
}

export function createFolderWatches(
  tree: InotifyTree,
  polling: FolderPolling,
  settings: WatchSettings,
): FolderWatches {
  const { maxFolders, limits } = settings;
  let foldersWatched = 0;

  const watchFolder = (folder: WatchedFolder, pollOnFailure: boolean): boolean => {
    if (folder.watcher) return true;
    if (foldersWatched >= maxFolders) {
      if (pollOnFailure) {
        polling.start(
          folder,
          `the folder watch limit was reached (WATCH_MAX_FOLDERS=${maxFolders})`,
        );
      }
      return false;
    }
    try {
      const watcher = watch(absolutePath(tree, folder), (type, name) =>
        settings.onEvent(folder, type, name),
      );
      watcher.on('error', (error) => {
        if (folder.watcher !== watcher) return;
        watcher.close();
        folder.watcher = undefined;
        foldersWatched--;
        polling.start(folder, `a folder watch failed (${error.message})`);
      });
      // The path may name another folder by now (this one moved, another took
      // its name): set up where it is once its move is seen.
      if (!isStillThere(tree, folder)) {
        watcher.close();
        folder.unlisted = true;
        return false;
      }
      folder.watcher = watcher;
      folder.watchedName = folder.parent ? folder.name : basename(tree.root);
      foldersWatched++;
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return false; // gone: its parent's events say so
      if (pollOnFailure) {
        polling.start(
          folder,
          code === 'ENOSPC' || code === 'EMFILE'
            ? `the inotify watch limit was reached (${code}: ${foldersWatched} folders watched, max_user_watches ${limits.maxUserWatches ?? 'unknown'})`
            : `a folder could not be watched (${(error as Error).message})`,
        );
      }
      return false;
    }
  };

  return {
    count: () => foldersWatched,
    watch: watchFolder,
    detach(folder) {
      for (const each of subtree(folder)) {
        each.detached = true;
        if (each.watcher) {
          each.watcher.close();
          each.watcher = undefined;
          foldersWatched--;
        }
        polling.polled.delete(each);
      }
      polling.stopIfDone();
    },
  };
}
