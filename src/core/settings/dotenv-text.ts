// Edits the text of a .env file the way a person would: one assignment is
// replaced, added or removed, and every comment, blank line and the order of
// the rest stay as they were. Values are read with dotenv's own parser, and
// each edit is checked by parsing the result again.
import { parse } from 'dotenv';
import { InvalidInput } from '../errors.ts';

/**
 * The grammar dotenv's `parse` uses (dotenv 16–18, lib/main.js `LINE`), with
 * the `d` flag so each assignment's position is known.
 */
const assignment =
  /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/dgm;

export const envKeyPattern = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export interface DotenvAssignment {
  key: string;
  /** 1-based line of the key. */
  line: number;
  /** Offsets in the text: from the start of the key's line to the end of the assignment. */
  start: number;
  end: number;
  exported: boolean;
  /** A comment after the value on its line, with the spacing before it; kept when the value changes. */
  comment: string;
}

/** Every assignment in the text, in order; a key may appear more than once (the last wins). */
export function findAssignments(text: string): DotenvAssignment[] {
  const found: DotenvAssignment[] = [];
  for (const match of text.matchAll(assignment)) {
    const keySpan = match.indices?.[1];
    const key = match[1];
    if (!keySpan || key === undefined) continue;
    const start = text.lastIndexOf('\n', keySpan[0] - 1) + 1;
    // The pattern's trailing `\s*(?:#.*)?` may run into the next lines and
    // swallow a comment there; an assignment ends with its value and any
    // comment on the value's own last line.
    const valueSpan = match.indices?.[2];
    const valueEnd = valueSpan
      ? valueSpan[1]
      : keySpan[1] + (/^\s*(?:=|:)/.exec(text.slice(keySpan[1]))?.[0].length ?? 0);
    const visibleValueEnd = valueSpan
      ? valueSpan[0] + text.slice(valueSpan[0], valueSpan[1]).trimEnd().length
      : valueEnd;
    const rest = /^[ \t]*(#[^\r\n]*)?/.exec(text.slice(valueEnd));
    const hasComment = rest?.[1] !== undefined;
    const end = hasComment ? valueEnd + (rest?.[0].length ?? 0) : visibleValueEnd;
    found.push({
      key,
      line: text.slice(0, keySpan[0]).split('\n').length,
      start,
      end,
      exported: /^\s*export\s/.test(text.slice(start, keySpan[0])),
      comment: hasComment ? text.slice(visibleValueEnd, end) : '',
    });
  }
  return found;
}

/** The values as dotenv reads them. */
export function parseDotenv(text: string): Record<string, string> {
  return parse(text);
}

/**
 * The plainest way to write the value that dotenv reads back unchanged:
 * bare, then single, double or backtick quotes.
 */
export function encodeDotenvValue(key: string, value: string): string {
  // Bare only when a shell sourcing the file would read the same: other tools read .env files too.
  const bare = /^[A-Za-z0-9_./:@%+,=-]*$/.test(value) ? [value] : [];
  const candidates = [...bare, `'${value}'`, `"${value}"`, `\`${value}\``];
  for (const candidate of candidates) {
    if (parse(`${key}=${candidate}`)[key] === value) return candidate;
  }
  throw new InvalidInput(
    'the value cannot be written to a .env file so that it reads back unchanged (it mixes all three quote characters with line breaks or comments)',
    { field: 'value' },
  );
}

function checkKey(key: string): void {
  if (!envKeyPattern.test(key) || key.length > 200) {
    throw new InvalidInput(
      'an environment variable name must start with a letter or "_" and hold only letters, digits, "_", "." and "-"',
      { field: 'key' },
    );
  }
}

/** Sets `key`: its last assignment is replaced in place (keeping its comment), or one is appended. */
export function setDotenvValue(text: string, key: string, value: string): string {
  checkKey(key);
  const line = `${key}=${encodeDotenvValue(key, value)}`;
  const existing = findAssignments(text).filter((found) => found.key === key);
  const last = existing[existing.length - 1];
  const candidates: string[] = [];
  if (last) {
    const prefix = last.exported ? 'export ' : '';
    const replace = (assignmentText: string) =>
      text.slice(0, last.start) + prefix + assignmentText + text.slice(last.end);
    if (last.comment) candidates.push(replace(line + last.comment));
    candidates.push(replace(line));
  } else {
    const newline = text.includes('\r\n') ? '\r\n' : '\n';
    const separator = text.length === 0 || text.endsWith('\n') ? '' : newline;
    candidates.push(`${text}${separator}${line}${newline}`);
  }
  // The first candidate dotenv reads back as intended: a kept comment must not change the value.
  const result = candidates.find((candidate) => parse(candidate)[key] === value);
  if (result === undefined) {
    throw new InvalidInput('the value cannot be written to this .env file unchanged', {
      field: 'value',
    });
  }
  return result;
}

/** Removes every assignment of `key` (with its line break); returns undefined when there was none. */
export function unsetDotenvValue(text: string, key: string): string | undefined {
  checkKey(key);
  const existing = findAssignments(text).filter((found) => found.key === key);
  if (existing.length === 0) return undefined;
  let result = text;
  for (const found of existing.reverse()) {
    const lineBreak = /^[ \t]*\r?\n/.exec(result.slice(found.end));
    const end = found.end + (lineBreak ? lineBreak[0].length : result.length - found.end);
    result = result.slice(0, found.start) + result.slice(end);
  }
  return result;
}
