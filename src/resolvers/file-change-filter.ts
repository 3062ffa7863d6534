// The filters a client may put on a file change feed (fileChanges, and
// StreamData on gRPC): include and exclude globs, change kinds, and .gitignore.
// Checked when the feed is asked for, so a bad filter is refused before any
// event flows. See docs/file-events.md for what each means.
import { InvalidInput } from '../core/errors.ts';
import { GitignoreLookup } from '../core/files/gitignore-lookup.ts';
import { compileGlobFilter, type GlobFilter } from '../core/files/glob-filter.ts';
import type { ProjectJail } from '../core/files/project-jail.ts';
import type { FileChange, FileChangeKind } from '../core/watch/file-change.ts';

export interface FileChangeFilterArgs {
  /** Only changes at paths one of these globs matches (and the folders leading to them). */
  include?: readonly string[] | null | undefined;
  /** No changes at paths one of these globs matches, nor inside a matched folder. */
  exclude?: readonly string[] | null | undefined;
  /** Only changes of these kinds (as the client sees them); RESYNC always comes. */
  kinds?: readonly string[] | null | undefined;
  /** No changes at paths git ignores (.gitignore files, and `.git` itself). */
  respectGitignore?: boolean | null | undefined;
}

const changeKinds: ReadonlySet<string> = new Set<FileChangeKind>([
  'CREATED',
  'MODIFIED',
  'DELETED',
  'MOVED',
]);

export interface FileChangeFilter {
  /** The globs, when any were given. */
  globs: GlobFilter | undefined;
  /** The kinds to deliver, when limited. */
  kinds: ReadonlySet<string> | undefined;
  /** Present when the client asked to respect .gitignore. */
  gitignore: GitignoreLookup | undefined;
}

/** Checks a client's filter; throws BAD_USER_INPUT naming what it refuses. */
export function parseFileChangeFilter(
  args: FileChangeFilterArgs,
  jail: ProjectJail,
): FileChangeFilter {
  const globs = compileGlobFilter({
    include: args.include ?? undefined,
    exclude: args.exclude ?? undefined,
  });
  let kinds: Set<string> | undefined;
  if (args.kinds && args.kinds.length > 0) {
    kinds = new Set();
    for (const kind of args.kinds) {
      // RESYNC is always delivered; naming it is harmless.
      if (kind === 'RESYNC') continue;
      if (!changeKinds.has(kind)) {
        throw new InvalidInput(
          `kinds holds ${JSON.stringify(kind)}; each must be one of ${[...changeKinds].join(', ')}`,
          { field: 'kinds' },
        );
      }
      kinds.add(kind);
    }
  }
  return { globs, kinds, gitignore: args.respectGitignore ? gitignoreOf(jail) : undefined };
}

const lookups = new WeakMap<ProjectJail, GitignoreLookup>();

/**
 * One lookup for every feed of a project: each folder's rules are read once,
 * and each path judged once, however many feeds ask. Any feed that sees a
 * change to the rules makes all of them read again.
 */
function gitignoreOf(jail: ProjectJail): GitignoreLookup {
  let lookup = lookups.get(jail);
  if (!lookup) {
    lookup = new GitignoreLookup(jail);
    lookups.set(jail, lookup);
  }
  return lookup;
}

/**
 * Whether a change may alter which paths .gitignore files hide: a feed that
 * respects them must see it even when it is not to be delivered.
 */
export function changesGitignoreRules(change: FileChange): boolean {
  const isRulesFile = (path: string | undefined) =>
    path !== undefined && (path === '.gitignore' || path.endsWith('/.gitignore'));
  return (
    isRulesFile(change.path) ||
    isRulesFile(change.oldPath) ||
    (change.isDirectory && change.kind !== 'MODIFIED')
  );
}
