// The log domain's core: where server and agent lines are written (files and
// live tails), and every way of reading them back. One per running server.
import { open, rm } from 'node:fs/promises';
import { stoppable } from '../async-iterators.ts';
import { pino, type Logger } from 'pino';
import { Conflict, NotFound } from '../errors.ts';
import { redactedPaths } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { LogAnalyzer, type LogAnalysis } from './log-analysis.ts';
import type { LogEntry, LogLevel, LogPosition } from './log-entry.ts';
import { listLogFiles, parseLogFileName, type StoredLogFile } from './log-file-names.ts';
import { compileLogFilter, type LogFilter } from './log-filter.ts';
import { checkAnalysis, checkPageSize, checkReadRange, checkTailLines } from './log-limits.ts';
import { cachedFileSpan, scanLog, type LogSnapshot, type ScanStats } from './log-scan.ts';
import { LogTailHub, type TailEvent, type TailSubscription } from './log-tail-hub.ts';
import { RotatingLogFile } from './rotating-log-file.ts';

export interface LogStoreOptions {
  /** Folder of the log files (`DATA_DIR/logs`). */
  dir: string;
  files: { enabled: boolean; maxBytes: number; maxFiles: number; retentionDays: number };
  metrics: Metrics;
  /** Lines a tail may have waiting before it starts losing them. @default 1000 */
  tailQueueLength?: number;
}

/** A pino destination. */
export interface LineDestination {
  write(line: string): boolean;
}

export type LogOrder = 'newest-first' | 'oldest-first';

export interface LogPage extends ScanStats {
  entries: LogEntry[];
  /** More matching lines exist beyond this page (in the direction read). */
  hasMore: boolean;
}

export interface LogFileInfo {
  name: string;
  size: number;
  /** The file lines are being written to now. */
  active: boolean;
  modifiedAt: Date;
  /** Time of its first and last readable line; undefined for a file with none. */
  firstTime: Date | undefined;
  lastTime: Date | undefined;
}

export interface LogFileChunk {
  name: string;
  offset: number;
  /** Whole lines only, unless one line alone is longer than the length asked for. */
  content: string;
  nextOffset: number;
  /** The read reached the end of what is written so far. */
  eof: boolean;
}

export interface AgentLogLine {
  level: LogLevel;
  message: string;
  /** When the agent logged it; stored as `agentTime` beside the server's receipt time. */
  time?: Date | undefined;
  fields?: Record<string, unknown> | undefined;
}

const dayMs = 24 * 60 * 60 * 1000;

export class LogStore {
  readonly #writer: RotatingLogFile | undefined;
  readonly #hub: LogTailHub;
  readonly #metrics: Metrics;
  readonly #tailQueueLength: number;
  readonly #dir: string;
  /** When files are off, lines still reach tails; their positions just count up. */
  #unfiledLines = 0;
  readonly destination: LineDestination;
  readonly #agentLogger: Logger;

  private constructor(options: LogStoreOptions, writer: RotatingLogFile | undefined) {
    this.#writer = writer;
    this.#dir = options.dir;
    this.#metrics = options.metrics;
    this.#tailQueueLength = options.tailQueueLength ?? 1000;
    this.#hub = new LogTailHub({ onDropped: (count) => options.metrics.logTailDropped.inc(count) });
    if (writer) writer.onLine((line, position) => this.#hub.publish(line, position));
    this.destination = this.#destinationFor(options.metrics.logLines.labels({ source: 'server' }));
    // Agents' lines pass through pino too, for the same redaction and line shape.
    this.#agentLogger = pino(
      {
        level: 'trace',
        base: null,
        redact: { paths: redactedPaths, censor: '[redacted]' },
      },
      this.#destinationFor(options.metrics.logLines.labels({ source: 'agent' })),
    );
  }

  static async open(options: LogStoreOptions): Promise<LogStore> {
    const writer = options.files.enabled
      ? await RotatingLogFile.open({
          dir: options.dir,
          maxBytes: options.files.maxBytes,
          maxFiles: options.files.maxFiles,
          retentionMs: options.files.retentionDays * dayMs,
          onError: (error) => reportWriteError(options.metrics, error),
        })
      : undefined;
    return new LogStore(options, writer);
  }

  /** Keeps log files this many days from now on, deleting older ones at once. */
  async setRetentionDays(days: number): Promise<string[]> {
    return (await this.#writer?.setRetention(days * dayMs)) ?? [];
  }

  get filesEnabled(): boolean {
    return this.#writer !== undefined;
  }

  /** Stores lines an agent pushed, tagged with its id. Returns how many were stored. */
  pushAgentLines(agentId: string, lines: readonly AgentLogLine[]): number {
    const logger = this.#agentLogger.child({ source: 'agent', agentId });
    for (const line of lines) {
      const fields = {
        ...line.fields,
        ...(line.time ? { agentTime: line.time.toISOString() } : {}),
      };
      logger[line.level](fields, line.message);
    }
    return lines.length;
  }

  /** One page of matching lines, newest first unless asked otherwise. */
  async query(
    filter: LogFilter,
    page: { first: number; after?: LogPosition | undefined; order: LogOrder },
  ): Promise<LogPage> {
    const compiled = compileLogFilter(filter);
    checkPageSize(page.first);
    const result: LogPage = { entries: [], hasMore: false, scannedLines: 0, corruptLines: 0 };
    if (!this.#writer) return result;
    const snapshot = await this.#snapshot(this.#writer.position());
    const entries = scanLog(
      snapshot,
      compiled,
      {
        direction: page.order === 'newest-first' ? 'backward' : 'forward',
        from: page.after,
        onCorrupt: () => this.#metrics.logCorruptLines.inc(),
      },
      result,
    );
    for await (const entry of entries) {
      if (result.entries.length === page.first) {
        result.hasMore = true;
        break;
      }
      result.entries.push(entry);
    }
    return result;
  }

  /**
   * The last `tail` matching lines (or every one after `since`), then each new
   * one as it is written, until the consumer stops or `signal` aborts.
   */
  tail(
    filter: LogFilter,
    options: { tail: number; since?: LogPosition | undefined; signal?: AbortSignal | undefined },
  ): AsyncIterable<TailEvent> {
    const compiled = compileLogFilter(filter);
    checkTailLines(options.tail);
    let subscription: TailSubscription | undefined;
    let stopped = false;
    const stop = () => {
      stopped = true;
      options.signal?.removeEventListener('abort', stop);
      subscription?.close();
    };
    const events = async function* (this: LogStore): AsyncGenerator<TailEvent> {
      options.signal?.addEventListener('abort', stop, { once: true });
      if (options.signal?.aborted) stop();
      if (stopped) return;
      // Subscribing and reading the writer's position in one synchronous step
      // splits the log exactly: lines before `end` come from the files, the
      // rest live, none twice and none missed.
      const live = this.#hub.subscribe(compiled, this.#tailQueueLength);
      subscription = live;
      const end = this.#position();
      this.#metrics.logTailsOpen.inc();
      try {
        if (this.#writer) {
          let last: LogPosition | undefined;
          for await (const entry of this.#history(compiled, end, options.tail, options.since)) {
            if (stopped) return;
            yield { kind: 'entry', entry };
            last = entry.position;
          }
          live.setLastPosition(last ?? options.since);
        }
        for (;;) {
          const event = await live.next();
          if (!event || stopped) return;
          yield event;
        }
      } finally {
        this.#metrics.logTailsOpen.dec();
        stop();
      }
    };
    return stoppable(events.call(this), stop);
  }

  /** Counts per level and origin in time buckets, and the most repeated errors. */
  async analyze(
    filter: LogFilter,
    options: { from: Date; to: Date; bucketSeconds: number; topErrors: number },
  ): Promise<LogAnalysis & ScanStats> {
    checkAnalysis(options);
    const { from, to, bucketSeconds, topErrors } = options;
    const compiled = compileLogFilter({ ...filter, from, to });
    const analyzer = new LogAnalyzer(from, to, bucketSeconds);
    const stats: ScanStats = { scannedLines: 0, corruptLines: 0 };
    if (this.#writer) {
      const snapshot = await this.#snapshot(this.#writer.position());
      const entries = scanLog(
        snapshot,
        compiled,
        { direction: 'forward', onCorrupt: () => this.#metrics.logCorruptLines.inc() },
        stats,
      );
      for await (const entry of entries) analyzer.add(entry);
    }
    return { ...analyzer.result(topErrors), ...stats };
  }

  /** The log files, oldest first, with their size and time span. */
  async listFiles(): Promise<LogFileInfo[]> {
    if (!this.#writer) return [];
    const snapshot = await this.#snapshot(this.#writer.position());
    return Promise.all(snapshot.files.map((file) => this.#describe(file, snapshot)));
  }

  /** Raw JSON lines of one file from `offset`, at most `length` bytes. */
  async readFile(name: string, offset: number, length: number): Promise<LogFileChunk> {
    checkReadRange(offset, length);
    const { file, snapshot } = await this.#find(name);
    const end =
      file.number === snapshot.end.file ? Math.min(snapshot.end.offset, file.size) : file.size;
    const size = Math.max(0, Math.min(length, end - offset));
    const buffer = Buffer.alloc(size);
    const handle = await open(file.path, 'r');
    try {
      await handle.read(buffer, 0, size, offset);
    } finally {
      await handle.close();
    }
    const lastNewline = buffer.lastIndexOf(0x0a);
    const wholeLines = offset + size < end && lastNewline !== -1 ? lastNewline + 1 : size;
    return {
      name: file.name,
      offset,
      content: buffer.toString('utf8', 0, wholeLines),
      nextOffset: offset + wholeLines,
      eof: offset + wholeLines >= end,
    };
  }

  /** Deletes a rotated file; the active one cannot be deleted. */
  async deleteFile(name: string): Promise<LogFileInfo> {
    const { file, snapshot } = await this.#find(name);
    if (file.number === snapshot.end.file) {
      throw new Conflict('the active log file cannot be deleted: rotate the logs first', {
        name: file.name,
      });
    }
    const info = await this.#describe(file, snapshot);
    await rm(file.path, { force: true });
    return info;
  }

  /** Starts a new active file now; returns it. */
  async rotate(): Promise<LogFileInfo> {
    if (!this.#writer) throw new Conflict('log files are off (LOG_FILES=off)');
    const number = await this.#writer.rotateNow();
    const files = await this.listFiles();
    const active = files.find((file) => parseLogFileName(file.name) === number);
    if (!active) throw new Error(`rotated log file ${number} is missing`);
    return active;
  }

  async close(): Promise<void> {
    await this.#writer?.close();
  }

  #destinationFor(lines: { inc(): void }): LineDestination {
    const writer = this.#writer;
    if (writer) {
      return {
        write: (line) => {
          lines.inc();
          return writer.write(line);
        },
      };
    }
    return {
      write: (line) => {
        lines.inc();
        this.#hub.publish(line, { file: 0, offset: this.#unfiledLines++ });
        return true;
      },
    };
  }

  #position(): LogPosition {
    return this.#writer?.position() ?? { file: 0, offset: this.#unfiledLines };
  }

  async #snapshot(end: LogPosition): Promise<LogSnapshot> {
    await this.#writer?.whenWritten(end);
    return { files: await listLogFiles(this.#dir), end };
  }

  async *#history(
    filter: ReturnType<typeof compileLogFilter>,
    end: LogPosition,
    tail: number,
    since: LogPosition | undefined,
  ): AsyncGenerator<LogEntry> {
    const snapshot = await this.#snapshot(end);
    const stats: ScanStats = { scannedLines: 0, corruptLines: 0 };
    const onCorrupt = () => this.#metrics.logCorruptLines.inc();
    if (since) {
      yield* scanLog(snapshot, filter, { direction: 'forward', from: since, onCorrupt }, stats);
      return;
    }
    if (tail === 0) return;
    const last: LogEntry[] = [];
    for await (const entry of scanLog(
      snapshot,
      filter,
      { direction: 'backward', onCorrupt },
      stats,
    )) {
      last.push(entry);
      if (last.length >= tail) break;
    }
    yield* last.reverse();
  }

  async #find(name: string): Promise<{ file: StoredLogFile; snapshot: LogSnapshot }> {
    const number = parseLogFileName(name);
    if (!this.#writer) throw new NotFound(`no log file ${name}: log files are off`, { name });
    const snapshot = await this.#snapshot(this.#writer.position());
    const file = snapshot.files.find((f) => f.number === number);
    if (!file) throw new NotFound(`no log file ${name}`, { name });
    return { file, snapshot };
  }

  async #describe(file: StoredLogFile, snapshot: LogSnapshot): Promise<LogFileInfo> {
    const active = file.number === snapshot.end.file;
    const end = active ? Math.min(snapshot.end.offset, file.size) : file.size;
    const span = await cachedFileSpan(file, end, active).catch(() => undefined);
    return {
      name: file.name,
      size: file.size,
      active,
      modifiedAt: file.modifiedAt,
      firstTime: span?.first,
      lastTime: span?.last,
    };
  }
}

let lastReported = 0;

/** Counted always; told on stderr at most once a minute, since the logger may be what fails. */
function reportWriteError(metrics: Metrics, error: Error): void {
  metrics.logWriteErrors.inc();
  if (Date.now() - lastReported < 60_000) return;
  lastReported = Date.now();
  process.stderr.write(`genpod: writing log files failed: ${error.message}\n`);
}
