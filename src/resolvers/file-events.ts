// Live files: the change feed of the project and per-file content streams,
// for GraphQL subscriptions and gRPC streams alike.
import { InvalidInput } from '../core/errors.ts';
import { mapAsyncIterator, skipValue, transformAsyncIterator } from '../core/async-iterators.ts';
import type { Delivery } from '../core/event-bus.ts';
import { parseProjectPath } from '../core/files/project-path.ts';
import {
  fileChangesTopic,
  type FileChange,
  type FileChangeKind,
} from '../core/watch/file-change.ts';
import type { Context } from './context.ts';
import { file, textContent } from './files.ts';

export interface FileChangeEvent {
  sequence: string;
  kind: FileChangeKind | 'RESYNC';
  path: string;
  oldPath: string | null;
  version: string | null;
  /** Where the change came from: `disk`, or the transport of the API call. */
  origin: string;
  /** The API request that made it, so its client can drop its own echo. */
  requestId: string | null;
}

export interface FileChangesArgs {
  pathPrefix: string;
  /** A sequence seen earlier: replay what followed it. */
  since?: string | null | undefined;
}

const underPrefix = (prefix: string) => (path: string | undefined) =>
  path !== undefined && (prefix === '' || path === prefix || path.startsWith(`${prefix}/`));

function toEvent(delivery: Delivery<FileChange>, prefix: string): FileChangeEvent {
  if (delivery.type === 'resync') {
    return {
      sequence: delivery.sequence,
      kind: 'RESYNC',
      path: prefix,
      oldPath: null,
      version: null,
      origin: 'server',
      requestId: null,
    };
  }
  const change = delivery.payload;
  return {
    sequence: delivery.sequence,
    kind: change.kind,
    path: change.path,
    oldPath: change.oldPath ?? null,
    version: change.version ?? null,
    origin: change.origin.source,
    requestId: change.origin.requestId ?? null,
  };
}

/**
 * Changes under `pathPrefix` that the caller may see, resumable with `since`;
 * a RESYNC says events were lost and the client must reload.
 */
export function fileChanges(ctx: Context, args: FileChangesArgs): AsyncIterable<FileChangeEvent> {
  const prefix = parseProjectPath(args.pathPrefix, 'pathPrefix').relative;
  const { fileAccess } = ctx.services;
  // Checked now, so a caller without files:read gets FORBIDDEN, not silence.
  // A token limited to some paths may follow a folder leading to them.
  fileAccess.assertBrowsable(ctx.principal, prefix);
  const inPrefix = underPrefix(prefix);
  const seen = (path: string | undefined, isDirectory: boolean) =>
    path !== undefined && fileAccess.canSee(ctx.principal, path, isDirectory);
  const subscription = ctx.services.bus.subscribe(fileChangesTopic, {
    since: args.since ?? undefined,
    signal: ctx.services.shutdown,
    filter: (change) =>
      (inPrefix(change.path) && seen(change.path, change.isDirectory)) ||
      (inPrefix(change.oldPath) && seen(change.oldPath, change.isDirectory)),
  });
  return mapAsyncIterator(subscription, (delivery) =>
    toEvent(hideUnseenEnd(delivery, seen), prefix),
  );
}

/**
 * A move with one end the caller may not see reads as what it looks like from
 * where the caller stands: out of sight is DELETED (at the old path), into
 * sight is CREATED (at the new one); the hidden path is never named.
 */
function hideUnseenEnd(
  delivery: Delivery<FileChange>,
  seen: (path: string | undefined, isDirectory: boolean) => boolean,
): Delivery<FileChange> {
  if (delivery.type !== 'event' || delivery.payload.kind !== 'MOVED') return delivery;
  const change = delivery.payload;
  if (!seen(change.oldPath, change.isDirectory)) {
    return { ...delivery, payload: { ...change, kind: 'CREATED', oldPath: undefined } };
  }
  if (!seen(change.path, change.isDirectory)) {
    const path = change.oldPath ?? change.path;
    return {
      ...delivery,
      payload: { ...change, kind: 'DELETED', path, oldPath: undefined, version: undefined },
    };
  }
  return delivery;
}

export interface FileContentEvent {
  sequence: string;
  path: string;
  deleted: boolean;
  content: string | null;
  version: string | null;
}

/**
 * The file's current content first, then each new version; a deletion says so
 * and the stream goes on, sending the content again if the file comes back.
 * Checks the path and the caller's access before the stream begins.
 */
export async function fileContent(
  ctx: Context,
  path: string,
): Promise<AsyncIterable<FileContentEvent>> {
  const projectPath = parseProjectPath(path);
  if (projectPath.relative === '') {
    throw new InvalidInput('path must name a file, not the project root', { field: 'path' });
  }
  const normalized = projectPath.relative;
  const { bus } = ctx.services;
  // Subscribe before reading, so a change during the first read is not lost.
  const subscription = bus.subscribe(fileChangesTopic, {
    signal: ctx.services.shutdown,
    filter: (change) => change.path === normalized || change.oldPath === normalized,
  });
  const start = bus.currentSequence();

  const snapshot = async (sequence: string): Promise<FileContentEvent> => {
    const view = await file(ctx, normalized);
    if (!view) return { sequence, path: normalized, deleted: true, content: null, version: null };
    return {
      sequence,
      path: normalized,
      deleted: false,
      content: textContent(view),
      version: view.version,
    };
  };
  let first: FileContentEvent;
  try {
    first = await snapshot(start);
  } catch (error) {
    await subscription.return?.();
    throw error;
  }
  let last = first;
  return transformAsyncIterator(
    subscription,
    async (delivery) => {
      const gone =
        delivery.type === 'event' &&
        (delivery.payload.kind === 'DELETED' ||
          (delivery.payload.kind === 'MOVED' && delivery.payload.oldPath === normalized));
      const next: FileContentEvent = gone
        ? {
            sequence: delivery.sequence,
            path: normalized,
            deleted: true,
            content: null,
            version: null,
          }
        : await snapshot(delivery.sequence);
      // Several events can lead to the same state; send each state once.
      if (next.deleted === last.deleted && next.version === last.version) return skipValue;
      last = next;
      return next;
    },
    { initial: [first] },
  );
}

export interface WatcherStatus {
  /** STARTING, WATCHING, DEGRADED (some folders polled) or STANDBY (another instance watches). */
  state: string;
  backend: string;
  /** Folders with a kernel watch (inotify backend); null for backends that do not say. */
  foldersWatched: number | null;
  /** Folders past the watch limit, scanned periodically instead. */
  foldersPolled: number | null;
  /** The kernel's inotify watch limit (max_user_watches); null when unknown. */
  watchLimit: number | null;
  /** Patterns never watched nor streamed (WATCH_IGNORE / watcher.ignore), .gitignore syntax. */
  excludes: string[];
  /** RESYNCs the watcher sent since start (queue overflow, watch limit, folder replaced). */
  resyncs: number;
  /** Entries the initial scan has seen (chokidar scans; @parcel/watcher has no scan). */
  entriesSeen: number;
  /** The initial scan is over: every change from now on is reported. */
  ready: boolean;
  /** This instance, when instances share Redis. */
  instanceId: string | null;
  /** The instance holding the watcher lease, when instances share Redis. */
  owner: string | null;
  /** Whether this instance runs the watcher (always, without Redis). */
  watching: boolean;
}

/** How far the file watcher's initial scan got. */
export function watcherStatus(ctx: Context): WatcherStatus {
  ctx.services.fileAccess.assertBrowsable(ctx.principal, '');
  const progress = ctx.services.fileFeed.progress();
  const ownership = ctx.services.fileFeed.ownership();
  const health = ctx.services.fileFeed.health();
  return {
    state: health.state,
    backend: progress.backend,
    foldersWatched: health.foldersWatched ?? null,
    foldersPolled: health.foldersPolled ?? null,
    watchLimit: health.watchLimit ?? null,
    excludes: [...health.excludes],
    resyncs: health.resyncs,
    entriesSeen: progress.entriesSeen,
    ready: progress.done,
    instanceId: ownership.instanceId ?? null,
    owner: ownership.owner ?? null,
    watching: ownership.watching,
  };
}
