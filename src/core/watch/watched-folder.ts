// What the inotify backend knows of one folder: its inode, its entries, and
// how it is followed (a kernel watch, or a periodic scan when none could be
// set). A folder knows its name and parent rather than its path, so moving a
// folder moves its whole subtree without touching it.
import { lstatSync, type FSWatcher, type Stats } from 'node:fs';

/** A file entry: its inode, or 0 when the initial scan did not stat it. */
export type FileEntry = number;

export interface WatchedFolder {
  name: string;
  parent: WatchedFolder | undefined;
  ino: number;
  /** Birth time: tells a folder from a new one that got its freed inode (ext4 reuses them at once). */
  born: number;
  entries: Map<string, WatchedFolder | FileEntry>;
  watcher: FSWatcher | undefined;
  /** The name fs.watch was given: libuv labels the folder's own events with it. */
  watchedName: string;
  /** Set while the folder is polled: each file's `mtime:size` when last scanned. */
  signatures: Map<string, string> | undefined;
  /** No longer part of the tree (deleted, moved out, replaced). */
  detached: boolean;
  /** Its listing failed (it moved or went first): listed again if it turns up elsewhere. */
  unlisted: boolean;
}

export function createFolder(
  name: string,
  parent: WatchedFolder | undefined,
  ino: number,
  born: number,
): WatchedFolder {
  return {
    name,
    parent,
    ino,
    born,
    entries: new Map(),
    watcher: undefined,
    watchedName: name,
    signatures: undefined,
    detached: false,
    unlisted: false,
  };
}

/** Whether `stats` are this folder's, not a new folder's that got its inode. */
export function isSameFolder(folder: WatchedFolder, stats: { ino: number; birthtimeMs: number }) {
  // A file system without birth times says 0: the inode is all there is.
  return (
    folder.ino === stats.ino &&
    (folder.born === 0 || stats.birthtimeMs === 0 || folder.born === stats.birthtimeMs)
  );
}

export function isFolder(entry: WatchedFolder | FileEntry | undefined): entry is WatchedFolder {
  return typeof entry === 'object';
}

/** The folder's path relative to the root, `/`-separated; '' for the root. */
export function folderPath(folder: WatchedFolder): string {
  let path = folder.name;
  for (let up = folder.parent; up?.parent; up = up.parent) path = `${up.name}/${path}`;
  return path;
}

export function entryPath(folder: WatchedFolder, name: string): string {
  const parent = folderPath(folder);
  return parent === '' ? name : `${parent}/${name}`;
}

/** Every folder of the subtree, the folder first. */
export function* subtree(folder: WatchedFolder): Generator<WatchedFolder> {
  const stack = [folder];
  for (let next = stack.pop(); next; next = stack.pop()) {
    yield next;
    for (const entry of next.entries.values()) if (isFolder(entry)) stack.push(entry);
  }
}

/** How deep the folder is: 0 for the root. */
export function depthOf(folder: WatchedFolder): number {
  let levels = 0;
  for (let up = folder.parent; up; up = up.parent) levels++;
  return levels;
}

/** The entry's lstat, or undefined when it is gone (or as good as gone). */
export function statEntry(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR (a parent became a file), EACCES: as good as gone
  }
}
