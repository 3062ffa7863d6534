// The log domain's operations for GraphQL and gRPC alike: query the stored
// lines, follow them live, analyse them, manage the files, and take in the
// lines agents push.
import { requireScopes } from '../core/auth/scope-check.ts';
import { mapAsyncIterator } from '../core/async-iterators.ts';
import { InvalidInput, TooLarge } from '../core/errors.ts';
import type { LogAnalysis, RepeatedMessage } from '../core/logs/log-analysis.ts';
import { decodeLogCursor, encodeLogCursor } from '../core/logs/log-cursor.ts';
import {
  logLevels,
  originOf,
  type LogEntry,
  type LogLevel,
  type LogSource,
} from '../core/logs/log-entry.ts';
import type { LogFilter } from '../core/logs/log-filter.ts';
import type { AgentLogLine, LogFileChunk, LogFileInfo, LogOrder } from '../core/logs/log-store.ts';
import type { TailEvent } from '../core/logs/log-tail-hub.ts';
import type { Context } from './context.ts';

export type {
  LogFileChunk,
  LogFileInfo,
  LogFilter,
  LogLevel,
  LogOrder,
  LogSource,
  RepeatedMessage,
};

/** A stored line as clients see it. */
export interface LogLine {
  /** Pass as `after` (paging) or `since` (tail) to continue from this line. */
  cursor: string;
  time: Date;
  level: LogLevel;
  source: LogSource;
  component: string | undefined;
  agentId: string | undefined;
  /** `server`, `server/<component>` or `agent/<id>`. */
  origin: string;
  message: string;
  fields: Record<string, unknown>;
}

function toLogLine(entry: LogEntry): LogLine {
  return {
    cursor: encodeLogCursor(entry.position),
    time: entry.time,
    level: entry.level,
    source: entry.source,
    component: entry.component,
    agentId: entry.agentId,
    origin: originOf(entry),
    message: entry.message,
    fields: entry.fields,
  };
}

export interface LogPageResult {
  lines: LogLine[];
  /** Cursor of the last line returned; pass it as `after` for the next page. */
  endCursor: string | undefined;
  hasMore: boolean;
  scannedLines: number;
  /** Stored lines skipped because they are not valid log JSON. */
  corruptLines: number;
}

export async function logs(
  ctx: Context,
  args: {
    filter?: LogFilter | undefined;
    first: number;
    after?: string | undefined;
    order: LogOrder;
  },
): Promise<LogPageResult> {
  requireScopes(ctx.principal, 'logs:read');
  const after = args.after ? decodeLogCursor(args.after, 'after') : undefined;
  const page = await ctx.services.logs.query(args.filter ?? {}, {
    first: args.first,
    after,
    order: args.order,
  });
  const lines = page.entries.map(toLogLine);
  return {
    lines,
    endCursor: lines.at(-1)?.cursor ?? args.after,
    hasMore: page.hasMore,
    scannedLines: page.scannedLines,
    corruptLines: page.corruptLines,
  };
}

export interface LogTailEvent {
  /** ENTRY: `line` is set. DROPPED: `dropped` lines were lost after `sequence`. */
  kind: 'ENTRY' | 'DROPPED';
  /** The line's cursor, or for DROPPED the last line delivered before the gap. Also the SSE id. */
  sequence: string | undefined;
  line: LogLine | undefined;
  dropped: number;
}

function toTailEvent(event: TailEvent): LogTailEvent {
  if (event.kind === 'entry') {
    const line = toLogLine(event.entry);
    return { kind: 'ENTRY', sequence: line.cursor, line, dropped: 0 };
  }
  return {
    kind: 'DROPPED',
    sequence: event.after ? encodeLogCursor(event.after) : undefined,
    line: undefined,
    dropped: event.dropped,
  };
}

/**
 * The last `tail` matching lines, then every new one, as `kubectl logs -f`
 * does. With `since` (a cursor), every matching line after it instead, then live.
 */
export function logTail(
  ctx: Context,
  args: { filter?: LogFilter | undefined; tail: number; since?: string | undefined },
): AsyncIterable<LogTailEvent> {
  requireScopes(ctx.principal, 'logs:read');
  const since = args.since ? decodeLogCursor(args.since, 'since') : undefined;
  const events = ctx.services.logs.tail(args.filter ?? {}, {
    tail: args.tail,
    since,
    signal: ctx.services.shutdown,
  });
  return mapAsyncIterator(events[Symbol.asyncIterator](), toTailEvent);
}

export interface LogStats extends LogAnalysis {
  scannedLines: number;
  corruptLines: number;
}

export const logStatsDefaults = { rangeMs: 60 * 60 * 1000, bucketSeconds: 60, topErrors: 10 };

export async function logStats(
  ctx: Context,
  args: {
    filter?: LogFilter | undefined;
    from?: Date | undefined;
    to?: Date | undefined;
    bucketSeconds: number;
    topErrors: number;
  },
): Promise<LogStats> {
  requireScopes(ctx.principal, 'logs:read');
  const to = args.to ?? new Date();
  const from = args.from ?? new Date(to.getTime() - logStatsDefaults.rangeMs);
  return ctx.services.logs.analyze(args.filter ?? {}, {
    from,
    to,
    bucketSeconds: args.bucketSeconds,
    topErrors: args.topErrors,
  });
}

export async function logFiles(ctx: Context): Promise<LogFileInfo[]> {
  requireScopes(ctx.principal, 'logs:read');
  return ctx.services.logs.listFiles();
}

export async function readLogFile(
  ctx: Context,
  args: { name: string; offset: number; length: number },
): Promise<LogFileChunk> {
  requireScopes(ctx.principal, 'logs:read');
  return ctx.services.logs.readFile(args.name, args.offset, args.length);
}

export async function deleteLogFile(ctx: Context, name: string): Promise<LogFileInfo> {
  requireScopes(ctx.principal, 'admin');
  const deleted = await ctx.services.logs.deleteFile(name);
  ctx.services.logger.info({ file: deleted.name, by: ctx.principal.id }, 'log file deleted');
  return deleted;
}

export async function rotateLogs(ctx: Context): Promise<LogFileInfo> {
  requireScopes(ctx.principal, 'admin');
  const active = await ctx.services.logs.rotate();
  ctx.services.logger.info({ file: active.name, by: ctx.principal.id }, 'log files rotated');
  return active;
}

/** One line as an agent sends it, before validation. */
export interface AgentLogLineInput {
  level: string;
  message: string;
  /** RFC 3339 text, a Date, or empty. */
  time?: string | Date | undefined;
  /** A JSON object, or its text (gRPC sends text). */
  fields?: unknown;
}

export const agentLogLimits = {
  agentIdLength: 128,
  messageBytes: 64 * 1024,
  fieldsBytes: 64 * 1024,
  linesPerCall: 1000,
};

const agentIdPattern = /^[A-Za-z0-9._:@-]+$/;
/** Keys the stored line sets itself; an agent's fields may not overwrite them. */
const reservedFieldKeys = new Set([
  'level',
  'time',
  'msg',
  'source',
  'agentId',
  'agentTime',
  'component',
]);

export function validateAgentId(agentId: string): string {
  if (!agentId || agentId.length > agentLogLimits.agentIdLength || !agentIdPattern.test(agentId)) {
    throw new InvalidInput(
      `agentId must be 1 to ${agentLogLimits.agentIdLength} characters of letters, digits and . _ : @ -`,
      { field: 'agentId' },
    );
  }
  return agentId;
}

/** Checks one pushed line; `index` names it in the error. */
export function validateAgentLogLine(line: AgentLogLineInput, index: number): AgentLogLine {
  const where = `lines[${index}]`;
  const level = line.level.toLowerCase();
  if (!(logLevels as readonly string[]).includes(level)) {
    throw new InvalidInput(`${where}.level must be one of ${logLevels.join(', ')}`, {
      field: `${where}.level`,
    });
  }
  if (Buffer.byteLength(line.message) > agentLogLimits.messageBytes) {
    throw new TooLarge(`${where}.message is longer than ${agentLogLimits.messageBytes} bytes`, {
      field: `${where}.message`,
    });
  }
  let time: Date | undefined;
  if (line.time instanceof Date) time = line.time;
  else if (line.time) {
    time = new Date(line.time);
    if (Number.isNaN(time.getTime())) {
      throw new InvalidInput(`${where}.time must be an RFC 3339 date-time`, {
        field: `${where}.time`,
      });
    }
  }
  return {
    level: level as LogLevel,
    message: line.message,
    time,
    fields: parseFields(line.fields, where),
  };
}

function parseFields(value: unknown, where: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let fields = value;
  if (typeof value === 'string') {
    if (Buffer.byteLength(value) > agentLogLimits.fieldsBytes) {
      throw new TooLarge(`${where}.fields is longer than ${agentLogLimits.fieldsBytes} bytes`, {
        field: `${where}.fields`,
      });
    }
    try {
      fields = JSON.parse(value);
    } catch {
      throw new InvalidInput(`${where}.fields must be a JSON object`, { field: `${where}.fields` });
    }
  } else if (Buffer.byteLength(JSON.stringify(value)) > agentLogLimits.fieldsBytes) {
    throw new TooLarge(`${where}.fields is longer than ${agentLogLimits.fieldsBytes} bytes`, {
      field: `${where}.fields`,
    });
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new InvalidInput(`${where}.fields must be a JSON object`, { field: `${where}.fields` });
  }
  const reserved = Object.keys(fields).find((key) => reservedFieldKeys.has(key));
  if (reserved) {
    throw new InvalidInput(`${where}.fields may not set "${reserved}": the server sets it`, {
      field: `${where}.fields`,
    });
  }
  return fields as Record<string, unknown>;
}

/**
 * Stores lines an agent pushed, tagged with its id. Every line is checked
 * before any is stored, so a bad batch stores nothing.
 */
export function pushAgentLogs(
  ctx: Context,
  args: {
    agentId: string;
    lines: readonly AgentLogLineInput[];
    /** Index of the first line in the caller's whole stream, so errors name the right one. */
    firstIndex?: number | undefined;
  },
): number {
  requireScopes(ctx.principal, 'agent');
  const agentId = validateAgentId(args.agentId);
  if (args.lines.length > agentLogLimits.linesPerCall) {
    throw new TooLarge(`at most ${agentLogLimits.linesPerCall} lines per call`, { field: 'lines' });
  }
  const first = args.firstIndex ?? 0;
  const lines = args.lines.map((line, index) => validateAgentLogLine(line, first + index));
  return ctx.services.logs.pushAgentLines(agentId, lines);
}
