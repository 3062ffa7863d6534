// Reading the project's files: one file, byte ranges, the tree, search.
// Every path goes through the jail and the access policy before the disk.
import { InvalidInput, NotFound, TooLarge } from '../core/errors.ts';
import { readRange } from '../core/files/file-snapshot.ts';
import { sharedContentSearchPool } from '../core/files/content-search-pool.ts';
import {
  compileGlob,
  searchFiles as searchTree,
  type ContentPattern,
  type SearchMatch,
} from '../core/files/file-search.ts';
import { languageIndex } from '../core/files/language.ts';
import { parseProjectPath } from '../core/files/project-path.ts';
import { buildTree, type TreeEntry } from '../core/files/project-tree.ts';
import { compileLinearRegex } from '../core/patterns/linear-regex.ts';
import type { Context } from './context.ts';
import {
  counted,
  countBytes,
  listable,
  resolveBrowsable,
  resolveReadable,
  wholeNumber,
} from './file-operation.ts';
import { readView, type FileBytes, type FileView } from './file-views.ts';

export type { TreeEntry, SearchMatch };

export interface TreeArgs {
  path: string;
  depth: number;
  /** Entries per folder. */
  limit?: number | null | undefined;
  includeIgnored?: boolean | null | undefined;
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
        findStats: ctx.services.config.files.treeStats === 'find',
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
