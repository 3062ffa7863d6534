// Figures over a stretch of the log: how many lines of each level and origin
// fell in each time bucket, and which error messages repeat most. Messages
// are grouped after masking what varies between repeats (ids, numbers).
import { logLevels, levelNumbers, originOf, type LogEntry, type LogLevel } from './log-entry.ts';

export interface LogBucket {
  start: Date;
  total: number;
  byLevel: Record<LogLevel, number>;
  byOrigin: Map<string, number>;
}

export interface RepeatedMessage {
  /** The message with its variable parts masked: `<uuid>`, `<hex>`, `<n>`. */
  pattern: string;
  count: number;
  level: LogLevel;
  firstSeen: Date;
  lastSeen: Date;
  /** The most recent message as written. */
  example: string;
  origins: string[];
}

export interface LogAnalysis {
  from: Date;
  to: Date;
  bucketSeconds: number;
  buckets: LogBucket[];
  topErrors: RepeatedMessage[];
}

export function maskMessage(message: string): string {
  return message
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, '<hex>')
    .replace(/\d+(\.\d+)?/g, '<n>')
    .slice(0, 500);
}

/** Accumulates entries (in any order) into buckets and repeated errors. */
export class LogAnalyzer {
  readonly #from: number;
  readonly #bucketMs: number;
  readonly #buckets: LogBucket[];
  readonly #errors = new Map<string, RepeatedMessage>();
  readonly #errorLevel = levelNumbers.error;

  readonly from: Date;
  readonly to: Date;
  readonly bucketSeconds: number;

  constructor(from: Date, to: Date, bucketSeconds: number) {
    this.from = from;
    this.to = to;
    this.bucketSeconds = bucketSeconds;
    this.#from = from.getTime();
    this.#bucketMs = bucketSeconds * 1000;
    const count = Math.ceil((to.getTime() - this.#from) / this.#bucketMs);
    this.#buckets = Array.from({ length: count }, (_, i) => ({
      start: new Date(this.#from + i * this.#bucketMs),
      total: 0,
      byLevel: Object.fromEntries(logLevels.map((level) => [level, 0])) as Record<LogLevel, number>,
      byOrigin: new Map(),
    }));
  }

  add(entry: LogEntry): void {
    const bucket = this.#buckets[Math.floor((entry.time.getTime() - this.#from) / this.#bucketMs)];
    if (!bucket) return;
    const origin = originOf(entry);
    bucket.total += 1;
    bucket.byLevel[entry.level] += 1;
    bucket.byOrigin.set(origin, (bucket.byOrigin.get(origin) ?? 0) + 1);
    if (levelNumbers[entry.level] < this.#errorLevel) return;
    const pattern = maskMessage(entry.message);
    const seen = this.#errors.get(pattern);
    if (!seen) {
      this.#errors.set(pattern, {
        pattern,
        count: 1,
        level: entry.level,
        firstSeen: entry.time,
        lastSeen: entry.time,
        example: entry.message,
        origins: [origin],
      });
      return;
    }
    seen.count += 1;
    if (levelNumbers[entry.level] > levelNumbers[seen.level]) seen.level = entry.level;
    if (entry.time < seen.firstSeen) seen.firstSeen = entry.time;
    if (entry.time >= seen.lastSeen) {
      seen.lastSeen = entry.time;
      seen.example = entry.message;
    }
    if (!seen.origins.includes(origin) && seen.origins.length < 20) seen.origins.push(origin);
  }

  result(topErrors: number): LogAnalysis {
    const top = [...this.#errors.values()]
      .sort((a, b) => b.count - a.count || b.lastSeen.getTime() - a.lastSeen.getTime())
      .slice(0, topErrors);
    return {
      from: this.from,
      to: this.to,
      bucketSeconds: this.bucketSeconds,
      buckets: this.#buckets,
      topErrors: top,
    };
  }
}
