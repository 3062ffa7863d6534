// Every entry below a folder, depth first, one folder open at a time per
// level: the walk behind archive downloads. It keeps to the same rules as
// the tree and search walks (project-tree.ts, file-search.ts): entries the
// caller may not see are never listed, .gitignore'd ones are left out unless
// asked for, symlinks are reported and never followed.
import { listDirectory } from './directory-listing.ts';
import { onPath } from './fs-errors.ts';
import { GitignoreRules, openWithRules } from './gitignore-rules.ts';
import { listingVerdict } from './listing-verdict.ts';
import type { OpenDirectory, ProjectJail, ResolvedPath } from './project-jail.ts';

export interface FolderWalkOptions {
  includeIgnored: boolean;
  /**
   * Whether the caller may see an entry, by the path it is named with and
   * where it really is (a token's path rules show folders leading to allowed paths).
   */
  visible(relative: string, realRelative: string, isDirectory: boolean): boolean;
  /** Leaves an entry (and, for a folder, all below it) out, by its path below the start. */
  excluded(inside: string): boolean;
}

export interface WalkedEntry {
  /** The path below the walk's start, with `/`. */
  inside: string;
  /** The path as the client names it, from the project root. */
  path: string;
  kind: 'file' | 'directory' | 'symlink';
  /** The folder holding the entry, open while the walk waits at this entry. */
  directory: OpenDirectory;
  name: string;
}

function join(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

/** Entries under `start` (a folder already resolved and checked by the caller). */
export async function* walkFolder(
  jail: ProjectJail,
  start: ResolvedPath,
  options: FolderWalkOptions,
): AsyncGenerator<WalkedEntry> {
  const { directory, rules } = await onPath(start.path.relative, () =>
    openWithRules(jail, start.realRelative),
  );
  try {
    yield* walk(jail, options, directory, rules, start.path.relative, '', false);
  } finally {
    await directory.close();
  }
}

async function* walk(
  jail: ProjectJail,
  options: FolderWalkOptions,
  directory: OpenDirectory,
  rules: GitignoreRules,
  path: string,
  inside: string,
  insideIgnored: boolean,
): AsyncGenerator<WalkedEntry> {
  const listing = await listDirectory(directory, {
    limit: Number.MAX_SAFE_INTEGER,
    stats: false,
    verdict: listingVerdict(options, rules, directory, path, insideIgnored, (name) =>
      options.excluded(join(inside, name)),
    ),
  });
  for (const entry of listing.entries) {
    const kind =
      entry.kind === 'directory' ? 'directory' : entry.kind === 'symlink' ? 'symlink' : 'file';
    const entryPath = join(path, entry.name);
    const entryInside = join(inside, entry.name);
    yield { inside: entryInside, path: entryPath, kind, directory, name: entry.name };
    if (kind !== 'directory') continue;
    let child: OpenDirectory;
    try {
      child = await jail.openChildDirectory(directory, entry.name);
    } catch {
      continue; // removed or replaced since it was listed
    }
    try {
      yield* walk(jail, options, child, rules.enter(child), entryPath, entryInside, entry.ignored);
    } finally {
      await child.close();
    }
  }
}
