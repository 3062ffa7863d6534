// A folder as a tar.gz stream, made as it is read: one file open at a time,
// through the jail's descriptor-checked opens, so memory stays flat and the
// download starts at once however large the folder. tar-stream writes the
// headers (long names as PAX) from what we hand it; the `tar` package's
// packer reads paths from disk itself, which would step around the jail.
import { closeSync, fstatSync, lstatSync, read, readSync, readlinkSync } from 'node:fs';
import { promisify } from 'node:util';
import { Transform, type Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { pack as tarPack, type Pack } from 'tar-stream';
import { walkFolder, type FolderWalkOptions, type WalkedEntry } from './folder-walk.ts';
import type { ProjectJail, ResolvedPath } from './project-jail.ts';
import { TimeSlice } from './time-slice.ts';

type Sink = ReturnType<Pack['entry']>;

const readAt = promisify(read);

export interface PackProgress {
  files: number;
  bytes: number;
}

/**
 * What gzip is handed at a time. tar-stream emits a 512-byte header and a
 * small body per file, and zlib does each write as one trip to the thread
 * pool: written one by one, the trips, not the compression, set the pace.
 */
const batchBytes = 64 * 1024;

/** Files up to this size are read in one synchronous read, larger ones streamed. */
const smallFileBytes = 64 * 1024;
const chunkBytes = 64 * 1024;
/**
 * Entries handed to the packer before waiting for it: small entries cost
 * microseconds, and a wait per entry would cost more than the entry. Bounds
 * what is buffered to this many small files.
 */
const window = 64;

/** The entries handed to the packer and not yet known to be taken. */
class PackWindow {
  readonly pack: Pack;
  #pending = 0;
  #last: Promise<void> = Promise.resolve();

  constructor(pack: Pack) {
    this.pack = pack;
  }

  add(header: Header, buffer?: Buffer): Promise<void> {
    this.#pending++;
    // Entries are taken in order: the last one's callback covers those before it.
    this.#last = new Promise((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (buffer) this.pack.entry(header, buffer, done);
      else this.pack.entry(header, done);
    });
    // A failure shows in the next wait; none is left unhandled meanwhile.
    this.#last.catch(() => {});
    return this.#pending >= window ? this.drain() : Promise.resolve();
  }

  async drain(): Promise<void> {
    await this.#last;
    this.#pending = 0;
  }
}

/** The tar.gz of `start` (a folder the caller resolved and may read). */
export function packFolder(
  jail: ProjectJail,
  start: ResolvedPath,
  options: FolderWalkOptions,
  progress: PackProgress = { files: 0, bytes: 0 },
): Readable {
  const pack = tarPack();
  const batches = batched(batchBytes);
  const gzip = createGzip();
  pack.on('error', (error: Error) => gzip.destroy(error));
  // The reader went away (a client hung up): stop walking.
  gzip.on('close', () => {
    batches.destroy();
    pack.destroy();
  });
  pack.pipe(batches).pipe(gzip);
  const entries = new PackWindow(pack);
  void (async () => {
    try {
      const slice = new TimeSlice();
      for await (const entry of walkFolder(jail, start, options)) {
        if (pack.destroyed) return;
        await addEntry(jail, pack, entries, entry, progress);
        if (slice.due()) await slice.yield();
      }
      await entries.drain();
      pack.finalize();
    } catch (error) {
      pack.destroy(error as Error);
    }
  })();
  return gzip;
}

async function addEntry(
  jail: ProjectJail,
  pack: Pack,
  entries: PackWindow,
  entry: WalkedEntry,
  progress: PackProgress,
): Promise<void> {
  const where = entry.directory.child(entry.name);
  if (entry.kind === 'directory') {
    const stats = lstatOrUndefined(where);
    if (!stats) return;
    await entries.add({
      name: `${entry.inside}/`,
      type: 'directory',
      mode: stats.mode & 0o7777,
      mtime: stats.mtime,
    });
    return;
  }
  if (entry.kind === 'symlink') {
    let target: string;
    try {
      target = readlinkSync(where);
    } catch {
      return; // gone since it was listed
    }
    const stats = lstatOrUndefined(where);
    await entries.add({
      name: entry.inside,
      type: 'symlink',
      linkname: target,
      mode: 0o777,
      ...(stats ? { mtime: stats.mtime } : {}),
    });
    return;
  }
  const fd = jail.openChildFileSync(entry.directory, entry.name);
  if (fd === undefined) return; // removed, replaced by a symlink, or unreadable since it was listed
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return;
    const header = {
      name: entry.inside,
      size: stats.size,
      mode: stats.mode & 0o7777,
      mtime: stats.mtime,
    };
    progress.files++;
    progress.bytes += stats.size;
    if (stats.size <= smallFileBytes) {
      await entries.add(header, readExactly(fd, stats.size));
      return;
    }
    await entries.drain();
    await copyFile(pack, fd, header);
  } finally {
    closeSync(fd);
  }
}

/** Gathers small chunks into ones of about `bytes`. */
function batched(bytes: number): Transform {
  let parts: Buffer[] = [];
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (size === 0 && chunk.length >= bytes) {
        // A large file's chunk: big enough as it is, and not worth a copy.
        this.push(chunk);
        callback();
        return;
      }
      parts.push(chunk);
      size += chunk.length;
      if (size >= bytes) {
        this.push(Buffer.concat(parts, size));
        parts = [];
        size = 0;
      }
      callback();
    },
    flush(callback) {
      if (size > 0) this.push(Buffer.concat(parts, size));
      callback();
    },
  });
}

/** `size` bytes from the start of a file: zeros where it shrank since its size was read. */
function readExactly(fd: number, size: number): Buffer {
  const buffer = Buffer.alloc(size);
  let at = 0;
  while (at < size) {
    const read = readSync(fd, buffer, at, size - at, at);
    if (read === 0) break;
    at += read;
  }
  return buffer;
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

type Header = Parameters<Pack['entry']>[0];

/**
 * Copies a file of the size its header declares. A file that shrank while
 * it was read is padded with zeros, one that grew is cut: a tar header
 * cannot be taken back once sent.
 */
async function copyFile(pack: Pack, fd: number, header: Header): Promise<void> {
  const size = header.size ?? 0;
  let done!: () => void;
  let failed!: (error: Error) => void;
  const finished = new Promise<void>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const sink = pack.entry(header, (error?: Error | null) => (error ? failed(error) : done()));
  let remaining = size;
  let position = 0;
  while (remaining > 0) {
    if (pack.destroyed) throw new Error('the archive stream was closed');
    const buffer = Buffer.allocUnsafe(Math.min(chunkBytes, remaining));
    const { bytesRead } = await readAt(fd, buffer, 0, buffer.length, position);
    const chunk = bytesRead === 0 ? buffer.fill(0) : buffer.subarray(0, bytesRead);
    remaining -= chunk.length;
    position += chunk.length;
    if (!sink.write(chunk)) await drained(sink, pack);
  }
  sink.end(undefined);
  await finished;
}

function drained(sink: Sink, pack: Pack): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      pack.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      sink.off('drain', onDrain);
      reject(new Error('the archive stream was closed'));
    };
    sink.once('drain', onDrain);
    pack.once('close', onClose);
  });
}
