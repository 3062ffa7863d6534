// Live files: the change feed of the project and per-file content streams,
// for GraphQL subscriptions and gRPC streams alike.
import { skipValue, transformAsyncIterator } from '../core/async-iterators.ts';
import type { Delivery } from '../core/event-bus.ts';
import { parseProjectPath } from '../core/files/project-path.ts';
import type { ActorKind, ChangeActor } from '../core/watch/change-actor.ts';
import {
  fileChangesTopic,
  type ChangeOrigin,
  type FileChange,
  type FileChangeKind,
} from '../core/watch/file-change.ts';
import type { Context } from './context.ts';
import {
  changesGitignoreRules,
  parseFileChangeFilter,
  type FileChangeFilter,
  type FileChangeFilterArgs,
} from './file-change-filter.ts';
import { fileKindOf, type FileKind } from './files.ts';

/** What an entry is after a change (E2B's EntryInfo). */
export interface FileChangeEntry {
  kind: FileKind;
  /** Bytes; 0 for folders. */
  size: number;
  mtime: Date;
}

export interface FileChangeEvent {
  sequence: string;
  kind: FileChangeKind | 'RESYNC';
  path: string;
  oldPath: string | null;
  version: string | null;
  /** Null for deletions and RESYNC (and an entry gone again before it was read). */
  entry: FileChangeEntry | null;
  /** Where the change came from: `disk`, or the transport of the API call. */
  origin: string;
  /** The API request that made it, so its client can drop its own echo. */
  requestId: string | null;
  /** Who made it; null for RESYNC. */
  actor: ActorView | null;
}

/** Who made a change, as clients see it (docs/live-files.md, "Who changed what"). */
export interface ActorView {
  kind: ActorKind;
  principalId: string | null;
  agentId: string | null;
  chatSessionId: string | null;
  chatMessageId: string | null;
}

/** The change's actor; a change published before actors existed gets its transport's default. */
export function actorView(origin: ChangeOrigin): ActorView {
  const actor: ChangeActor = origin.actor ?? {
    kind: origin.source === 'disk' ? 'DISK' : origin.source === 'grpc' ? 'AGENT' : 'FRONTEND',
    principalId: origin.principalId,
  };
  return {
    kind: actor.kind,
    principalId: actor.principalId ?? null,
    agentId: actor.agentId ?? null,
    chatSessionId: actor.chatSessionId ?? null,
    chatMessageId: actor.chatMessageId ?? null,
  };
}

export interface FileChangesArgs extends FileChangeFilterArgs {
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
      entry: null,
      origin: 'server',
      requestId: null,
      actor: null,
    };
  }
  const change = delivery.payload;
  const { entry } = change;
  return {
    sequence: delivery.sequence,
    kind: change.kind,
    path: change.path,
    oldPath: change.oldPath ?? null,
    version: change.version ?? null,
    entry:
      entry && change.kind !== 'DELETED'
        ? { kind: fileKindOf(entry.kind), size: entry.size, mtime: new Date(entry.mtimeMs) }
        : null,
    origin: change.origin.source,
    requestId: change.origin.requestId ?? null,
    actor: actorView(change.origin),
  };
}

/**
 * Changes under `pathPrefix` that the caller may see and its filters let
 * through, resumable with `since`; a RESYNC says events were lost and the
 * client must reload. The filters are checked before the stream begins.
 */
export function fileChanges(ctx: Context, args: FileChangesArgs): AsyncIterable<FileChangeEvent> {
  const prefix = parseProjectPath(args.pathPrefix, 'pathPrefix').relative;
  const { fileAccess } = ctx.services;
  // Checked now, so a caller without files:read gets FORBIDDEN, not silence.
  // A token limited to some paths may follow a folder leading to them.
  fileAccess.assertBrowsable(ctx.principal, prefix);
  const filter = parseFileChangeFilter(args, ctx.services.projectJail);
  const inPrefix = underPrefix(prefix);
  // What the caller may see and asked for; .gitignore is judged later, off the publish path.
  const seen = (path: string | undefined, isDirectory: boolean) =>
    path !== undefined &&
    fileAccess.canSee(ctx.principal, path, isDirectory) &&
    (!filter.globs || filter.globs.passes(path, isDirectory));
  type Shown = typeof seen;
  /** An end of the change (its path or its old path) is under the prefix and shown. */
  const wantedBy = (shown: Shown) => (change: FileChange) =>
    (inPrefix(change.path) && shown(change.path, change.isDirectory)) ||
    (inPrefix(change.oldPath) && shown(change.oldPath, change.isDirectory));
  const wanted = wantedBy(seen);
  const { gitignore } = filter;
  const subscription = ctx.services.bus.subscribe(fileChangesTopic, {
    since: args.since ?? undefined,
    signal: ctx.services.shutdown,
    // A feed that follows .gitignore also hears of what may change its rules.
    filter: gitignore ? (change) => wanted(change) || changesGitignoreRules(change) : wanted,
  });
  const deliver = (delivery: Delivery<FileChange>, shown: Shown) => {
    const event = toEvent(hideUnseenEnd(delivery, shown), prefix);
    // Kinds as the client sees them: a move into its view is a CREATED.
    return filter.kinds && !filter.kinds.has(event.kind) ? skipValue : event;
  };
  return transformAsyncIterator(subscription, (delivery) => {
    if (delivery.type === 'resync') {
      gitignore?.clear(); // what was lost may have changed the rules
      return toEvent(delivery, prefix);
    }
    // Synchronous unless .gitignore files must be read: this is the fan-out's hot path.
    if (!gitignore) return deliver(delivery, seen);
    const change = delivery.payload;
    gitignore.changed(change.path, change.isDirectory);
    if (change.oldPath !== undefined) gitignore.changed(change.oldPath, change.isDirectory);
    if (!wanted(change)) return skipValue;
    return ignoredEnds(gitignore, change).then((ignored) => {
      const shown: Shown = (path, isDirectory) =>
        seen(path, isDirectory) && path !== undefined && !ignored.has(path);
      return wantedBy(shown)(change) ? deliver(delivery, shown) : skipValue;
    });
  });
}

/** The ends of a change (path, oldPath) that .gitignore files hide. */
async function ignoredEnds(
  gitignore: NonNullable<FileChangeFilter['gitignore']>,
  change: FileChange,
): Promise<Set<string>> {
  const ignored = new Set<string>();
  for (const path of [change.path, change.oldPath]) {
    if (path !== undefined && (await gitignore.ignores(path, change.isDirectory))) {
      ignored.add(path);
    }
  }
  return ignored;
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
      payload: {
        ...change,
        kind: 'DELETED',
        path,
        oldPath: undefined,
        version: undefined,
        entry: undefined,
      },
    };
  }
  return delivery;
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
