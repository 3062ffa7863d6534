// One folder's entries, sorted (folders first, then by name), filtered and
// cut to a limit without ever holding more than twice the limit in memory,
// however many entries the folder has.
import { lstatSync, opendirSync } from 'node:fs';
import { entryKind, type EntryKind, type OpenDirectory } from './project-jail.ts';
import { TimeSlice } from './time-slice.ts';

export interface ListedEntry {
  name: string;
  kind: EntryKind;
  /** 0 until stats are read. */
  size: number;
  modifiedAt: Date;
  /** Matched by a .gitignore (listed only when ignored entries were asked for). */
  ignored: boolean;
}

/** What to do with an entry: leave it out, list it marked ignored, or list it. */
export type EntryVerdict = 'hide' | 'ignored' | 'show';

export interface ListOptions {
  /** At most this many entries; `truncated` says whether more were left out. */
  limit: number;
  verdict(name: string, kind: EntryKind): EntryVerdict;
  /** Read size and modification time of each entry kept. */
  stats: boolean;
}

export interface Listing {
  entries: ListedEntry[];
  truncated: boolean;
}

const epoch = new Date(0);

/** Folders first, then by name as file trees show them: case aside, then case. */
function compareEntries(a: ListedEntry, b: ListedEntry): number {
  const aFolder = a.kind === 'directory' ? 0 : 1;
  const bFolder = b.kind === 'directory' ? 0 : 1;
  if (aFolder !== bFolder) return aFolder - bFolder;
  const aName = a.name.toLowerCase();
  const bName = b.name.toLowerCase();
  if (aName !== bName) return aName < bName ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Lists a folder with synchronous calls, handing the event loop back
 * whenever `slice` is used up (see time-slice.ts).
 */
export async function listDirectory(
  directory: OpenDirectory,
  options: ListOptions,
  slice: TimeSlice = new TimeSlice(),
): Promise<Listing> {
  let kept: ListedEntry[] = [];
  let seen = 0;
  const handle = opendirSync(directory.path, { bufferSize: 256 });
  try {
    for (let dirent = handle.readSync(); dirent !== null; dirent = handle.readSync()) {
      const kind = entryKind(dirent);
      const verdict = options.verdict(dirent.name, kind);
      if (verdict !== 'hide') {
        seen++;
        kept.push({
          name: dirent.name,
          kind,
          size: 0,
          modifiedAt: epoch,
          ignored: verdict === 'ignored',
        });
        if (kept.length >= options.limit * 2)
          kept = kept.sort(compareEntries).slice(0, options.limit);
      }
      if (slice.due()) await slice.yield();
    }
  } finally {
    handle.closeSync();
  }
  kept.sort(compareEntries);
  const truncated = seen > options.limit;
  if (truncated) kept = kept.slice(0, options.limit);
  if (!options.stats) return { entries: kept, truncated };
  for (const entry of kept) {
    try {
      const stats = lstatSync(directory.child(entry.name));
      entry.size = stats.isDirectory() ? 0 : stats.size;
      entry.modifiedAt = stats.mtime;
    } catch {
      entry.size = -1; // gone, or unreadable, since it was listed
    }
    if (slice.due()) await slice.yield();
  }
  // An entry removed while being listed has no stats: leave it out.
  return { entries: kept.filter((entry) => entry.size >= 0), truncated };
}
