// One consistent reading of a file: its metadata, its bytes when they fit
// under the size limit, and a version hashed from exactly those bytes.
// Larger files are hashed as they stream past, never held in memory.
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { fstatSync, type BigIntStats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { isBinaryFileSync } from 'isbinaryfile';
import { entryKind, type EntryKind } from './project-jail.ts';

export type FileBody =
  | { state: 'loaded'; bytes: Buffer; binary: boolean }
  /** Over the size limit: only byte ranges may be read. */
  | { state: 'too-large'; binary: boolean; limit: number };

export interface FileSnapshot {
  kind: EntryKind;
  /** Bytes of content; 0 for folders. */
  size: number;
  modifiedAt: Date;
  /** Changes whenever the content changes: sha256 of the bytes (of the entries' identity for folders). */
  version: string;
  /** Permission bits, kept when the file is rewritten. */
  mode: number;
  /** Absent for folders. */
  body: FileBody | undefined;
}

const chunkBytes = 64 * 1024;

export function contentVersion(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Text is valid UTF-8 with no NUL byte that isbinaryfile does not take for binary. */
export function isBinary(bytes: Buffer): boolean {
  return bytes.includes(0) || !isUtf8(bytes) || isBinaryFileSync(bytes, { size: bytes.length });
}

function directoryVersion(stats: BigIntStats): string {
  // A folder's mtime changes when an entry is added, removed or renamed.
  return createHash('sha256').update(`directory\0${stats.ino}\0${stats.mtimeNs}`).digest('hex');
}

/**
 * The mtime rounded to the millisecond as a plain `Stats.mtime` is (every
 * other stat here and the watcher's entries), where a BigIntStats' `mtime`
 * truncates: File.modifiedAt and event entries then agree to the millisecond.
 */
function roundedMtime(stats: BigIntStats): Date {
  const seconds = stats.mtimeNs / 1_000_000_000n;
  const nanoseconds = stats.mtimeNs % 1_000_000_000n;
  return new Date(Math.round(Number(seconds) * 1e3 + Number(nanoseconds) / 1e6));
}

export async function readSnapshot(handle: FileHandle, maxBytes: number): Promise<FileSnapshot> {
  // fstat of an open descriptor asks the kernel's inode, never the disk: not
  // worth a round trip to the thread pool (docs/performance.md).
  const stats = fstatSync(handle.fd, { bigint: true });
  const kind = entryKind(stats);
  const common = { kind, modifiedAt: roundedMtime(stats), mode: Number(stats.mode) & 0o7777 };
  if (kind !== 'file') {
    return { ...common, size: 0, version: directoryVersion(stats), body: undefined };
  }
  // Read to the end rather than trusting the size: the file may be growing.
  // A file that fits (or, hashed only, a file smaller than a chunk) is read
  // whole in one call: its size and one byte more, so a short read proves the
  // end was reached. Never a whole chunk for a small file: the watcher hashes
  // one file per event, and 64 KiB each (external memory, which V8 counts
  // against the old generation) started full collections (docs/watcher.md).
  const hash = createHash('sha256');
  let kept: Buffer[] | undefined = [];
  let total = 0;
  let head: Buffer | undefined;
  const sizeAndOne = Number(stats.size) + 1;
  let want = stats.size < BigInt(maxBytes) ? sizeAndOne : Math.min(sizeAndOne, chunkBytes);
  for (;;) {
    const buffer = Buffer.allocUnsafe(want);
    const { bytesRead } = await handle.read(buffer, 0, want, null);
    if (bytesRead === 0) break;
    const chunk = buffer.subarray(0, bytesRead);
    hash.update(chunk);
    head ??= chunk;
    total += bytesRead;
    if (kept && total <= maxBytes) kept.push(chunk);
    else kept = undefined;
    // A regular file reads short only at its end.
    if (bytesRead < want) break;
    want = chunkBytes;
  }
  const version = hash.digest('hex');
  if (!kept) {
    const binary = head ? isBinaryFileSync(head, { size: head.length }) : false;
    return {
      ...common,
      size: total,
      version,
      body: { state: 'too-large', binary, limit: maxBytes },
    };
  }
  const bytes = kept.length === 1 && kept[0] ? kept[0] : Buffer.concat(kept, total);
  return {
    ...common,
    size: total,
    version,
    body: { state: 'loaded', bytes, binary: isBinary(bytes) },
  };
}

/** Up to `length` bytes from `offset`; fewer at the end of the file. */
export async function readRange(
  handle: FileHandle,
  offset: number,
  length: number,
): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
