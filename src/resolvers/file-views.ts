// A file or folder as clients see it (GraphQL `File`, gRPC `FileEntry`), and
// reading one into that view through the jail.
import { InvalidInput, NotFound, TooLarge } from '../core/errors.ts';
import {
  contentVersion,
  readSnapshot,
  type FileBody,
  type FileSnapshot,
} from '../core/files/file-snapshot.ts';
import { readSymlinkEntry } from '../core/files/entry-changes.ts';
import { languageIndex } from '../core/files/language.ts';
import type { EntryKind, ResolvedPath } from '../core/files/project-jail.ts';
import type { ProjectPath } from '../core/files/project-path.ts';
import type { Context } from './context.ts';

export type FileKind = 'FILE' | 'DIRECTORY' | 'SYMLINK';

/** The one mapping from an entry's kind on disk to the kind clients see. */
export function fileKindOf(kind: EntryKind): FileKind {
  return kind === 'directory' ? 'DIRECTORY' : kind === 'symlink' ? 'SYMLINK' : 'FILE';
}

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

function fileKind(resolved: ResolvedPath, snapshot: FileSnapshot): FileKind {
  return resolved.isSymlink
    ? 'SYMLINK'
    : fileKindOf(snapshot.kind === 'directory' ? 'directory' : 'file');
}

export async function toView(resolved: ResolvedPath, snapshot: FileSnapshot): Promise<FileView> {
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
export async function readView(
  ctx: Context,
  resolved: ResolvedPath,
): Promise<FileView | undefined> {
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

/** The view of a path just written, created or moved. */
export async function viewAfterChange(ctx: Context, path: ProjectPath): Promise<FileView> {
  const resolved = await ctx.services.projectJail.resolveExisting(path);
  const view = await readView(ctx, resolved);
  if (!view) throw new NotFound(`${path.relative} was removed while it was being read`);
  return view;
}

/**
 * A symlink as an entry of its own, not followed: a relative link moved to
 * another folder may now lead somewhere else, even outside, and the move
 * has happened all the same.
 */
export async function symlinkView(ctx: Context, path: ProjectPath): Promise<FileView> {
  const { projectJail } = ctx.services;
  const link = await readSymlinkEntry(projectJail, path);
  const resolved = await projectJail.resolve(path).catch(() => undefined);
  return {
    path: path.relative,
    name: path.segments.at(-1) ?? '',
    kind: 'SYMLINK',
    size: link.size,
    modifiedAt: link.modifiedAt,
    version: contentVersion(Buffer.from(`symlink\0${link.target}`)),
    language: null,
    symlinkTarget: resolved?.realRelative ?? null,
    binary: false,
    body: undefined,
  };
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
