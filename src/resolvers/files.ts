// The project's files: read, list, search, write, move, delete. Every path
// goes through the jail (src/core/files/project-jail.ts) and the access
// policy before the disk is touched. Each mutation is one function here, so
// whatever must follow a change (live events) has one place to hook in.
import { lstat, mkdir, readlink, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Conflict, Forbidden, InvalidInput, NotFound, TooLarge } from '../core/errors.ts';
import { writeAtomically } from '../core/files/atomic-write.ts';
import {
  readRange,
  readSnapshot,
  contentVersion,
  isBinary,
  type FileBody,
  type FileSnapshot,
} from '../core/files/file-snapshot.ts';
import { sharedContentSearchPool } from '../core/files/content-search-pool.ts';
import {
  compileGlob,
  searchFiles as searchTree,
  type ContentPattern,
  type SearchMatch,
} from '../core/files/file-search.ts';
import { onPath, toFileError } from '../core/files/fs-errors.ts';
import { languageIndex } from '../core/files/language.ts';
import { parentPath, parseProjectPath, type ProjectPath } from '../core/files/project-path.ts';
import {
  projectPathOf,
  type OpenDirectory,
  type ResolvedPath,
} from '../core/files/project-jail.ts';
import { buildTree, type TreeEntry } from '../core/files/project-tree.ts';
import { firstUnwritableEntry, removeEntry } from '../core/files/safe-remove.ts';
import { compileLinearRegex } from '../core/patterns/linear-regex.ts';
import type { FileChange } from '../core/watch/file-change.ts';
import type { Context } from './context.ts';

export type FileKind = 'FILE' | 'DIRECTORY' | 'SYMLINK';

/** A file or folder as clients see it (GraphQL `File`, gRPC `FileEntry`). */
export interface FileView {
  path: string;
  name: string;
  kind: FileKind;
  size: number;
  modifiedAt: Date;
  version: string;
  language: string | null;
  /** For a symlink: the project path it leads to. */
  symlinkTarget: string | null;
  binary: boolean;
  /** The bytes read with the version; absent for folders. */
  body: FileBody | undefined;
}

export interface FileBytes {
  offset: number;
  bytes: Buffer;
  /** The file's size when it was read. */
  totalSize: number;
  endOfFile: boolean;
}

export type { TreeEntry, SearchMatch };

export interface TreeArgs {
  path: string;
  depth: number;
  /** Entries per folder. */
  limit?: number | null | undefined;
  includeIgnored?: boolean | null | undefined;
}

export type ContentEncoding = 'UTF8' | 'BASE64';

export interface WriteFileInput {
  path: string;
  content: string;
  /** Write only if the file is still at this version; otherwise CONFLICT. */
  ifVersion?: string | null | undefined;
  /** @default true */
  createParents?: boolean | null | undefined;
  /** How `content` is spelled. @default 'UTF8' */
  encoding?: ContentEncoding | null | undefined;
  /** Raw bytes instead of `content` (gRPC carries bytes as they are). */
  data?: Uint8Array | undefined;
}

export interface SearchFilesInput {
  /** The folder to search in. @default '' (the root) */
  path?: string | null | undefined;
  /** Name glob (`*.ts`, `src/**\/*.test.ts`); without `/` it matches the name alone. */
  glob?: string | null | undefined;
  /** Text to find in files, literal unless `regex`. */
  content?: string | null | undefined;
  regex?: boolean | null | undefined;
  caseSensitive?: boolean | null | undefined;
  limit?: number | null | undefined;
  includeIgnored?: boolean | null | undefined;
}

export interface SearchResult {
  matches: SearchMatch[];
  /** More matches exist beyond `limit`, or the time limit cut the search short. */
  truncated: boolean;
  filesScanned: number;
}

export const treeLimits = {
  maxDepth: 64,
  defaultEntriesPerFolder: 1000,
  maxEntriesPerFolder: 10_000,
};
export const searchLimits = { defaultMatches: 100, maxMatches: 10_000 };

// ── helpers shared by the operations ─────────────────────────────────────

/** Counts the operation, and its failure, in the metrics every domain records into. */
async function counted<T>(ctx: Context, operation: string, run: () => Promise<T>): Promise<T> {
  const { metrics } = ctx.services;
  metrics.fileOperations.inc({ operation });
  try {
    return await run();
  } catch (error) {
    metrics.fileOperationErrors.inc({ operation });
    throw error;
  }
}

function countBytes(ctx: Context, direction: 'read' | 'written', bytes: number): void {
  if (bytes > 0) ctx.services.metrics.fileBytes.inc({ direction }, bytes);
}

function fileKind(resolved: ResolvedPath, snapshot: FileSnapshot): FileKind {
  if (resolved.isSymlink) return 'SYMLINK';
  return snapshot.kind === 'directory' ? 'DIRECTORY' : 'FILE';
}

async function toView(resolved: ResolvedPath, snapshot: FileSnapshot): Promise<FileView> {
  const name = resolved.path.segments.at(-1) ?? '';
  return {
    path: resolved.path.relative,
    name,
    kind: fileKind(resolved, snapshot),
    size: snapshot.size,
    modifiedAt: snapshot.modifiedAt,
    version: snapshot.version,
    language: snapshot.kind === 'file' ? (await languageIndex()).guess(name) : null,
    symlinkTarget: resolved.isSymlink ? resolved.realRelative : null,
    binary: snapshot.body?.binary ?? false,
    body: snapshot.body,
  };
}

/** Opens and reads a resolved path; undefined if it vanished meanwhile. */
async function readView(ctx: Context, resolved: ResolvedPath): Promise<FileView | undefined> {
  const { projectJail, fileAccess } = ctx.services;
  let snapshot: FileSnapshot;
  try {
    const handle = await projectJail.openFile(resolved);
    try {
      snapshot = await readSnapshot(handle, fileAccess.maxBytes);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof NotFound) return undefined;
    throw error;
  }
  if (snapshot.kind === 'other') {
    throw new InvalidInput(`${resolved.path.relative} is neither a file nor a folder`, {
      path: resolved.path.relative,
    });
  }
  return toView(resolved, snapshot);
}

/** Resolves a path the caller may read, checking where it leads as well as its name. */
async function resolveReadable(ctx: Context, path: ProjectPath): Promise<ResolvedPath | undefined> {
  const { projectJail, fileAccess } = ctx.services;
  fileAccess.assert(ctx.principal, 'read', path.relative);
  const resolved = await projectJail.resolve(path);
  if (resolved)
    fileAccess.assertTarget(ctx.principal, 'read', path.relative, resolved.realRelative);
  return resolved;
}

/** The view of a path just written, created or moved. */
async function viewAfterChange(ctx: Context, path: ProjectPath): Promise<FileView> {
  const resolved = await ctx.services.projectJail.resolveExisting(path);
  const view = await readView(ctx, resolved);
  if (!view) throw new NotFound(`${path.relative} was removed while it was being read`);
  return view;
}

/** `name` inside the project path `parent`. */
function childRelative(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

/** Whether the caller may see an entry in a listing, by its name and by where it is. */
function listable(ctx: Context) {
  const { fileAccess } = ctx.services;
  return (relative: string, realRelative: string, isDirectory: boolean) =>
    fileAccess.canList(ctx.principal, relative, isDirectory) &&
    (realRelative === relative || fileAccess.canList(ctx.principal, realRelative, isDirectory));
}

/**
 * Resolves a folder the caller may list: readable, or (for a token limited to
 * some paths) a folder on the way to its paths, whose listing shows only those.
 */
async function resolveBrowsable(
  ctx: Context,
  path: ProjectPath,
): Promise<ResolvedPath | undefined> {
  const { projectJail, fileAccess } = ctx.services;
  fileAccess.assertBrowsable(ctx.principal, path.relative);
  const resolved = await projectJail.resolve(path);
  if (resolved) fileAccess.assertBrowsable(ctx.principal, resolved.realRelative, path.relative);
  return resolved;
}

function decodeContent(input: WriteFileInput): Buffer {
  if (input.data !== undefined) return Buffer.from(input.data);
  if ((input.encoding ?? 'UTF8') === 'UTF8') return Buffer.from(input.content, 'utf8');
  const base64 = input.content.replace(/\s+/g, '');
  if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
    throw new InvalidInput('content is not valid base64', { field: 'content' });
  }
  return Buffer.from(base64, 'base64');
}

function wholeNumber(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidInput(`${field} must be a whole number from ${min} to ${max}`, { field });
  }
  return value;
}

/** The folder holding an existing entry, opened, with the entry's name in it (symlinks not followed). */
async function openEntryParent(
  ctx: Context,
  path: ProjectPath,
  operation: string,
): Promise<{ directory: OpenDirectory; name: string; realRelative: string }> {
  const parent = parentPath(path);
  const name = path.segments.at(-1);
  if (!parent || name === undefined) throw new Forbidden(`the project root cannot be ${operation}`);
  const { projectJail } = ctx.services;
  const resolvedParent = await projectJail.resolve(parent);
  if (!resolvedParent)
    throw new NotFound(`${path.relative} does not exist`, { path: path.relative });
  const directory = await projectJail.openDirectory(resolvedParent.real, parent);
  return { directory, name, realRelative: childRelative(directory.realRelative, name) };
}

/**
 * Opens the folder `path` should go in, creating missing folders when
 * `createParents`; the caller has checked the write is allowed.
 */
async function openOrCreateFolder(
  ctx: Context,
  target: ProjectPath,
  existing: ResolvedPath,
  missing: readonly string[],
): Promise<OpenDirectory> {
  const { projectJail } = ctx.services;
  let directory = await projectJail.openDirectory(existing.real, existing.path);
  try {
    for (const name of missing) {
      await mkdir(directory.child(name)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error; // made meanwhile: fine if it is a folder
      });
      const child = await projectJail.openChildDirectory(directory, name);
      await directory.close();
      directory = child;
    }
    return directory;
  } catch (error) {
    await directory.close();
    throw toFileError(error, target.relative);
  }
}

/**
 * Publishes a change made through the API at once, with its origin, so the
 * caller can drop its own echo; the watcher's sighting of it is then dropped.
 */
function publishChange(ctx: Context, change: Omit<FileChange, 'origin'>): void {
  ctx.services.fileFeed.publishFromApi({ ...change, origin: originOf(ctx) });
}

/**
 * Says what an operation is about to change, before it touches the disk (see
 * publishChange); with several instances, resolves once the watching one can know.
 */
function expectChange(ctx: Context, change: Omit<FileChange, 'origin'>): Promise<void> {
  return ctx.services.fileFeed.expectFromApi({ ...change, origin: originOf(ctx) });
}

function originOf(ctx: Context): FileChange['origin'] {
  return { source: ctx.transport, requestId: ctx.requestId, principalId: ctx.principal.id };
}

/** The folders `missing` below `existing` that an operation just created, outermost first. */
function createdFolders(existingRealRelative: string, missing: readonly string[]): string[] {
  return missing.map((_, i) =>
    [existingRealRelative, ...missing.slice(0, i + 1)].filter(Boolean).join('/'),
  );
}

// ── reads ────────────────────────────────────────────────────────────────

/** The file or folder at `path`; null when there is none. */
export async function file(ctx: Context, path: string): Promise<FileView | null> {
  return counted(ctx, 'read', async () => {
    const resolved = await resolveReadable(ctx, parseProjectPath(path));
    if (!resolved) return null;
    const view = await readView(ctx, resolved);
    if (view?.body?.state === 'loaded') countBytes(ctx, 'read', view.body.bytes.length);
    return view ?? null;
  });
}

/** A file's text: null for folders and binary files, TOO_LARGE past the size limit. */
export function textContent(view: FileView): string | null {
  const body = view.body;
  if (!body) return null;
  if (body.state === 'too-large') throw tooLarge(view, body.limit);
  return body.binary ? null : body.bytes.toString('utf8');
}

/** A file's bytes (text or binary): null for folders, TOO_LARGE past the size limit. */
export function rawContent(view: FileView): Buffer | null {
  const body = view.body;
  if (!body) return null;
  if (body.state === 'too-large') throw tooLarge(view, body.limit);
  return body.bytes;
}

function tooLarge(view: FileView, limit: number): TooLarge {
  return new TooLarge(
    `${view.path} is ${view.size} bytes, over the ${limit}-byte limit; read it in byte ranges`,
    { path: view.path, size: view.size, limit },
  );
}

/** Up to `length` bytes of a file from `offset`: how large and binary files are read. */
export async function readBytes(
  ctx: Context,
  path: string,
  offset: number,
  length: number,
): Promise<FileBytes> {
  return counted(ctx, 'read', async () => {
    const { projectJail, fileAccess } = ctx.services;
    wholeNumber(offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
    if (length > fileAccess.maxBytes) {
      throw new TooLarge(`length must be at most ${fileAccess.maxBytes} bytes per read`, {
        field: 'length',
        limit: fileAccess.maxBytes,
      });
    }
    wholeNumber(length, 'length', 0, fileAccess.maxBytes);
    const projectPath = parseProjectPath(path);
    const resolved = await resolveReadable(ctx, projectPath);
    if (!resolved) throw new NotFound(`${projectPath.relative} does not exist`, { path });
    const handle = await projectJail.openFile(resolved);
    try {
      const stats = await handle.stat();
      if (!stats.isFile())
        throw new InvalidInput(`${projectPath.relative} is not a file`, { path });
      const bytes = await readRange(handle, offset, length);
      countBytes(ctx, 'read', bytes.length);
      return {
        offset,
        bytes,
        totalSize: stats.size,
        endOfFile: offset + bytes.length >= stats.size,
      };
    } finally {
      await handle.close();
    }
  });
}

/** A folder (or file) and what is below it, to `depth` levels. */
export async function tree(ctx: Context, args: TreeArgs): Promise<TreeEntry> {
  return counted(ctx, 'list', async () => {
    const depth = wholeNumber(args.depth, 'depth', 0, treeLimits.maxDepth);
    const limit = wholeNumber(
      args.limit ?? treeLimits.defaultEntriesPerFolder,
      'limit',
      1,
      treeLimits.maxEntriesPerFolder,
    );
    const projectPath = parseProjectPath(args.path);
    const resolved = await resolveBrowsable(ctx, projectPath);
    if (!resolved)
      throw new NotFound(`${projectPath.relative} does not exist`, { path: args.path });
    const handle = await ctx.services.projectJail.openFile(resolved);
    const stats = await handle.stat().finally(() => handle.close());
    const kind = stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other';
    // A file is shown whole: only to a caller who may read it, not one passing through.
    if (!stats.isDirectory()) {
      const { fileAccess } = ctx.services;
      fileAccess.assert(ctx.principal, 'read', projectPath.relative);
      fileAccess.assertTarget(ctx.principal, 'read', projectPath.relative, resolved.realRelative);
    }
    if (kind === 'other') {
      throw new InvalidInput(`${projectPath.relative} is neither a file nor a folder`, {
        path: args.path,
      });
    }
    return buildTree(
      ctx.services.projectJail,
      resolved,
      { kind, size: kind === 'file' ? stats.size : 0, modifiedAt: stats.mtime },
      {
        depth,
        limit,
        includeIgnored: args.includeIgnored ?? false,
        maxNodes: ctx.services.config.files.treeMaxNodes,
        visible: listable(ctx),
        languages: await languageIndex(),
      },
    );
  });
}

/** Matches as they are found, folder by folder: the stream behind `searchFiles`. */
export async function* searchFileMatches(
  ctx: Context,
  input: SearchFilesInput,
  progress = { filesScanned: 0, timedOut: false },
): AsyncGenerator<SearchMatch> {
  const glob = input.glob || undefined;
  const text = input.content || undefined;
  if (glob === undefined && text === undefined) {
    throw new InvalidInput('give a name glob, a content pattern, or both', { field: 'glob' });
  }
  const caseSensitive = input.caseSensitive ?? false;
  // BAD_USER_INPUT naming `glob` for one the linear-time matcher cannot take.
  if (glob !== undefined) compileGlob(glob, caseSensitive);
  let content: ContentPattern | undefined;
  if (text !== undefined && input.regex) {
    // Checked here so a bad pattern is BAD_USER_INPUT before the walk starts.
    compileLinearRegex(text, { field: 'content', caseInsensitive: !caseSensitive });
    const pool = sharedContentSearchPool(ctx.services.config.files.searchThreads);
    content = { kind: 'regex', source: text, caseInsensitive: !caseSensitive, pool };
  } else if (text !== undefined) {
    const escaped = text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
    content = { kind: 'literal', pattern: new RegExp(escaped, caseSensitive ? 'u' : 'iu') };
  }
  const projectPath = parseProjectPath(input.path ?? '');
  // Search opens its start as a folder, and reads only the files its listings show.
  const resolved = await resolveBrowsable(ctx, projectPath);
  if (!resolved) throw new NotFound(`${projectPath.relative} does not exist`, { path: input.path });
  yield* searchTree(
    ctx.services.projectJail,
    resolved,
    {
      glob,
      content,
      caseSensitive,
      includeIgnored: input.includeIgnored ?? false,
      maxFileBytes: ctx.services.fileAccess.maxBytes,
      visible: listable(ctx),
      deadline: Date.now() + ctx.services.config.files.searchTimeoutMs,
      maxMatchesPerFile: (input.limit ?? searchLimits.defaultMatches) + 1,
    },
    progress,
  );
}

/** Files by name glob and by content, up to `limit` matches. */
export async function searchFiles(ctx: Context, input: SearchFilesInput): Promise<SearchResult> {
  return counted(ctx, 'search', async () => {
    const limit = wholeNumber(
      input.limit ?? searchLimits.defaultMatches,
      'limit',
      1,
      searchLimits.maxMatches,
    );
    const progress = { filesScanned: 0, timedOut: false };
    const matches: SearchMatch[] = [];
    let more = false;
    for await (const match of searchFileMatches(ctx, input, progress)) {
      // One past the limit tells "exactly limit" from "more than limit".
      if (matches.length === limit) {
        more = true;
        break;
      }
      matches.push(match);
    }
    return { matches, truncated: more || progress.timedOut, filesScanned: progress.filesScanned };
  });
}

// ── writes: one function per operation ───────────────────────────────────

/** Writes a file atomically; with `ifVersion`, only over that version (else CONFLICT). */
export async function writeFile(ctx: Context, input: WriteFileInput): Promise<FileView> {
  return counted(ctx, 'write', async () => {
    const { projectJail, fileAccess } = ctx.services;
    const path = parseProjectPath(input.path);
    fileAccess.assert(ctx.principal, 'write', path.relative);
    const bytes = decodeContent(input);
    if (bytes.length > fileAccess.maxBytes) {
      throw new TooLarge(
        `content is ${bytes.length} bytes, over the ${fileAccess.maxBytes}-byte limit`,
        {
          field: 'content',
          limit: fileAccess.maxBytes,
        },
      );
    }
    const location = await projectJail.locate(path);
    fileAccess.assertTarget(ctx.principal, 'write', path.relative, location.realRelative);
    const ifVersion = input.ifVersion ?? undefined;
    // Announced before the disk is touched: the watcher may be quicker than the fsyncs.
    const changes: Array<Omit<FileChange, 'origin'>> = [
      ...createdFolders(location.existing.realRelative, location.missing.slice(0, -1)).map(
        (folder) => ({ kind: 'CREATED' as const, path: folder, isDirectory: true }),
      ),
      {
        kind: location.missing.length === 0 ? 'MODIFIED' : 'CREATED',
        path: location.realRelative,
        isDirectory: false,
        version: contentVersion(bytes),
      },
    ];
    for (const change of changes) await expectChange(ctx, change);

    let directory: OpenDirectory;
    let name: string;
    if (location.missing.length === 0) {
      // It exists: write where it really is, so a symlink inside the project stays a symlink.
      if (location.existing.real === projectJail.realRoot) {
        throw new Conflict('the project root is a folder', { path: input.path });
      }
      const real = location.existing.real;
      directory = await projectJail.openDirectory(
        dirname(real),
        projectPathOf(projectJail.relativeOf(dirname(real))),
      );
      name = basename(real);
    } else {
      if (ifVersion !== undefined) {
        throw new Conflict(
          `${path.relative} does not exist, so it is not at version ${ifVersion}`,
          {
            path: input.path,
            currentVersion: null,
          },
        );
      }
      if (location.missing.length > 1 && !(input.createParents ?? true)) {
        throw new NotFound(`the folder ${parentPath(path)?.relative} does not exist`, {
          path: input.path,
        });
      }
      directory = await openOrCreateFolder(
        ctx,
        path,
        location.existing,
        location.missing.slice(0, -1),
      );
      name = location.missing.at(-1) ?? '';
    }

    try {
      await projectJail.locks.run([join(directory.real, name)], () =>
        onPath(path.relative, async () => {
          const current = await lstat(directory.child(name)).catch(
            (error: NodeJS.ErrnoException) => {
              if (error.code === 'ENOENT') return undefined;
              throw error;
            },
          );
          if (current?.isDirectory())
            throw new Conflict(`${path.relative} is a folder`, { path: input.path });
          if (current?.isSymbolicLink()) {
            // Where the path existed, its real name cannot be a symlink unless
            // one was swapped in; where it did not, this is a dangling link.
            const reason =
              location.missing.length === 0
                ? 'changed while it was being written'
                : 'is a symlink to nothing; write to its target instead';
            throw new Conflict(`${path.relative} ${reason}`, { path: input.path });
          }
          if (ifVersion !== undefined) {
            const handle = await projectJail.openChildFile(directory, name);
            const snapshot = await readSnapshot(handle, 0).finally(() => handle.close());
            if (snapshot.version !== ifVersion) {
              throw new Conflict(
                `${path.relative} has changed: it is at version ${snapshot.version}`,
                {
                  path: input.path,
                  currentVersion: snapshot.version,
                },
              );
            }
          }
          await writeAtomically(
            directory,
            name,
            bytes,
            current ? Number(current.mode) & 0o7777 : undefined,
          );
          countBytes(ctx, 'written', bytes.length);
        }),
      );
      const stats = await lstat(directory.child(name));
      const resolved: ResolvedPath = {
        path,
        real: join(directory.real, name),
        realRelative: childRelative(directory.realRelative, name),
        isSymlink: location.missing.length === 0 && location.existing.isSymlink,
      };
      for (const change of changes) publishChange(ctx, change);
      return toView(resolved, {
        kind: 'file',
        size: bytes.length,
        modifiedAt: stats.mtime,
        version: contentVersion(bytes),
        mode: stats.mode & 0o7777,
        body: { state: 'loaded', bytes, binary: isBinary(bytes) },
      });
    } finally {
      await directory.close();
    }
  });
}

/** Deletes a file, symlink or empty folder; a folder with entries only when `recursive`. */
export async function deletePath(ctx: Context, path: string, recursive: boolean): Promise<boolean> {
  return counted(ctx, 'delete', async () => {
    const { projectJail, fileAccess } = ctx.services;
    const projectPath = parseProjectPath(path);
    fileAccess.assert(ctx.principal, 'write', projectPath.relative);
    // FORBIDDEN for a path leading outside, even though only the link itself would go.
    await projectJail.resolve(projectPath);
    const { directory, name, realRelative } = await openEntryParent(ctx, projectPath, 'deleted');
    try {
      fileAccess.assertTarget(ctx.principal, 'write', projectPath.relative, realRelative);
      let wasDirectory = false;
      await projectJail.locks.run([join(directory.real, name)], () =>
        onPath(projectPath.relative, async () => {
          const stats = await lstat(directory.child(name));
          wasDirectory = stats.isDirectory();
          await expectChange(ctx, {
            kind: 'DELETED',
            path: realRelative,
            isDirectory: wasDirectory,
          });
          if (stats.isDirectory()) {
            if (!recursive) {
              await removeEntry(projectJail, directory, name, false).catch(
                (error: NodeJS.ErrnoException) => {
                  if (error.code === 'ENOTEMPTY' || error.code === 'EEXIST') {
                    throw new Conflict(
                      `${projectPath.relative} is a folder that is not empty; pass recursive: true to delete it`,
                      { path },
                    );
                  }
                  throw error;
                },
              );
              return;
            }
            await assertFolderWritable(
              ctx,
              directory,
              name,
              projectPath.relative,
              (relative, real) => [relative, real],
            );
          }
          await removeEntry(projectJail, directory, name, recursive);
        }),
      );
      publishChange(ctx, { kind: 'DELETED', path: realRelative, isDirectory: wasDirectory });
      return true;
    } finally {
      await directory.close();
    }
  });
}

/** Moves or renames a file, symlink or folder; never over an existing entry. */
export async function movePath(
  ctx: Context,
  from: string,
  to: string,
  createParents = true,
): Promise<FileView> {
  return counted(ctx, 'move', async () => {
    const { projectJail, fileAccess } = ctx.services;
    const source = parseProjectPath(from, 'from');
    const target = parseProjectPath(to, 'to');
    fileAccess.assert(ctx.principal, 'write', source.relative, target.relative);
    if (target.relative === source.relative) {
      throw new InvalidInput('from and to are the same path', { field: 'to' });
    }
    const targetParent = parentPath(target);
    const targetName = target.segments.at(-1);
    if (!targetParent || targetName === undefined)
      throw new Forbidden('the project root cannot be replaced');

    // FORBIDDEN when either leads outside, BAD_USER_INPUT through a symlink loop.
    await projectJail.resolve(source);
    await projectJail.resolve(target);
    const sourceSide = await openEntryParent(ctx, source, 'moved');
    try {
      fileAccess.assertTarget(ctx.principal, 'write', source.relative, sourceSide.realRelative);
      const parentLocation = await projectJail.locate(targetParent);
      const targetReal = childRelative(parentLocation.realRelative, targetName);
      fileAccess.assertTarget(ctx.principal, 'write', target.relative, targetReal);
      if (
        targetReal === sourceSide.realRelative ||
        targetReal.startsWith(`${sourceSide.realRelative}/`)
      ) {
        throw new InvalidInput(`${target.relative} is inside ${source.relative}`, { field: 'to' });
      }
      const sourceStats = await onPath(source.relative, () =>
        lstat(sourceSide.directory.child(sourceSide.name)),
      );
      if (sourceStats.isDirectory()) {
        // Every entry inside must be writable at its old path and at its new one.
        const oldPrefix = source.relative.length;
        const oldRealPrefix = sourceSide.realRelative.length;
        await assertFolderWritable(
          ctx,
          sourceSide.directory,
          sourceSide.name,
          source.relative,
          (relative, real) => [
            relative,
            real,
            target.relative + relative.slice(oldPrefix),
            targetReal + real.slice(oldRealPrefix),
          ],
        );
      }
      if (parentLocation.missing.length > 0 && !createParents) {
        throw new NotFound(`the folder ${targetParent.relative} does not exist`, { path: to });
      }
      const targetDirectory = await openOrCreateFolder(
        ctx,
        target,
        parentLocation.existing,
        parentLocation.missing,
      );
      try {
        const keys = [
          join(sourceSide.directory.real, sourceSide.name),
          join(targetDirectory.real, targetName),
        ];
        await projectJail.locks.run(keys, () =>
          onPath(target.relative, async () => {
            const occupied = await lstat(targetDirectory.child(targetName)).then(
              () => true,
              () => false,
            );
            if (occupied) throw new Conflict(`${target.relative} already exists`, { path: to });
            await expectChange(ctx, {
              kind: 'MOVED',
              path: target.relative,
              oldPath: source.relative,
              isDirectory: sourceStats.isDirectory(),
            });
            await onPath(source.relative, () =>
              rename(
                sourceSide.directory.child(sourceSide.name),
                targetDirectory.child(targetName),
              ),
            );
            await Promise.all([sourceSide.directory.sync(), targetDirectory.sync()]);
          }),
        );
      } finally {
        await targetDirectory.close();
      }
      if (sourceStats.isSymbolicLink()) {
        publishChange(ctx, {
          kind: 'MOVED',
          path: target.relative,
          oldPath: source.relative,
          isDirectory: false,
        });
        return await symlinkView(ctx, target);
      }
    } finally {
      await sourceSide.directory.close();
    }
    const view = await viewAfterChange(ctx, target);
    publishChange(ctx, {
      kind: 'MOVED',
      path: target.relative,
      oldPath: source.relative,
      isDirectory: view.kind === 'DIRECTORY',
      version: view.kind === 'FILE' ? view.version : undefined,
    });
    return view;
  });
}

/**
 * A symlink as an entry of its own, not followed: a relative link moved to
 * another folder may now lead somewhere else, even outside, and the move
 * has happened all the same.
 */
async function symlinkView(ctx: Context, path: ProjectPath): Promise<FileView> {
  const { projectJail } = ctx.services;
  const absolute = projectJail.logicalPath(path);
  const [stats, target] = await Promise.all([lstat(absolute), readlink(absolute)]);
  const resolved = await projectJail.resolve(path).catch(() => undefined);
  return {
    path: path.relative,
    name: path.segments.at(-1) ?? '',
    kind: 'SYMLINK',
    size: stats.size,
    modifiedAt: stats.mtime,
    version: contentVersion(Buffer.from(`symlink\0${target}`)),
    language: null,
    symlinkTarget: resolved?.realRelative ?? null,
    binary: false,
    body: undefined,
  };
}

/** Creates a folder and any missing folders above it; an existing folder is returned as it is. */
export async function createDirectory(ctx: Context, path: string): Promise<FileView> {
  return counted(ctx, 'mkdir', async () => {
    const { projectJail, fileAccess } = ctx.services;
    const projectPath = parseProjectPath(path);
    fileAccess.assert(ctx.principal, 'write', projectPath.relative);
    const location = await projectJail.locate(projectPath);
    fileAccess.assertTarget(ctx.principal, 'write', projectPath.relative, location.realRelative);
    if (location.missing.length > 0) {
      for (const folder of createdFolders(location.existing.realRelative, location.missing)) {
        await expectChange(ctx, { kind: 'CREATED', path: folder, isDirectory: true });
      }
      const directory = await openOrCreateFolder(
        ctx,
        projectPath,
        location.existing,
        location.missing,
      );
      await directory.close();
      for (const folder of createdFolders(location.existing.realRelative, location.missing)) {
        publishChange(ctx, { kind: 'CREATED', path: folder, isDirectory: true });
      }
    }
    const view = await viewAfterChange(ctx, projectPath);
    if (view.kind === 'FILE' || (view.kind === 'SYMLINK' && view.body !== undefined)) {
      throw new Conflict(`${projectPath.relative} exists and is not a folder`, { path });
    }
    return view;
  });
}

/**
 * Refuses (FORBIDDEN) to change a folder holding anything the caller may not
 * write; `pathsOf` gives the paths each entry is checked under.
 */
async function assertFolderWritable(
  ctx: Context,
  parent: OpenDirectory,
  name: string,
  relative: string,
  pathsOf: (relative: string, realRelative: string) => string[],
): Promise<void> {
  const { projectJail, fileAccess } = ctx.services;
  const folder = await projectJail.openChildDirectory(parent, name);
  try {
    const refused = await firstUnwritableEntry(projectJail, folder, relative, (entry, real) =>
      pathsOf(entry, real).every((candidate) => fileAccess.canWriteEntry(ctx.principal, candidate)),
    );
    if (refused !== undefined) {
      throw new Forbidden(`${relative} holds ${refused}, which may not be changed`, {
        path: relative,
      });
    }
  } finally {
    await folder.close();
  }
}
