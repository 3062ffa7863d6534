// The default watcher backend: one inotify watch per FOLDER through Node's
// fs.watch (chokidar watches every file, @parcel/watcher batches and misses
// folders made inside new folders, parcel-bundler/watcher#97). Each new folder
// is watched first and listed right after, in the same turn, and whatever the
// listing finds is reported: a file made before the watch was set is found by
// the listing, one made after it by the watch. Events are resolved once per
// event-loop turn (libuv delivers a rename's two halves in the same turn), so
// renames pair without holding anything back. See docs/watcher.md.
import { readdirSync, watch, type Dirent, type Stats } from 'node:fs';
import { basename, join } from 'node:path';
import {
  insideVanishing,
  newBatch,
  resolveBatch,
  type Appeared,
  type Batch,
  type Look,
  type Vanished,
} from './change-batch.ts';
import { readInotifyLimits } from './inotify-limits.ts';
import type { RawChange, WatcherBackend, WatcherBackendOptions } from './raw-change.ts';
import {
  createFolder,
  entryPath,
  folderPath,
  depthOf,
  isFolder,
  isSameFolder,
  statEntry,
  subtree,
  type WatchedFolder,
} from './watched-folder.ts';

/** How long a folder's own event waits for its parent's events to explain it. */
const selfCheckDelayMs = 50;

/**
 * How long a look is put off while the tree is behind the disk (a folder on
 * the entry's path moved, and its events are not read yet): then it is done
 * as it stands.
 */
const putOffMs = 2_000;

/** How long one slice of a listing runs before the event loop gets a turn. */
const sliceMs = 20;

export function startInotifyBackend(options: WatcherBackendOptions): WatcherBackend {
  const { root } = options;
  const limits = readInotifyLimits();
  const maxFolders = options.maxFolders ?? Number.POSITIVE_INFINITY;
  const pollMs = options.pollMs ?? 2_000;
  const overflowEvents = options.overflowEvents ?? limits.maxQueuedEvents ?? 16_384;

  let top = createFolder('', undefined, 0, 0);
  let foldersWatched = 0;
  const polled = new Set<WatchedFolder>();
  let limitReported = false;
  let entriesSeen = 0;
  let ready = false;
  let closed = false;
  /** Folders to watch then list; `report` when what the listing finds is news. */
  const queue: Array<{ folder: WatchedFolder; report: boolean }> = [];
  let draining: NodeJS.Immediate | undefined;
  let pending: Array<{ folder: WatchedFolder; name: string | null; rename: boolean }> = [];
  let eventsThisTurn = 0;
  let flushing: NodeJS.Immediate | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  /**
   * Looks put off while the tree is behind the disk, and folders whose own
   * event waits to be checked: retried after each turn's events and on a timer.
   */
  let putOff: Array<{ folder: WatchedFolder; name: string; seen: Look; since: number }> = [];
  let identityChecks: Array<{ folder: WatchedFolder; since: number }> = [];
  let recheckTimer: NodeJS.Timeout | undefined;
  /** Set while the tree is rebuilt: the reason, for the RESYNC sent once it is done. */
  let rebuilding: string | undefined;
  let out: RawChange[] = [];
  let markReady: () => void = () => {};
  const readyPromise = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const absolute = (folder: WatchedFolder) => join(root, folderPath(folder));
  const isStillThere = (folder: WatchedFolder) => {
    const stats = statEntry(absolute(folder));
    return stats?.isDirectory() === true && isSameFolder(folder, stats);
  };
  const emit = (change: RawChange) => {
    // The initial scan reports nothing: what exists at start is the tree, not news.
    if (ready) out.push(change);
  };
  const deliver = () => {
    if (out.length === 0 || closed) return;
    const changes = out;
    out = [];
    options.onChanges(changes);
  };

  const stopPollingIfDone = () => {
    if (polled.size > 0) return;
    clearInterval(pollTimer);
    pollTimer = undefined;
    limitReported = false;
  };

  const detach = (folder: WatchedFolder) => {
    for (const each of subtree(folder)) {
      each.detached = true;
      if (each.watcher) {
        each.watcher.close();
        each.watcher = undefined;
        foldersWatched--;
      }
      polled.delete(each);
    }
    stopPollingIfDone();
  };

  const startPolling = (folder: WatchedFolder, why: string) => {
    folder.signatures ??= new Map();
    polled.add(folder);
    pollTimer ??= setInterval(pollTick, pollMs);
    if (limitReported) return;
    limitReported = true;
    options.onResync?.(
      `${why}: folder "${folderPath(folder)}" and any others past the limit are scanned every ${pollMs} ms instead`,
    );
  };

  /** Sets the folder's watch; false when it is polled (or gone) instead. */
  const watchFolder = (folder: WatchedFolder, pollOnFailure: boolean): boolean => {
    if (folder.watcher) return true;
    if (foldersWatched >= maxFolders) {
      if (pollOnFailure) {
        startPolling(
          folder,
          `the folder watch limit was reached (WATCH_MAX_FOLDERS=${maxFolders})`,
        );
      }
      return false;
    }
    try {
      const watcher = watch(absolute(folder), (type, name) => onEvent(folder, type, name));
      watcher.on('error', (error) => {
        if (folder.watcher !== watcher) return;
        watcher.close();
        folder.watcher = undefined;
        foldersWatched--;
        startPolling(folder, `a folder watch failed (${error.message})`);
      });
      // The path may name another folder by now (this one moved, another took
      // its name): set up where it is once its move is seen.
      if (!isStillThere(folder)) {
        watcher.close();
        folder.unlisted = true;
        return false;
      }
      folder.watcher = watcher;
      folder.watchedName = folder.parent ? folder.name : basename(root);
      foldersWatched++;
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return false; // gone: its parent's events say so
      if (pollOnFailure) {
        startPolling(
          folder,
          code === 'ENOSPC' || code === 'EMFILE'
            ? `the inotify watch limit was reached (${code}: ${foldersWatched} folders watched, max_user_watches ${limits.maxUserWatches ?? 'unknown'})`
            : `a folder could not be watched (${(error as Error).message})`,
        );
      }
      return false;
    }
  };

  const appeared = (folder: WatchedFolder, name: string, path: string, stats: Stats): Appeared => ({
    folder,
    name,
    path,
    ino: stats.ino,
    born: stats.birthtimeMs,
    isDirectory: stats.isDirectory(),
  });

  /** Compares one entry of a folder with the disk and records the difference. */
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
    if (stats === undefined && !isStillThere(folder)) {
      const first = since ?? performance.now();
      if (performance.now() - first < putOffMs) {
        putOff.push({ folder, name, seen, since: first });
        scheduleRecheck();
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
        detach(gone.node);
        emit({ type: 'unlinkDir', path: gone.path, ino: gone.ino });
      } else emit({ type: 'unlink', path: gone.path, ino: gone.ino || undefined });
    };
    removed.forEach(remove);
    for (const { from, to } of renamed) {
      if (from.node) {
        from.node.name = to.name;
        from.node.parent = to.folder;
        to.folder.entries.set(to.name, from.node);
        emit({ type: 'renameDir', path: to.path, oldPath: from.path, ino: to.ino });
        // Folders of it moved before their watch or listing was set up: set them up where they are now.
        for (const folder of subtree(from.node)) {
          if (folder.unlisted || (!folder.watcher && !polled.has(folder))) {
            queue.push({ folder, report: true });
          }
        }
      } else {
        to.folder.entries.set(to.name, to.ino);
        emit({ type: 'rename', path: to.path, oldPath: from.path, ino: to.ino });
      }
    }
    removedAfter.forEach(remove);
    for (const { entry, replaced } of added) {
      if (entry.isDirectory) {
        const folder = createFolder(entry.name, entry.folder, entry.ino, entry.born);
        entry.folder.entries.set(entry.name, folder);
        emit({ type: 'addDir', path: entry.path, ino: entry.ino });
        queue.push({ folder, report: true });
      } else {
        entry.folder.entries.set(entry.name, entry.ino);
        emit({ type: replaced ? 'change' : 'add', path: entry.path, ino: entry.ino });
      }
    }
    for (const path of batch.changed) emit({ type: 'change', path });
  };

  /** Lists a folder just watched (or polled): silently at start, as changes later. */
  const list = (folder: WatchedFolder, report: boolean) => {
    let dirents: Dirent[];
    if (!isStillThere(folder)) {
      folder.unlisted = true;
      return;
    }
    try {
      dirents = readdirSync(absolute(folder), { withFileTypes: true });
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
      for (const name of names) look(batch, folder, name, { rename: true, change: false });
      finish(batch);
      return;
    }
    const prefix = folder.parent ? `${folderPath(folder)}/` : '';
    for (const dirent of dirents) {
      const path = prefix + dirent.name;
      const isDirectory = dirent.isDirectory();
      if (options.isIgnored(path, isDirectory)) continue;
      entriesSeen++;
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

  /** Watches and lists queued folders, a slice at a time, then goes on in a later turn. */
  const drain = () => {
    if (draining || closed) return;
    const until = performance.now() + sliceMs;
    while (queue.length > 0 && performance.now() < until) {
      const item = queue.shift();
      if (!item || item.folder.detached) continue;
      watchFolder(item.folder, true);
      list(item.folder, item.report);
    }
    deliver();
    if (queue.length > 0) {
      draining = setImmediate(() => {
        draining = undefined;
        drain();
      });
      return;
    }
    if (!ready) {
      ready = true;
      markReady();
    }
    if (rebuilding !== undefined) {
      const reason = rebuilding;
      rebuilding = undefined;
      options.onResync?.(reason);
    }
  };

  /** Forgets every watch and lists the whole tree again; RESYNC once done. */
  const rebuild = (reason: string) => {
    detach(top);
    queue.length = 0;
    clearTimeout(retryTimer);
    const stats = statEntry(root);
    if (!stats?.isDirectory()) {
      // The root itself is gone: look again until it is back.
      retryTimer = setTimeout(() => rebuild(reason), pollMs);
      return;
    }
    top = createFolder('', undefined, stats.ino, stats.birthtimeMs);
    queue.push({ folder: top, report: false });
    rebuilding = reason;
    drain();
  };

  /**
   * A folder's own event (deleted, moved, unmounted): is it still what we
   * watch? True once settled; false to look again later.
   */
  const checkIdentity = (folder: WatchedFolder, since: number): boolean => {
    if (folder.detached || isStillThere(folder)) return true; // explained, or the event was a child's
    if (!folder.parent) {
      rebuild('PROJECT_ROOT was replaced, removed or unmounted; rescanned it');
      return true;
    }
    // Its parent is not where the tree says either: the tree is behind the
    // disk (a move not read yet), not the folder replaced. The move's events
    // will place it; until then, or for as long as a look may be put off.
    if (!isStillThere(folder.parent) && performance.now() - since < putOffMs) return false;
    const path = folderPath(folder);
    const now = statEntry(absolute(folder));
    // Its parent said nothing of it: compared through the parent, which reports what changed.
    const batch = newBatch();
    look(batch, folder.parent, folder.name, { rename: true, change: false });
    finish(batch);
    // Nothing in its place is a removal (the parent's event came first or
    // comes next), and the deletion says so: no news is missed. Another
    // folder in its place is a replacement or an unmount.
    if (now !== undefined) {
      options.onResync?.(`the watched folder "${path}" was replaced or unmounted`);
    }
    return true;
  };

  /** Looks put off while the tree was behind the disk: done again now. */
  const retryPutOff = () => {
    if (putOff.length === 0) return;
    const items = putOff;
    putOff = [];
    const batch = newBatch();
    for (const { folder, name, seen, since } of items) {
      if (!folder.detached) look(batch, folder, name, seen, since);
    }
    finish(batch);
  };

  function recheck() {
    recheckTimer = undefined;
    if (closed) return;
    const checks = identityChecks;
    identityChecks = [];
    for (const check of checks) {
      const due = performance.now() - check.since >= selfCheckDelayMs;
      if (!due || !checkIdentity(check.folder, check.since)) identityChecks.push(check);
    }
    retryPutOff();
    deliver();
    drain();
    if (identityChecks.length > 0 || putOff.length > 0) scheduleRecheck();
  }

  function scheduleRecheck() {
    recheckTimer ??= setTimeout(recheck, selfCheckDelayMs);
    recheckTimer.unref();
  }

  const flush = () => {
    flushing = undefined;
    const events = pending;
    pending = [];
    const count = eventsThisTurn;
    eventsThisTurn = 0;
    if (closed) return;
    if (count >= overflowEvents) {
      rebuild(
        `${count} file events arrived in one event-loop turn, as many as the kernel queues (max_queued_events ${overflowEvents}): some were probably dropped (IN_Q_OVERFLOW, which fs.watch does not report); rescanned`,
      );
      return;
    }
    // One look per entry, however many events it had this turn.
    const seen = new Map<WatchedFolder, Map<string, Look>>();
    const selfChecks = new Set<WatchedFolder>();
    for (const { folder, name, rename } of events) {
      if (folder.detached) continue;
      if (name === null) {
        queue.push({ folder, report: true });
        continue;
      }
      if (rename && name === folder.watchedName) selfChecks.add(folder);
      let names = seen.get(folder);
      if (!names) seen.set(folder, (names = new Map()));
      const flags = names.get(name) ?? { rename: false, change: false };
      if (rename) flags.rename = true;
      else flags.change = true;
      names.set(name, flags);
    }
    // Outer folders first: what happens inside a folder moved or deleted this
    // turn is looked at once it has its new place (or is gone).
    let folders = [...seen.keys()].sort((a, b) => depthOf(a) - depthOf(b));
    while (folders.length > 0) {
      const batch = newBatch();
      const later: WatchedFolder[] = [];
      for (const folder of folders) {
        if (folder.detached) continue;
        if (insideVanishing(batch, folder)) {
          later.push(folder);
          continue;
        }
        for (const [name, flags] of seen.get(folder) ?? []) look(batch, folder, name, flags);
      }
      finish(batch);
      folders = later;
    }
    // What was put off may be settled by this turn's moves.
    retryPutOff();
    // The parent's events for the same removal may come a turn later (the
    // kernel reports a folder's own deletion first): only what they leave
    // unexplained is a replacement.
    if (selfChecks.size > 0) {
      const since = performance.now();
      for (const folder of selfChecks) identityChecks.push({ folder, since });
      scheduleRecheck();
    }
    deliver();
    drain();
  };

  function onEvent(folder: WatchedFolder, type: string, name: string | null) {
    eventsThisTurn++;
    pending.push({ folder, name, rename: type === 'rename' });
    flushing ??= setImmediate(flush);
  }

  function pollTick() {
    for (const folder of [...polled]) {
      if (folder.detached) {
        polled.delete(folder);
        continue;
      }
      // Watched again as soon as the limit allows; listed after, so nothing falls between.
      const watched = watchFolder(folder, false);
      list(folder, true);
      if (watched) {
        polled.delete(folder);
        folder.signatures = undefined;
      }
    }
    stopPollingIfDone();
    deliver();
    drain();
  }

  const rootStats = statEntry(root);
  if (!rootStats?.isDirectory()) {
    return {
      ready: Promise.reject(new Error(`cannot watch ${root}: not a folder`)),
      progress: () => ({ entriesSeen: 0, done: false }),
      close: () => Promise.resolve(),
    };
  }
  top = createFolder('', undefined, rootStats.ino, rootStats.birthtimeMs);
  queue.push({ folder: top, report: false });
  drain();

  return {
    ready: readyPromise,
    pairsRenames: true,
    progress: () => ({ entriesSeen, done: ready }),
    counts: () => ({ foldersWatched, foldersPolled: polled.size }),
    close() {
      closed = true;
      clearImmediate(flushing);
      clearImmediate(draining);
      clearInterval(pollTimer);
      clearTimeout(retryTimer);
      clearTimeout(recheckTimer);
      detach(top);
      return Promise.resolve();
    },
  };
}
