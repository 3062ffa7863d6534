// Watches PROJECT_ROOT and publishes every coalesced change on the event bus,
// in order, with the content version after it. Changes made through the API
// are published by the API itself at once (with their origin); the watcher's
// echo of them is recognised and dropped, so each change is published once.
// With several instances (Redis), only the holder of the watcher lease
// watches, and API changes made on the others reach it through Redis.
import { join } from 'node:path';
import type { EventBus } from '../event-bus.ts';
import type { DiskEntry } from './disk-version.ts';
import { isTemporaryPath } from '../files/atomic-write.ts';
import type { Logger } from '../logger.ts';
import { startChokidarBackend } from './chokidar-backend.ts';
import { createApiEchoes } from './api-echoes.ts';
import { createChangeCoalescer, type CoalescedChange } from './change-coalescer.ts';
import { fileChangesTopic, type FileChange } from './file-change.ts';
import { createFolderMoveTracker } from './folder-move-tracker.ts';
import type { WatchIgnoreRules } from './ignore-rules.ts';
import { startInotifyBackend } from './inotify-backend.ts';
import { readInotifyLimits } from './inotify-limits.ts';
import { startParcelBackend } from './parcel-backend.ts';
import type {
  RawChange,
  ScanProgress,
  WatcherBackend,
  WatcherBackendName,
  WatcherBackendOptions,
} from './raw-change.ts';
import type { SharedApiChanges } from './shared-api-changes.ts';
import type { WatcherLease } from './watcher-lease.ts';

export interface FileChangeFeedOptions {
  root: string;
  backend: WatcherBackendName;
  ignore: WatchIgnoreRules;
  bus: EventBus;
  logger: Logger;
  /** An entry's content version (null when it has none) and info; undefined when gone. */
  entryOf(absolutePath: string): Promise<DiskEntry | undefined>;
  /** @default 50 */
  windowMs?: number;
  /** When several instances share PROJECT_ROOT: watch only while holding this lease. */
  lease?: WatcherLease | undefined;
  /** When several instances share PROJECT_ROOT: API changes the other instances announce. */
  sharedApiChanges?: SharedApiChanges | undefined;
  /** inotify: folders watched at most before the rest are polled (WATCH_MAX_FOLDERS). */
  maxFolders?: number | undefined;
  /** inotify: how often folders that could not be watched are scanned (WATCH_POLL_MS). */
  pollMs?: number | undefined;
  /** inotify: events in one turn taken as a kernel queue overflow (default: max_queued_events). */
  overflowEvents?: number | undefined;
}

export type WatcherState = 'STARTING' | 'WATCHING' | 'DEGRADED' | 'STANDBY';

/** What watcherStatus shows of the watcher. */
export interface WatcherHealth {
  /**
   * STARTING: the initial scan runs; WATCHING: every folder has a watch;
   * DEGRADED: some folders are polled (watch limit reached); STANDBY:
   * another instance watches.
   */
  state: WatcherState;
  /** Folders with a kernel watch; undefined for backends that do not say. */
  foldersWatched: number | undefined;
  foldersPolled: number | undefined;
  /** The kernel's inotify watch limit (/proc/sys/fs/inotify/max_user_watches). */
  watchLimit: number | undefined;
  /** Patterns never watched (.gitignore syntax). */
  excludes: readonly string[];
  /** RESYNCs the watcher sent since start (overflow, limit reached, folder replaced). */
  resyncs: number;
}

/** Which instance watches, when several share the project through Redis. */
export interface WatcherOwnership {
  /** This instance's id (INSTANCE_ID). */
  instanceId: string | undefined;
  /** The instance watching now, as last seen; undefined when none does or unknown. */
  owner: string | undefined;
  /** Whether this instance runs the watcher. */
  watching: boolean;
}

export interface FileChangeFeed {
  /** Resolves when the initial scan is over. */
  ready: Promise<void>;
  progress(): ScanProgress & { backend: WatcherBackendName };
  health(): WatcherHealth;
  ownership(): WatcherOwnership;
  /** Watches with new ignore rules from now on (the settings registry changes them live). */
  updateIgnore(ignore: WatchIgnoreRules): Promise<void>;
  /**
   * Announces a change the API is about to make, before it touches the disk,
   * so a watcher quicker than the operation still knows its sighting is an echo.
   * Without a shared watcher it settles at once; with one, once Redis has it.
   */
  expectFromApi(change: FileChange): Promise<void>;
  /** Publishes a change made through the API, announced first with expectFromApi. */
  publishFromApi(change: FileChange): void;
  close(): Promise<void>;
}

export function startFileChangeFeed(options: FileChangeFeedOptions): FileChangeFeed {
  const { bus, logger, root } = options;
  const echoes = createApiEchoes();
  /** The version last published per file: a write that changed nothing is no event. */
  const lastVersions = new Map<string, string>();
  /** What is on disk now, so a later change back to an earlier version is still news. */
  const recordVersion = (change: FileChange) => {
    if (change.kind === 'DELETED' || change.kind === 'MOVED') {
      lastVersions.delete(change.oldPath ?? change.path);
    }
    if (change.version !== undefined) lastVersions.set(change.path, change.version);
    else lastVersions.delete(change.path);
  };
  const publish = async (change: FileChange) => {
    recordVersion(change);
    await bus.publish(fileChangesTopic, change);
  };
  let publishing: Promise<void> = Promise.resolve();
  let closed = false;

  const moves = createFolderMoveTracker();
  const readEntry = async (path: string): Promise<DiskEntry | undefined> => {
    const found = await options.entryOf(join(root, path));
    if (found !== undefined) return found;
    const moved = moves.whereNow(path);
    return moved === path ? undefined : options.entryOf(join(root, moved));
  };

  const publishOne = async (coalesced: CoalescedChange): Promise<void> => {
    // One read gives the version and what the entry is (its kind, size, mtime).
    const readAt = Date.now();
    const found = coalesced.kind === 'DELETED' ? undefined : await readEntry(coalesced.path);
    // A file gone again before we read it: its DELETED (or MOVED) is on the
    // way. A MOVED itself is kept, without a version: it is what removes the old path.
    if (
      found === undefined &&
      !coalesced.isDirectory &&
      coalesced.kind !== 'DELETED' &&
      coalesced.kind !== 'MOVED'
    ) {
      moves.noteUnreadable(coalesced.path);
      return;
    }
    const movedAlong = moves.follow(coalesced);
    const version = coalesced.isDirectory ? undefined : found?.version;
    await publishChecked(coalesced, version, found, readAt);
    // Files whose folder moved before they could be read: reported where they are.
    for (const path of movedAlong) await publishOne({ kind: 'CREATED', path, isDirectory: false });
  };

  const publishChecked = async (
    coalesced: CoalescedChange,
    version: string | null | undefined,
    found: DiskEntry | undefined,
    readAt: number,
  ): Promise<void> => {
    // null: an entry with no content version (a symlink); reported without one.
    if (coalesced.kind === 'MODIFIED' && lastVersions.get(coalesced.path) === version) return;
    const change: FileChange = {
      ...coalesced,
      version: version ?? undefined,
      entry: found?.entry,
      origin: { source: 'disk' },
    };
    // Announced on other instances before they touched the disk, so Redis has them by now.
    if (options.sharedApiChanges) {
      // Without Redis's answer a sighting may be an echo published twice: better than lost.
      const announced = await options.sharedApiChanges.collect().catch((error: unknown) => {
        logger.warn({ err: error }, 'could not read API changes other instances announced');
        return [];
      });
      for (const other of announced) echoes.expect(other);
    }
    if (echoes.isEcho(change, readAt)) {
      // The API's instance published it; this one still learns what is on disk.
      recordVersion(change);
      return;
    }
    await publish(change);
  };

  const publishCoalesced = (coalesced: CoalescedChange) => {
    moves.seen(coalesced);
    // Versions are read in order, so events for one path never overtake each other.
    publishing = publishing.then(async () => {
      moves.publishing(coalesced);
      if (closed) return;
      await publishOne(coalesced);
    });
    publishing = publishing.catch((error: unknown) => {
      logger.error({ err: error }, 'could not publish a file change');
    });
  };

  const coalescer = createChangeCoalescer({
    emit: publishCoalesced,
    // inotify pairs renames within one turn: nothing needs holding back.
    pairedByBackend: options.backend === 'inotify',
    ...(options.windowMs === undefined ? {} : { windowMs: options.windowMs }),
  });
  const starters: Record<WatcherBackendName, (o: WatcherBackendOptions) => WatcherBackend> = {
    inotify: startInotifyBackend,
    chokidar: startChokidarBackend,
    parcel: startParcelBackend,
  };
  const start = starters[options.backend];
  let resyncs = 0;
  const resync = (reason: string) => {
    resyncs++;
    // One line per cause, and a RESYNC behind whatever is being published.
    logger.warn(
      { backend: options.backend },
      `file watcher: ${reason}; subscribers told to RESYNC`,
    );
    publishing = publishing
      .then(async () => {
        if (!closed) await bus.publishResync(fileChangesTopic);
      })
      .catch((error: unknown) => logger.error({ err: error }, 'could not publish a RESYNC'));
  };
  const fromDisk = (change: RawChange): RawChange | undefined => {
    // Our own atomic writes' temporary files are never news; one renamed over
    // its target is a write of the target.
    if (isTemporaryPath(change.path)) return undefined;
    if (change.oldPath !== undefined && isTemporaryPath(change.oldPath)) {
      return { type: 'change', path: change.path, ino: change.ino };
    }
    return change;
  };
  const startBackend = (ignore: WatchIgnoreRules): WatcherBackend =>
    start({
      root,
      ignoreGlobs: ignore.globs,
      isIgnored: ignore.isIgnored,
      onChanges: (changes) => {
        for (const change of changes) {
          const kept = fromDisk(change);
          if (kept) coalescer.push(kept);
        }
      },
      onScanned: (path, ino) => coalescer.remember(path, ino),
      onResync: resync,
      onError: (error) => logger.warn({ err: error }, 'file watcher error'),
      maxFolders: options.maxFolders,
      pollMs: options.pollMs,
      overflowEvents: options.overflowEvents,
    });
  let ignoreRules = options.ignore;
  const watchLimit = readInotifyLimits().maxUserWatches;
  /** Undefined while another instance holds the watcher lease. */
  let backend: WatcherBackend | undefined;
  const { lease } = options;

  const startWatching = async () => {
    const startedAt = Date.now();
    const started = startBackend(ignoreRules);
    backend = started;
    // Large trees take a while with chokidar: say how far the scan got.
    const progressTimer = setInterval(() => {
      const progress = started.progress();
      if (!progress.done)
        logger.info({ entriesSeen: progress.entriesSeen }, 'file watcher scanning');
    }, 2_000);
    try {
      await started.ready;
    } finally {
      clearInterval(progressTimer);
    }
    const { entriesSeen } = started.progress();
    logger.info(
      { backend: options.backend, entriesSeen, ms: Date.now() - startedAt },
      'file watcher ready',
    );
  };

  const stopWatching = async () => {
    const running = backend;
    backend = undefined;
    await running?.close();
  };

  const ready = lease
    ? lease.start({
        async acquired(takeover) {
          if (closed) return;
          await startWatching();
          // Changes made while no instance watched were seen by nobody: subscribers
          // (and anyone resuming from before now) are told to reload.
          if (takeover) await bus.publishResync(fileChangesTopic);
        },
        lost: stopWatching,
      })
    : startWatching();

  return {
    ready,
    // A standby instance reports nothing of its own: the owner's scan is what counts.
    progress: () => ({
      ...(backend?.progress() ?? { entriesSeen: 0, done: lease !== undefined }),
      backend: options.backend,
    }),
    health(): WatcherHealth {
      const counts = backend?.counts?.();
      const progress = backend?.progress();
      const state: WatcherState = !backend
        ? 'STANDBY'
        : !progress?.done
          ? 'STARTING'
          : (counts?.foldersPolled ?? 0) > 0
            ? 'DEGRADED'
            : 'WATCHING';
      return {
        state,
        foldersWatched: counts?.foldersWatched,
        foldersPolled: counts?.foldersPolled,
        watchLimit: options.backend === 'inotify' ? watchLimit : undefined,
        excludes: ignoreRules.globs,
        resyncs,
      };
    },
    ownership: () => ({
      instanceId: lease?.instanceId,
      owner: lease ? lease.owner() : undefined,
      watching: backend !== undefined,
    }),
    expectFromApi(change) {
      echoes.expect(change);
      return options.sharedApiChanges?.announce(change) ?? Promise.resolve();
    },
    publishFromApi(change) {
      echoes.done(change);
      // Behind any disk change already being published, to keep the order.
      publishing = publishing
        .then(() => publish(change))
        .catch((error: unknown) => {
          logger.error({ err: error }, 'could not publish a file change');
        });
    },
    async updateIgnore(ignore) {
      ignoreRules = ignore;
      const previous = backend;
      if (!previous) return;
      // The new watcher is up before the old one goes, so nothing in between
      // is missed; a change both see coalesces into one event.
      const next = startBackend(ignore);
      backend = next;
      await next.ready;
      await previous.close();
      logger.info({ ignore: ignore.globs }, 'file watcher ignore rules changed');
    },
    async close() {
      closed = true;
      coalescer.close();
      await lease?.close();
      await stopWatching();
    },
  };
}
