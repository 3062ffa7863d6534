// replaceInFiles: one pattern replaced across the project's files. The scan
// (src/core/files/replace-scan.ts) reads every included file once and
// computes its new text without writing; then each changed file goes through
// writeFile, guarded by the version the scan read, so it is written
// atomically, checked against the token's path rules, and announced and
// published exactly as any other write. A file that moved on since the scan
// is skipped, never overwritten.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import {
  Conflict,
  Forbidden,
  InvalidInput,
  isDomainError,
  NotFound,
  TooLarge,
} from '../core/errors.ts';
import { compileGlob } from '../core/files/file-search.ts';
import { parseProjectPath } from '../core/files/project-path.ts';
import {
  scanForReplacement,
  type ReplacePattern,
  type ScannedFile,
} from '../core/files/replace-scan.ts';
import { sharedContentSearchPool } from '../core/files/content-search-pool.ts';
import { compileLinearRegex } from '../core/patterns/linear-regex.ts';
import type { ReplacedMatch } from '../core/files/text-replacement.ts';
import type { Context } from './context.ts';
import { counted, listable, resolveBrowsable } from './file-operation.ts';
import { writeFile } from './files.ts';

export type { ReplacedMatch };

export interface ReplaceInFilesInput {
  /** The folder to replace in. @default '' (the root) */
  path?: string | null | undefined;
  /** Text to find: literal unless `regex`. */
  pattern: string;
  regex?: boolean | null | undefined;
  /** @default true */
  caseSensitive?: boolean | null | undefined;
  /** With `regex`, `$1`, `$<name>`, `$&` and `$$` are expanded; otherwise inserted as written. */
  replacement: string;
  /** Project-path globs (`src/**\/*.ts`; without `/`, the name alone); none: every file. */
  include?: readonly string[] | null | undefined;
  exclude?: readonly string[] | null | undefined;
  /** @default true */
  respectGitignore?: boolean | null | undefined;
  /** Report what would change, with diffs; write nothing. @default false */
  dryRun?: boolean | null | undefined;
}

/** MATCHED: would change (dry run). SKIPPED: changed since the scan. REFUSED: the token may not write it. */
export type ReplaceFileStatus = 'MATCHED' | 'CHANGED' | 'SKIPPED' | 'REFUSED';

export interface FileReplacement {
  path: string;
  status: ReplaceFileStatus;
  matchCount: number;
  /** The first matches (`replaceLimits.matchesPerFile`). */
  matches: ReplacedMatch[];
  /** A unified diff of the change (dry run only). */
  diff: string | null;
  /** The version the scan read. */
  previousVersion: string;
  /** The version written (CHANGED only). */
  version: string | null;
  /** Why a file was skipped or refused. */
  reason: string | null;
}

export interface ReplaceInFilesResult {
  dryRun: boolean;
  files: FileReplacement[];
  filesScanned: number;
  filesChanged: number;
  matchCount: number;
}

export const replaceLimits = {
  matchesPerFile: 100,
  /** A diff costing more than this (ms, on the event loop) is left out. */
  diffTimeoutMs: 50,
  maxLiteralLength: 10_000,
  maxGlobs: 100,
  /** Files written at once. */
  concurrentWrites: 8,
};

function compilePattern(ctx: Context, input: ReplaceInFilesInput): ReplacePattern {
  if (input.pattern === '') {
    throw new InvalidInput('pattern must not be empty', { field: 'pattern' });
  }
  const caseInsensitive = !(input.caseSensitive ?? true);
  if (input.regex) {
    // Checked (syntax, features RE2 lacks, size) here; run on RE2 in the shared pool.
    compileLinearRegex(input.pattern, { field: 'pattern', caseInsensitive });
    const pool = sharedContentSearchPool(ctx.services.config.files.searchThreads);
    return { kind: 'regex', source: input.pattern, caseInsensitive, pool };
  }
  if (input.pattern.length > replaceLimits.maxLiteralLength) {
    throw new InvalidInput(`pattern is longer than ${replaceLimits.maxLiteralLength} characters`, {
      field: 'pattern',
    });
  }
  // An escaped literal cannot backtrack (docs/patterns.md). `m` matches nothing here; `g` replaces all.
  const escaped = input.pattern.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  return { kind: 'literal', pattern: new RegExp(escaped, caseInsensitive ? 'giu' : 'gu') };
}

function checkGlobs(globs: readonly string[] | null | undefined, field: string): string[] {
  const list = [...(globs ?? [])].filter((glob) => glob !== '');
  if (list.length > replaceLimits.maxGlobs) {
    throw new InvalidInput(`${field} takes at most ${replaceLimits.maxGlobs} globs`, { field });
  }
  for (const glob of list) {
    try {
      compileGlob(glob, true);
    } catch (error) {
      throw new InvalidInput(`${field} has an invalid glob ${glob}: ${(error as Error).message}`, {
        field,
      });
    }
  }
  return list;
}

function unifiedDiff(file: ScannedFile): string | null {
  const patch = createTwoFilesPatch(
    `a/${file.path}`,
    `b/${file.path}`,
    file.before,
    file.after,
    undefined,
    undefined,
    // `--- a/path` and `+++ b/path` as git writes them, without an Index line.
    { context: 3, timeout: replaceLimits.diffTimeoutMs, headerOptions: FILE_HEADERS_ONLY },
  );
  return patch ?? null;
}

function outcome(file: ScannedFile, status: ReplaceFileStatus): FileReplacement {
  return {
    path: file.path,
    status,
    matchCount: file.matchCount,
    matches: file.matches,
    diff: null,
    previousVersion: file.version,
    version: null,
    reason: null,
  };
}

/** Why the caller may not write `path`, or undefined when it may (by name; writeFile checks the target too). */
function refusal(ctx: Context, path: string): string | undefined {
  try {
    ctx.services.fileAccess.assert(ctx.principal, 'write', path);
    return undefined;
  } catch (error) {
    if (error instanceof Forbidden) return error.message;
    throw error;
  }
}

async function writeOne(ctx: Context, file: ScannedFile): Promise<FileReplacement> {
  const result = outcome(file, 'CHANGED');
  const refused = refusal(ctx, file.path);
  if (refused !== undefined) return { ...result, status: 'REFUSED', reason: refused };
  try {
    const written = await writeFile(ctx, {
      path: file.path,
      content: '',
      data: Buffer.from(file.after, 'utf8'),
      ifVersion: file.version,
      createParents: false,
    });
    return { ...result, version: written.version };
  } catch (error) {
    if (error instanceof Conflict || error instanceof NotFound) {
      return { ...result, status: 'SKIPPED', reason: error.message };
    }
    if (error instanceof Forbidden || error instanceof TooLarge) {
      return { ...result, status: 'REFUSED', reason: error.message };
    }
    if (isDomainError(error)) return { ...result, status: 'SKIPPED', reason: error.message };
    throw error;
  }
}

/** What a replacement will change, read but not written: the scan's result. */
export interface ReplacementPlan {
  dryRun: boolean;
  files: ScannedFile[];
  filesScanned: number;
}

/** Checks the input and scans: every file with matches, its new text and the version read. */
export async function planReplacement(
  ctx: Context,
  input: ReplaceInFilesInput,
): Promise<ReplacementPlan> {
  const { fileAccess, config, projectJail } = ctx.services;
  const dryRun = input.dryRun ?? false;
  // Writing needs files:write (and a project that is not read-only) before any work.
  if (!dryRun) fileAccess.assert(ctx.principal, 'write');
  const pattern = compilePattern(ctx, input);
  const include = checkGlobs(input.include, 'include');
  const exclude = checkGlobs(input.exclude, 'exclude');
  const projectPath = parseProjectPath(input.path ?? '');
  const resolved = await resolveBrowsable(ctx, projectPath);
  if (!resolved) throw new NotFound(`${projectPath.relative} does not exist`, { path: input.path });
  const limits = config.files.replace;
  const scanned = await scanForReplacement(projectJail, resolved, {
    pattern,
    replacement: input.replacement,
    include,
    exclude,
    respectGitignore: input.respectGitignore ?? true,
    visible: listable(ctx),
    limits: {
      maxFileBytes: fileAccess.maxBytes,
      maxFiles: limits.maxFiles,
      maxMatchedBytes: limits.maxBytes,
      timeoutMs: limits.timeoutMs,
      deadline: Date.now() + limits.timeoutMs,
      maxMatchesPerFile: replaceLimits.matchesPerFile,
    },
  });
  return { dryRun, files: scanned.files, filesScanned: scanned.filesScanned };
}

/** A dry run's report, or each file written over the version the scan read. */
export async function applyReplacement(
  ctx: Context,
  plan: ReplacementPlan,
): Promise<ReplaceInFilesResult> {
  const files: FileReplacement[] = new Array<FileReplacement>(plan.files.length);
  if (plan.dryRun) {
    plan.files.forEach((file, index) => {
      const refused = refusal(ctx, file.path);
      files[index] = {
        ...outcome(file, refused === undefined ? 'MATCHED' : 'REFUSED'),
        reason: refused ?? null,
        diff: unifiedDiff(file),
      };
    });
  } else {
    // Each file is its own atomic write, announced before it touches the disk.
    // A few at once: most of a write is waiting for its two fsyncs.
    let next = 0;
    const writer = async () => {
      for (let index = next++; index < plan.files.length; index = next++) {
        files[index] = await writeOne(ctx, plan.files[index] as ScannedFile);
      }
    };
    await Promise.all(Array.from({ length: replaceLimits.concurrentWrites }, writer));
  }
  return {
    dryRun: plan.dryRun,
    files,
    filesScanned: plan.filesScanned,
    filesChanged: files.filter((file) => file.status === 'CHANGED').length,
    matchCount: files.reduce((sum, file) => sum + file.matchCount, 0),
  };
}

/** Replaces `pattern` in every included file under `path`; see ReplaceInFilesInput. */
export async function replaceInFiles(
  ctx: Context,
  input: ReplaceInFilesInput,
): Promise<ReplaceInFilesResult> {
  return counted(ctx, 'replace', async () =>
    applyReplacement(ctx, await planReplacement(ctx, input)),
  );
}
