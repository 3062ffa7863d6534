// Who may read and write which project files. One object with replaceable
// rules, so the configuration (and later a settings registry) can change them
// while the server runs; every file operation asks it before touching disk.
import picomatch from 'picomatch';
import { Forbidden } from '../errors.ts';
import type { Principal, Scope } from '../scopes.ts';
import { pathAndAncestors } from './project-path.ts';

export interface FileAccessRules {
  /** Refuse every write. */
  readOnly: boolean;
  /** Largest file, in bytes, read into memory or written. */
  maxBytes: number;
  /** Globs nobody may read, write or see listed. */
  deny: readonly string[];
  /** Globs anybody with `files:read` may read, but nobody may write (`.git` internals). */
  denyWrite: readonly string[];
  /** Globs hidden from everyone without `secretScope` (`.env*`). */
  secret: readonly string[];
  secretScope: Scope;
}

export const defaultFileAccessRules: FileAccessRules = {
  readOnly: false,
  maxBytes: 10 * 1024 * 1024,
  deny: [],
  denyWrite: ['**/.git'],
  secret: ['**/.env*'],
  secretScope: 'files:env',
};

export type FileAccess = 'read' | 'write';

type Matcher = (path: string) => boolean;

const never: Matcher = () => false;

function compile(globs: readonly string[]): Matcher {
  if (globs.length === 0) return never;
  // dot: `.env*` and `.git` start with a dot, which globs skip by default.
  // Bare regular expressions: walks test every entry, and picomatch's
  // matcher wrapper costs several times the match itself.
  const patterns = globs.map((glob) => picomatch.makeRe(glob, { dot: true }));
  return (path) => patterns.some((pattern) => pattern.test(path));
}

export class FileAccessPolicy {
  #rules: FileAccessRules;
  #deny: Matcher = never;
  #denyWrite: Matcher = never;
  #secret: Matcher = never;

  constructor(rules: Partial<FileAccessRules> = {}) {
    this.#rules = { ...defaultFileAccessRules };
    this.update(rules);
  }

  get rules(): Readonly<FileAccessRules> {
    return this.#rules;
  }

  get maxBytes(): number {
    return this.#rules.maxBytes;
  }

  /** Replaces some rules; the next operation sees them. */
  update(rules: Partial<FileAccessRules>): void {
    this.#rules = { ...this.#rules, ...rules };
    this.#deny = compile(this.#rules.deny);
    this.#denyWrite = compile(this.#rules.denyWrite);
    this.#secret = compile(this.#rules.secret);
  }

  /**
   * Whether `principal` may see this one entry in a listing, its folders
   * having been checked already (walks check each level once).
   */
  canList(principal: Principal, relative: string): boolean {
    if (relative === '') return true;
    if (this.#deny(relative)) return false;
    return !this.#secret(relative) || principal.scopes.has(this.#rules.secretScope);
  }

  /** Whether `principal` may write this one entry, its folders having been checked already. */
  canWriteEntry(principal: Principal, relative: string): boolean {
    return this.canList(principal, relative) && (relative === '' || !this.#denyWrite(relative));
  }

  /**
   * Throws FORBIDDEN unless `principal` may `access` every path given (a
   * client's path and where its symlinks lead). A rule on a folder covers
   * everything inside it.
   */
  assert(principal: Principal, access: FileAccess, ...relativePaths: string[]): void {
    const scope: Scope = access === 'read' ? 'files:read' : 'files:write';
    if (!principal.scopes.has(scope)) throw new Forbidden(`this needs the ${scope} scope`);
    if (access === 'write' && this.#rules.readOnly) {
      throw new Forbidden('the project is read-only (FILES_READ_ONLY)');
    }
    for (const relative of relativePaths) {
      for (const path of pathAndAncestors(relative)) {
        if (this.#deny(path)) throw new Forbidden(`access to ${relative} is denied`);
        if (this.#secret(path) && !principal.scopes.has(this.#rules.secretScope)) {
          throw new Forbidden(`${relative} needs the ${this.#rules.secretScope} scope`);
        }
        if (access === 'write' && this.#denyWrite(path)) {
          throw new Forbidden(`${relative} may not be written`);
        }
      }
    }
  }
}
