// A change to the project's files as clients see it (docs/contract.md, FileChangeEvent).
import type { Stats } from 'node:fs';
import { topic } from '../event-bus.ts';
import type { ChangeActor } from './change-actor.ts';
import { entryKind, type EntryKind } from '../files/project-jail.ts';

export type FileChangeKind = 'CREATED' | 'MODIFIED' | 'DELETED' | 'MOVED';

export interface ChangeOrigin {
  /** 'disk' for changes the watcher saw; otherwise the transport of the API call. */
  source: 'disk' | 'graphql' | 'grpc';
  /** The API request that made the change, so a client can drop its own echo. */
  requestId?: string | undefined;
  principalId?: string | undefined;
  /** Who made it (docs/live-files.md, "Who changed what"); absent: DISK for disk, else the transport's default. */
  actor?: ChangeActor | undefined;
}

export interface FileChange {
  kind: FileChangeKind;
  path: string;
  oldPath?: string | undefined;
  isDirectory: boolean;
  /** The content version after the change; absent for deletions and directories. */
  version?: string | undefined;
  /**
   * What the entry is after the change, from the stat its reading made;
   * absent for deletions (and for an entry gone again before it was read).
   */
  entry?: EntryInfo | undefined;
  origin: ChangeOrigin;
}

/** An entry's kind, size and modification time (what E2B's EntryInfo says of it). */
export interface EntryInfo {
  kind: EntryKind;
  /** Bytes; 0 for folders; a symlink's is the length of its target. */
  size: number;
  /**
   * Whole milliseconds since the epoch, rounded as `Stats.mtime` (and so
   * `File.modifiedAt`) rounds; plain numbers cross the Redis bus as they are.
   */
  mtimeMs: number;
}

export function entryInfoOf(
  stats: Pick<Stats, 'isFile' | 'isDirectory' | 'isSymbolicLink' | 'size' | 'mtimeMs'>,
): EntryInfo {
  const kind = entryKind(stats);
  return { kind, size: kind === 'directory' ? 0 : stats.size, mtimeMs: Math.round(stats.mtimeMs) };
}

export const fileChangesTopic = topic<FileChange>('files.changes');
