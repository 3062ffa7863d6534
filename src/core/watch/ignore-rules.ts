// Which paths the watcher skips: fixed globs (`.git/objects`, `node_modules`
// by default, as editors exclude them) and, when asked, the project's root .gitignore.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LinearGitignore } from '../patterns/linear-gitignore.ts';

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
  const gitignore = useGitignore
    ? await readFile(join(root, '.gitignore'), 'utf8').catch(() => '')
    : '';
  // Linear time (src/core/patterns/linear-gitignore.ts): every change event
  // is checked, and the project's .gitignore is anyone's to write.
  const matcher = new LinearGitignore([...globs, ...gitignore.split(/\r?\n/)]);
  return {
    globs,
    isIgnored(relativePath, isDirectory) {
      // Unknown kind (a deletion): ignored as a file or as a folder.
      return (
        matcher.ignores(relativePath, isDirectory === true) ||
        (isDirectory === undefined && matcher.ignores(relativePath, true))
      );
    },
  };
}
