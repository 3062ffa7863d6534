// The project's files: read, list, search, write, move, delete. Every path
// goes through the jail (src/core/files/project-jail.ts) and the access
// policy before the disk is touched; the mechanics of a change live in
// src/core/files, the policy, announcing and publishing here. Each mutation
// is one function, so whatever must follow a change has one place to hook in.
import { Conflict, InvalidInput, TooLarge } from '../core/errors.ts';
import {
  movePath as moveEntry,
  removePath,
  type ChangeHooks,
} from '../core/files/entry-changes.ts';
import { contentVersion, isBinary } from '../core/files/file-snapshot.ts';
import { writeFileAt } from '../core/files/file-write.ts';
import { createdFolders, folderEntry, makeFolders } from '../core/files/folders-in-jail.ts';
import { parseProjectPath } from '../core/files/project-path.ts';
import type { EntryInfo, FileChange } from '../core/watch/file-change.ts';
import { actorOf } from './change-actor.ts';
import type { Context } from './context.ts';
import { counted, countBytes } from './file-operation.ts';
import { symlinkView, toView, viewAfterChange, type FileView } from './file-views.ts';

export * from './file-reads.ts';
export {
  fileKindOf,
  rawContent,
  textContent,
  type FileBytes,
  type FileKind,
  type FileView,
} from './file-views.ts';

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

export function decodeContent(input: WriteFileInput): Buffer {
  if (input.data !== undefined) return Buffer.from(input.data);
  if ((input.encoding ?? 'UTF8') === 'UTF8') return Buffer.from(input.content, 'utf8');
  const base64 = input.content.replace(/\s+/g, '');
  if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
    throw new InvalidInput('content is not valid base64', { field: 'content' });
  }
  return Buffer.from(base64, 'base64');
}

/**
 * Publishes a change made through the API at once, with its origin, so the
 * caller can drop its own echo; the watcher's sighting of it is then dropped.
 */
export function publishChange(ctx: Context, change: Omit<FileChange, 'origin'>): void {
  ctx.services.fileFeed.publishFromApi({ ...change, origin: originOf(ctx) });
}

/**
 * Says what an operation is about to change, before it touches the disk (see
 * publishChange); with several instances, resolves once the watching one can know.
 */
export function expectChange(ctx: Context, change: Omit<FileChange, 'origin'>): Promise<void> {
  return ctx.services.fileFeed.expectFromApi({ ...change, origin: originOf(ctx) });
}

function originOf(ctx: Context): FileChange['origin'] {
  return {
    source: ctx.transport,
    requestId: ctx.requestId,
    principalId: ctx.principal.id,
    actor: actorOf(ctx),
  };
}

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
    const written = await writeFileAt(projectJail, location, {
      bytes,
      ifVersion: input.ifVersion ?? undefined,
      createParents: input.createParents ?? true,
    });
    countBytes(ctx, 'written', bytes.length);
    // The file's entry from the write just made; the folders' from one lstat each.
    const fileEntry: EntryInfo = {
      kind: 'file',
      size: bytes.length,
      mtimeMs: written.modifiedAt.getTime(),
    };
    const entries = await Promise.all(
      changes.map((change) =>
        change.isDirectory ? folderEntry(ctx.services.projectJail, change.path) : fileEntry,
      ),
    );
    changes.forEach((change, i) => publishChange(ctx, { ...change, entry: entries[i] }));
    return toView(written.resolved, {
      kind: 'file',
      size: bytes.length,
      modifiedAt: written.modifiedAt,
      version: contentVersion(bytes),
      mode: written.mode,
      body: { state: 'loaded', bytes, binary: isBinary(bytes) },
    });
  });
}

/** What the access policy says about changing entries, as the mechanics ask it. */
function changeHooks(ctx: Context, announce: ChangeHooks['announce']): ChangeHooks {
  const { fileAccess } = ctx.services;
  return {
    authorize: (path, realRelative) =>
      fileAccess.assertTarget(ctx.principal, 'write', path.relative, realRelative),
    mayChange: (names) => names.every((name) => fileAccess.canWriteEntry(ctx.principal, name)),
    announce,
  };
}

/** Deletes a file, symlink or empty folder; a folder with entries only when `recursive`. */
export async function deletePath(ctx: Context, path: string, recursive: boolean): Promise<boolean> {
  return counted(ctx, 'delete', async () => {
    const projectPath = parseProjectPath(path);
    ctx.services.fileAccess.assert(ctx.principal, 'write', projectPath.relative);
    const removed = await removePath(
      ctx.services.projectJail,
      projectPath,
      recursive,
      changeHooks(ctx, (isDirectory, realRelative) =>
        expectChange(ctx, { kind: 'DELETED', path: realRelative, isDirectory }),
      ),
    );
    publishChange(ctx, {
      kind: 'DELETED',
      path: removed.realRelative,
      isDirectory: removed.isDirectory,
    });
    return true;
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
    const source = parseProjectPath(from, 'from');
    const target = parseProjectPath(to, 'to');
    ctx.services.fileAccess.assert(ctx.principal, 'write', source.relative, target.relative);
    if (target.relative === source.relative) {
      throw new InvalidInput('from and to are the same path', { field: 'to' });
    }
    const moved = await moveEntry(
      ctx.services.projectJail,
      source,
      target,
      createParents,
      changeHooks(ctx, (isDirectory) =>
        expectChange(ctx, {
          kind: 'MOVED',
          path: target.relative,
          oldPath: source.relative,
          isDirectory,
        }),
      ),
    );
    if (moved.isSymlink) {
      publishChange(ctx, {
        kind: 'MOVED',
        path: target.relative,
        oldPath: source.relative,
        isDirectory: false,
        entry: moved.entry,
      });
      return symlinkView(ctx, target);
    }
    const view = await viewAfterChange(ctx, target);
    publishChange(ctx, {
      kind: 'MOVED',
      path: target.relative,
      oldPath: source.relative,
      isDirectory: view.kind === 'DIRECTORY',
      version: view.kind === 'FILE' ? view.version : undefined,
      entry: { kind: moved.entry.kind, size: view.size, mtimeMs: view.modifiedAt.getTime() },
    });
    return view;
  });
}

/** Creates a folder and any missing folders above it; an existing folder is returned as it is. */
export async function createDirectory(ctx: Context, path: string): Promise<FileView> {
  return counted(ctx, 'mkdir', async () => {
    const { projectJail, fileAccess } = ctx.services;
    const projectPath = parseProjectPath(path);
    fileAccess.assert(ctx.principal, 'write', projectPath.relative);
    const location = await projectJail.locate(projectPath);
    fileAccess.assertTarget(ctx.principal, 'write', projectPath.relative, location.realRelative);
    const created = createdFolders(location.existing.realRelative, location.missing);
    for (const folder of created) {
      await expectChange(ctx, { kind: 'CREATED', path: folder, isDirectory: true });
    }
    await makeFolders(projectJail, location);
    const entries = await Promise.all(created.map((folder) => folderEntry(projectJail, folder)));
    created.forEach((folder, i) =>
      publishChange(ctx, { kind: 'CREATED', path: folder, isDirectory: true, entry: entries[i] }),
    );
    const view = await viewAfterChange(ctx, projectPath);
    if (view.kind === 'FILE' || (view.kind === 'SYMLINK' && view.body !== undefined)) {
      throw new Conflict(`${projectPath.relative} exists and is not a folder`, { path });
    }
    return view;
  });
}
