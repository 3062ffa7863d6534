// The zip-slip checks: what an archive entry's name and link target may be
// before anything of it reaches the disk. An entry is named relative to the
// folder the archive is unpacked into; a name that climbs out (`..`), starts
// at a root (`/`, `C:`), or a link that leads outside the project is refused
// with BAD_USER_INPUT naming the entry, whatever the archive format.
import { posix } from 'node:path';
import { InvalidInput } from '../errors.ts';
import { parseProjectPath, type ProjectPath } from './project-path.ts';

/** Refuses an entry, naming it as the archive spells it. */
export function badEntry(entry: string, reason: string): InvalidInput {
  return new InvalidInput(`archive entry ${JSON.stringify(entry)} ${reason}`, { entry });
}

const windowsDrive = /^[A-Za-z]:/;

/**
 * The entry's path inside the folder it is unpacked into, as segments;
 * `[]` for the folder itself (`./`). Leading `./` and a trailing `/` (how
 * tar and zip mark folders) are dropped; anything else malformed is refused.
 */
export function entrySegments(name: string): string[] {
  if (name.startsWith('/') || windowsDrive.test(name)) {
    throw badEntry(name, 'is an absolute path');
  }
  if (name.includes('\\')) {
    throw badEntry(name, 'contains a backslash (a Windows separator that could climb out)');
  }
  let trimmed = name;
  while (trimmed.startsWith('./')) trimmed = trimmed.slice(2);
  if (trimmed.endsWith('/')) trimmed = trimmed.slice(0, -1);
  const segments = trimmed === '' || trimmed === '.' ? [] : trimmed.split('/');
  if (segments.includes('..')) throw badEntry(name, "climbs out of its folder ('..')");
  if (segments.includes('')) throw badEntry(name, 'has an empty segment (//)');
  if (segments.includes('.')) throw badEntry(name, "has a '.' segment inside it");
  if (segments.length === 0) return [];
  try {
    // The same rules as any client path: control characters, NUL, length.
    return [...parseProjectPath(segments.join('/'), 'entry').segments];
  } catch (error) {
    throw badEntry(name, `is not a valid path: ${(error as Error).message}`);
  }
}

/** `segments` inside `folder`, as a project path. */
export function insideFolder(folder: ProjectPath, segments: readonly string[]): ProjectPath {
  const all = [...folder.segments, ...segments];
  return { relative: all.join('/'), segments: all };
}

/**
 * Where a symlink entry at `link` (a project path) would lead, as a project
 * path; refused when its target is absolute or climbs out of the project.
 * Judged by its text: the link's folders are themselves entries or folders
 * the jail has checked, and every later use of the link goes through the
 * jail's realpath check as well.
 */
export function symlinkTarget(entry: string, link: ProjectPath, target: string): ProjectPath {
  if (target === '') throw badEntry(entry, 'is a symlink with an empty target');
  if (target.startsWith('/') || windowsDrive.test(target)) {
    throw badEntry(entry, `is a symlink to an absolute path (${target})`);
  }
  if (target.includes('\\') || target.includes('\0')) {
    throw badEntry(entry, `is a symlink to a malformed path (${JSON.stringify(target)})`);
  }
  const from = link.segments.slice(0, -1).join('/');
  const normalized = posix.normalize(from === '' ? target : `${from}/${target}`);
  if (normalized === '..' || normalized.startsWith('../')) {
    throw badEntry(entry, `is a symlink leading outside the project (${target})`);
  }
  const inside = normalized.replace(/\/$/, '');
  const segments = inside === '.' ? [] : inside.split('/');
  return { relative: segments.join('/'), segments };
}

/**
 * The entry a hard link names: tar spells it from the archive's top, like
 * any entry name. Refused when it climbs out or is absolute.
 */
export function hardLinkTarget(entry: string, target: string): string[] {
  try {
    return entrySegments(target);
  } catch {
    throw badEntry(entry, `is a hard link leading outside the archive's folder (${target})`);
  }
}
