// Streams matching entries out of the log files in either direction, from a
// fixed snapshot (the files and the writer's position at one moment), one
// chunk at a time. Files whose time span cannot hold a match are skipped
// without reading them through.
import type { LogEntry, LogPosition } from './log-entry.ts';
import { parseLogLine } from './log-entry.ts';
import type { CompiledLogFilter } from './log-filter.ts';
import type { StoredLogFile } from './log-file-names.ts';
import { readLinesBackward, readLinesForward } from './line-reader.ts';

export interface LogSnapshot {
  /** Oldest first. */
  files: StoredLogFile[];
  /** Nothing at or after this position is read. */
  end: LogPosition;
}

export interface ScanStats {
  scannedLines: number;
  corruptLines: number;
}

export interface ScanOptions {
  direction: 'forward' | 'backward';
  /** Start just after (forward) or just before (backward) the line at this position. */
  from?: LogPosition | undefined;
  onCorrupt?: () => void;
}

export interface FileSpan {
  first: Date;
  last: Date;
}

/** The time of the first and last readable line, or undefined for a file with none. */
export async function readFileSpan(path: string, end: number): Promise<FileSpan | undefined> {
  const first = await firstTime(readLinesForward(path, 0, end));
  if (!first) return undefined;
  const last = await firstTime(readLinesBackward(path, end));
  return { first, last: last ?? first };
}

async function firstTime(
  lines: AsyncGenerator<{ text: string; start: number }>,
): Promise<Date | undefined> {
  try {
    for await (const line of lines) {
      const entry = parseLogLine(line.text, { file: 0, offset: line.start });
      if (entry) return entry.time;
    }
    return undefined;
  } finally {
    await lines.return(undefined);
  }
}

/** Spans of rotated files never change; keyed by name and size. */
const spanCache = new Map<string, FileSpan | undefined>();

export async function cachedFileSpan(
  file: StoredLogFile,
  end: number,
  active: boolean,
): Promise<FileSpan | undefined> {
  if (active) return readFileSpan(file.path, end);
  const key = `${file.path}:${file.size}`;
  if (spanCache.has(key)) return spanCache.get(key);
  const span = await readFileSpan(file.path, end);
  if (spanCache.size > 1000) spanCache.clear();
  spanCache.set(key, span);
  return span;
}

export async function* scanLog(
  snapshot: LogSnapshot,
  filter: CompiledLogFilter,
  options: ScanOptions,
  stats: ScanStats,
): AsyncGenerator<LogEntry> {
  const { from } = options;
  const forward = options.direction === 'forward';
  const files = snapshot.files.filter(
    (file) =>
      file.number <= snapshot.end.file &&
      (!from || (forward ? file.number >= from.file : file.number <= from.file)),
  );
  if (!forward) files.reverse();
  const timeBound = filter.filter.from !== undefined || filter.filter.to !== undefined;
  for (const file of files) {
    const active = file.number === snapshot.end.file;
    const fileEnd = active ? Math.min(snapshot.end.offset, file.size) : file.size;
    if (timeBound) {
      const span = await cachedFileSpan(file, fileEnd, active);
      if (!span || !filter.overlaps(span.first, span.last)) continue;
    }
    const inFromFile = from !== undefined && from.file === file.number;
    const lines = forward
      ? readLinesForward(file.path, inFromFile ? from.offset : 0, fileEnd)
      : readLinesBackward(file.path, inFromFile ? Math.min(from.offset, fileEnd) : fileEnd);
    try {
      for await (const line of lines) {
        // Forward from a cursor, the cursor's own line comes first: skip it.
        if (forward && inFromFile && line.start === from.offset) continue;
        stats.scannedLines += 1;
        if (!filter.mayMatch(line.text)) continue;
        const entry = parseLogLine(line.text, { file: file.number, offset: line.start });
        if (!entry) {
          stats.corruptLines += 1;
          options.onCorrupt?.();
          continue;
        }
        if (filter.matches(entry)) yield entry;
      }
    } catch (error) {
      // A file deleted or rotated away mid-read: what was read stands, the scan goes on.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
