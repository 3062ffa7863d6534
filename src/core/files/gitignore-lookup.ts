// Whether git ignores a path, for a live feed that follows .gitignore files.
// Each folder's rules (its own .gitignore over those of the folders above) are
// read once, opening folders from the root down without following symlinks
// as walks do (gitignore-rules.ts), and kept until a change says they may
// differ: a .gitignore written, moved or removed, a folder moved or removed.
import { GitignoreRules } from './gitignore-rules.ts';
import type { OpenDirectory, ProjectJail } from './project-jail.ts';
import { pathAndAncestors, projectRoot } from './project-path.ts';

export interface GitignoreLookupOptions {
  /** Folders whose rules are kept; past it, all are forgotten. @default 1000 */
  maxFolders?: number;
}

export class GitignoreLookup {
  readonly #jail: ProjectJail;
  readonly #maxFolders: number;
  /** The rules in force inside each folder read so far, by project path (`''`: the root). */
  readonly #rules = new Map<string, GitignoreRules>();

  constructor(jail: ProjectJail, options: GitignoreLookupOptions = {}) {
    this.#jail = jail;
    this.#maxFolders = options.maxFolders ?? 1_000;
  }

  /**
   * Whether git ignores `relative`: it, or a folder above it (git never looks
   * inside an ignored folder), is matched by the .gitignore files on the way.
   * A folder that is gone (a deletion) is judged by the rules above it.
   */
  async ignores(relative: string, isDirectory: boolean): Promise<boolean> {
    const entries = pathAndAncestors(relative);
    const rules = await this.#rulesAlong(entries.slice(0, -1));
    return entries.some((entry, i) =>
      (rules[i] ?? GitignoreRules.none).ignores(entry, i < entries.length - 1 || isDirectory),
    );
  }

  /** Says that the entry at `relative` changed: rules it may alter are read again. */
  changed(relative: string, isDirectory: boolean): void {
    const slash = relative.lastIndexOf('/');
    if (relative.slice(slash + 1) === '.gitignore') this.#forget(relative.slice(0, slash + 1));
    if (isDirectory) this.#forget(`${relative}/`);
  }

  /** Forgets every folder's rules (events were lost: anything may have changed). */
  clear(): void {
    this.#rules.clear();
  }

  /** Forgets the folders at and below `folder` (`a/b/`; `''` is the root). */
  #forget(folder: string): void {
    if (folder === '') {
      this.#rules.clear();
      return;
    }
    for (const path of this.#rules.keys()) {
      if (`${path}/`.startsWith(folder)) this.#rules.delete(path);
    }
  }

  /** The rules in the root and in each of `folders` (outermost first). */
  async #rulesAlong(folders: readonly string[]): Promise<GitignoreRules[]> {
    const paths = ['', ...folders];
    const cached = paths.map((path) => this.#rules.get(path));
    if (cached.every((rules) => rules !== undefined)) return cached;
    const found: GitignoreRules[] = [];
    let directory: OpenDirectory | undefined;
    try {
      directory = await this.#jail.openDirectory(this.#jail.realRoot, projectRoot);
      for (const [i, path] of paths.entries()) {
        if (i > 0) {
          const child = await this.#jail.openChildDirectory(
            directory,
            path.slice(path.lastIndexOf('/') + 1),
          );
          await directory.close();
          directory = child;
        }
        const rules = cached[i] ?? (found[i - 1] ?? GitignoreRules.none).enter(directory);
        this.#remember(path, rules);
        found.push(rules);
      }
    } catch {
      // A folder gone, or no longer a folder: the folders below it keep the rules above.
    } finally {
      await directory?.close();
    }
    while (found.length < paths.length) found.push(found.at(-1) ?? GitignoreRules.none);
    return found;
  }

  #remember(path: string, rules: GitignoreRules): void {
    if (this.#rules.size >= this.#maxFolders && !this.#rules.has(path)) this.#rules.clear();
    this.#rules.set(path, rules);
  }
}
