// The inotify backend's shared state: the tree as last read, the folders
// waiting to be watched and listed, and the changes found this turn. The
// backend's parts (folder-watches, folder-polling, tree-updates, put-off-looks,
// folder-scan) all read and change this one object. See docs/watcher.md.
import { join } from 'node:path';
import type { RawChange, WatcherBackendOptions } from './raw-change.ts';
import {
  createFolder,
  folderPath,
  isSameFolder,
  statEntry,
  type WatchedFolder,
} from './watched-folder.ts';

/** A folder to watch then list; `report` when what the listing finds is news. */
export interface QueuedFolder {
  folder: WatchedFolder;
  report: boolean;
}

export interface InotifyTree {
  readonly root: string;
  readonly options: WatcherBackendOptions;
  top: WatchedFolder;
  readonly queue: QueuedFolder[];
  /** Changes found this turn, delivered together. */
  out: RawChange[];
  entriesSeen: number;
  ready: boolean;
  closed: boolean;
}

export function createTree(options: WatcherBackendOptions): InotifyTree {
  return {
    root: options.root,
    options,
    top: createFolder('', undefined, 0, 0),
    queue: [],
    out: [],
    entriesSeen: 0,
    ready: false,
    closed: false,
  };
}

export function absolutePath(tree: InotifyTree, folder: WatchedFolder): string {
  return join(tree.root, folderPath(folder));
}

/** Whether the folder is still at the path the tree gives it. */
export function isStillThere(tree: InotifyTree, folder: WatchedFolder): boolean {
  const stats = statEntry(absolutePath(tree, folder));
  return stats?.isDirectory() === true && isSameFolder(folder, stats);
}

export function emit(tree: InotifyTree, change: RawChange): void {
  // The initial scan reports nothing: what exists at start is the tree, not news.
  if (tree.ready) tree.out.push(change);
}

export function deliver(tree: InotifyTree): void {
  if (tree.out.length === 0 || tree.closed) return;
  const changes = tree.out;
  tree.out = [];
  tree.options.onChanges(changes);
}
