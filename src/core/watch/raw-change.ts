// What a file system watcher backend reports, before any coalescing: paths
// relative to the watched root with `/` separators.
export type RawChangeType =
  | 'add'
  | 'change'
  | 'unlink'
  | 'addDir'
  | 'unlinkDir'
  /** A rename the backend paired itself (`oldPath` → `path`). */
  | 'rename'
  | 'renameDir';

/** Whether `path` lies inside `folder` (both relative, `/`-separated), the folder itself not. */
export function isInsideFolder(folder: string, path: string): boolean {
  return path.startsWith(`${folder}/`);
}

export interface RawChange {
  type: RawChangeType;
  path: string;
  /** For `rename`/`renameDir`: where the entry was. */
  oldPath?: string | undefined;
  /** Inode, when the backend could tell: pairs an unlink with the add of a rename. */
  ino?: number | undefined;
}

export interface ScanProgress {
  /** Entries the initial scan has seen so far. */
  entriesSeen: number;
  done: boolean;
}

/** What a backend that watches folder by folder can say about its watches. */
export interface FolderWatchCounts {
  /** Folders with a kernel watch (inotify) on them. */
  foldersWatched: number;
  /** Folders that could not be watched (limit reached) and are scanned periodically instead. */
  foldersPolled: number;
}

/** A running watcher backend (inotify, chokidar or @parcel/watcher). */
export interface WatcherBackend {
  /** Resolves once the initial scan is over and every later change will be reported. */
  ready: Promise<void>;
  progress(): ScanProgress;
  /**
   * True when the backend pairs renames itself and reports each change as it
   * comes: the coalescer then holds nothing back to pair it.
   */
  pairsRenames?: boolean;
  /** Undefined for backends that do not say (chokidar, @parcel/watcher). */
  counts?(): FolderWatchCounts;
  close(): Promise<void>;
}

export interface WatcherBackendOptions {
  root: string;
  /** Globs for whole subtrees never to watch (backends that take globs use them). */
  ignoreGlobs: readonly string[];
  /** True for a relative path the watcher must not look at or into. */
  isIgnored(relativePath: string, isDirectory: boolean | undefined): boolean;
  onChanges(changes: RawChange[]): void;
  /** An entry found by the initial scan (not a change), with its inode. */
  onScanned?(path: string, ino: number): void;
  /**
   * Changes may have been missed (event queue overflow, a watched folder
   * replaced or unmounted, the watch limit reached): subscribers must reload.
   * The backend rescans what it can; `reason` is one line for the log.
   */
  onResync?(reason: string): void;
  onError(error: Error): void;
  /** inotify backend: folders to watch at most before polling the rest (simulates the kernel limit). */
  maxFolders?: number | undefined;
  /** inotify backend: how often folders that could not be watched are scanned, in ms. */
  pollMs?: number | undefined;
  /** inotify backend: events in one event-loop turn taken as a kernel queue overflow. */
  overflowEvents?: number | undefined;
}

export type WatcherBackendName = 'inotify' | 'chokidar' | 'parcel';
