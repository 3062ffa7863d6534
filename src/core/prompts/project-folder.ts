// The folder a prompt library is imported from and exported to, reached only
// through the files domain's door to PROJECT_ROOT (src/core/files): its path
// rules, its symlink-resolving jail, its access policy (scopes, deny and
// secret globs, FILES_READ_ONLY) and its atomic writes. A path that leaves
// the root is FORBIDDEN, a malformed one BAD_USER_INPUT.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Conflict, InvalidInput, NotFound, TooLarge } from '../errors.ts';
import type { FileAccessPolicy } from '../files/access-policy.ts';
import { writeAtomically } from '../files/atomic-write.ts';
import { openOrCreateFolder } from '../files/folders-in-jail.ts';
import { errnoCode, onPath } from '../files/fs-errors.ts';
import type { OpenDirectory, ProjectJail } from '../files/project-jail.ts';
import { childPath, parseProjectPath, type ProjectPath } from '../files/project-path.ts';
import type { Principal } from '../scopes.ts';
import { maxBodyBytes } from './draft.ts';

/** Room for front matter around the largest body a version may have. */
export const maxPromptFileBytes = maxBodyBytes + 64 * 1024;
export const maxPromptFiles = 1_000;

/** Who is asking, and the project's door. */
export interface ProjectAccess {
  jail: ProjectJail;
  policy: FileAccessPolicy;
  principal: Principal;
}

export interface FolderFile {
  /** Relative to PROJECT_ROOT, with `/`. */
  path: string;
  /** The file name without `.md`. */
  stem: string;
  text: string;
}

export interface FolderContent {
  /** The folder as the client named it; `.` for the root. */
  folder: string;
  files: FolderFile[];
}

const shown = (path: ProjectPath) => path.relative || '.';

function isPromptFileName(name: string): boolean {
  return name.endsWith('.md') && name.length > '.md'.length && !name.startsWith('.');
}

/**
 * Every `*.md` file directly in `folder`, by name. Files the caller may not
 * see (deny or secret globs) are skipped as a listing skips them; a symlink
 * is followed only while it stays inside the root.
 */
export async function readPromptFolder(
  access: ProjectAccess,
  folder: string,
): Promise<FolderContent> {
  const { jail, policy, principal } = access;
  const path = parseProjectPath(folder, 'folder');
  policy.assert(principal, 'read', path.relative);
  const resolved = await jail.resolve(path);
  if (!resolved)
    throw new NotFound(`folder "${shown(path)}" does not exist`, { folder: shown(path) });
  policy.assert(principal, 'read', resolved.realRelative);
  if (!(await lstat(resolved.real)).isDirectory()) {
    throw new InvalidInput(`"${shown(path)}" is not a folder`, { folder: shown(path) });
  }
  const directory = await jail.openDirectory(resolved.real, path);
  try {
    const entries = (await readdir(directory.path, { withFileTypes: true }))
      .filter((entry) => isPromptFileName(entry.name))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    if (entries.length > maxPromptFiles) {
      throw new TooLarge(`a prompt folder may hold at most ${maxPromptFiles} files`, {
        limit: maxPromptFiles,
      });
    }
    const files: FolderFile[] = [];
    for (const entry of entries) {
      const filePath = childPath(path, entry.name);
      if (!policy.canList(principal, join(resolved.realRelative, entry.name))) continue;
      let handle;
      if (entry.isSymbolicLink()) {
        const target = await jail.resolve(filePath);
        if (!target) continue;
        policy.assert(principal, 'read', target.realRelative);
        handle = await jail.openFile(target);
      } else if (entry.isFile()) {
        handle = await jail.openChildFile(directory, entry.name);
      } else {
        continue;
      }
      try {
        const stats = await handle.stat();
        if (!stats.isFile()) continue;
        if (stats.size > maxPromptFileBytes) {
          throw new TooLarge(
            `${filePath.relative} is ${stats.size} bytes; the limit is ${maxPromptFileBytes}`,
            { path: filePath.relative, limit: maxPromptFileBytes },
          );
        }
        files.push({
          path: filePath.relative,
          stem: entry.name.slice(0, -'.md'.length),
          text: await handle.readFile('utf8'),
        });
      } finally {
        await handle.close();
      }
    }
    return { folder: shown(path), files };
  } finally {
    await directory.close();
  }
}

/** Opens `folder`, creating what is missing of it, each level through the jail. */
async function openFolderForWriting(
  access: ProjectAccess,
  path: ProjectPath,
): Promise<OpenDirectory> {
  const { jail, policy, principal } = access;
  const location = await jail.locate(path);
  policy.assert(principal, 'write', location.realRelative);
  if (!(await lstat(location.existing.real)).isDirectory()) {
    throw new Conflict(`"${shown(location.existing.path)}" is a file, not a folder`, {
      folder: shown(path),
    });
  }
  return openOrCreateFolder(jail, path, location.existing, location.missing);
}

export interface WrittenFile {
  /** Relative to PROJECT_ROOT, with `/`. */
  path: string;
  /** False when the file already held exactly this text. */
  written: boolean;
}

/**
 * Writes `<folder>/<name>` for each file, atomically, creating the folder if
 * needed. A file that already holds the text is left alone; a symlink where
 * a file goes is replaced by the file, never written through.
 */
export async function writePromptFolder(
  access: ProjectAccess,
  folder: string,
  files: ReadonlyArray<{ name: string; text: string }>,
): Promise<{ folder: string; files: WrittenFile[] }> {
  const { jail, policy, principal } = access;
  const path = parseProjectPath(folder, 'folder');
  policy.assert(principal, 'write', path.relative);
  const directory = await openFolderForWriting(access, path);
  try {
    const written: WrittenFile[] = [];
    for (const file of files) {
      const filePath = childPath(path, file.name).relative;
      policy.assert(principal, 'write', filePath, join(directory.realRelative, file.name));
      const text = Buffer.from(file.text, 'utf8');
      const changed = await jail.locks.run([join(directory.real, file.name)], () =>
        onPath(filePath, async () => {
          const current = await lstat(directory.child(file.name)).catch((error: unknown) => {
            if (errnoCode(error) === 'ENOENT') return undefined;
            throw error;
          });
          if (current?.isDirectory())
            throw new Conflict(`${filePath} is a folder`, { path: filePath });
          if (current?.isFile() && current.size === text.length) {
            const handle = await jail.openChildFile(directory, file.name);
            const existing = await handle.readFile().finally(() => handle.close());
            if (existing.equals(text)) return false;
          }
          const mode = current?.isFile() ? current.mode & 0o7777 : undefined;
          await writeAtomically(directory, file.name, text, mode);
          return true;
        }),
      );
      written.push({ path: filePath, written: changed });
    }
    return { folder: shown(path), files: written };
  } finally {
    await directory.close();
  }
}
