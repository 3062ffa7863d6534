// Live files: fileChanges and fileContent subscriptions (docs/contract.md).
import * as fileContentStream from '../resolvers/file-content.ts';
import * as fileEvents from '../resolvers/file-events.ts';
import { builder } from './builder.ts';
import { FileKind } from './files.ts';
import type {
  TextEdit as TextEditShape,
  TextRange as TextRangeShape,
} from '../core/files/text-edits.ts';

const FileChangeKind = builder.enumType('FileChangeKind', {
  values: ['CREATED', 'MODIFIED', 'DELETED', 'MOVED', 'RESYNC'] as const,
  description: 'RESYNC: events were lost (retention passed, or the client fell behind); reload.',
});

const EntryInfo = builder.objectRef<fileEvents.FileChangeEntry>('EntryInfo').implement({
  description: 'What an entry is after a change: its kind, size and modification time.',
  fields: (t) => ({
    kind: t.field({ type: FileKind, resolve: (entry) => entry.kind }),
    size: t.exposeFloat('size', {
      description:
        'Bytes: 0 for folders, the length of its target for a symlink. A Float, as files may pass 2 GiB.',
    }),
    mtime: t.expose('mtime', {
      type: 'DateTime',
      description: 'Last modified, to the millisecond.',
    }),
  }),
});

const ActorKind = builder.enumType('ActorKind', {
  values: {
    FRONTEND: { description: "A user's client (a GraphQL write without an agentId claim)." },
    AGENT: { description: 'An agent: a gRPC write, or any write claiming an agentId.' },
    GEMINI: { description: "A write for a Gemini reply: it claims an ASSISTANT message's id." },
    DISK: { description: 'Made outside the API; the watcher saw it.' },
  } as const,
});

const ChangeActor = builder.objectRef<fileEvents.ActorView>('ChangeActor').implement({
  description:
    'Who made a change: the token and what its request claimed in the x-genpod-actor header (docs/live-files.md).',
  fields: (t) => ({
    kind: t.field({ type: ActorKind, resolve: (actor) => actor.kind }),
    principalId: t.exposeString('principalId', {
      nullable: true,
      description: "The token's principal; null for DISK.",
    }),
    agentId: t.exposeString('agentId', { nullable: true }),
    chatSessionId: t.exposeString('chatSessionId', {
      nullable: true,
      description: 'The chat session the write was made for.',
    }),
    chatMessageId: t.exposeString('chatMessageId', {
      nullable: true,
      description: 'The chat message (reply) the write was made for.',
    }),
  }),
});

const FileChangeEvent = builder.objectRef<fileEvents.FileChangeEvent>('FileChangeEvent').implement({
  fields: (t) => ({
    sequence: t.exposeString('sequence', {
      description: 'Pass as `since` (or SSE Last-Event-ID) to resume after this event.',
    }),
    kind: t.field({ type: FileChangeKind, resolve: (event) => event.kind }),
    path: t.exposeString('path'),
    oldPath: t.exposeString('oldPath', { nullable: true, description: 'For MOVED.' }),
    version: t.exposeString('version', {
      nullable: true,
      description: 'The content version after the change; null for deletions and folders.',
    }),
    entry: t.field({
      type: EntryInfo,
      nullable: true,
      description:
        'What the entry is after the change; null for DELETED and RESYNC, and for an entry gone again before it could be read.',
      resolve: (event) => event.entry,
    }),
    origin: t.exposeString('origin', {
      description: '`disk` for changes made outside the API, else `graphql` or `grpc`.',
    }),
    requestId: t.exposeString('requestId', {
      nullable: true,
      description: 'The API request that made the change: a client drops its own echo.',
    }),
    actor: t.field({
      type: ChangeActor,
      nullable: true,
      description: 'Who made the change; null for RESYNC.',
      resolve: (event) => event.actor,
    }),
  }),
});

const FileContentKind = builder.enumType('FileContentKind', {
  values: ['FULL', 'EDITS', 'DELETED'] as const,
  description:
    'FULL: `content` is the whole file, replace what you hold. EDITS: apply `edits` to `baseVersion`. DELETED: the file is gone.',
});

const TextRange = builder.objectRef<TextRangeShape>('TextRange').implement({
  description: "Monaco's IRange: 1-based lines and columns (UTF-16 code units), end exclusive.",
  fields: (t) => ({
    startLineNumber: t.exposeInt('startLineNumber'),
    startColumn: t.exposeInt('startColumn'),
    endLineNumber: t.exposeInt('endLineNumber'),
    endColumn: t.exposeInt('endColumn'),
  }),
});

const TextEdit = builder.objectRef<TextEditShape>('TextEdit').implement({
  description: 'Replace `range` of the base version with `text`: what Monaco `applyEdits` takes.',
  fields: (t) => ({
    range: t.field({ type: TextRange, resolve: (edit) => edit.range }),
    text: t.exposeString('text'),
  }),
});

const FileContentEvent = builder
  .objectRef<fileContentStream.FileContentEvent>('FileContentEvent')
  .implement({
    fields: (t) => ({
      sequence: t.exposeString('sequence', {
        description: 'Pass as `since` (or SSE Last-Event-ID) with `edits: true` to resume.',
      }),
      path: t.exposeString('path'),
      kind: t.field({
        type: FileContentKind,
        description: 'FULL unless the stream was opened with `edits: true`.',
        resolve: (event) => event.kind,
      }),
      deleted: t.exposeBoolean('deleted'),
      content: t.exposeString('content', {
        nullable: true,
        description: 'UTF-8 text; null when deleted or binary, and for EDITS.',
      }),
      version: t.exposeString('version', { nullable: true }),
      baseVersion: t.exposeString('baseVersion', {
        nullable: true,
        description: 'EDITS: the version the edits apply to.',
      }),
      edits: t.field({
        type: [TextEdit],
        nullable: true,
        description:
          'EDITS: the changes from `baseVersion` to `version`, ranges in `baseVersion`, in order and non-overlapping.',
        resolve: (event) => event.edits,
      }),
      actor: t.field({
        type: ChangeActor,
        nullable: true,
        description:
          'Who made the change that led to this event; null for the first (the content as it was).',
        resolve: (event) => event.actor,
      }),
    }),
  });

builder.subscriptionFields((t) => ({
  fileChanges: t.field({
    authScopes: { 'files:read': true },
    type: FileChangeEvent,
    description:
      'Changes under pathPrefix that the filters let through; `since` (or Last-Event-ID) replays what followed it. A bad filter is BAD_USER_INPUT before the stream starts.',
    args: {
      pathPrefix: t.arg.string({ required: true, defaultValue: '' }),
      since: t.arg.string(),
      include: t.arg.stringList({
        description:
          'Only changes at paths one of these globs matches (a glob without `/` matches a name at any depth), inside a matched folder, or to folders that could hold a match. Case-sensitive; at most 32 globs of 256 characters.',
      }),
      exclude: t.arg.stringList({
        description:
          'No changes at paths one of these globs matches, nor inside a matched folder (`node_modules`, `*.log`).',
      }),
      kinds: t.arg({
        type: [FileChangeKind],
        description:
          'Only these kinds, as delivered (a move into view is CREATED, out of it DELETED). RESYNC always comes.',
      }),
      respectGitignore: t.arg.boolean({
        description: 'Leave out changes at paths git ignores (.gitignore files, and `.git`).',
      }),
    },
    subscribe: (_root, args, ctx) =>
      fileEvents.fileChanges(ctx, {
        pathPrefix: args.pathPrefix,
        since: args.since ?? ctx.lastEventId,
        include: args.include,
        exclude: args.exclude,
        kinds: args.kinds,
        respectGitignore: args.respectGitignore,
      }),
    resolve: (event) => event,
  }),
  fileContent: t.field({
    authScopes: { 'files:read': true },
    type: FileContentEvent,
    description: 'The current content first, then each new version; deletions say so.',
    args: {
      path: t.arg.string({ required: true }),
      edits: t.arg.boolean({
        description:
          'After the first full content, send each new version as EDITS from the previous one (a FULL reload when edits would be larger than the content, or after a RESYNC).',
      }),
      since: t.arg.string({
        description:
          'With `edits`: the `version` the client holds or the `sequence` of the last event it applied (SSE Last-Event-ID works too). The stream starts with EDITS from it, or FULL when the server no longer has that version.',
      }),
    },
    subscribe: (_root, args, ctx) =>
      fileContentStream.fileContent(ctx, args.path, {
        edits: args.edits,
        since: args.since ?? ctx.lastEventId,
      }),
    resolve: (event) => event,
  }),
}));

const WatcherStatus = builder.objectRef<fileEvents.WatcherStatus>('WatcherStatus').implement({
  description: 'The file watcher behind fileChanges and fileContent.',
  fields: (t) => ({
    state: t.exposeString('state', {
      description:
        'STARTING (initial scan), WATCHING (every folder has a watch), DEGRADED (some folders are polled: the watch limit was reached) or STANDBY (another instance watches).',
    }),
    backend: t.exposeString('backend', {
      description: '`inotify` (default), `chokidar` or `parcel` (WATCH_BACKEND).',
    }),
    foldersWatched: t.exposeInt('foldersWatched', {
      nullable: true,
      description:
        'Folders with a kernel watch (inotify backend); null for backends that do not say.',
    }),
    foldersPolled: t.exposeInt('foldersPolled', {
      nullable: true,
      description:
        'Folders past the watch limit (ENOSPC or WATCH_MAX_FOLDERS), scanned every WATCH_POLL_MS instead.',
    }),
    watchLimit: t.exposeInt('watchLimit', {
      nullable: true,
      description:
        "The kernel's inotify watch limit (/proc/sys/fs/inotify/max_user_watches); null when unknown.",
    }),
    excludes: t.exposeStringList('excludes', {
      description:
        'Patterns never watched nor streamed (WATCH_IGNORE / watcher.ignore, .gitignore syntax); still served by the files API.',
    }),
    resyncs: t.exposeInt('resyncs', {
      description:
        'RESYNCs the watcher sent since start: event queue overflow, watch limit reached, watched folder replaced.',
    }),
    entriesSeen: t.exposeInt('entriesSeen', {
      description: 'Entries the initial scan has seen (chokidar scans; @parcel/watcher has none).',
    }),
    ready: t.exposeBoolean('ready', { description: 'The initial scan is over.' }),
    instanceId: t.exposeString('instanceId', {
      nullable: true,
      description: 'This instance (INSTANCE_ID) when instances share Redis; null otherwise.',
    }),
    owner: t.exposeString('owner', {
      nullable: true,
      description:
        'The instance that watches the files (holds the watcher lease) when instances share Redis; null when unknown or single.',
    }),
    watching: t.exposeBoolean('watching', {
      description: 'Whether this instance runs the file watcher.',
    }),
  }),
});

builder.queryField('watcherStatus', (t) =>
  t.field({
    type: WatcherStatus,
    authScopes: { 'files:read': true },
    resolve: (_root, _args, ctx) => fileEvents.watcherStatus(ctx),
  }),
);
