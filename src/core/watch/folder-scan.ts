// The inotify backend's folder listing: each queued folder is watched first
// and listed right after, in the same turn, so a file made before the watch
// was set is found by the listing and one made after it by the watch. The
// queue is drained a slice at a time so a large tree never holds the event
// loop. The first full drain is the initial scan (silent); a rebuild lists the
// whole tree again and sends one RESYNC once done.
import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { newBatch } from './change-batch.ts';
import type { FolderWatches } from './folder-watches.ts';
import { absolutePath, deliver, isStillThere, type InotifyTree } from './inotify-tree.ts';
import type { TreeUpdates } from './tree-updates.ts';
import { createFolder, folderPath, statEntry, type WatchedFolder } from './watched-folder.ts';

/** How long one slice of a listing runs before the event loop gets a turn. */
const sliceMs = 20;

export interface FolderScan {
  /** Resolves once the initial scan is over. */
  readonly ready: Promise<void>;
  /** Lists a folder just watched (or polled): silently at start, as changes later. */
  list(folder: WatchedFolder, report: boolean): void;
  /** Watches and lists queued folders, a slice at a time, then goes on in a later turn. */
  drain(): void;
  /** Forgets every watch and lists the whole tree again; RESYNC once done. */
  rebuild(reason: string): void;
  close(): void;
}

export function createFolderScan(
  tree: InotifyTree,
  watches: FolderWatches,
  updates: TreeUpdates,
  pollMs: number,
): FolderScan {
  const { root, options, queue } = tree;
  let draining: NodeJS.Immediate | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  /** Set while the tree is rebuilt: the reason, for the RESYNC sent once it is done. */
  let rebuilding: string | undefined;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const list = (folder: WatchedFolder, report: boolean) => {
    let dirents: Dirent[];
    if (!isStillThere(tree, folder)) {
      folder.unlisted = true;
      return;
    }
    try {
      dirents = readdirSync(absolutePath(tree, folder), { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') options.onError(error as Error);
      folder.unlisted = true;
      return;
    }
    folder.unlisted = false;
    if (report) {
      const batch = newBatch();
      const names = new Set([...dirents.map((dirent) => dirent.name), ...folder.entries.keys()]);
      for (const name of names) updates.look(batch, folder, name, { rename: true, change: false });
      updates.finish(batch);
      return;
    }
    const prefix = folder.parent ? `${folderPath(folder)}/` : '';
    for (const dirent of dirents) {
      const path = prefix + dirent.name;
      const isDirectory = dirent.isDirectory();
      if (options.isIgnored(path, isDirectory)) continue;
      tree.entriesSeen++;
      if (isDirectory) {
        const stats = statEntry(join(root, path));
        if (!stats?.isDirectory()) continue;
        const child = createFolder(dirent.name, folder, stats.ino, stats.birthtimeMs);
        folder.entries.set(dirent.name, child);
        queue.push({ folder: child, report: false });
        continue;
      }
      folder.entries.set(dirent.name, 0);
      if (folder.signatures) {
        const stats = statEntry(join(root, path));
        if (stats) folder.signatures.set(dirent.name, `${stats.mtimeMs}:${stats.size}`);
      }
    }
  };

  const drain = () => {
    if (draining || tree.closed) return;
    const until = performance.now() + sliceMs;
    while (queue.length > 0 && performance.now() < until) {
      const item = queue.shift();
      if (!item || item.folder.detached) continue;
      watches.watch(item.folder, true);
      list(item.folder, item.report);
    }
    deliver(tree);
    if (queue.length > 0) {
      draining = setImmediate(() => {
        draining = undefined;
        drain();
      });
      return;
    }
    if (!tree.ready) {
      tree.ready = true;
      markReady();
    }
    if (rebuilding !== undefined) {
      const reason = rebuilding;
      rebuilding = undefined;
      options.onResync?.(reason);
    }
  };

  const rebuild = (reason: string) => {
    watches.detach(tree.top);
    queue.length = 0;
    clearTimeout(retryTimer);
    const stats = statEntry(root);
    if (!stats?.isDirectory()) {
      // The root itself is gone: look again until it is back.
      retryTimer = setTimeout(() => rebuild(reason), pollMs);
      return;
    }
    tree.top = createFolder('', undefined, stats.ino, stats.birthtimeMs);
    queue.push({ folder: tree.top, report: false });
    rebuilding = reason;
    drain();
  };

  return {
    ready,
    list,
    drain,
    rebuild,
    close() {
      clearImmediate(draining);
      clearTimeout(retryTimer);
    },
  };
}
