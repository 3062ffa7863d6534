// Folders in and out as archives: a folder downloaded as a tar.gz stream,
// and a tar.gz, tar or zip unpacked into a folder. Downloads show what the
// tree shows the caller (path rules, FILES_DENY, .env hiding, .gitignore);
// uploads are checked whole before anything is written (archive-staging.ts),
// then written file by file through writeFile, announced and published as
// any write is.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Conflict, InvalidInput, NotFound } from '../core/errors.ts';
import { packFolder } from '../core/files/archive-pack.ts';
import {
  archiveStagingRoot,
  stageArchive,
  type StagedEntry,
} from '../core/files/archive-staging.ts';
import { compileGlob } from '../core/files/file-search.ts';
import { parseProjectPath } from '../core/files/project-path.ts';
import { locateSymlink, placeSymlink } from '../core/files/symlink-write.ts';
import type { Context } from './context.ts';
import { counted, countBytes, listable, resolveBrowsable } from './file-operation.ts';
import { createDirectory, expectChange, publishChange, writeFile } from './files.ts';

export interface DownloadArchiveInput {
  /** The folder to pack. @default '' (the project root) */
  path?: string | null | undefined;
  /** Pack .gitignore'd entries too. @default false */
  includeIgnored?: boolean | null | undefined;
  /** Globs of entries to leave out, by their path inside the archive (a glob without `/` matches names). */
  exclude?: readonly string[] | null | undefined;
}

export interface ArchiveDownload {
  /** The folder packed, as the client named it. */
  path: string;
  /** A name for the download: the folder's name, or `project` for the root. */
  fileName: string;
  stream: Readable;
}

/** Checks the request and starts packing; errors before the first byte are typed. */
export async function downloadArchive(
  ctx: Context,
  input: DownloadArchiveInput,
): Promise<ArchiveDownload> {
  return counted(ctx, 'archive-download', async () => {
    const excludes = (input.exclude ?? []).map((glob) => {
      try {
        return compileGlob(glob, true);
      } catch (error) {
        throw new InvalidInput(`exclude is not a valid glob: ${(error as Error).message}`, {
          field: 'exclude',
        });
      }
    });
    const projectPath = parseProjectPath(input.path ?? '');
    // As search: the start opens as a folder, and only what its listings show is read.
    const resolved = await resolveBrowsable(ctx, projectPath);
    if (!resolved) {
      throw new NotFound(`${projectPath.relative || 'the project root'} does not exist`, {
        path: projectPath.relative,
      });
    }
    const handle = await ctx.services.projectJail.openFile(resolved);
    const stats = await handle.stat().finally(() => handle.close());
    if (!stats.isDirectory()) {
      throw new InvalidInput(`${projectPath.relative} is not a folder`, {
        path: projectPath.relative,
      });
    }
    const progress = { files: 0, bytes: 0 };
    const stream = packFolder(
      ctx.services.projectJail,
      resolved,
      {
        includeIgnored: input.includeIgnored ?? false,
        visible: listable(ctx),
        excluded: (inside) => excludes.some((matches) => matches(inside)),
      },
      progress,
    );
    stream.once('end', () => countBytes(ctx, 'read', progress.bytes));
    return {
      path: projectPath.relative,
      fileName: `${projectPath.segments.at(-1) ?? 'project'}.tar.gz`,
      stream,
    };
  });
}

export interface UploadArchiveInput {
  /** The folder to unpack into; created when missing. @default '' (the project root) */
  path?: string | null | undefined;
  /** The archive's bytes, as they arrive: tar.gz, tar or zip, told apart by their first bytes. */
  body: AsyncIterable<Uint8Array>;
}

export interface UploadedArchive {
  path: string;
  files: number;
  directories: number;
  symlinks: number;
  /** Bytes of the files written. */
  bytes: number;
}

/**
 * Unpacks an archive into a folder. Every entry is checked first (zip-slip,
 * links out, limits, the caller's write access); a refused entry leaves the
 * project untouched. Files then replace any file of the same name.
 */
export async function uploadArchive(
  ctx: Context,
  input: UploadArchiveInput,
): Promise<UploadedArchive> {
  return counted(ctx, 'archive-upload', async () => {
    const { config, fileAccess, projectJail } = ctx.services;
    const folder = parseProjectPath(input.path ?? '');
    fileAccess.assert(ctx.principal, 'write', folder.relative);
    const location = await projectJail.locate(folder);
    fileAccess.assertTarget(ctx.principal, 'write', folder.relative, location.realRelative);
    const stagingRoot = archiveStagingRoot(config.dataDir);
    await mkdir(stagingRoot, { recursive: true, mode: 0o700 });
    const scratch = await mkdtemp(join(stagingRoot, 'upload-'));
    try {
      const staged = await stageArchive(input.body, folder, scratch, {
        maxBytes: config.archives.maxBytes,
        maxEntries: config.archives.maxEntries,
        maxFileBytes: fileAccess.maxBytes,
      });
      // Every path is checked before the first is written, by its name and
      // by where it leads through the project's symlinks: a token's path
      // rules, FILES_DENY and .env hiding refuse the whole upload.
      for (const entry of staged) {
        fileAccess.assert(ctx.principal, 'write', entry.path.relative);
        const where = await projectJail.locate(entry.path);
        fileAccess.assertTarget(ctx.principal, 'write', entry.path.relative, where.realRelative);
      }
      const result: UploadedArchive = {
        path: folder.relative,
        files: 0,
        directories: 0,
        symlinks: 0,
        bytes: 0,
      };
      for (const entry of staged) await unpack(ctx, entry, result);
      return result;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
}

async function unpack(ctx: Context, entry: StagedEntry, result: UploadedArchive): Promise<void> {
  switch (entry.kind) {
    case 'directory': {
      const view = await createDirectory(ctx, entry.path.relative);
      if (view.kind !== 'DIRECTORY') {
        throw new Conflict(`${entry.path.relative} exists and is not a folder`, {
          path: entry.path.relative,
        });
      }
      result.directories++;
      return;
    }
    case 'file': {
      const data = await readFile(entry.staged);
      await writeFile(ctx, { path: entry.path.relative, content: '', data });
      result.files++;
      result.bytes += data.length;
      return;
    }
    case 'symlink': {
      const { projectJail, fileAccess } = ctx.services;
      const where = await locateSymlink(projectJail, entry.path);
      fileAccess.assertTarget(ctx.principal, 'write', entry.path.relative, where.realRelative);
      for (const folder of where.createdFolders) {
        await expectChange(ctx, { kind: 'CREATED', path: folder, isDirectory: true });
      }
      await expectChange(ctx, { kind: 'CREATED', path: where.realRelative, isDirectory: false });
      const placed = await placeSymlink(projectJail, entry.path, entry.target);
      for (const folder of placed.createdFolders) {
        publishChange(ctx, { kind: 'CREATED', path: folder, isDirectory: true });
      }
      publishChange(ctx, {
        kind: placed.replaced ? 'MODIFIED' : 'CREATED',
        path: placed.realRelative,
        isDirectory: false,
      });
      result.symlinks++;
      return;
    }
  }
}
