// Cursors for paging and resuming: a line's file number followed by its byte
// offset as twelve digits ("42" + "000000001234"). All digits, and growing
// with every line, so they also serve as SSE event ids: a browser's
// `Last-Event-ID` resumes a tail where it left off. They stay valid across
// rotation, and a cursor into a deleted file resumes at the nearest file left.
import { InvalidInput } from '../errors.ts';
import type { LogPosition } from './log-entry.ts';

const offsetDigits = 12;

export function encodeLogCursor(position: LogPosition): string {
  return `${position.file}${String(position.offset).padStart(offsetDigits, '0')}`;
}

export function decodeLogCursor(cursor: string, field = 'cursor'): LogPosition {
  const match = /^(\d{1,15})(\d{12})$/.exec(cursor);
  if (!match?.[1] || !match[2]) {
    throw new InvalidInput(`${field} is not a log cursor`, { field });
  }
  return { file: Number(match[1]), offset: Number(match[2]) };
}
