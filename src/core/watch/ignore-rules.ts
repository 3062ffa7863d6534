// Which paths the watcher skips: fixed globs (`.git/objects`, `node_modules`
// by default, as editors exclude them) and, when asked, the project's root .gitignore.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ignore from 'ignore';

export interface WatchIgnoreRules {
  /** Whole-subtree globs, for backends that take globs. */
  globs: readonly string[];
  isIgnored(relativePath: string, isDirectory: boolean | undefined): boolean;
}

const lookupsPerMatcher = 512;

export const defaultWatchIgnores = ['.git/objects', 'node_modules'];

export async function loadWatchIgnoreRules(
  root: string,
  globs: readonly string[],
  useGitignore: boolean,
): Promise<WatchIgnoreRules> {
  const gitignore = useGitignore
    ? await readFile(join(root, '.gitignore'), 'utf8').catch(() => '')
    : '';
  const patterns = [...globs, ...gitignore.split(/\r?\n/)];
  // `ignore` keeps every answer it gave (20 MiB for a 100k-file scan): a
  // fresh matcher every so many lookups keeps memory bounded.
  let matcher = ignore().add(patterns);
  let lookups = 0;
  return {
    globs,
    isIgnored(relativePath, isDirectory) {
      if (++lookups > lookupsPerMatcher) {
        matcher = ignore().add(patterns);
        lookups = 0;
      }
      // `ignore` tells directories by a trailing slash.
      return (
        matcher.ignores(relativePath) ||
        (isDirectory !== false && matcher.ignores(`${relativePath}/`))
      );
    },
  };
}
