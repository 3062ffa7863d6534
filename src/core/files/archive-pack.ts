// A folder as a tar.gz stream, made as it is read: one file open at a time,
// through the jail's descriptor-checked opens, so memory stays flat and the
// download starts at once however large the folder. tar-stream writes the
// headers (long names as PAX) from what we hand it; the `tar` package's
// packer reads paths from disk itself, which would step around the jail.
import { lstatSync, readlinkSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { pack as tarPack, type Pack } from 'tar-stream';
import { walkFolder, type FolderWalkOptions, type WalkedEntry } from './folder-walk.ts';
import type { ProjectJail, ResolvedPath } from './project-jail.ts';

type Sink = ReturnType<Pack['entry']>;

export interface PackProgress {
  files: number;
  bytes: number;
}

const chunkBytes = 64 * 1024;

/** The tar.gz of `start` (a folder the caller resolved and may read). */
export function packFolder(
  jail: ProjectJail,
  start: ResolvedPath,
  options: FolderWalkOptions,
  progress: PackProgress = { files: 0, bytes: 0 },
): Readable {
  const pack = tarPack();
  const gzip = createGzip();
  pack.on('error', (error: Error) => gzip.destroy(error));
  // The reader went away (a client hung up): stop walking.
  gzip.on('close', () => pack.destroy());
  pack.pipe(gzip);
  void (async () => {
    try {
      for await (const entry of walkFolder(jail, start, options)) {
        if (pack.destroyed) return;
        await addEntry(jail, pack, entry, progress);
      }
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
  entry: WalkedEntry,
  progress: PackProgress,
): Promise<void> {
  const where = entry.directory.child(entry.name);
  if (entry.kind === 'directory') {
    const stats = lstatOrUndefined(where);
    if (!stats) return;
    await written(pack, {
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
    await written(pack, {
      name: entry.inside,
      type: 'symlink',
      linkname: target,
      mode: 0o777,
      ...(stats ? { mtime: stats.mtime } : {}),
    });
    return;
  }
  let handle: FileHandle;
  try {
    handle = await jail.openChildFile(entry.directory, entry.name);
  } catch {
    return; // removed, replaced by a symlink, or unreadable since it was listed
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return;
    await copyFile(pack, handle, {
      name: entry.inside,
      size: stats.size,
      mode: stats.mode & 0o7777,
      mtime: stats.mtime,
    });
    progress.files++;
    progress.bytes += stats.size;
  } finally {
    await handle.close();
  }
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

type Header = Parameters<Pack['entry']>[0];

/** Adds a header-only entry (folder, symlink) and waits until the pack took it. */
function written(pack: Pack, header: Header): Promise<void> {
  return new Promise((resolve, reject) => {
    pack.entry(header, (error?: Error | null) => (error ? reject(error) : resolve()));
  });
}

/**
 * Copies a file of the size its header declares. A file that shrank while
 * it was read is padded with zeros, one that grew is cut: a tar header
 * cannot be taken back once sent.
 */
async function copyFile(pack: Pack, handle: FileHandle, header: Header): Promise<void> {
  const size = header.size ?? 0;
  let done!: () => void;
  let failed!: (error: Error) => void;
  const finished = new Promise<void>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const sink = pack.entry(header, (error?: Error | null) => (error ? failed(error) : done()));
  let remaining = size;
  while (remaining > 0) {
    if (pack.destroyed) throw new Error('the archive stream was closed');
    const buffer = Buffer.allocUnsafe(Math.min(chunkBytes, remaining));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
    const chunk = bytesRead === 0 ? buffer.fill(0) : buffer.subarray(0, bytesRead);
    remaining -= chunk.length;
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
