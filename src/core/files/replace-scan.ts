// The scan half of replaceInFiles: walks the tree as search does (one folder
// at a time, .gitignore-aware, only what the caller may see), reads each
// included text file once, and computes its replaced text and the version it
// was read at. Nothing is written here; the resolver writes what it returns.
// Every cost is bounded: files examined, bytes held, and a deadline that also
// ends a regex stuck backtracking in its worker.
import type { FileHandle } from 'node:fs/promises';
import { TooLarge } from '../errors.ts';
import { listDirectory } from './directory-listing.ts';
import { compileGlob } from './file-search.ts';
import { contentVersion, isBinary } from './file-snapshot.ts';
import { onPath } from './fs-errors.ts';
import { GitignoreRules, openWithRules } from './gitignore-rules.ts';
import type { OpenDirectory, ProjectJail, ResolvedPath } from './project-jail.ts';
import type { ContentSearchPool } from './content-search-pool.ts';
import { replaceText, type ReplacedMatch, type TextReplacement } from './text-replacement.ts';

export type ReplacePattern =
  /** An escaped literal as a V8 regex (`g`, `m`): it cannot backtrack, so it runs in place. */
  | { kind: 'literal'; pattern: RegExp }
  /** A client's regex (checked by compileLinearRegex): RE2, on the shared pool, under the deadline. */
  | { kind: 'regex'; source: string; caseInsensitive: boolean; pool: ContentSearchPool };

export interface ReplaceScan {
  pattern: ReplacePattern;
  replacement: string;
  /** Project-path globs a file must match one of (none: every file). */
  include: readonly string[];
  /** Project-path globs that leave a file out. */
  exclude: readonly string[];
  respectGitignore: boolean;
  /** As in search: by the client's path and where it really is. */
  visible(relative: string, realRelative: string, isDirectory: boolean): boolean;
  limits: ReplaceLimits;
}

export interface ReplaceLimits {
  /** A text file larger than this fails the operation (binary files are passed over). */
  maxFileBytes: number;
  /** Files examined; past it the operation fails. */
  maxFiles: number;
  /** Bytes of the files with matches, held until they are written. */
  maxMatchedBytes: number;
  /** ms since the epoch: the scan fails once the clock passes it. */
  deadline: number;
  timeoutMs: number;
  /** Matches listed per file. */
  maxMatchesPerFile: number;
}

export interface ScannedFile {
  /** The client's project path. */
  path: string;
  /** The version the file was read at: the write is guarded by it. */
  version: string;
  before: string;
  after: string;
  matchCount: number;
  matches: ReplacedMatch[];
}

export interface ScanResult {
  files: ScannedFile[];
  filesScanned: number;
}

type Replace = (text: string, path: string) => Promise<TextReplacement>;

function join(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

function anyOf(globs: readonly string[]): ((path: string) => boolean) | undefined {
  if (globs.length === 0) return undefined;
  const matchers = globs.map((glob) => compileGlob(glob, true));
  return (path) => matchers.some((matches) => matches(path));
}

function timedOut(limits: ReplaceLimits, path: string): TooLarge {
  return new TooLarge(
    `replaceInFiles ran past its ${limits.timeoutMs} ms time limit (at ${path}); nothing was written. Simplify the pattern or narrow include`,
    { limit: limits.timeoutMs, path, reason: 'timeout' },
  );
}

/** Every included, visible text file under `start` with at least one match. */
export async function scanForReplacement(
  jail: ProjectJail,
  start: ResolvedPath,
  scan: ReplaceScan,
): Promise<ScanResult> {
  const { limits } = scan;
  const { pattern } = scan;
  const rule = {
    replacement: scan.replacement,
    expand: pattern.kind === 'regex',
    maxMatches: limits.maxMatchesPerFile,
  };
  const replace: Replace = async (text, path) => {
    if (pattern.kind === 'literal') return replaceText(text, pattern.pattern, rule);
    const replaced = await pattern.pool.replaceText(
      {
        text,
        source: pattern.source,
        caseInsensitive: pattern.caseInsensitive,
        replacement: scan.replacement,
        maxMatches: limits.maxMatchesPerFile,
      },
      limits.deadline,
    );
    if (replaced === 'timeout') throw timedOut(limits, path);
    return replaced;
  };
  const { directory, rules } = await onPath(start.path.relative, () =>
    openWithRules(jail, start.realRelative),
  );
  const walk = new Walk(jail, scan, replace);
  try {
    await walk.folder(directory, rules, start.path.relative);
    return { files: walk.found, filesScanned: walk.filesScanned };
  } finally {
    await directory.close();
  }
}

class Walk {
  readonly found: ScannedFile[] = [];
  filesScanned = 0;
  #matchedBytes = 0;

  readonly jail: ProjectJail;
  readonly scan: ReplaceScan;
  readonly replace: Replace;
  readonly included: ((path: string) => boolean) | undefined;
  readonly excluded: ((path: string) => boolean) | undefined;

  constructor(jail: ProjectJail, scan: ReplaceScan, replace: Replace) {
    this.jail = jail;
    this.scan = scan;
    this.replace = replace;
    this.included = anyOf(scan.include);
    this.excluded = anyOf(scan.exclude);
  }

  async folder(directory: OpenDirectory, rules: GitignoreRules, path: string): Promise<void> {
    const { scan } = this;
    const listing = await listDirectory(directory, {
      limit: Number.MAX_SAFE_INTEGER,
      stats: false,
      verdict: (name, kind) => {
        // Symlinks are left alone: their target is replaced under its own name, once.
        if (kind === 'other' || kind === 'symlink') return 'hide';
        const isDirectory = kind === 'directory';
        if (!scan.visible(join(path, name), join(directory.realRelative, name), isDirectory))
          return 'hide';
        // git's own folder is never project text, whatever .gitignore says.
        if (name === '.git') return 'hide';
        if (!scan.respectGitignore) return 'show';
        return rules.ignores(join(directory.realRelative, name), isDirectory) ? 'hide' : 'show';
      },
    });
    for (const entry of listing.entries) {
      const entryPath = join(path, entry.name);
      if (Date.now() > scan.limits.deadline) throw timedOut(scan.limits, entryPath);
      if (entry.kind === 'file') {
        if (this.included && !this.included(entryPath)) continue;
        if (this.excluded?.(entryPath)) continue;
        await this.file(directory, entry.name, entryPath);
        continue;
      }
      if (this.excluded?.(entryPath)) continue;
      let child: OpenDirectory;
      try {
        child = await this.jail.openChildDirectory(directory, entry.name);
      } catch {
        continue; // removed or replaced since it was listed
      }
      try {
        await this.folder(child, rules.enter(child), entryPath);
      } finally {
        await child.close();
      }
    }
  }

  async file(directory: OpenDirectory, name: string, path: string): Promise<void> {
    const { limits } = this.scan;
    if (++this.filesScanned > limits.maxFiles) {
      throw new TooLarge(
        `replaceInFiles examines at most ${limits.maxFiles} files (FILES_REPLACE_MAX_FILES); narrow path or include. Nothing was written`,
        { limit: limits.maxFiles, reason: 'files' },
      );
    }
    let handle: FileHandle;
    try {
      handle = await this.jail.openChildFile(directory, name);
    } catch {
      return; // removed or replaced by a symlink since it was listed
    }
    let bytes: Buffer;
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) return;
      if (stats.size > limits.maxFileBytes) {
        const head = Buffer.alloc(Math.min(8192, stats.size));
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        if (isBinary(head.subarray(0, bytesRead))) return;
        throw new TooLarge(
          `${path} is ${stats.size} bytes, over the ${limits.maxFileBytes}-byte limit for replacing; exclude it. Nothing was written`,
          { path, limit: limits.maxFileBytes, reason: 'fileSize' },
        );
      }
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
    if (bytes.length > limits.maxFileBytes || isBinary(bytes)) return;
    const before = bytes.toString('utf8');
    const replaced = await this.replace(before, path);
    if (replaced.matchCount === 0 || replaced.text === before) return;
    this.#matchedBytes += bytes.length + Buffer.byteLength(replaced.text);
    if (this.#matchedBytes > limits.maxMatchedBytes) {
      throw new TooLarge(
        `the files with matches hold more than ${limits.maxMatchedBytes} bytes (FILES_REPLACE_MAX_BYTES); narrow path or include. Nothing was written`,
        { limit: limits.maxMatchedBytes, reason: 'bytes' },
      );
    }
    this.found.push({
      path,
      version: contentVersion(bytes),
      before,
      after: replaced.text,
      matchCount: replaced.matchCount,
      matches: replaced.matches,
    });
  }
}
