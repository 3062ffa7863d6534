// Reads newline-terminated lines from a file with their byte offsets, forward
// or backward, a chunk at a time: a query or a tail never loads a whole file.
import { open } from 'node:fs/promises';

export interface FileLine {
  text: string;
  /** Offset of the line's first byte. */
  start: number;
  /** Offset just past its newline. */
  end: number;
}

const chunkBytes = 64 * 1024;
const newline = 0x0a;

/** Lines starting at or after `start` and ending by `end`, oldest first. */
export async function* readLinesForward(
  path: string,
  start: number,
  end: number,
): AsyncGenerator<FileLine> {
  const handle = await open(path, 'r');
  try {
    let position = start;
    let carry: Buffer = Buffer.alloc(0);
    let carryStart = start;
    while (position < end) {
      const size = Math.min(chunkBytes, end - position);
      const chunk = Buffer.allocUnsafe(size);
      const { bytesRead } = await handle.read(chunk, 0, size, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const data =
        carry.length > 0
          ? Buffer.concat([carry, chunk.subarray(0, bytesRead)])
          : chunk.subarray(0, bytesRead);
      let lineStart = 0;
      let index: number;
      while ((index = data.indexOf(newline, lineStart)) !== -1) {
        if (index > lineStart) {
          yield {
            text: data.toString('utf8', lineStart, index),
            start: carryStart + lineStart,
            end: carryStart + index + 1,
          };
        }
        lineStart = index + 1;
      }
      // Copy the unfinished tail: `chunk` is reused memory only until the next read.
      carry = Buffer.from(data.subarray(lineStart));
      carryStart += lineStart;
    }
    // Bytes after the last newline are a torn line (a crash mid-write): hand
    // them over so the caller counts them as corrupt rather than losing track.
    if (carry.length > 0) {
      yield { text: carry.toString('utf8'), start: carryStart, end: carryStart + carry.length };
    }
  } finally {
    await handle.close();
  }
}

/** Lines ending at or before `end`, newest first. */
export async function* readLinesBackward(path: string, end: number): AsyncGenerator<FileLine> {
  const handle = await open(path, 'r');
  try {
    let position = end;
    let carry: Buffer = Buffer.alloc(0);
    while (position > 0) {
      const size = Math.min(chunkBytes, position);
      position -= size;
      const chunk = Buffer.allocUnsafe(size);
      const { bytesRead } = await handle.read(chunk, 0, size, position);
      if (bytesRead < size) throw new Error(`log file shrank while reading: ${path}`);
      // `data` covers [position, position + data.length).
      const data = carry.length > 0 ? Buffer.concat([chunk, carry]) : chunk;
      let stop = data.length;
      for (;;) {
        const previous = stop >= 2 ? data.lastIndexOf(newline, stop - 2) : -1;
        if (previous === -1) break;
        const text = lineText(data, previous + 1, stop);
        if (text) yield { text, start: position + previous + 1, end: position + stop };
        stop = previous + 1;
      }
      carry = Buffer.from(data.subarray(0, stop));
    }
    const text = lineText(carry, 0, carry.length);
    if (text) yield { text, start: 0, end: carry.length };
  } finally {
    await handle.close();
  }
}

function lineText(data: Buffer, start: number, stop: number): string {
  const last = stop > start && data[stop - 1] === newline ? stop - 1 : stop;
  return last > start ? data.toString('utf8', start, last) : '';
}
