// Runs in a thread of the content-search pool (content-search-pool.ts):
// matches a client's regex over one open file's lines. The regex runs on RE2
// (linear time), so a file costs time in proportion to its size; the thread
// keeps even that off the event loop, and the pool's deadline bounds it.
import { readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { compileLinearRegex, type LinearRegex } from '../patterns/linear-regex.ts';

export interface LineMatch {
  line: number;
  column: number;
  text: string;
}

export interface ContentSearchTask {
  /** A descriptor the main thread opened (descriptors belong to the process). */
  fd: number;
  /** Already checked by the main thread (compileLinearRegex). */
  source: string;
  caseInsensitive: boolean;
  /** Lines are searched this far. */
  maxLineLength: number;
  /** Matching lines are returned cut to this length. */
  maxTextLength: number;
  /** Stop after this many matches in the file. */
  maxMatches: number;
}

// One search sends the same pattern for every file: compile it once per thread.
const compiled = new Map<string, LinearRegex>();

function patternFor(task: ContentSearchTask): LinearRegex {
  const key = `${task.caseInsensitive ? 'i' : '-'}${task.source}`;
  let pattern = compiled.get(key);
  if (!pattern) {
    if (compiled.size >= 32) compiled.clear();
    pattern = compileLinearRegex(task.source, {
      field: 'content',
      caseInsensitive: task.caseInsensitive,
    });
    compiled.set(key, pattern);
  }
  return pattern;
}

export default function searchFileContent(task: ContentSearchTask): LineMatch[] {
  const pattern = patternFor(task);
  const matches: LineMatch[] = [];
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.allocUnsafe(64 * 1024);
  let pending = '';
  let lineNumber = 0;
  let position = 0;
  const search = (line: string) => {
    lineNumber++;
    const searched = line.length > task.maxLineLength ? line.slice(0, task.maxLineLength) : line;
    const index = pattern.search(searched);
    if (index === -1) return;
    const shown = searched.endsWith('\r') ? searched.slice(0, -1) : searched;
    matches.push({ line: lineNumber, column: index + 1, text: shown.slice(0, task.maxTextLength) });
  };
  for (;;) {
    const read = readSync(task.fd, buffer, 0, buffer.length, position);
    position += read;
    const text = pending + (read === 0 ? decoder.end() : decoder.write(buffer.subarray(0, read)));
    const lines = text.split('\n');
    // Mid-file, the last piece is an unfinished line; at the end, a final
    // newline leaves an empty piece that is no line of the file.
    const last = lines.pop() ?? '';
    pending = read === 0 ? '' : last;
    if (read === 0 && last !== '') lines.push(last);
    for (const line of lines) {
      search(line);
      if (matches.length >= task.maxMatches) return matches;
    }
    if (read === 0) return matches;
  }
}
