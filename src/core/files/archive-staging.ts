// Unpacking an upload in two steps: every entry is checked and every file
// unpacked into a private scratch folder first (outside the project), and
// only an archive found whole and safe is then written into the project,
// file by file, through the atomic write path. A hostile entry, a corrupt
// archive or a bomb is therefore refused before the project sees any of it.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TooLarge } from '../errors.ts';
import {
  badEntry,
  entrySegments,
  hardLinkTarget,
  insideFolder,
  symlinkTarget,
} from './archive-entry-name.ts';
import { readArchive, type ArchiveEntry } from './archive-read.ts';
import type { ProjectPath } from './project-path.ts';

/** Where uploads are unpacked before they are written: private to this server's DATA_DIR. */
export function archiveStagingRoot(dataDir: string): string {
  return join(dataDir, 'archive-staging');
}

/**
 * Removes the scratch folders of uploads a kill cut short. Called at start,
 * before any upload; skipped when instances share folders (REDIS_URL), where
 * another instance may be unpacking into its own.
 */
export async function removeLeftoverStaging(dataDir: string): Promise<void> {
  await rm(archiveStagingRoot(dataDir), { recursive: true, force: true });
}

export interface ArchiveLimits {
  /** Bytes of the upload, and bytes its files unpack to, each. */
  maxBytes: number;
  /** Entries of every kind, folders and links included. */
  maxEntries: number;
  /** One file's unpacked size (FILES_MAX_BYTES, as for any write). */
  maxFileBytes: number;
}

export type StagedEntry =
  | { kind: 'directory'; entry: string; path: ProjectPath }
  | { kind: 'file'; entry: string; path: ProjectPath; staged: string; size: number }
  | { kind: 'symlink'; entry: string; path: ProjectPath; target: string };

/**
 * Reads, checks and stages every entry of `upload`, to be unpacked into
 * `folder`; throws at the first entry refused, with nothing written to the project.
 */
export async function stageArchive(
  upload: AsyncIterable<Uint8Array>,
  folder: ProjectPath,
  scratch: string,
  limits: ArchiveLimits,
): Promise<StagedEntry[]> {
  const staged: StagedEntry[] = [];
  /** Files staged so far, by their path inside the archive: what a hard link may name. */
  const files = new Map<string, { staged: string; size: number }>();
  /** Symlinks of this archive: nothing is unpacked through them (as node-tar refuses too). */
  const links = new Set<string>();
  let count = 0;
  let unpacked = 0;
  for await (const entry of readArchive(upload, scratch, limits.maxBytes)) {
    count++;
    if (count > limits.maxEntries) {
      throw new TooLarge(
        `the archive has more than ${limits.maxEntries} entries (ARCHIVE_MAX_ENTRIES)`,
        { limit: limits.maxEntries, entry: entry.name },
      );
    }
    const segments = entrySegments(entry.name);
    const path = insideFolder(folder, segments);
    if (segments.length === 0) {
      if (entry.type === 'directory') continue; // `./`: the folder itself
      throw badEntry(entry.name, 'names the folder it is unpacked into');
    }
    for (let depth = 1; depth < segments.length; depth++) {
      const above = segments.slice(0, depth).join('/');
      if (links.has(above)) {
        throw badEntry(
          entry.name,
          `lies through ${JSON.stringify(above)}, a symlink of the same archive`,
        );
      }
    }
    const key = segments.join('/');
    // A later entry of the same name replaces a link: it is no longer one.
    if (entry.type !== 'symlink') links.delete(key);
    switch (entry.type) {
      case 'directory':
        staged.push({ kind: 'directory', entry: entry.name, path });
        break;
      case 'symlink': {
        symlinkTarget(entry.name, path, entry.linkTarget);
        staged.push({ kind: 'symlink', entry: entry.name, path, target: entry.linkTarget });
        files.delete(key);
        links.add(key);
        break;
      }
      case 'hardlink': {
        const target = hardLinkTarget(entry.name, entry.linkTarget).join('/');
        const file = files.get(target);
        if (!file) {
          throw badEntry(
            entry.name,
            `is a hard link to ${JSON.stringify(entry.linkTarget)}, which is no earlier file of the archive`,
          );
        }
        // A copy, not a link: a link would tie the project to the scratch folder.
        unpacked = addUnpacked(unpacked, file.size, limits, entry.name);
        staged.push({ kind: 'file', entry: entry.name, path, ...file });
        files.set(key, file);
        break;
      }
      case 'file': {
        const file = join(scratch, String(count));
        const size = await stageFile(entry, file, limits, unpacked);
        unpacked += size;
        staged.push({ kind: 'file', entry: entry.name, path, staged: file, size });
        files.set(key, { staged: file, size });
        break;
      }
      case 'other':
        throw badEntry(entry.name, `is a ${entry.typeName}, which is not unpacked`);
    }
  }
  return staged;
}

function addUnpacked(unpacked: number, size: number, limits: ArchiveLimits, entry: string): number {
  const total = unpacked + size;
  if (total > limits.maxBytes) {
    throw new TooLarge(
      `the archive unpacks to more than ${limits.maxBytes} bytes (ARCHIVE_MAX_BYTES)`,
      { limit: limits.maxBytes, entry },
    );
  }
  return total;
}

function fileTooLarge(entry: string, limits: ArchiveLimits): TooLarge {
  return new TooLarge(
    `archive entry ${JSON.stringify(entry)} is larger than the ${limits.maxFileBytes}-byte file limit (FILES_MAX_BYTES)`,
    { limit: limits.maxFileBytes, entry },
  );
}

/** Copies one file's body to `file`, counting as it goes: a lying header stops nothing. */
async function stageFile(
  entry: ArchiveEntry,
  file: string,
  limits: ArchiveLimits,
  unpacked: number,
): Promise<number> {
  if (entry.size > limits.maxFileBytes) throw fileTooLarge(entry.name, limits);
  addUnpacked(unpacked, entry.size, limits, entry.name);
  const out = createWriteStream(file, { flags: 'wx' });
  let size = 0;
  try {
    for await (const chunk of entry.body) {
      size += chunk.length;
      if (size > limits.maxFileBytes) throw fileTooLarge(entry.name, limits);
      addUnpacked(unpacked, size, limits, entry.name);
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'close');
  } finally {
    out.destroy();
  }
  return size;
}
