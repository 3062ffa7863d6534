// What waits until the tree has caught up with the disk: looks put off while
// a folder on the entry's path moved and its events are not read yet, and
// folders whose own event (deleted, moved, unmounted) waits for its parent's
// events to explain it. Both are retried after each turn's events and on a
// timer; only what is left unexplained is a replacement.
import { newBatch } from './change-batch.ts';
import { absolutePath, deliver, isStillThere, type InotifyTree } from './inotify-tree.ts';
import { putOffMs, type PutOffLook, type TreeUpdates } from './tree-updates.ts';
import { folderPath, statEntry, type WatchedFolder } from './watched-folder.ts';

/** How long a folder's own event waits for its parent's events to explain it. */
const selfCheckDelayMs = 50;

export interface PutOffHooks {
  /** Forgets every watch and lists the whole tree again. */
  rebuild(reason: string): void;
  /** Watches and lists the folders queued meanwhile. */
  drain(): void;
}

export interface PutOffLooks {
  putOff(look: PutOffLook): void;
  /** Checks, once their parents' events had time to come, that these folders are still ours. */
  checkLater(folders: ReadonlySet<WatchedFolder>): void;
  /** Looks put off while the tree was behind the disk: done again now. */
  retry(): void;
  close(): void;
}

export function createPutOffLooks(
  tree: InotifyTree,
  updates: TreeUpdates,
  hooks: PutOffHooks,
): PutOffLooks {
  const { options } = tree;
  let putOff: PutOffLook[] = [];
  let identityChecks: Array<{ folder: WatchedFolder; since: number }> = [];
  let recheckTimer: NodeJS.Timeout | undefined;

  /**
   * A folder's own event (deleted, moved, unmounted): is it still what we
   * watch? True once settled; false to look again later.
   */
  const checkIdentity = (folder: WatchedFolder, since: number): boolean => {
    if (folder.detached || isStillThere(tree, folder)) return true; // explained, or the event was a child's
    if (!folder.parent) {
      hooks.rebuild('PROJECT_ROOT was replaced, removed or unmounted; rescanned it');
      return true;
    }
    // Its parent is not where the tree says either: the tree is behind the
    // disk (a move not read yet), not the folder replaced. The move's events
    // will place it; until then, or for as long as a look may be put off.
    if (!isStillThere(tree, folder.parent) && performance.now() - since < putOffMs) return false;
    const path = folderPath(folder);
    const now = statEntry(absolutePath(tree, folder));
    // Its parent said nothing of it: compared through the parent, which reports what changed.
    const batch = newBatch();
    updates.look(batch, folder.parent, folder.name, { rename: true, change: false });
    updates.finish(batch);
    // Nothing in its place is a removal (the parent's event came first or
    // comes next), and the deletion says so: no news is missed. Another
    // folder in its place is a replacement or an unmount.
    if (now !== undefined) {
      options.onResync?.(`the watched folder "${path}" was replaced or unmounted`);
    }
    return true;
  };

  const retry = () => {
    if (putOff.length === 0) return;
    const items = putOff;
    putOff = [];
    const batch = newBatch();
    for (const { folder, name, seen, since } of items) {
      if (!folder.detached) updates.look(batch, folder, name, seen, since);
    }
    updates.finish(batch);
  };

  function recheck() {
    recheckTimer = undefined;
    if (tree.closed) return;
    const checks = identityChecks;
    identityChecks = [];
    for (const check of checks) {
      const due = performance.now() - check.since >= selfCheckDelayMs;
      if (!due || !checkIdentity(check.folder, check.since)) identityChecks.push(check);
    }
    retry();
    deliver(tree);
    hooks.drain();
    if (identityChecks.length > 0 || putOff.length > 0) scheduleRecheck();
  }

  function scheduleRecheck() {
    recheckTimer ??= setTimeout(recheck, selfCheckDelayMs);
    recheckTimer.unref();
  }

  return {
    putOff(look) {
      putOff.push(look);
      scheduleRecheck();
    },
    checkLater(folders) {
      if (folders.size === 0) return;
      const since = performance.now();
      for (const folder of folders) identityChecks.push({ folder, since });
      scheduleRecheck();
    },
    retry,
    close() {
      clearTimeout(recheckTimer);
    },
  };
}
