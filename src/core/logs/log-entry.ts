// One log line as the rest of the server sees it. Lines are stored as pino
// writes them (JSON with a numeric `level`, epoch-ms `time` and `msg`); this
// module turns a stored line back into a typed entry and rejects what is not one.

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof logLevels)[number];

/** pino's numeric levels; agents' lines are stored with the same numbers. */
export const levelNumbers: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
};

export function levelFromNumber(value: number): LogLevel {
  // Custom levels in between round down, as pino's own level comparison does.
  let found: LogLevel = 'trace';
  for (const level of logLevels) if (value >= levelNumbers[level]) found = level;
  return found;
}

export type LogSource = 'server' | 'agent';

/** Where one line sits in the log files: file number and byte offset of its first byte. */
export interface LogPosition {
  file: number;
  offset: number;
}

export interface LogEntry {
  position: LogPosition;
  time: Date;
  level: LogLevel;
  source: LogSource;
  /** The server part that wrote it (pino `component` binding), if any. */
  component: string | undefined;
  /** Set on lines an agent pushed. */
  agentId: string | undefined;
  message: string;
  /** Every other field of the line, as stored (secrets already redacted). */
  fields: Record<string, unknown>;
  /** The stored JSON line itself. */
  raw: string;
}

const knownKeys = new Set(['level', 'time', 'msg', 'source', 'component', 'agentId']);

/**
 * Parses one stored line; undefined when it is not a log line (torn write,
 * hand-edited file, foreign content). Callers skip and count those.
 */
export function parseLogLine(raw: string, position: LogPosition): LogEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const { level, time } = record;
  if (typeof level !== 'number' || typeof time !== 'number' || !Number.isFinite(time)) {
    return undefined;
  }
  const fields: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(record)) if (!knownKeys.has(key)) fields[key] = field;
  return {
    position,
    time: new Date(time),
    level: levelFromNumber(level),
    source: record.source === 'agent' ? 'agent' : 'server',
    component: typeof record.component === 'string' ? record.component : undefined,
    agentId: typeof record.agentId === 'string' ? record.agentId : undefined,
    message: typeof record.msg === 'string' ? record.msg : '',
    fields,
    raw,
  };
}

/** A short label for grouping: `server`, `server/graphql`, `agent/a1`. */
export function originOf(entry: Pick<LogEntry, 'source' | 'component' | 'agentId'>): string {
  if (entry.source === 'agent') return `agent/${entry.agentId ?? 'unknown'}`;
  return entry.component ? `server/${entry.component}` : 'server';
}
