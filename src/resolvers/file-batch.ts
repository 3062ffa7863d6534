// writeFiles: several writes, deletes and moves applied together, or none.
// The policy (scopes, rules, limits) is checked here for every entry before
// anything is planned; the mechanics and the crash safety live in
// src/core/files/file-batch.ts. Every event of a batch carries its requestId.
import { InvalidInput, TooLarge } from '../core/errors.ts';
import { applyBatch, planBatch, type BatchStep } from '../core/files/file-batch.ts';
import { contentVersion } from '../core/files/file-snapshot.ts';
import { parseProjectPath } from '../core/files/project-path.ts';
import type { Context } from './context.ts';
import { counted, countBytes } from './file-operation.ts';
import { decodeContent, expectChange, publishChange, type ContentEncoding } from './files.ts';

export type FileBatchOp = 'WRITE' | 'DELETE' | 'MOVE';

export interface FileBatchEntryInput {
  op: FileBatchOp;
  /** The file written or deleted, or the entry moved. */
  path: string;
  /** WRITE: the new content, spelled as `encoding` says. */
  content?: string | null | undefined;
  encoding?: ContentEncoding | null | undefined;
  /** WRITE over gRPC: raw bytes instead of `content`. */
  data?: Uint8Array | undefined;
  /** MOVE: where to. */
  to?: string | null | undefined;
  /** The entry at `path` must be a file at this version, or the whole batch is a CONFLICT. */
  ifVersion?: string | null | undefined;
  /** DELETE: a folder with entries too. */
  recursive?: boolean | null | undefined;
}

export interface WriteFilesInput {
  entries: readonly FileBatchEntryInput[];
  /** @default true */
  createParents?: boolean | null | undefined;
}

export interface FileBatchResult {
  op: FileBatchOp;
  path: string;
  /** MOVE: where it was. */
  oldPath: string | null;
  /** WRITE: the version of what was written. */
  version: string | null;
}

export interface WriteFilesResult {
  results: FileBatchResult[];
  /** The requestId every event of this batch carries. */
  requestId: string;
}

function toStep(entry: FileBatchEntryInput, index: number): BatchStep {
  const field = (name: string) => `entries[${index}].${name}`;
  const path = parseProjectPath(entry.path, field('path'));
  const ifVersion = entry.ifVersion ?? undefined;
  switch (entry.op) {
    case 'WRITE': {
      if (entry.data === undefined && (entry.content ?? null) === null) {
        throw new InvalidInput(`${field('content')} is required for a WRITE`, {
          field: field('content'),
        });
      }
      const bytes = decodeContent({
        path: entry.path,
        content: entry.content ?? '',
        encoding: entry.encoding,
        data: entry.data,
      });
      return { op: 'write', path, bytes, ifVersion };
    }
    case 'DELETE':
      return { op: 'delete', path, recursive: entry.recursive ?? false, ifVersion };
    case 'MOVE': {
      if (!entry.to) {
        throw new InvalidInput(`${field('to')} is required for a MOVE`, { field: field('to') });
      }
      const to = parseProjectPath(entry.to, field('to'));
      if (to.relative === path.relative) {
        throw new InvalidInput(`${field('to')} is the same path as ${field('path')}`, {
          field: field('to'),
        });
      }
      return { op: 'move', path, to, ifVersion };
    }
    default:
      throw new InvalidInput(`${field('op')} must be WRITE, DELETE or MOVE`, {
        field: field('op'),
      });
  }
}

/** Applies every entry, or none: one refusal or stale version fails the whole batch. */
export async function writeFiles(ctx: Context, input: WriteFilesInput): Promise<WriteFilesResult> {
  return counted(ctx, 'writeFiles', async () => {
    const { projectJail, fileAccess, config } = ctx.services;
    const { batchMaxEntries, batchMaxBytes } = config.files;
    const { entries } = input;
    // The scope (and FILES_READ_ONLY) first: a caller who may not write learns nothing else.
    fileAccess.assert(ctx.principal, 'write');
    if (entries.length === 0) {
      throw new InvalidInput('entries must not be empty', { field: 'entries' });
    }
    if (entries.length > batchMaxEntries) {
      throw new InvalidInput(
        `a batch has at most ${batchMaxEntries} entries (FILES_BATCH_MAX_ENTRIES); this one has ${entries.length}`,
        { field: 'entries', limit: batchMaxEntries },
      );
    }
    const steps = entries.map(toStep);
    let total = 0;
    for (const [i, step] of steps.entries()) {
      const paths = step.op === 'move' ? [step.path, step.to] : [step.path];
      fileAccess.assert(ctx.principal, 'write', ...paths.map((path) => path.relative));
      if (step.op !== 'write') continue;
      if (step.bytes.length > fileAccess.maxBytes) {
        throw new TooLarge(
          `entries[${i}].content is ${step.bytes.length} bytes, over the ${fileAccess.maxBytes}-byte limit`,
          { field: `entries[${i}].content`, limit: fileAccess.maxBytes },
        );
      }
      total += step.bytes.length;
    }
    if (total > batchMaxBytes) {
      throw new TooLarge(
        `the batch holds ${total} bytes of content, over the ${batchMaxBytes}-byte limit (FILES_BATCH_MAX_BYTES)`,
        { field: 'entries', limit: batchMaxBytes },
      );
    }
    const planned = await planBatch(projectJail, steps, input.createParents ?? true, {
      authorize: (path, realRelative) =>
        fileAccess.assertTarget(ctx.principal, 'write', path.relative, realRelative),
    });
    const outcome = await applyBatch(projectJail, planned, {
      mayChange: (names) => names.every((name) => fileAccess.canWriteEntry(ctx.principal, name)),
      // Announced before the disk changes: the watcher may be quicker than the fsyncs.
      announce: async (changes) => {
        for (const change of changes) await expectChange(ctx, change);
      },
    });
    countBytes(ctx, 'written', total);
    for (const change of outcome.changes) publishChange(ctx, change);
    return {
      requestId: ctx.requestId,
      results: steps.map((step) => ({
        op: step.op === 'write' ? 'WRITE' : step.op === 'delete' ? 'DELETE' : 'MOVE',
        path: step.op === 'move' ? step.to.relative : step.path.relative,
        oldPath: step.op === 'move' ? step.path.relative : null,
        version: step.op === 'write' ? contentVersion(step.bytes) : null,
      })),
    };
  });
}
