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

export const defaultWatchIgnores = ['.git/objects', 'node_modules'];

export async function loadWatchIgnoreRules(
  root: string,
  globs: readonly string[],
  useGitignore: boolean,
): Promise<WatchIgnoreRules> {
  const matcher = ignore().add([...globs]);
  if (useGitignore) {
    const gitignore = await readFile(join(root, '.gitignore'), 'utf8').catch(() => '');
    matcher.add(gitignore);
  }
  return {
    globs,
    isIgnored(relativePath, isDirectory) {
      // `ignore` tells directories by a trailing slash.
      return (
        matcher.ignores(relativePath) ||
        (isDirectory !== false && matcher.ignores(`${relativePath}/`))
      );
    },
  };
}
