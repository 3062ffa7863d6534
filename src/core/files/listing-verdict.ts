// Which entries of a folder the tree, search and archive walks show: the
// caller's access rules first, then .gitignore (whole ignored folders pass
// their state down), ignored entries shown marked only when asked for.
import type { EntryVerdict } from './directory-listing.ts';
import type { GitignoreRules } from './gitignore-rules.ts';
import type { EntryKind, OpenDirectory } from './project-jail.ts';

/**
 * `parent/name` for a normalised parent ('' for the root) and a name from
 * readdir (never '', '.', '..' or holding '/'): what path.join gives, without
 * its normalising pass over every entry of a walk.
 */
function join(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

export interface VisibleEntries {
  /** Whether the caller may see an entry (its project path and real path). */
  visible(relative: string, realRelative: string, isDirectory: boolean): boolean;
  /** List ignored entries marked `ignored` instead of leaving them out. */
  includeIgnored: boolean;
}

/**
 * The verdict for the entries of `directory`, listed at project path `path`;
 * `insideIgnored` when the folder itself is ignored. `alsoHidden` leaves out
 * more by name (an archive's excludes).
 */
export function listingVerdict(
  entries: VisibleEntries,
  rules: GitignoreRules,
  directory: OpenDirectory,
  path: string,
  insideIgnored: boolean,
  alsoHidden?: (name: string) => boolean,
): (name: string, kind: EntryKind) => EntryVerdict {
  return (name, kind) => {
    if (kind === 'other') return 'hide';
    const isDirectory = kind === 'directory';
    const realRelative = join(directory.realRelative, name);
    if (!entries.visible(join(path, name), realRelative, isDirectory)) return 'hide';
    if (alsoHidden?.(name)) return 'hide';
    const ignored = insideIgnored || rules.ignores(realRelative, isDirectory);
    if (!ignored) return 'show';
    return entries.includeIgnored ? 'ignored' : 'hide';
  };
}
