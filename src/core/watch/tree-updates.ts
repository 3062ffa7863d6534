// How the inotify backend brings its tree up to the disk: `look` compares one
// entry of a folder with the disk and records the difference in a batch;
// `finish` pairs what vanished with what appeared (change-batch.ts), applies
// it to the tree and emits the changes.
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import {
  resolveBatch,
  type Appeared,
  type Batch,
  type Look,
  type Vanished,
} from './change-batch.ts';
import type { FolderPolling } from './folder-polling.ts';
import type { FolderWatches } from './folder-watches.ts';
import { emit, isStillThere, type InotifyTree } from './inotify-tree.ts';
import {
  createFolder,
  entryPath,
  isFolder,
  isSameFolder,
  statEntry,
  subtree,
  type WatchedFolder,
} from './watched-folder.ts';

/**
 * How long a look is put off while the tree is behind the disk (a folder on
 * the entry's path moved, and its events are not read yet): then it is done
 * as it stands.
 */
export const putOffMs = 2_000;

/** A look put off while the tree is behind the disk, first tried at `since`. */
export interface PutOffLook {
  folder: WatchedFolder;
  name: string;
  seen: Look;
  since: number;
}

export interface TreeUpdates {
  /** Compares one entry of a folder with the disk and records the difference. */
  look(batch: Batch, folder: WatchedFolder, name: string, seen: Look, since?: number): void;
  /** Applies what the batch found to the tree, and emits it. */
  finish(batch: Batch): void;
}

function appeared(folder: WatchedFolder, name: string, path: string, stats: Stats): Appeared {
  return {
    folder,
    name,
    path,
    ino: stats.ino,
    born: stats.birthtimeMs,
    isDirectory: stats.isDirectory(),
  };
}

export function createTreeUpdates(
  tree: InotifyTree,
  watches: FolderWatches,
  polling: FolderPolling,
  putOff: (look: PutOffLook) => void,
): TreeUpdates {
  const { root, options } = tree;

  const look = (batch: Batch, folder: WatchedFolder, name: string, seen: Look, since?: number) => {
    const known = folder.entries.get(name);
    if (!seen.rename && known !== undefined && !folder.signatures) {
      // A write to a known file needs no look; a folder's attributes are no news.
      if (!isFolder(known)) batch.changed.push(entryPath(folder, name));
      return;
    }
    const path = entryPath(folder, name);
    const stats = statEntry(join(root, path));
    const before = folder.signatures?.get(name);
    const isDirectory = stats?.isDirectory() ?? false;
    const present = stats !== undefined && !options.isIgnored(path, isDirectory);
    // Missing, in a folder that is not where the tree says either: the
    // folder moved (or went) and this loop has not read its parent's events
    // yet (a late event loop). The entry may well be there at the folder's
    // new path: look again once that move is read.
    if (stats === undefined && !isStillThere(tree, folder)) {
      const first = since ?? performance.now();
      if (performance.now() - first < putOffMs) {
        putOff({ folder, name, seen, since: first });
        return;
      }
    }
    // A polled folder compares what it sees with what it saw: from now on.
    if (present && folder.signatures && !isDirectory) {
      folder.signatures.set(name, `${stats.mtimeMs}:${stats.size}`);
    }
    if (known === undefined) {
      if (present) batch.appeared.push(appeared(folder, name, path, stats));
      return;
    }
    const knownIno = isFolder(known) ? known.ino : known;
    const same =
      present &&
      (isFolder(known)
        ? isDirectory && isSameFolder(known, stats)
        : !isDirectory && (knownIno === stats.ino || knownIno === 0));
    if (same) {
      if (isDirectory) return;
      folder.entries.set(name, stats.ino);
      const rewritten = before !== undefined && before !== `${stats.mtimeMs}:${stats.size}`;
      // Created, removed or renamed with the same inode after all (the file
      // may have been replaced by one that got its freed inode): the version tells.
      if (seen.change || seen.rename || rewritten) batch.changed.push(path);
      return;
    }
    folder.entries.delete(name);
    folder.signatures?.delete(name);
    const node = isFolder(known) ? known : undefined;
    batch.vanished.push({ folder, name, path, ino: knownIno, node });
    if (node) batch.vanishing.add(node);
    if (present) batch.appeared.push(appeared(folder, name, path, stats));
  };

  const finish = (batch: Batch) => {
    const { removed, renamed, removedAfter, added } = resolveBatch(batch.vanished, batch.appeared);
    const remove = (gone: Vanished) => {
      if (gone.node) {
        watches.detach(gone.node);
        emit(tree, { type: 'unlinkDir', path: gone.path, ino: gone.ino });
      } else emit(tree, { type: 'unlink', path: gone.path, ino: gone.ino || undefined });
    };
    removed.forEach(remove);
    for (const { from, to } of renamed) {
      if (from.node) {
        from.node.name = to.name;
        from.node.parent = to.folder;
        to.folder.entries.set(to.name, from.node);
        emit(tree, { type: 'renameDir', path: to.path, oldPath: from.path, ino: to.ino });
        // Folders of it moved before their watch or listing was set up: set them up where they are now.
        for (const folder of subtree(from.node)) {
          if (folder.unlisted || (!folder.watcher && !polling.polled.has(folder))) {
            tree.queue.push({ folder, report: true });
          }
        }
      } else {
        to.folder.entries.set(to.name, to.ino);
        emit(tree, { type: 'rename', path: to.path, oldPath: from.path, ino: to.ino });
      }
    }
    removedAfter.forEach(remove);
    for (const { entry, replaced } of added) {
      if (entry.isDirectory) {
        const folder = createFolder(entry.name, entry.folder, entry.ino, entry.born);
        entry.folder.entries.set(entry.name, folder);
        emit(tree, { type: 'addDir', path: entry.path, ino: entry.ino });
        tree.queue.push({ folder, report: true });
      } else {
        entry.folder.entries.set(entry.name, entry.ino);
        emit(tree, { type: replaced ? 'change' : 'add', path: entry.path, ino: entry.ino });
      }
    }
    for (const path of batch.changed) emit(tree, { type: 'change', path });
  };

  return { look, finish };
}
