// Whether git ignores a path, for a live feed that follows .gitignore files.
// Each folder's rules (its own .gitignore over those of the folders above) are
// read once, opening folders from the root down without following symlinks
// as walks do (gitignore-rules.ts), and kept until a change says they may
// differ: a .gitignore written, moved or removed, a folder created, moved or
// removed (the caller says so through `changed`).
import { GitignoreRules } from './gitignore-rules.ts';
import type { OpenDirectory, ProjectJail } from './project-jail.ts';
import { pathAndAncestors, projectRoot } from './project-path.ts';

export interface GitignoreLookupOptions {
  /** Folders whose rules are kept; past it, all are forgotten. @default 5000 */
  maxFolders?: number;
  /** Answers kept (every feed asks about the same paths); past it, all are forgotten. @default 20000 */
  maxAnswers?: number;
}

export class GitignoreLookup {
  readonly #jail: ProjectJail;
  readonly #maxFolders: number;
  readonly #maxAnswers: number;
  /** The rules in force inside each folder read so far, by project path (`''`: the root). */
  readonly #rules = new Map<string, GitignoreRules>();
  /** Answers given, by `d:` or `f:` and the path; true when ignored. */
  readonly #answers = new Map<string, boolean>();

  constructor(jail: ProjectJail, options: GitignoreLookupOptions = {}) {
    this.#jail = jail;
    this.#maxFolders = options.maxFolders ?? 5_000;
    this.#maxAnswers = options.maxAnswers ?? 20_000;
  }

  /**
   * Whether git ignores `relative`: it, or a folder above it (git never looks
   * inside an ignored folder), is matched by the .gitignore files on the way.
   * A folder that is gone (a deletion) is judged by the rules above it.
   */
  async ignores(relative: string, isDirectory: boolean): Promise<boolean> {
    const key = `${isDirectory ? 'd' : 'f'}:${relative}`;
    const known = this.#answers.get(key);
    if (known !== undefined) return known;
    const entries = pathAndAncestors(relative);
    const rules = await this.#rulesAlong(entries.slice(0, -1));
    const ignored = entries.some((entry, i) =>
      (rules[i] ?? GitignoreRules.none).ignores(entry, i < entries.length - 1 || isDirectory),
    );
    if (this.#answers.size >= this.#maxAnswers) this.#answers.clear();
    this.#answers.set(key, ignored);
    return ignored;
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
    this.#answers.clear();
  }

  /** Forgets the folders at and below `folder` (`a/b/`; `''` is the root). */
  #forget(folder: string): void {
    // Any answer may have come from these rules; answers are cheap to find again.
    this.#answers.clear();
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
      // A folder gone, or no longer a folder: the folders below it keep the rules
      // above, remembered too (a deleted tree's events come in a burst); its
      // creation is a change to a folder, which forgets them.
      for (let i = found.length; i < paths.length; i++) {
        const rules = found[i - 1] ?? GitignoreRules.none;
        this.#remember(paths[i] ?? '', rules);
        found.push(rules);
      }
    } finally {
      await directory?.close();
    }
    return found;
  }

  #remember(path: string, rules: GitignoreRules): void {
    if (this.#rules.size >= this.#maxFolders && !this.#rules.has(path)) this.#rules.clear();
    this.#rules.set(path, rules);
  }
}
