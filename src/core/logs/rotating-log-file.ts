// The log files' writer: a pino destination that appends JSON lines to
// `genpod-<n>.jsonl`, starts a new file when the active one would pass its
// size limit (or is a day old, or on request), and deletes files past the
// retention age or count. Writing goes through SonicBoom (what
// pino.destination returns), pino's own asynchronous file stream; one per
// file, so a rotation never lets buffered lines of one file land in the next
// and every line's byte offset is known the moment it is written. pino-roll
// (built on the same stream) has no rotate-on-request, no age limit and no
// signal of which file is active, which querying and tailing need.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import type { LogPosition } from './log-entry.ts';
import { listLogFiles, logFileName } from './log-file-names.ts';

export interface RotatingLogFileOptions {
  dir: string;
  /** The active file rotates before a line would take it past this size. */
  maxBytes: number;
  /** Files kept, the active one included; the oldest go first. */
  maxFiles: number;
  /** Files last written longer ago than this are deleted. */
  retentionMs: number;
  /** Also rotate once the active file has been open this long. @default one day */
  maxFileAgeMs?: number;
  /** A failed write or clean-up; logging carries on. */
  onError?: (error: Error) => void;
}

/** Told of every line as it is written, synchronously: keep it cheap. */
export type LineListener = (line: string, position: LogPosition) => void;

interface ActiveFile {
  number: number;
  path: string;
  stream: FileStream;
  openedAt: number;
  /** Bytes handed to the stream so far (offset of the next line). */
  assigned: number;
  /** Bytes the file system confirmed. */
  written: number;
  waiters: Array<{ offset: number; resolve: () => void }>;
  /** Resolves once the stream has flushed everything and closed. */
  closed: Promise<void>;
}

type FileStream = ReturnType<typeof pino.destination>;

const dayMs = 24 * 60 * 60 * 1000;
const retentionSweepMs = 60 * 60 * 1000;

export class RotatingLogFile {
  readonly dir: string;
  readonly #options: RotatingLogFileOptions;
  #active: ActiveFile;
  /** Files rotated away whose streams are still flushing. */
  readonly #closing = new Map<number, Promise<void>>();
  readonly #listeners = new Set<LineListener>();
  readonly #sweep: NodeJS.Timeout;
  #ended = false;
  #retention: Promise<unknown> = Promise.resolve();
  #retentionMs: number;

  private constructor(options: RotatingLogFileOptions, active: ActiveFile) {
    this.dir = options.dir;
    this.#options = options;
    this.#active = active;
    this.#retentionMs = options.retentionMs;
    this.#sweep = setInterval(() => void this.enforceRetention(), retentionSweepMs).unref();
  }

  /** Creates the folder and continues the newest file if it still has room. */
  static async open(options: RotatingLogFileOptions): Promise<RotatingLogFile> {
    await mkdir(options.dir, { recursive: true });
    const existing = await listLogFiles(options.dir);
    const last = existing.at(-1);
    // Continue the newest file only while it has room and is recent: an old
    // one must stay closed so the age limit can remove it.
    const continueLast =
      last !== undefined &&
      last.size < options.maxBytes &&
      Date.now() - last.modifiedAt.getTime() < (options.maxFileAgeMs ?? dayMs);
    const active = continueLast
      ? openFile(options, last.number, last.size)
      : openFile(options, (last?.number ?? 0) + 1, 0);
    const writer = new RotatingLogFile(options, active);
    await writer.enforceRetention();
    return writer;
  }

  /** pino's destination contract: one whole line per call. Never blocks. */
  write(line: string): boolean {
    if (this.#ended) return false;
    const text = line.endsWith('\n') ? line : `${line}\n`;
    const bytes = Buffer.byteLength(text);
    const active = this.#active;
    const tooBig = active.assigned > 0 && active.assigned + bytes > this.#options.maxBytes;
    const tooOld =
      active.assigned > 0 && Date.now() - active.openedAt > (this.#options.maxFileAgeMs ?? dayMs);
    if (tooBig || tooOld) this.#rotate();
    const current = this.#active;
    const position = { file: current.number, offset: current.assigned };
    current.assigned += bytes;
    const accepted = current.stream.write(text);
    for (const listener of this.#listeners) {
      try {
        listener(text, position);
      } catch (error) {
        this.#options.onError?.(error as Error);
      }
    }
    return accepted;
  }

  /** Where the next line will go. */
  position(): LogPosition {
    return { file: this.#active.number, offset: this.#active.assigned };
  }

  get activeNumber(): number {
    return this.#active.number;
  }

  onLine(listener: LineListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves once every line before `position` is in the file system, so a reader sees it. */
  async whenWritten(position: LogPosition): Promise<void> {
    const active = this.#active;
    const older = [...this.#closing].filter(([number]) => number <= position.file);
    await Promise.all(older.map(([, closed]) => closed));
    if (position.file !== active.number || active.written >= position.offset) return;
    await new Promise<void>((resolve) => active.waiters.push({ offset: position.offset, resolve }));
  }

  /** Starts a new file now; resolves with its number once the previous one is closed. */
  async rotateNow(): Promise<number> {
    const previous = this.#active.number;
    this.#rotate();
    await (this.#closing.get(previous) ?? Promise.resolve());
    return this.#active.number;
  }

  /** Changes the age limit and applies it at once; returns the names of the files deleted. */
  setRetention(retentionMs: number): Promise<string[]> {
    this.#retentionMs = retentionMs;
    return this.enforceRetention();
  }

  /** Deletes files past the age or count limit; never the active file. Returns their names. */
  enforceRetention(): Promise<string[]> {
    // One clean-up at a time: concurrent ones would list and count the same files.
    const run = this.#retention.then(() => this.#removeExpired());
    this.#retention = run.catch(() => []);
    return run;
  }

  async #removeExpired(): Promise<string[]> {
    try {
      const files = (await listLogFiles(this.dir)).filter((f) => f.number < this.#active.number);
      const cutoff = Date.now() - this.#retentionMs;
      const excess = files.length + 1 - this.#options.maxFiles;
      const doomed = files.filter(
        (file, index) => index < excess || file.modifiedAt.getTime() < cutoff,
      );
      for (const file of doomed) await rm(file.path, { force: true });
      return doomed.map((file) => file.name);
    } catch (error) {
      this.#options.onError?.(error as Error);
      return [];
    }
  }

  /** Flushes and closes; later writes are dropped. */
  async close(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    clearInterval(this.#sweep);
    this.#listeners.clear();
    const active = this.#active;
    active.stream.end();
    await Promise.all([active.closed, ...this.#closing.values()]);
  }

  #rotate(): void {
    const old = this.#active;
    this.#active = openFile(this.#options, old.number + 1, 0);
    this.#closing.set(old.number, old.closed);
    old.stream.end();
    // Once the old file is complete on disk, it counts towards the limits.
    void old.closed.then(() => {
      this.#closing.delete(old.number);
      return this.enforceRetention();
    });
  }
}

function openFile(options: RotatingLogFileOptions, number: number, size: number): ActiveFile {
  const path = join(options.dir, logFileName(number));
  const stream = pino.destination({ dest: path, append: true, mkdir: true, sync: false });
  const file: ActiveFile = {
    number,
    path,
    stream,
    openedAt: Date.now(),
    assigned: size,
    written: size,
    waiters: [],
    closed: new Promise<void>((resolve) => stream.once('close', () => resolve())),
  };
  stream.on('write', (bytes: number) => {
    file.written += bytes;
    if (file.waiters.length === 0) return;
    const ready = file.waiters.filter((w) => w.offset <= file.written);
    file.waiters = file.waiters.filter((w) => w.offset > file.written);
    for (const waiter of ready) waiter.resolve();
  });
  stream.on('error', (error: Error) => {
    options.onError?.(error);
    // Nothing more will be confirmed for this file: readers waiting on it go on with what is there.
    for (const waiter of file.waiters) waiter.resolve();
    file.waiters = [];
  });
  void file.closed.then(() => {
    for (const waiter of file.waiters) waiter.resolve();
    file.waiters = [];
  });
  return file;
}
