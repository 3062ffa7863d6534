// The default watcher backend: one inotify watch per FOLDER through Node's
// fs.watch (chokidar watches every file, @parcel/watcher batches and misses
// folders made inside new folders, parcel-bundler/watcher#97). Each new folder
// is watched first and listed right after, in the same turn, and whatever the
// listing finds is reported: a file made before the watch was set is found by
// the listing, one made after it by the watch. Events are resolved once per
// event-loop turn (libuv delivers a rename's two halves in the same turn), so
// renames pair without holding anything back. See docs/watcher.md.
//
// This file reads the events and wires the parts, which share one tree
// (inotify-tree.ts): the watches (folder-watches.ts), the polling fallback
// (folder-polling.ts), the listing (folder-scan.ts), the comparison with the
// disk (tree-updates.ts) and what waits for the tree to catch up
// (put-off-looks.ts).
import { insideVanishing, newBatch, type Look } from './change-batch.ts';
import { createFolderPolling } from './folder-polling.ts';
import { createFolderScan } from './folder-scan.ts';
import { createFolderWatches } from './folder-watches.ts';
import { readInotifyLimits } from './inotify-limits.ts';
import { createTree, deliver } from './inotify-tree.ts';
import { createPutOffLooks } from './put-off-looks.ts';
import type { WatcherBackend, WatcherBackendOptions } from './raw-change.ts';
import { createTreeUpdates } from './tree-updates.ts';
import { createFolder, depthOf, statEntry, type WatchedFolder } from './watched-folder.ts';

export function startInotifyBackend(options: WatcherBackendOptions): WatcherBackend {
  const { root } = options;
  const limits = readInotifyLimits();
  const maxFolders = options.maxFolders ?? Number.POSITIVE_INFINITY;
  const pollMs = options.pollMs ?? 2_000;
  const overflowEvents = options.overflowEvents ?? limits.maxQueuedEvents ?? 16_384;

  const tree = createTree(options);
  let pending: Array<{ folder: WatchedFolder; name: string | null; rename: boolean }> = [];
  let eventsThisTurn = 0;
  let flushing: NodeJS.Immediate | undefined;

  // The parts call each other (a polled folder is watched again and listed;
  // a look may be put off): the arrows reach the ones made after them.
  const polling = createFolderPolling({
    pollMs,
    onResync: (reason) => options.onResync?.(reason),
    visit(folder) {
      const watched = watches.watch(folder, false);
      scan.list(folder, true);
      return watched;
    },
    after() {
      deliver(tree);
      scan.drain();
    },
  });
  const watches = createFolderWatches(tree, polling, { maxFolders, limits, onEvent });
  const updates = createTreeUpdates(tree, watches, polling, (look) => looks.putOff(look));
  const scan = createFolderScan(tree, watches, updates, pollMs);
  const looks = createPutOffLooks(tree, updates, { rebuild: scan.rebuild, drain: scan.drain });

  const flush = () => {
    flushing = undefined;
    const events = pending;
    pending = [];
    const count = eventsThisTurn;
    eventsThisTurn = 0;
    if (tree.closed) return;
    if (count >= overflowEvents) {
      scan.rebuild(
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
        tree.queue.push({ folder, report: true });
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
        for (const [name, flags] of seen.get(folder) ?? [])
          updates.look(batch, folder, name, flags);
      }
      updates.finish(batch);
      folders = later;
    }
    // What was put off may be settled by this turn's moves.
    looks.retry();
    // The parent's events for the same removal may come a turn later (the
    // kernel reports a folder's own deletion first): only what they leave
    // unexplained is a replacement.
    looks.checkLater(selfChecks);
    deliver(tree);
    scan.drain();
  };

  function onEvent(folder: WatchedFolder, type: string, name: string | null) {
    eventsThisTurn++;
    pending.push({ folder, name, rename: type === 'rename' });
    flushing ??= setImmediate(flush);
  }

  const rootStats = statEntry(root);
  if (!rootStats?.isDirectory()) {
    return {
      ready: Promise.reject(new Error(`cannot watch ${root}: not a folder`)),
      progress: () => ({ entriesSeen: 0, done: false }),
      close: () => Promise.resolve(),
    };
  }
  tree.top = createFolder('', undefined, rootStats.ino, rootStats.birthtimeMs);
  tree.queue.push({ folder: tree.top, report: false });
  scan.drain();

  return {
    ready: scan.ready,
    pairsRenames: true,
    progress: () => ({ entriesSeen: tree.entriesSeen, done: tree.ready }),
    counts: () => ({ foldersWatched: watches.count(), foldersPolled: polling.polled.size }),
    close() {
      tree.closed = true;
      clearImmediate(flushing);
      scan.close();
      polling.close();
      looks.close();
      watches.detach(tree.top);
      return Promise.resolve();
    },
  };
}
