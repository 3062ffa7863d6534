// The one door to PROJECT_ROOT. A checked client path is resolved with
// realpath and refused if it lands outside the root; files and folders are
// then opened by that real path with O_NOFOLLOW, and the opened descriptor is
// asked where it really is (/proc/self/fd), so a folder swapped for a symlink
// between the check and the open cannot lead outside.
//
// Work inside a folder goes through `/proc/self/fd/<fd>/<name>`: the kernel
// resolves that from the opened folder itself, as openat(2) would, so
// renaming or replacing the folder's path meanwhile changes nothing.
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  openSync,
  readlinkSync,
  statSync,
  type Stats,
} from 'node:fs';
import { lstat, open, readlink, realpath, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative, resolve as resolvePath, sep } from 'node:path';
import { Forbidden, NotFound } from '../errors.ts';
import { errnoCode, toFileError } from './fs-errors.ts';
import { PathLocks } from './path-locks.ts';
import type { ProjectPath } from './project-path.ts';
import type { WriteHold } from './write-hold.ts';

const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW, O_NONBLOCK } = constants;

export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

export function entryKind(
  stats: Pick<Stats, 'isFile' | 'isDirectory' | 'isSymbolicLink'>,
): EntryKind {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isSymbolicLink()) return 'symlink';
  return 'other';
}

/** A client's path after realpath. */
export interface ResolvedPath {
  path: ProjectPath;
  /** Absolute, every symlink resolved. */
  real: string;
  /** `real` relative to the project root, with `/`. */
  realRelative: string;
  /** The client's path itself names a symlink (its target is inside the root). */
  isSymlink: boolean;
}

/** Where a path is, or would be once its missing folders are created. */
export interface Location {
  path: ProjectPath;
  /** The path itself when it exists, else its deepest existing folder. */
  existing: ResolvedPath;
  /** Names below `existing` that do not exist yet, outermost first. */
  missing: string[];
  /** Where the path is or would be, relative to the root, symlinks resolved. */
  realRelative: string;
}

/** An opened folder. Names inside it are reached through the descriptor, not its path. */
export interface OpenDirectory {
  /** Resolves to exactly this folder for as long as it is open. */
  readonly path: string;
  readonly real: string;
  readonly realRelative: string;
  /**
   * The descriptor, where descriptors can be named as paths (Linux): a child
   * process handed it sees exactly this folder (entry-stats.ts).
   */
  readonly fd: number | undefined;
  child(name: string): string;
  /** fsync: makes a rename inside it durable. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

async function isSymlink(path: string): Promise<boolean> {
  return lstat(path).then(
    (stats) => stats.isSymbolicLink(),
    () => false,
  );
}

/** Whether descriptors can be named as paths here (Linux). */
async function descriptorPathsWork(): Promise<boolean> {
  const handle = await open(process.cwd(), O_RDONLY | O_DIRECTORY);
  try {
    return (await readlink(`/proc/self/fd/${handle.fd}`)) === (await realpath(process.cwd()));
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

export class ProjectJail {
  /** Serialises writes, moves and deletes of one real path. */
  readonly locks = new PathLocks();
  readonly realRoot: string;
  /** Tests only: a pause before renames (write-hold.ts); undefined in service. */
  readonly writeHold: WriteHold | undefined;
  readonly #rootPrefix: string;
  readonly #descriptorPaths: boolean;

  private constructor(realRoot: string, descriptorPaths: boolean, writeHold?: WriteHold) {
    this.realRoot = realRoot;
    this.writeHold = writeHold;
    this.#rootPrefix = realRoot.endsWith(sep) ? realRoot : realRoot + sep;
    this.#descriptorPaths = descriptorPaths;
  }

  static async create(root: string, options: { writeHold?: WriteHold } = {}): Promise<ProjectJail> {
    return new ProjectJail(await realpath(root), await descriptorPathsWork(), options.writeHold);
  }

  /** Whether an absolute real path is the root or inside it. */
  contains(real: string): boolean {
    return real === this.realRoot || real.startsWith(this.#rootPrefix);
  }

  relativeOf(real: string): string {
    return relative(this.realRoot, real).split(sep).join('/');
  }

  /** Absolute path of a project path, before any symlink is resolved. */
  logicalPath(path: ProjectPath): string {
    return join(this.realRoot, ...path.segments);
  }

  /**
   * Resolves symlinks; undefined when the path does not exist. A path that
   * resolves outside the root is FORBIDDEN, whether or not its target exists.
   */
  async resolve(path: ProjectPath): Promise<ResolvedPath | undefined> {
    const logical = this.logicalPath(path);
    let real: string;
    try {
      real = await realpath(logical);
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        await this.#refuseDanglingEscape(path);
        return undefined;
      }
      throw toFileError(error, path.relative);
    }
    if (!this.contains(real)) throw this.#outside(path);
    let isSymlink = false;
    // A real path equal to the logical one passed through no symlink, the last
    // name included: no lstat needed (one thread-pool round trip fewer per read).
    if (path.segments.length > 0 && real !== logical) {
      try {
        isSymlink = (await lstat(logical)).isSymbolicLink();
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') return undefined;
        throw toFileError(error, path.relative);
      }
    }
    return { path, real, realRelative: this.relativeOf(real), isSymlink };
  }

  /** Like `resolve`, but a missing path is NOT_FOUND. */
  async resolveExisting(path: ProjectPath): Promise<ResolvedPath> {
    const resolved = await this.resolve(path);
    if (!resolved) throw new NotFound(`${path.relative || 'the project root'} does not exist`);
    return resolved;
  }

  /** The path if it exists, else its deepest existing folder and the names missing below it. */
  async locate(path: ProjectPath): Promise<Location> {
    const whole = await this.resolve(path);
    if (whole) return { path, existing: whole, missing: [], realRelative: whole.realRelative };
    // Each prefix lies inside the one before, so prefixes exist up to some
    // depth and not past it: bisect for it, O(log n) stats, rather than one
    // resolve per level (quadratic in the depth; docs/hardening.md, 18.9).
    let exists = 0;
    let missing = path.segments.length;
    while (missing - exists > 1) {
      const middle = (exists + missing) >>> 1;
      if (await this.#exists(path, middle)) exists = middle;
      else missing = middle;
    }
    for (let depth = exists; depth >= 0; depth--) {
      const segments = path.segments.slice(0, depth);
      // Normally found at once; a folder removed meanwhile sends the search up.
      const existing = await this.resolve({ relative: segments.join('/'), segments });
      if (!existing) continue;
      const below = path.segments.slice(depth);
      const realRelative = [existing.realRelative, ...below].filter((s) => s !== '').join('/');
      return { path, existing, missing: below, realRelative };
    }
    // The root itself vanished: nothing can be located.
    throw new NotFound('the project root does not exist');
  }

  /** Whether the first `depth` segments of `path` lead somewhere (symlinks followed). */
  async #exists(path: ProjectPath, depth: number): Promise<boolean> {
    try {
      await stat(join(this.realRoot, ...path.segments.slice(0, depth)));
      return true;
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return false;
      throw toFileError(error, path.relative);
    }
  }

  /** Opens a file (or a folder, read-only) by its real path and checks where the descriptor is. */
  async openFile(resolved: ResolvedPath, flags: number = O_RDONLY): Promise<FileHandle> {
    let handle: FileHandle;
    try {
      // O_NONBLOCK: opening a FIFO must not wait for a writer; regular files ignore it.
      handle = await open(resolved.real, flags | O_NOFOLLOW | O_NONBLOCK);
    } catch (error) {
      throw this.#openError(error, resolved.path);
    }
    await this.#verify(handle, resolved.real, resolved.path);
    return handle;
  }

  /** Opens a folder by its real path and checks where the descriptor is. */
  async openDirectory(real: string, path: ProjectPath): Promise<OpenDirectory> {
    let handle: FileHandle;
    try {
      handle = await open(real, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    } catch (error) {
      throw this.#openError(error, path);
    }
    await this.#verify(handle, real, path);
    return this.#directory(handle, real);
  }

  /** Opens the folder `name` inside an open folder, refusing a symlink there. */
  async openChildDirectory(parent: OpenDirectory, name: string): Promise<OpenDirectory> {
    const real = join(parent.real, name);
    const handle = await this.#openChild(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    // Through a descriptor path the kernel resolved `name` inside the opened
    // folder; without one, check as for any other open.
    if (!this.#descriptorPaths) {
      await this.#verify(handle, real, { relative: this.relativeOf(real), segments: [] });
    }
    return this.#directory(handle, real);
  }

  /**
   * `openChildDirectory` made synchronously, for walks over many folders
   * (see time-slice.ts). Refuses a symlink in the same way.
   */
  openChildDirectorySync(parent: OpenDirectory, name: string): OpenDirectory {
    const real = join(parent.real, name);
    let fd: number;
    try {
      fd = openSync(parent.child(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    } catch (error) {
      const relativePath = this.relativeOf(real);
      const code = errnoCode(error);
      if (code === 'ELOOP' || code === 'ENOTDIR') {
        throw new Forbidden(`${relativePath} is not a folder here and is not followed`, {
          path: relativePath,
        });
      }
      throw toFileError(error, relativePath);
    }
    if (!this.#descriptorPaths) {
      // Without descriptor paths, check as any other open does.
      const opened = fstatSync(fd);
      const named = statSync(real, { throwIfNoEntry: false });
      if (!named || opened.dev !== named.dev || opened.ino !== named.ino) {
        closeSync(fd);
        throw this.#outside({ relative: this.relativeOf(real), segments: [] });
      }
    }
    const path = this.#descriptorPaths ? `/proc/self/fd/${fd}` : real;
    return {
      path,
      real,
      realRelative: this.relativeOf(real),
      fd: this.#descriptorPaths ? fd : undefined,
      child: (child) => `${path}/${child}`,
      sync: async () => fsyncSync(fd),
      close: async () => closeSync(fd),
    };
  }

  /**
   * `openChildFile` made synchronously, for walks that read many small files
   * (see time-slice.ts): a descriptor, or undefined when the entry is gone,
   * is a symlink, or is not where the folder says.
   */
  openChildFileSync(parent: OpenDirectory, name: string): number | undefined {
    let fd: number;
    try {
      fd = openSync(parent.child(name), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    } catch {
      return undefined;
    }
    if (!this.#descriptorPaths) {
      const real = join(parent.real, name);
      const opened = fstatSync(fd);
      const named = statSync(real, { throwIfNoEntry: false });
      if (!named || opened.dev !== named.dev || opened.ino !== named.ino) {
        closeSync(fd);
        return undefined;
      }
    }
    return fd;
  }

  /** Opens the file `name` inside an open folder, refusing a symlink there. */
  async openChildFile(
    parent: OpenDirectory,
    name: string,
    flags: number = O_RDONLY,
  ): Promise<FileHandle> {
    const handle = await this.#openChild(parent, name, flags | O_NOFOLLOW | O_NONBLOCK);
    if (!this.#descriptorPaths) {
      const real = join(parent.real, name);
      await this.#verify(handle, real, { relative: this.relativeOf(real), segments: [] });
    }
    return handle;
  }

  async #openChild(parent: OpenDirectory, name: string, flags: number): Promise<FileHandle> {
    try {
      return await open(parent.child(name), flags, 0o666);
    } catch (error) {
      const code = errnoCode(error);
      const relativePath = this.relativeOf(join(parent.real, name));
      if ((code === 'ELOOP' || code === 'ENOTDIR') && (await isSymlink(parent.child(name)))) {
        throw new Forbidden(`${relativePath} is a symlink here and is not followed`, {
          path: relativePath,
        });
      }
      throw toFileError(error, relativePath);
    }
  }

  #directory(handle: FileHandle, real: string): OpenDirectory {
    const path = this.#descriptorPaths ? `/proc/self/fd/${handle.fd}` : real;
    return {
      path,
      real,
      realRelative: this.relativeOf(real),
      fd: this.#descriptorPaths ? handle.fd : undefined,
      child: (name) => `${path}/${name}`,
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
  }

  /** Refuses a descriptor that does not sit where the check said it would. */
  async #verify(handle: FileHandle, expected: string, path: ProjectPath): Promise<void> {
    try {
      if (this.#descriptorPaths) {
        // procfs answers from the kernel's memory: synchronous, no thread-pool round trip.
        const actual = readlinkSync(`/proc/self/fd/${handle.fd}`).replace(/ \(deleted\)$/, '');
        if (this.contains(actual)) return;
      } else {
        const [opened, named] = await Promise.all([handle.stat(), stat(expected)]);
        if (opened.dev === named.dev && opened.ino === named.ino && this.contains(expected)) return;
      }
    } catch (error) {
      await handle.close();
      throw toFileError(error, path.relative);
    }
    await handle.close();
    throw this.#outside(path);
  }

  #openError(error: unknown, path: ProjectPath): unknown {
    // The real path has no symlinks; finding one now means it was swapped in since.
    if (errnoCode(error) === 'ELOOP') {
      return new Forbidden(
        `${path.relative || 'the project root'} changed into a symlink while it was opened`,
        {
          path: path.relative,
        },
      );
    }
    return toFileError(error, path.relative);
  }

  #outside(path: ProjectPath): Forbidden {
    return new Forbidden(`${path.relative} leads outside the project root`, {
      path: path.relative,
    });
  }

  /**
   * A dangling symlink whose target is outside the root: refused like a
   * live one, or writing through it would create a file outside.
   */
  async #refuseDanglingEscape(path: ProjectPath): Promise<void> {
    // Outermost first, stopping at the first name that is not there: nothing
    // below it exists, so the work is linear in the depth that does.
    let candidate = this.realRoot;
    for (const segment of path.segments) {
      candidate = join(candidate, segment);
      let target: string;
      try {
        target = await readlink(candidate);
      } catch (error) {
        const code = errnoCode(error);
        if (code === 'EINVAL') continue; // there, and not a symlink
        return; // not there (or unreadable): nothing below can be either
      }
      const from = await realpath(dirname(candidate)).catch(() => undefined);
      if (from !== undefined && !this.contains(resolvePath(from, target)))
        throw this.#outside(path);
    }
  }
}

export function projectPathOf(relativePath: string): ProjectPath {
  return relativePath === ''
    ? { relative: '', segments: [] }
    : { relative: relativePath, segments: relativePath.split('/') };
}
