// One turn's worth of folder-entry differences, resolved into the changes a
// person would name. inotify reports a rename as two events (moved-from,
// moved-to) that libuv delivers in the same event-loop turn, so pairing what
// vanished with what appeared in one turn finds renames without holding any
// event back for a window.
import { isInsideFolder } from './raw-change.ts';
import type { WatchedFolder } from './watched-folder.ts';

export interface Vanished {
  folder: WatchedFolder;
  name: string;
  path: string;
  /** 0 when unknown (a file the initial scan did not stat). */
  ino: number;
  /** The folder that vanished, for a folder. */
  node: WatchedFolder | undefined;
}

export interface Appeared {
  folder: WatchedFolder;
  name: string;
  path: string;
  ino: number;
  /** Birth time (0 when the file system has none). */
  born: number;
  isDirectory: boolean;
}

export interface Rename {
  from: Vanished;
  to: Appeared;
}

export interface ResolvedBatch {
  /** Entries gone for good, in the order seen, before the renames. */
  removed: Vanished[];
  /** Renames, ordered so that none overwrites the source of a later one. */
  renamed: Rename[];
  /** Folders gone for good that held a rename's source: removed after it moved out. */
  removedAfter: Vanished[];
  /** New entries; `replaced` when a file took the place of a file (a modification). */
  added: Array<{ entry: Appeared; replaced: boolean }>;
}

export interface Batch {
  vanished: Vanished[];
  appeared: Appeared[];
  /** Known files written to, in the order seen. */
  changed: string[];
  /** Folders recorded as vanished this turn: what is inside them waits until they settle. */
  vanishing: Set<WatchedFolder>;
}

/** What the events of one turn said of one entry. */
export interface Look {
  rename: boolean;
  change: boolean;
}

export const newBatch = (): Batch => ({
  vanished: [],
  appeared: [],
  changed: [],
  vanishing: new Set(),
});

/** Whether the folder is inside (or is) one recorded as vanished this turn. */
export function insideVanishing(batch: Batch, folder: WatchedFolder): boolean {
  for (let up: WatchedFolder | undefined = folder; up; up = up.parent) {
    if (batch.vanishing.has(up)) return true;
  }
  return false;
}

const kindKey = (isDirectory: boolean, ino: number) => `${isDirectory ? 'd' : 'f'}${ino}`;

export function resolveBatch(vanished: Vanished[], appeared: Appeared[]): ResolvedBatch {
  const byInode = new Map<string, Vanished>();
  for (const gone of vanished) {
    if (gone.ino !== 0) byInode.set(kindKey(gone.node !== undefined, gone.ino), gone);
  }
  const paired = new Set<Vanished>();
  let renamed: Rename[] = [];
  let lonely: Appeared[] = [];
  for (const entry of appeared) {
    const from = byInode.get(kindKey(entry.isDirectory, entry.ino));
    // A folder removed and a new one given its freed inode are not a rename.
    const reborn =
      from?.node !== undefined &&
      from.node.born !== 0 &&
      entry.born !== 0 &&
      from.node.born !== entry.born;
    if (from && !reborn && !paired.has(from) && from.path !== entry.path) {
      paired.add(from);
      renamed.push({ from, to: entry });
    } else lonely.push(entry);
  }
  // A file the initial scan never stat'ed has no inode to pair by: one such
  // removal and one lone new file in the same turn are taken as a rename.
  const unknown = vanished.filter((gone) => gone.ino === 0 && !paired.has(gone));
  const lonelyFiles = lonely.filter((entry) => !entry.isDirectory);
  const [only] = unknown;
  const [target] = lonelyFiles;
  if (unknown.length === 1 && lonelyFiles.length === 1 && only && target) {
    if (only.path !== target.path && !appeared.some((entry) => entry.path === only.path)) {
      paired.add(only);
      renamed.push({ from: only, to: target });
      lonely = lonely.filter((entry) => entry !== target);
    }
  }

  const order = orderRenames(renamed);
  renamed = order.ordered;
  for (const rename of order.broken) {
    paired.delete(rename.from);
    lonely.push(rename.to);
  }
  const appearedAt = new Map(appeared.map((entry) => [entry.path, entry]));
  const removed: Vanished[] = [];
  const removedAfter: Vanished[] = [];
  const replacedPaths = new Set<string>();
  for (const gone of vanished) {
    if (paired.has(gone)) continue;
    // A file put in the place of a file: the addition (or rename) says it all.
    const over = appearedAt.get(gone.path);
    if (over && !over.isDirectory && gone.node === undefined) {
      replacedPaths.add(gone.path);
      continue;
    }
    if (renamed.some((rename) => isInsideFolder(gone.path, rename.from.path)))
      removedAfter.push(gone);
    else removed.push(gone);
  }
  return {
    removed,
    renamed,
    removedAfter,
    added: lonely.map((entry) => ({ entry, replaced: replacedPaths.has(entry.path) })),
  };
}

/**
 * Renames ordered so none lands on the source of one still to come (`mv b c;
 * mv a b`). A cycle (two files swapped through a temporary name) cannot be
 * told as renames: its members become a removal plus an addition each, which
 * replays to the same files.
 */
function orderRenames(renames: Rename[]): { ordered: Rename[]; broken: Rename[] } {
  const ordered: Rename[] = [];
  let pending = renames;
  while (pending.length > 0) {
    const sources = new Set(pending.map((rename) => rename.from.path));
    const ready = pending.filter((rename) => !sources.has(rename.to.path));
    if (ready.length === 0) return { ordered, broken: pending };
    ordered.push(...ready);
    pending = pending.filter((rename) => !ready.includes(rename));
  }
  return { ordered, broken: [] };
}
