// A folder and what is below it, to a depth, as an editor's file tree shows
// it: .gitignore'd entries left out (or marked), entries the caller may not
// see never listed, each folder cut to a limit and the whole tree to a node
// budget, with `truncated` saying where something was left out.
import { onPath } from './fs-errors.ts';
import { listDirectory } from './directory-listing.ts';
import { EntryStatReader, unknownSize } from './entry-stats.ts';
import { GitignoreRules, openWithRules } from './gitignore-rules.ts';
import { listingVerdict } from './listing-verdict.ts';
import { TimeSlice } from './time-slice.ts';
import type { LanguageIndex } from './language.ts';
import type { EntryKind, OpenDirectory, ProjectJail, ResolvedPath } from './project-jail.ts';

export interface TreeEntry {
  /** The path as the client would name it (through the symlinks it named). */
  path: string;
  name: string;
  kind: Exclude<EntryKind, 'other'>;
  size: number;
  modifiedAt: Date;
  language: string | null;
  ignored: boolean;
  /** Some of this folder's entries were left out (the limit per folder, or the node budget). */
  truncated: boolean;
  /** Null for files and symlinks, and for folders below the depth asked for. */
  children: TreeEntry[] | null;
}

export interface TreeOptions {
  /** Levels of children: 0 is the entry alone, 1 its entries, and so on. */
  depth: number;
  /** Entries per folder. */
  limit: number;
  /** List .gitignore'd entries too (marked `ignored`) instead of leaving them out. */
  includeIgnored: boolean;
  /** Entries in the whole tree. */
  maxNodes: number;
  /**
   * Whether the caller may see an entry, by the path it is named with and
   * where it really is (a token's path rules show folders leading to allowed paths).
   */
  visible(relative: string, realRelative: string, isDirectory: boolean): boolean;
  languages: LanguageIndex;
  /** Read sizes and times with GNU find (entry-stats.ts) rather than in-process. */
  findStats: boolean;
}

interface Walk {
  jail: ProjectJail;
  options: TreeOptions;
  /** Entries still allowed in the tree. */
  budget: number;
  slice: TimeSlice;
  /** Reads the stats of each listed folder's entries, and closes the folder. */
  stats: EntryStatReader;
}

function join(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

/** The tree under `start` (already resolved and checked by the caller). */
export async function buildTree(
  jail: ProjectJail,
  start: ResolvedPath,
  stats: { kind: EntryKind; size: number; modifiedAt: Date },
  options: TreeOptions,
): Promise<TreeEntry> {
  const name = start.path.segments.at(-1) ?? '';
  const kind = start.isSymlink ? 'symlink' : stats.kind === 'directory' ? 'directory' : 'file';
  const root: TreeEntry = {
    path: start.path.relative,
    name,
    kind,
    size: stats.size,
    modifiedAt: stats.modifiedAt,
    language: stats.kind === 'file' ? options.languages.guess(name) : null,
    ignored: false,
    truncated: false,
    children: null,
  };
  if (stats.kind !== 'directory' || options.depth < 1) return root;
  const slice = new TimeSlice();
  const walk: Walk = {
    jail,
    options,
    budget: options.maxNodes,
    slice,
    stats: new EntryStatReader(options.findStats, slice),
  };
  const { directory, rules } = await onPath(start.path.relative, () =>
    openWithRules(jail, start.realRelative),
  );
  try {
    await fillAndStat(walk, root, directory, rules, 1, false);
  } finally {
    await walk.stats.finish();
  }
  leaveOutGone(root);
  return root;
}

/** `fill`, then hands the folder to the stat reader, which closes it. */
async function fillAndStat(
  walk: Walk,
  node: TreeEntry,
  directory: OpenDirectory,
  rules: GitignoreRules,
  level: number,
  insideIgnored: boolean,
): Promise<void> {
  try {
    await fill(walk, node, directory, rules, level, insideIgnored);
  } finally {
    await walk.stats.add(directory, node.children ?? []);
  }
}

/** Entries removed while being listed have no stats: leave them out. */
function leaveOutGone(node: TreeEntry): void {
  if (!node.children) return;
  node.children = node.children.filter((child) => child.size !== unknownSize);
  for (const child of node.children) leaveOutGone(child);
}

async function fill(
  walk: Walk,
  node: TreeEntry,
  directory: OpenDirectory,
  rules: GitignoreRules,
  level: number,
  insideIgnored: boolean,
): Promise<void> {
  const { options } = walk;
  if (walk.budget <= 0) {
    node.truncated = true;
    return;
  }
  const limit = Math.min(options.limit, walk.budget);
  const listing = await listDirectory(
    directory,
    {
      limit,
      stats: false,
      verdict: listingVerdict(options, rules, directory, node.path, insideIgnored),
    },
    walk.slice,
  );
  walk.budget -= listing.entries.length;
  node.truncated = listing.truncated;
  node.children = listing.entries.map((entry) => ({
    path: join(node.path, entry.name),
    name: entry.name,
    kind: entry.kind === 'directory' ? 'directory' : entry.kind === 'symlink' ? 'symlink' : 'file',
    size: unknownSize, // until walk.stats has read it
    modifiedAt: entry.modifiedAt,
    language: entry.kind === 'file' ? options.languages.guess(entry.name) : null,
    ignored: entry.ignored,
    truncated: false,
    children: null,
  }));
  if (level >= options.depth) return;
  for (const child of node.children) {
    if (child.kind !== 'directory') continue;
    let opened: OpenDirectory;
    try {
      opened = walk.jail.openChildDirectorySync(directory, child.name);
    } catch {
      // Removed or replaced since it was listed: show it without children.
      continue;
    }
    let childRules: GitignoreRules;
    try {
      childRules = rules.enter(opened);
    } catch (error) {
      await walk.stats.add(opened, []);
      throw error;
    }
    await fillAndStat(walk, child, opened, childRules, level + 1, child.ignored);
  }
}
