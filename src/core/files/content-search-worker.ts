// Runs in a thread of the content-search pool (content-search-pool.ts): a
// client's regex over one open file's lines (searchFiles), or over one text it
// replaces in (replaceInFiles). The regex runs on RE2 (linear time), so a file
// costs time in proportion to its size; the thread keeps even that off the
// event loop, and the pool's deadline bounds it.
import { readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { RE2JS } from 're2js';
import { compileLinearRegex, type LinearRegex } from '../patterns/linear-regex.ts';
import { replaceEach, type TextReplacement } from './text-replacement.ts';

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

export interface TextReplaceTask {
  text: string;
  /** JavaScript syntax, already checked by the main thread (compileLinearRegex). */
  source: string;
  caseInsensitive: boolean;
  replacement: string;
  maxMatches: number;
}

// One replaceInFiles sends the same pattern for every file: compile it once per thread.
const replacePatterns = new Map<string, RE2JS>();

function replacePatternFor(task: TextReplaceTask): RE2JS {
  const key = `${task.caseInsensitive ? 'i' : '-'}${task.source}`;
  let pattern = replacePatterns.get(key);
  if (!pattern) {
    if (replacePatterns.size >= 32) replacePatterns.clear();
    // MULTILINE: ^ and $ at each line, as editors' replace-in-files means them.
    pattern = RE2JS.compile(
      RE2JS.translateRegExp(task.source),
      RE2JS.MULTILINE | (task.caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0),
    );
    replacePatterns.set(key, pattern);
  }
  return pattern;
}

/** `task.text` with every match replaced (`$1`, `$<name>` expanded), and where they were. */
export function replaceInText(task: TextReplaceTask): TextReplacement {
  const pattern = replacePatternFor(task);
  const rule = { replacement: task.replacement, expand: true, maxMatches: task.maxMatches };
  return replaceEach(task.text, rule, (replacer) =>
    pattern.matcher(task.text).replaceAll(replacer),
  );
}
