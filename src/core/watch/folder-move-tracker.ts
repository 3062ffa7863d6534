// Where a file went when its folder moved before the feed could read it. The
// feed reads each change's version in order, after the backend reported it;
// by then a folder move may have taken the file elsewhere, and the move's
// event carries only the folder. Two cases:
// - the move was already seen (not yet published): read the file where the
//   move took it, and publish it at its old path; the move carries it along;
// - the move was not seen yet: remember the file, and when the move comes,
//   publish the file (CREATED) at its new path after it.
import type { CoalescedChange } from './change-coalescer.ts';
import { isInsideFolder } from './raw-change.ts';

/** Files remembered at most, and for how long. */
const maxUnreadable = 10_000;
const unreadableTtlMs = 5_000;

export interface FolderMoveTracker {
  /** A change just coalesced, before it waits its turn to be published. */
  seen(change: CoalescedChange): void;
  /** The change's turn to be published has come. */
  publishing(change: CoalescedChange): void;
  /** Where `path` is after the folder moves seen but not yet published. */
  whereNow(path: string): string;
  /** A file whose version could not be read: gone, or moved with its folder. */
  noteUnreadable(path: string): void;
  /** Remembered files this change (a folder move) took elsewhere: their new paths. */
  follow(change: CoalescedChange): string[];
}

export function createFolderMoveTracker(): FolderMoveTracker {
  const movesAhead: CoalescedChange[] = [];
  const unreadable = new Map<string, number>();
  return {
    seen(change) {
      if (change.kind === 'MOVED' && change.isDirectory) movesAhead.push(change);
    },
    publishing(change) {
      if (movesAhead[0] === change) movesAhead.shift();
    },
    whereNow(path) {
      let now = path;
      for (const move of movesAhead) {
        const from = move.oldPath ?? '';
        if (isInsideFolder(from, now)) now = move.path + now.slice(from.length);
      }
      return now;
    },
    noteUnreadable(path) {
      if (unreadable.size < maxUnreadable) unreadable.set(path, Date.now());
    },
    follow(change) {
      if (unreadable.size === 0) return [];
      const found: string[] = [];
      const now = Date.now();
      const from = change.oldPath ?? '';
      for (const [path, noted] of unreadable) {
        if (now - noted > unreadableTtlMs) unreadable.delete(path);
        else if (change.kind === 'DELETED') {
          if (path === change.path || isInsideFolder(change.path, path)) unreadable.delete(path);
        } else if (change.kind === 'MOVED') {
          if (change.isDirectory && isInsideFolder(from, path)) {
            unreadable.delete(path);
            found.push(change.path + path.slice(from.length));
          }
        } else if (path === change.path) unreadable.delete(path);
      }
      return found;
    },
  };
}
