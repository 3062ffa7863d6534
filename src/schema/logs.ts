// Logs: query stored lines, follow them live, analyse them, manage the files,
// and let agents push lines over HTTP as they can over gRPC (LogService).
import { logLevels } from '../core/logs/log-entry.ts';
import * as logs from '../resolvers/logs.ts';
import { builder } from './builder.ts';

const LogLevel = builder.enumType('LogLevel', {
  values: Object.fromEntries(
    logLevels.map((level) => [level.toUpperCase(), { value: level }]),
  ) as Record<Uppercase<logs.LogLevel>, { value: logs.LogLevel }>,
});

const LogSource = builder.enumType('LogSource', {
  values: { SERVER: { value: 'server' }, AGENT: { value: 'agent' } } as const,
});

const LogOrder = builder.enumType('LogOrder', {
  values: {
    NEWEST_FIRST: { value: 'newest-first' },
    OLDEST_FIRST: { value: 'oldest-first' },
  } as const,
});

const LogFilterInput = builder.inputType('LogFilter', {
  description: 'Every condition given must hold.',
  fields: (t) => ({
    levels: t.field({ type: [LogLevel], required: false, description: 'Only these levels.' }),
    minLevel: t.field({ type: LogLevel, required: false, description: 'This level and above.' }),
    source: t.field({ type: LogSource, required: false }),
    component: t.string({
      required: false,
      description: 'The server part that logged it, e.g. graphql, grpc-js.',
    }),
    agentId: t.string({ required: false }),
    from: t.field({ type: 'DateTime', required: false, description: 'Inclusive.' }),
    to: t.field({ type: 'DateTime', required: false, description: 'Exclusive.' }),
    text: t.string({
      required: false,
      description: "Case-insensitive text in the message or the line's other fields.",
    }),
    regex: t.string({
      required: false,
      description:
        'A regular expression the message must match, run in linear time (RE2 syntax; JavaScript escapes accepted; no backreferences or lookaround; see docs/patterns.md).',
    }),
  }),
});

type FilterArgs =
  | {
      levels?: logs.LogLevel[] | null;
      minLevel?: logs.LogLevel | null;
      source?: logs.LogSource | null;
      component?: string | null;
      agentId?: string | null;
      from?: Date | null;
      to?: Date | null;
      text?: string | null;
      regex?: string | null;
    }
  | null
  | undefined;

function toFilter(input: FilterArgs): logs.LogFilter {
  return {
    levels: input?.levels ?? undefined,
    minLevel: input?.minLevel ?? undefined,
    source: input?.source ?? undefined,
    component: input?.component ?? undefined,
    agentId: input?.agentId ?? undefined,
    from: input?.from ?? undefined,
    to: input?.to ?? undefined,
    text: input?.text ?? undefined,
    regex: input?.regex ?? undefined,
  };
}

const LogLine = builder.objectRef<logs.LogLine>('LogLine').implement({
  description: 'One stored log line.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', {
      description: 'Pass as `after` (logs) or `since` (logTail) to continue from this line.',
    }),
    time: t.expose('time', { type: 'DateTime' }),
    level: t.field({ type: LogLevel, resolve: (line) => line.level }),
    source: t.field({ type: LogSource, resolve: (line) => line.source }),
    component: t.exposeString('component', { nullable: true }),
    agentId: t.exposeString('agentId', { nullable: true }),
    origin: t.exposeString('origin', {
      description: '`server`, `server/<component>` or `agent/<agent id>`.',
    }),
    message: t.exposeString('message'),
    fields: t.field({
      type: 'JSON',
      description: 'Every other field of the line (secrets redacted).',
      resolve: (line) => line.fields,
    }),
  }),
});

const LogPage = builder.objectRef<logs.LogPageResult>('LogPage').implement({
  fields: (t) => ({
    lines: t.field({ type: [LogLine], resolve: (page) => page.lines }),
    endCursor: t.exposeString('endCursor', {
      nullable: true,
      description: 'Pass as `after` to read the next page.',
    }),
    hasMore: t.exposeBoolean('hasMore'),
    scannedLines: t.exposeInt('scannedLines'),
    corruptLines: t.exposeInt('corruptLines', {
      description: 'Stored lines skipped because they are not valid log JSON.',
    }),
  }),
});

const LogTailEventKind = builder.enumType('LogTailEventKind', {
  values: ['ENTRY', 'DROPPED'] as const,
});

const LogTailEvent = builder.objectRef<logs.LogTailEvent>('LogTailEvent').implement({
  fields: (t) => ({
    sequence: t.exposeString('sequence', {
      nullable: true,
      description:
        "The line's cursor (for DROPPED: of the last line before the gap). Sent as the SSE id; pass as `since` to resume.",
    }),
    kind: t.field({
      type: LogTailEventKind,
      description:
        'DROPPED: this reader fell behind and `dropped` lines were lost here; resubscribe with `since: sequence` to read them from the files.',
      resolve: (event) => event.kind,
    }),
    line: t.field({ type: LogLine, nullable: true, resolve: (event) => event.line }),
    dropped: t.exposeInt('dropped'),
  }),
});

const LogFile = builder.objectRef<logs.LogFileInfo>('LogFile').implement({
  description: 'A JSON-lines file in DATA_DIR/logs.',
  fields: (t) => ({
    name: t.exposeString('name'),
    size: t.exposeInt('size', { description: 'Bytes.' }),
    active: t.exposeBoolean('active', { description: 'Lines are being written to it now.' }),
    modifiedAt: t.expose('modifiedAt', { type: 'DateTime' }),
    firstTime: t.expose('firstTime', { type: 'DateTime', nullable: true }),
    lastTime: t.expose('lastTime', { type: 'DateTime', nullable: true }),
  }),
});

const LogFileChunk = builder.objectRef<logs.LogFileChunk>('LogFileChunk').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    offset: t.exposeInt('offset'),
    content: t.exposeString('content', { description: 'Whole JSON lines.' }),
    nextOffset: t.exposeInt('nextOffset'),
    eof: t.exposeBoolean('eof'),
  }),
});

interface Count {
  key: string;
  count: number;
}

const LevelCount = builder
  .objectRef<{ level: logs.LogLevel; count: number }>('LevelCount')
  .implement({
    fields: (t) => ({
      level: t.field({ type: LogLevel, resolve: (c) => c.level }),
      count: t.exposeInt('count'),
    }),
  });

const OriginCount = builder.objectRef<Count>('OriginCount').implement({
  fields: (t) => ({
    origin: t.exposeString('key'),
    count: t.exposeInt('count'),
  }),
});

type Bucket = logs.LogStats['buckets'][number];

const LogBucket = builder.objectRef<Bucket>('LogBucket').implement({
  fields: (t) => ({
    start: t.expose('start', { type: 'DateTime' }),
    total: t.exposeInt('total'),
    byLevel: t.field({
      type: [LevelCount],
      resolve: (bucket) =>
        Object.entries(bucket.byLevel).map(([level, count]) => ({
          level: level as logs.LogLevel,
          count,
        })),
    }),
    byOrigin: t.field({
      type: [OriginCount],
      resolve: (bucket) => [...bucket.byOrigin].map(([key, count]) => ({ key, count })),
    }),
  }),
});

const RepeatedLogMessage = builder.objectRef<logs.RepeatedMessage>('RepeatedLogMessage').implement({
  fields: (t) => ({
    pattern: t.exposeString('pattern', {
      description: 'The message with ids and numbers masked as <uuid>, <hex>, <n>.',
    }),
    count: t.exposeInt('count'),
    level: t.field({ type: LogLevel, resolve: (m) => m.level }),
    firstSeen: t.expose('firstSeen', { type: 'DateTime' }),
    lastSeen: t.expose('lastSeen', { type: 'DateTime' }),
    example: t.exposeString('example'),
    origins: t.exposeStringList('origins'),
  }),
});

const LogStats = builder.objectRef<logs.LogStats>('LogStats').implement({
  fields: (t) => ({
    from: t.expose('from', { type: 'DateTime' }),
    to: t.expose('to', { type: 'DateTime' }),
    bucketSeconds: t.exposeInt('bucketSeconds'),
    buckets: t.field({ type: [LogBucket], resolve: (stats) => stats.buckets }),
    topErrors: t.field({
      type: [RepeatedLogMessage],
      description: 'The most repeated messages at level ERROR or FATAL.',
      resolve: (stats) => stats.topErrors,
    }),
    scannedLines: t.exposeInt('scannedLines'),
    corruptLines: t.exposeInt('corruptLines'),
  }),
});

const AgentLogLineInput = builder.inputType('AgentLogLineInput', {
  fields: (t) => ({
    level: t.field({ type: LogLevel, required: true }),
    message: t.string({ required: true }),
    time: t.field({
      type: 'DateTime',
      required: false,
      description: "When the agent logged it; stored as `agentTime` beside the server's time.",
    }),
    fields: t.field({ type: 'JSON', required: false, description: 'A JSON object.' }),
  }),
});

builder.queryFields((t) => ({
  logs: t.field({
    authScopes: { 'logs:read': true },
    type: LogPage,
    description: 'Stored log lines, a page at a time, newest first unless asked otherwise.',
    args: {
      filter: t.arg({ type: LogFilterInput, required: false }),
      first: t.arg.int({ required: true, defaultValue: 100 }),
      after: t.arg.string({ required: false, description: 'A cursor from an earlier page.' }),
      order: t.arg({ type: LogOrder, required: true, defaultValue: 'newest-first' }),
    },
    resolve: (_root, args, ctx) =>
      logs.logs(ctx, {
        filter: toFilter(args.filter),
        first: args.first,
        after: args.after ?? undefined,
        order: args.order,
      }),
  }),
  logStats: t.field({
    authScopes: { 'logs:read': true },
    type: LogStats,
    description:
      'Lines per level and origin in time buckets, and the most repeated errors. The range defaults to the last hour.',
    args: {
      filter: t.arg({ type: LogFilterInput, required: false }),
      from: t.arg({ type: 'DateTime', required: false }),
      to: t.arg({ type: 'DateTime', required: false }),
      bucketSeconds: t.arg.int({ required: true, defaultValue: 60 }),
      topErrors: t.arg.int({ required: true, defaultValue: 10 }),
    },
    resolve: (_root, args, ctx) =>
      logs.logStats(ctx, {
        filter: toFilter(args.filter),
        from: args.from ?? undefined,
        to: args.to ?? undefined,
        bucketSeconds: args.bucketSeconds,
        topErrors: args.topErrors,
      }),
  }),
  logFiles: t.field({
    authScopes: { 'logs:read': true },
    type: [LogFile],
    description: 'The log files, oldest first.',
    resolve: (_root, _args, ctx) => logs.logFiles(ctx),
  }),
  logFile: t.field({
    authScopes: { 'logs:read': true },
    type: LogFileChunk,
    description: 'Raw JSON lines of one log file, from a byte offset.',
    args: {
      name: t.arg.string({ required: true }),
      offset: t.arg.int({ required: true, defaultValue: 0 }),
      length: t.arg.int({ required: true, defaultValue: 65536, description: 'At most 1 MiB.' }),
    },
    resolve: (_root, args, ctx) => logs.readLogFile(ctx, args),
  }),
}));

builder.mutationFields((t) => ({
  deleteLogFile: t.field({
    authScopes: { admin: true },
    type: LogFile,
    description: 'Deletes a rotated log file (not the active one). Needs the admin scope.',
    args: { name: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => logs.deleteLogFile(ctx, args.name),
  }),
  rotateLogs: t.field({
    authScopes: { admin: true },
    type: LogFile,
    description: 'Starts a new log file now and returns it. Needs the admin scope.',
    resolve: (_root, _args, ctx) => logs.rotateLogs(ctx),
  }),
  pushAgentLogs: t.int({
    authScopes: { agent: true },
    description:
      "Stores an agent's log lines, tagged with its id; returns how many. All are checked before any is stored.",
    args: {
      agentId: t.arg.string({ required: true }),
      lines: t.arg({ type: [AgentLogLineInput], required: true }),
    },
    resolve: (_root, args, ctx) =>
      logs.pushAgentLogs(ctx, {
        agentId: args.agentId,
        lines: args.lines.map((line) => ({
          level: line.level,
          message: line.message,
          time: line.time ?? undefined,
          fields: line.fields ?? undefined,
        })),
      }),
  }),
}));

builder.subscriptionField('logTail', (t) =>
  t.field({
    authScopes: { 'logs:read': true },
    type: LogTailEvent,
    description:
      'The last `tail` matching lines, then each new one as it is written (like `kubectl logs -f`). With `since` (or SSE Last-Event-ID), every matching line after that cursor instead.',
    args: {
      filter: t.arg({ type: LogFilterInput, required: false }),
      tail: t.arg.int({ required: true, defaultValue: 100 }),
      since: t.arg.string({ required: false }),
    },
    subscribe: (_root, args, ctx) =>
      logs.logTail(ctx, {
        filter: toFilter(args.filter),
        tail: args.tail,
        since: args.since ?? logCursorOrUndefined(ctx.lastEventId),
      }),
    resolve: (event) => event,
  }),
);

/** Last-Event-ID may belong to another stream; only a log cursor resumes a tail. */
function logCursorOrUndefined(id: string | undefined): string | undefined {
  return id && /^\d{13,27}$/.test(id) ? id : undefined;
}
