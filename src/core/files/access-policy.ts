// Who may read and write which project files. One object with replaceable
// rules, so the configuration (and later a settings registry) can change them
// while the server runs; every file operation asks it before touching disk.
import { Forbidden } from '../errors.ts';
import type { Principal, Scope } from '../scopes.ts';
import { compileAnyGlob } from '../patterns/linear-glob.ts';
import { isTemporaryPath } from './own-temporary-files.ts';
import { compiledPathRules } from './path-rules.ts';
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

function compile(globs: readonly string[], field: string): Matcher {
  if (globs.length === 0) return never;
  // One linear-time test for all the globs (`*` matches dot names too:
  // `.env*` and `.git` start with a dot); walks test every entry.
  return compileAnyGlob(globs, { field });
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
    this.#deny = compile(this.#rules.deny, 'deny');
    this.#denyWrite = compile(this.#rules.denyWrite, 'denyWrite');
    this.#secret = compile(this.#rules.secret, 'secret');
  }

  /**
   * Whether `principal` may see this one entry in a listing, its folders
   * having been checked already (walks check each level once). A token
   * limited to some paths sees what its rules let it read, and the folders
   * leading there (`isDirectory`), which it may open but not read as files.
   */
  canList(principal: Principal, relative: string, isDirectory = false): boolean {
    if (relative === '') return true;
    // A half-written file is nobody's to see, whatever the rules (docs/hardening.md, 18.1).
    if (isTemporaryPath(relative)) return false;
    if (this.#deny(relative)) return false;
    if (this.#secret(relative) && !principal.scopes.has(this.#rules.secretScope)) return false;
    const rules = compiledPathRules(principal.paths);
    return !rules || rules.shows(relative, isDirectory);
  }

  /** Whether `principal` may write this one entry, its folders having been checked already. */
  canWriteEntry(principal: Principal, relative: string): boolean {
    if (relative === '') return this.canList(principal, relative);
    const rules = compiledPathRules(principal.paths);
    return (
      this.canList(principal, relative) &&
      !this.#denyWrite(relative) &&
      (!rules || rules.writes(relative))
    );
  }

  /**
   * Whether `principal` may hear of a change at `relative` (a change feed
   * checks each event whole: the path and every folder above it).
   */
  canSee(principal: Principal, relative: string, isDirectory: boolean): boolean {
    if (!principal.scopes.has('files:read')) return false;
    if (isTemporaryPath(relative)) return false;
    for (const path of pathAndAncestors(relative)) {
      if (this.#deny(path)) return false;
      if (this.#secret(path) && !principal.scopes.has(this.#rules.secretScope)) return false;
    }
    const rules = compiledPathRules(principal.paths);
    return !rules || rules.shows(relative, isDirectory);
  }

  /**
   * Throws FORBIDDEN unless `principal` may list or follow the folder
   * `relative`: as `assert(…, 'read', …)`, except that a token limited to some
   * paths may also open the folders leading to them (its root listing shows
   * `src` for a `src/**` rule). Only for operations that show entries through
   * `canList`, never a file's content.
   */
  assertBrowsable(principal: Principal, relative: string, clientRelative = relative): void {
    const rules = compiledPathRules(principal.paths);
    if (!rules || rules.reads(relative)) {
      this.assert(principal, 'read', relative);
      return;
    }
    this.assert({ ...principal, paths: undefined }, 'read', relative);
    if (!rules.leadsTo(relative)) throw outsideRules(clientRelative, 'read', relative);
  }

  /**
   * `assert` for where the client's path really is (through its symlinks). A
   * path rule refuses it naming the client's path, so the error never names
   * a hidden path a link leads to.
   */
  assertTarget(
    principal: Principal,
    access: FileAccess,
    clientRelative: string,
    realRelative: string,
  ): void {
    const rules = compiledPathRules(principal.paths);
    if (rules && !(access === 'read' ? rules.reads(realRelative) : rules.writes(realRelative))) {
      throw outsideRules(clientRelative, access, realRelative);
    }
    this.assert(principal, access, realRelative);
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
      // Checked on the name alone, before the disk is touched: the answer is
      // the same whether the path exists or not.
      const rules = compiledPathRules(principal.paths);
      if (rules && !(access === 'read' ? rules.reads(relative) : rules.writes(relative))) {
        throw outsideRules(relative, access);
      }
    }
  }
}

/** FORBIDDEN by a token's path rules, naming the client's path (not where a link leads). */
function outsideRules(clientRelative: string, access: FileAccess, realRelative = clientRelative) {
  const verb = access === 'read' ? 'read' : 'write';
  const shown = clientRelative || 'the project root';
  return new Forbidden(
    realRelative === clientRelative
      ? `this token may not ${verb} ${shown}`
      : `${shown} leads to a path this token may not ${verb}`,
    { path: clientRelative },
  );
}
