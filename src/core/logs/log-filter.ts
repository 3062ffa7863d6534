// Which lines a query, a tail or an analysis looks at. Compiled once into a
// cheap test on the raw line (to skip parsing most non-matches) and a full
// test on the parsed entry.
import { InvalidInput } from '../errors.ts';
import { compileLinearRegex, type LinearRegex } from '../patterns/linear-regex.ts';
import { levelNumbers, type LogEntry, type LogLevel, type LogSource } from './log-entry.ts';

export interface LogFilter {
  /** Only these levels. */
  levels?: readonly LogLevel[] | undefined;
  /** This level and above. */
  minLevel?: LogLevel | undefined;
  source?: LogSource | undefined;
  component?: string | undefined;
  agentId?: string | undefined;
  /** Inclusive. */
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
  /** Case-insensitive; matched against the message and the line's other fields. */
  text?: string | undefined;
  /**
   * A regular expression (RE2 syntax, JavaScript escapes accepted) matched
   * against the message, in linear time; see docs/patterns.md.
   */
  regex?: string | undefined;
}

export interface CompiledLogFilter {
  filter: LogFilter;
  /** False only when the raw line certainly cannot match. */
  mayMatch(raw: string): boolean;
  matches(entry: LogEntry): boolean;
  /** Whether a file whose lines span [first, last] can hold a match. */
  overlaps(first: Date, last: Date): boolean;
}

export const regexLimits = { maxLength: 500 };

export function compileLogFilter(filter: LogFilter = {}): CompiledLogFilter {
  const levels = filter.levels && filter.levels.length > 0 ? new Set(filter.levels) : undefined;
  const minLevel = filter.minLevel ? levelNumbers[filter.minLevel] : undefined;
  const from = filter.from?.getTime();
  const to = filter.to?.getTime();
  if (from !== undefined && Number.isNaN(from))
    throw new InvalidInput('from is not a date', { field: 'from' });
  if (to !== undefined && Number.isNaN(to))
    throw new InvalidInput('to is not a date', { field: 'to' });
  const text = filter.text ? filter.text.toLowerCase() : undefined;
  const regex =
    filter.regex === undefined || filter.regex === '' ? undefined : compileRegex(filter.regex);
  // JSON escapes quotes, backslashes and control characters; only look for
  // text in the raw line when it has none of them, or the check could miss.
  const rawText = text && !needsJsonEscape(text) ? text : undefined;
  const agentNeedle = filter.agentId ? JSON.stringify(filter.agentId) : undefined;
  return {
    filter,
    mayMatch(raw) {
      if (agentNeedle && !raw.includes(agentNeedle)) return false;
      if (rawText && !raw.toLowerCase().includes(rawText)) return false;
      return true;
    },
    matches(entry) {
      if (levels && !levels.has(entry.level)) return false;
      if (minLevel !== undefined && levelNumbers[entry.level] < minLevel) return false;
      if (filter.source && entry.source !== filter.source) return false;
      if (filter.component && entry.component !== filter.component) return false;
      if (filter.agentId && entry.agentId !== filter.agentId) return false;
      const time = entry.time.getTime();
      if (from !== undefined && time < from) return false;
      if (to !== undefined && time >= to) return false;
      if (text && !entry.message.toLowerCase().includes(text) && !fieldsInclude(entry, text)) {
        return false;
      }
      if (regex && !regex.test(entry.message)) return false;
      return true;
    },
    overlaps(first, last) {
      if (from !== undefined && last.getTime() < from) return false;
      if (to !== undefined && first.getTime() >= to) return false;
      return true;
    },
  };
}

function needsJsonEscape(text: string): boolean {
  for (const char of text) if (char === '"' || char === '\\' || char < ' ') return true;
  return false;
}

function fieldsInclude(entry: LogEntry, text: string): boolean {
  return JSON.stringify(entry.fields).toLowerCase().includes(text);
}

function compileRegex(source: string): LinearRegex {
  // Linear time in the message (RE2): `^(a+)+$` cannot stall a query or a
  // live tail. Messages are capped where they come in.
  return compileLinearRegex(source, { field: 'regex', maxLength: regexLimits.maxLength });
}
