// An uploaded archive as one list of entries, whatever its format: tar.gz
// (or plain tar) is read as it arrives, through gunzip and tar-stream; a zip
// is first spooled to a scratch file, since its central directory (the only
// trustworthy list of its entries) sits at its end, and then read with yauzl.
// The upload's own size is bounded here; what its entries unpack to is
// bounded by the caller (archive-staging.ts), as they are read.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract, type Header } from 'tar-stream';
import yauzl, { type Entry as ZipEntry, type ZipFile } from 'yauzl';
import { InvalidInput, TooLarge, isDomainError } from '../errors.ts';

export type ArchiveEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface ArchiveEntry {
  /** As the archive spells it. */
  name: string;
  type: ArchiveEntryType;
  /** For `other`: what it is (a fifo, a device). */
  typeName: string;
  /** What a symlink or hard link points to. */
  linkTarget: string;
  /** The size the archive declares; the body is counted as it is read too. */
  size: number;
  /** The entry's content; read it before asking for the next entry. */
  body: AsyncIterable<Buffer>;
}

/** Symlink targets are paths: PATH_MAX. */
const maxLinkBytes = 4096;

function unreadable(error: unknown): unknown {
  if (isDomainError(error)) return error;
  return new InvalidInput(
    `the upload is not a readable tar.gz, tar or zip archive: ${(error as Error).message}`,
    { field: 'archive' },
  );
}

/** Passes the upload's bytes on, failing with TOO_LARGE past `maxBytes`. */
async function* bounded(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      throw new TooLarge(
        `the archive is larger than the ${maxBytes}-byte limit (ARCHIVE_MAX_BYTES)`,
        {
          limit: maxBytes,
        },
      );
    }
    yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

/** The first bytes of a stream, and the whole stream again (those bytes first). */
async function peek(
  source: AsyncIterable<Buffer>,
  bytes: number,
): Promise<{ head: Buffer; stream: AsyncIterable<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let length = 0;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    length += next.value.length;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* seen;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      yield next.value;
    }
  }
  return { head: Buffer.concat(seen), stream: replay() };
}

/**
 * The entries of an uploaded archive. `scratch` is a private folder the
 * caller removes afterwards (a zip is spooled there).
 */
export async function* readArchive(
  upload: AsyncIterable<Uint8Array>,
  scratch: string,
  maxBytes: number,
): AsyncGenerator<ArchiveEntry> {
  const { head, stream } = await peek(bounded(upload, maxBytes), 262);
  if (head.length === 0) throw new InvalidInput('the archive is empty', { field: 'archive' });
  // PK\3\4 starts a zip with entries, PK\5\6 an empty one.
  if (head[0] === 0x50 && head[1] === 0x4b) {
    const file = join(scratch, 'upload.zip');
    await pipeline(Readable.from(stream), createWriteStream(file, { flags: 'wx' }));
    yield* readZip(file);
    return;
  }
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  // A plain tar says so at byte 257 (ustar, POSIX and GNU alike).
  if (!gzipped && head.subarray(257, 262).toString('latin1') !== 'ustar') {
    throw new InvalidInput('the upload is not a tar.gz, tar or zip archive', { field: 'archive' });
  }
  yield* readTar(stream, gzipped);
}

async function* readTar(
  stream: AsyncIterable<Buffer>,
  gzipped: boolean,
): AsyncGenerator<ArchiveEntry> {
  const extract = tarExtract();
  const source = Readable.from(stream);
  let feedError: unknown;
  const fed = (
    gzipped ? pipeline(source, createGunzip(), extract) : pipeline(source, extract)
  ).catch((error: unknown) => {
    feedError = error;
  });
  try {
    for await (const entry of extract) {
      const header: Header = entry.header;
      const body = entry as unknown as AsyncIterable<Buffer>;
      const type = tarType(header.type);
      yield {
        name: header.name,
        type,
        typeName: header.type ?? 'file',
        linkTarget: header.linkname ?? '',
        size: header.size ?? 0,
        body,
      };
      // Whatever the reader left of this entry's body is skipped.
      entry.resume();
    }
  } catch (error) {
    throw unreadable(feedError ?? error);
  } finally {
    extract.destroy();
    await fed;
  }
  if (feedError) throw unreadable(feedError);
}

function tarType(type: Header['type'] | undefined): ArchiveEntryType {
  switch (type ?? 'file') {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

async function* readZip(file: string): AsyncGenerator<ArchiveEntry> {
  let zip: ZipFile;
  try {
    // Names are decoded here (decodeStrings off) so that ours, not yauzl's, are the checks that refuse them.
    zip = await yauzl.openPromise(file, {
      lazyEntries: true,
      decodeStrings: false,
      validateEntrySizes: true,
      autoClose: false,
    });
  } catch (error) {
    throw unreadable(error);
  }
  try {
    for (let entry = await nextZipEntry(zip); entry; entry = await nextZipEntry(zip)) {
      const name = yauzl.getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileName as unknown as Buffer,
        entry.extraFields,
        true,
      );
      const unixType = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (entry.isEncrypted()) {
        throw new InvalidInput(`archive entry ${JSON.stringify(name)} is encrypted`, {
          entry: name,
        });
      }
      const type: ArchiveEntryType =
        unixType === S_IFLNK
          ? 'symlink'
          : unixType === S_IFDIR || name.endsWith('/')
            ? 'directory'
            : unixType === 0 || unixType === S_IFREG
              ? 'file'
              : 'other';
      const body = type === 'directory' ? emptyBody() : zipBody(zip, entry);
      let linkTarget = '';
      if (type === 'symlink') {
        if (entry.uncompressedSize > maxLinkBytes) {
          throw new InvalidInput(
            `archive entry ${JSON.stringify(name)} has a symlink target too long`,
            {
              entry: name,
            },
          );
        }
        const parts: Buffer[] = [];
        for await (const chunk of body) parts.push(chunk);
        linkTarget = Buffer.concat(parts).toString('utf8');
      }
      yield {
        name,
        type,
        typeName: type === 'other' ? `file of mode ${unixType.toString(8)}` : type,
        linkTarget,
        size: entry.uncompressedSize,
        body,
      };
    }
  } catch (error) {
    throw unreadable(error);
  } finally {
    zip.close();
  }
}

function nextZipEntry(zip: ZipFile): Promise<ZipEntry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: ZipEntry) => {
      cleanup();
      resolve(entry);
    };
    const onEnd = () => {
      cleanup();
      resolve(undefined);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

async function* zipBody(zip: ZipFile, entry: ZipEntry): AsyncGenerator<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  for await (const chunk of stream) yield chunk as Buffer;
}

async function* emptyBody(): AsyncGenerator<Buffer> {}
