// A batch's intent, made durable before its first rename: the list of
// renames that together apply it. Once the journal is in place the batch is
// committed; a start that finds one (the server was killed while applying
// it) redoes the renames not yet done, so every file ends up as written.
// Before the journal exists nothing visible has changed, and the staged
// files are orphans for the sweep (orphan-sweep.ts). See docs/files.md.
import { constants } from 'node:fs';
import { lstat, open, readdir, readFile, realpath, rename, rm, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '../logger.ts';
import { errnoCode } from './fs-errors.ts';
import { isJournalName, isOwnTemporaryName, temporaryName } from './own-temporary-files.ts';
import type { OpenDirectory, ProjectJail } from './project-jail.ts';

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_DIRECTORY } = constants;

/** One rename, by real paths relative to the project root. */
export interface JournalRename {
  from: string;
  to: string;
}

export interface Journal {
  version: 1;
  /** In the order they are applied. */
  renames: JournalRename[];
  /** Entries set aside by deletions (our own names), removed once the renames are done. */
  trash: string[];
}

/** Writes the journal into the root (open as `root`), whole and durable; returns its name. */
export async function commitJournal(root: OpenDirectory, journal: Journal): Promise<string> {
  const name = temporaryName('journal');
  const staging = temporaryName('tmp');
  const handle = await open(root.child(staging), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  try {
    await handle.writeFile(JSON.stringify(journal));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(root.child(staging), root.child(name));
  await root.sync();
  return name;
}

/** Removes a journal once its batch is applied: the batch is then simply done. */
export async function removeJournal(root: OpenDirectory, name: string): Promise<void> {
  await unlink(root.child(name));
  await root.sync();
}

function isJournal(value: unknown): value is Journal {
  const journal = value as Partial<Journal> | null;
  const isPath = (path: unknown) => typeof path === 'string' && path !== '' && !path.includes('..');
  return (
    typeof journal === 'object' &&
    journal !== null &&
    journal.version === 1 &&
    Array.isArray(journal.renames) &&
    journal.renames.every((step) => isPath(step.from) && isPath(step.to)) &&
    Array.isArray(journal.trash) &&
    journal.trash.every((path) => isPath(path) && isOwnTemporaryName(basename(path)))
  );
}

/** `relative` under the root, its folder resolved and checked to be inside. */
async function insideRoot(jail: ProjectJail, relative: string): Promise<string> {
  const folder = await realpath(join(jail.realRoot, dirname(relative)));
  if (!jail.contains(folder)) throw new Error(`journal path ${relative} leads outside the root`);
  return join(folder, basename(relative));
}

async function syncFolder(path: string): Promise<void> {
  const handle = await open(path, O_RDONLY | O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Redoes the renames a kill left undone (one whose source is gone was done), then empties the trash. */
export async function replayJournal(jail: ProjectJail, journal: Journal): Promise<number> {
  const folders = new Set<string>();
  let redone = 0;
  for (const step of journal.renames) {
    const from = await insideRoot(jail, step.from).catch(() => undefined);
    if (
      from === undefined ||
      !(await lstat(from).then(
        () => true,
        () => false,
      ))
    )
      continue;
    const to = await insideRoot(jail, step.to);
    await rename(from, to);
    folders.add(dirname(from)).add(dirname(to));
    redone++;
  }
  for (const folder of folders) await syncFolder(folder);
  for (const trash of journal.trash) {
    const path = await insideRoot(jail, trash).catch(() => undefined);
    if (path !== undefined) await rm(path, { recursive: true, force: true });
  }
  return redone;
}

/**
 * At start: finishes every batch whose journal is in the project root and
 * older than `before` (ms since the epoch), then removes the journal.
 */
export async function rollForwardJournals(
  jail: ProjectJail,
  before: number,
  logger: Logger,
): Promise<number> {
  let finished = 0;
  for (const name of (await readdir(jail.realRoot)).filter(isJournalName)) {
    const path = join(jail.realRoot, name);
    const stats = await lstat(path);
    if (!stats.isFile() || stats.ctimeMs >= before) continue;
    let journal: unknown;
    try {
      journal = JSON.parse(await readFile(path, 'utf8'));
    } catch {
      journal = undefined;
    }
    if (!isJournal(journal)) {
      // Only a complete journal is ever renamed into place: this one is not ours to follow.
      logger.warn({ journal: name }, 'ignored a batch journal that cannot be read');
      continue;
    }
    const redone = await replayJournal(jail, journal);
    await unlink(path).catch((error: unknown) => {
      if (errnoCode(error) !== 'ENOENT') throw error;
    });
    await syncFolder(jail.realRoot);
    logger.warn(
      { journal: name, renames: journal.renames.length, redone },
      'finished a writeFiles batch cut short by the last run',
    );
    finished++;
  }
  return finished;
}
