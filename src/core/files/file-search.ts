// Finds files by name glob and by content, walking the tree one folder at a
// time and each file one chunk at a time: memory stays flat however large
// the project, and the caller stops the walk by no longer reading.
import { StringDecoder } from 'node:string_decoder';
import type { FileHandle } from 'node:fs/promises';
import { isBinaryFileSync } from 'isbinaryfile';
import { compileGlob as compileLinearGlob } from '../patterns/linear-glob.ts';
import { listDirectory } from './directory-listing.ts';
import { onPath } from './fs-errors.ts';
import { GitignoreRules, openWithRules } from './gitignore-rules.ts';
import { listingVerdict } from './listing-verdict.ts';
import type { ContentSearchPool } from './content-search-pool.ts';
import type { OpenDirectory, ProjectJail, ResolvedPath } from './project-jail.ts';

/**
 * What to find in files: a literal (an escaped RegExp, which cannot
 * backtrack, matched here chunk by chunk), or a client's regex (RE2, matched
 * in the shared thread pool so a large file never holds the event loop).
 */
export type ContentPattern =
  | { kind: 'literal'; pattern: RegExp }
  | { kind: 'regex'; source: string; caseInsensitive: boolean; pool: ContentSearchPool };

export interface SearchQuery {
  /** Matched against the project-relative path; a glob without `/` against the name alone. */
  glob: string | undefined;
  /** Searched for in each text file, line by line. */
  content: ContentPattern | undefined;
  caseSensitive: boolean;
  includeIgnored: boolean;
  /** Files larger than this are not searched for content. */
  maxFileBytes: number;
  /**
   * Whether the caller may see an entry, by the path it is named with and
   * where it really is (a token's path rules show folders leading to allowed paths).
   */
  visible(relative: string, realRelative: string, isDirectory: boolean): boolean;
  /** Stop (and say so) once the clock passes this, in ms since the epoch. */
  deadline: number;
  /** No file is searched past this many matches. */
  maxMatchesPerFile: number;
}

export interface SearchMatch {
  path: string;
  kind: 'file' | 'directory' | 'symlink';
  /** 1-based; null for a match by name. */
  line: number | null;
  /** 1-based, in UTF-16 code units as editors count; null for a match by name. */
  column: number | null;
  /** The matching line, cut to `maxLineTextLength`; null for a match by name. */
  lineText: string | null;
}

export interface SearchProgress {
  filesScanned: number;
  /** The deadline passed before the walk ended. */
  timedOut: boolean;
}

/** Lines longer than this are searched only this far (a regex on megabytes of one line can take very long). */
export const maxSearchedLineLength = 10_000;
const maxLineTextLength = 500;
const chunkBytes = 64 * 1024;

function join(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

/** A name glob as search takes it: linear-time (see src/core/patterns/linear-glob.ts). */
export function compileGlob(glob: string, caseSensitive: boolean): (path: string) => boolean {
  return compileLinearGlob(glob, { caseSensitive, basename: true });
}

/** Matches under `start`, depth first, folders in name order. */
export async function* searchFiles(
  jail: ProjectJail,
  start: ResolvedPath,
  query: SearchQuery,
  progress: SearchProgress,
): AsyncGenerator<SearchMatch> {
  const { directory, rules } = await onPath(start.path.relative, () =>
    openWithRules(jail, start.realRelative),
  );
  const matchesName =
    query.glob === undefined ? undefined : compileGlob(query.glob, query.caseSensitive);
  try {
    yield* searchFolder(
      jail,
      query,
      progress,
      matchesName,
      directory,
      rules,
      start.path.relative,
      false,
    );
  } finally {
    await directory.close();
  }
}

async function* searchFolder(
  jail: ProjectJail,
  query: SearchQuery,
  progress: SearchProgress,
  matchesName: ((path: string) => boolean) | undefined,
  directory: OpenDirectory,
  rules: GitignoreRules,
  path: string,
  insideIgnored: boolean,
): AsyncGenerator<SearchMatch> {
  const listing = await listDirectory(directory, {
    limit: Number.MAX_SAFE_INTEGER,
    stats: false,
    verdict: listingVerdict(query, rules, directory, path, insideIgnored),
  });
  for (const entry of listing.entries) {
    if (progress.timedOut) return;
    if (Date.now() > query.deadline) {
      progress.timedOut = true;
      return;
    }
    const entryPath = join(path, entry.name);
    const kind =
      entry.kind === 'directory' ? 'directory' : entry.kind === 'symlink' ? 'symlink' : 'file';
    const nameMatches = matchesName ? matchesName(entryPath) : true;
    if (query.content === undefined) {
      if (nameMatches && matchesName)
        yield { path: entryPath, kind, line: null, column: null, lineText: null };
      progress.filesScanned += kind === 'file' ? 1 : 0;
    } else if (kind === 'file' && nameMatches) {
      progress.filesScanned++;
      yield* searchContent(jail, query, directory, entry.name, entryPath, progress);
    }
    if (kind !== 'directory') continue;
    let child: OpenDirectory;
    try {
      child = await jail.openChildDirectory(directory, entry.name);
    } catch {
      continue; // removed or replaced since it was listed
    }
    try {
      const childRules = rules.enter(child);
      yield* searchFolder(
        jail,
        query,
        progress,
        matchesName,
        child,
        childRules,
        entryPath,
        entry.ignored,
      );
    } finally {
      await child.close();
    }
  }
}

async function* searchContent(
  jail: ProjectJail,
  query: SearchQuery,
  directory: OpenDirectory,
  name: string,
  path: string,
  progress: SearchProgress,
): AsyncGenerator<SearchMatch> {
  const content = query.content;
  if (!content) return;
  let handle: FileHandle;
  try {
    handle = await jail.openChildFile(directory, name);
  } catch {
    return; // removed, replaced by a symlink, or unreadable since it was listed
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size > query.maxFileBytes) return;
    if (content.kind === 'regex') {
      const head = Buffer.allocUnsafe(512);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      if (bytesRead > 0 && isBinaryFileSync(head.subarray(0, bytesRead), { size: bytesRead })) {
        return;
      }
      const task = {
        fd: handle.fd,
        source: content.source,
        caseInsensitive: content.caseInsensitive,
        maxLineLength: maxSearchedLineLength,
        maxTextLength: maxLineTextLength,
        maxMatches: query.maxMatchesPerFile,
      };
      const found = await content.pool.matchFile(task, query.deadline);
      if (found === 'timeout') {
        progress.timedOut = true;
        return;
      }
      for (const match of found) {
        yield { path, kind: 'file', line: match.line, column: match.column, lineText: match.text };
      }
      return;
    }
    const { pattern } = content;
    const decoder = new StringDecoder('utf8');
    let pending = '';
    let lineNumber = 0;
    let first = true;
    const buffer = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null);
      const chunk = buffer.subarray(0, bytesRead);
      if (first) {
        first = false;
        if (bytesRead > 0 && isBinaryFileSync(chunk, { size: bytesRead })) return;
      }
      const text = bytesRead === 0 ? pending + decoder.end() : pending + decoder.write(chunk);
      const lines = text.split('\n');
      // Mid-file, the last piece is an unfinished line; at the end, a final
      // newline leaves an empty piece that is no line of the file.
      const last = lines.pop() ?? '';
      pending = bytesRead === 0 ? '' : last;
      if (bytesRead === 0 && last !== '') lines.push(last);
      for (const line of lines) {
        lineNumber++;
        const searched =
          line.length > maxSearchedLineLength ? line.slice(0, maxSearchedLineLength) : line;
        const found = pattern.exec(searched);
        if (found) {
          const shown = searched.endsWith('\r') ? searched.slice(0, -1) : searched;
          yield {
            path,
            kind: 'file',
            line: lineNumber,
            column: found.index + 1,
            lineText: shown.slice(0, maxLineTextLength),
          };
        }
      }
      if (bytesRead === 0) return;
      if (Date.now() > query.deadline) {
        progress.timedOut = true;
        return;
      }
    }
  } finally {
    await handle.close();
  }
}
