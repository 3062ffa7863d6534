// .gitignore files as git reads them: each applies to the folder it sits in
// and below, a deeper file can re-include what a shallower one excluded, and
// linear-gitignore.ts does the pattern matching (in linear time: anyone who
// may write files may write a .gitignore). `.git` itself is always ignored,
// as git never lists it.
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { LinearGitignore } from '../patterns/linear-gitignore.ts';
import type { OpenDirectory, ProjectJail } from './project-jail.ts';
import { projectRoot } from './project-path.ts';

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = constants;

/** A .gitignore larger than this is not read (no real one comes close). */
const maxGitignoreBytes = 1024 * 1024;

interface Layer {
  /** The folder the rules sit in, relative to the project root; `''` for the root. */
  base: string;
  rules: LinearGitignore;
}

export class GitignoreRules {
  readonly #layers: readonly Layer[];

  private constructor(layers: readonly Layer[]) {
    this.#layers = layers;
  }

  static readonly none = new GitignoreRules([]);

  /**
   * These rules plus the .gitignore inside `directory`, if it has one.
   * A .gitignore that is a symlink is not followed. Synchronous: walks call
   * it for every folder (see time-slice.ts).
   */
  enter(directory: OpenDirectory): GitignoreRules {
    let text: string;
    let fd: number | undefined;
    try {
      fd = openSync(directory.child('.gitignore'), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
      const stats = fstatSync(fd);
      if (!stats.isFile() || stats.size > maxGitignoreBytes) return this;
      text = readFileSync(fd, 'utf8');
    } catch {
      return this; // none, unreadable, or a symlink: no rules from here
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    const layer = { base: directory.realRelative, rules: new LinearGitignore(text) };
    return new GitignoreRules([...this.#layers, layer]);
  }

  /** Whether git would ignore `relative` (a path from the project root). */
  ignores(relative: string, isDirectory: boolean): boolean {
    const name = relative.slice(relative.lastIndexOf('/') + 1);
    if (name === '.git') return true;
    let ignored = false;
    for (const { base, rules } of this.#layers) {
      const inside = base === '' ? relative : relative.slice(base.length + 1);
      if (base !== '' && !relative.startsWith(`${base}/`)) continue;
      const result = rules.test(inside, isDirectory);
      // The deepest file with an opinion decides, as in git.
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }
}

/**
 * Opens the folder at `realRelative` from the root down, one O_NOFOLLOW step
 * at a time, gathering the .gitignore rules of every folder on the way.
 */
export async function openWithRules(
  jail: ProjectJail,
  realRelative: string,
): Promise<{ directory: OpenDirectory; rules: GitignoreRules }> {
  let directory = await jail.openDirectory(jail.realRoot, projectRoot);
  try {
    let rules = GitignoreRules.none.enter(directory);
    for (const name of realRelative === '' ? [] : realRelative.split('/')) {
      const child = await jail.openChildDirectory(directory, name);
      await directory.close();
      directory = child;
      rules = rules.enter(directory);
    }
    return { directory, rules };
  } catch (error) {
    await directory.close();
    throw error;
  }
}
