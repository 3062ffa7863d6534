// What a file system watcher backend reports, before any coalescing: paths
// relative to the watched root with `/` separators.
export type RawChangeType = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir';

export interface RawChange {
  type: RawChangeType;
  path: string;
  /** Inode, when the backend could tell: pairs an unlink with the add of a rename. */
  ino?: number | undefined;
}

export interface ScanProgress {
  /** Entries the initial scan has seen so far. */
  entriesSeen: number;
  done: boolean;
}

/** A running watcher backend (chokidar or @parcel/watcher). */
export interface WatcherBackend {
  /** Resolves once the initial scan is over and every later change will be reported. */
  ready: Promise<void>;
  progress(): ScanProgress;
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
  onError(error: Error): void;
}

export type WatcherBackendName = 'chokidar' | 'parcel';
