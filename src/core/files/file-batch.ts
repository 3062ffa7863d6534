// Several writes, deletes and moves applied together, or none (writeFiles).
// Every check runs first, under the locks of every entry; then the new
// contents are staged beside their targets and fsynced, a journal naming
// every rename is committed (file-batch-journal.ts), and the renames run.
// A kill before the journal leaves only staged files (swept at the next
// start); a kill after it is finished by the next start. Deletions rename
// the entry aside under one of our names, so they are renames too.
import { constants } from 'node:fs';
import { lstat, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Conflict, Forbidden, NotFound } from '../errors.ts';
import { contentVersion, readSnapshot } from './file-snapshot.ts';
import { commitJournal, removeJournal, type JournalRename } from './file-batch-journal.ts';
import {
  placeKey,
  type BatchChange,
  type BatchHooks,
  type BatchStep,
  type Place,
  type Planned,
} from './file-batch-plan.ts';
import { childRelative, createdFolders, openOrCreateFolder } from './folders-in-jail.ts';
import { onPath } from './fs-errors.ts';
import { temporaryName } from './own-temporary-files.ts';
import type { OpenDirectory, ProjectJail } from './project-jail.ts';
import { projectRoot } from './project-path.ts';
import { firstUnwritableEntry, removeEntry } from './safe-remove.ts';

export { planBatch, type BatchChange, type BatchHooks, type BatchStep } from './file-batch-plan.ts';

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;

export interface BatchOutcome {
  changes: BatchChange[];
  /** Per step: whether the entry is a folder (deletions and moves). */
  isDirectory: boolean[];
}

/** Applies a planned batch under the locks of all its entries: all of it, or (on any refusal) none. */
export async function applyBatch(
  jail: ProjectJail,
  planned: readonly Planned[],
  hooks: ApplyHooks,
): Promise<BatchOutcome> {
  const keys = planned.flatMap(({ place, target }) =>
    target ? [placeKey(place), placeKey(target)] : [placeKey(place)],
  );
  return jail.locks.run(keys, () => new BatchRun(jail, planned, hooks).run());
}

type ApplyHooks = Omit<BatchHooks, 'authorize'>;

/** A rename as the journal names it, and as this process makes it (through opened folders). */
interface StagedRename extends JournalRename {
  fromPath: string;
  toPath: string;
  /** The folders to fsync once it is done. */
  folders: OpenDirectory[];
}

class BatchRun {
  readonly #jail: ProjectJail;
  readonly #planned: readonly Planned[];
  readonly #hooks: ApplyHooks;
  /** Opened folders by real path, shared by the entries in them. */
  readonly #folders = new Map<string, OpenDirectory>();
  readonly #staged: Array<{ folder: OpenDirectory; name: string }> = [];

  constructor(jail: ProjectJail, planned: readonly Planned[], hooks: ApplyHooks) {
    this.#jail = jail;
    this.#planned = planned;
    this.#hooks = hooks;
  }

  async run(): Promise<BatchOutcome> {
    try {
      const { modes, isDirectory } = await this.#check();
      const changes = this.#changes(modes, isDirectory);
      await this.#hooks.announce(changes);
      const renames = await this.#stage(modes);
      await this.#apply(renames);
      return { changes, isDirectory };
    } finally {
      for (const staged of this.#staged)
        await unlink(staged.folder.child(staged.name)).catch(() => {});
      for (const folder of this.#folders.values()) await folder.close();
    }
  }

  async #open(place: Place, create: boolean): Promise<OpenDirectory> {
    const real = join(place.folder.real, ...place.missing);
    const open = this.#folders.get(real);
    if (open) return open;
    const folder = create
      ? await openOrCreateFolder(this.#jail, place.path, place.folder, place.missing)
      : await this.#jail.openDirectory(place.folder.real, place.folder.path);
    this.#folders.set(real, folder);
    return folder;
  }

  /** Every refusal happens here, before anything changes. */
  async #check(): Promise<{ modes: Array<number | undefined>; isDirectory: boolean[] }> {
    const modes: Array<number | undefined> = [];
    const isDirectory: boolean[] = [];
    for (const { step, place, target } of this.#planned) {
      const relative = step.path.relative;
      const folder = place.missing.length === 0 ? await this.#open(place, false) : undefined;
      const stats = folder
        ? await lstat(folder.child(place.name)).catch((error: NodeJS.ErrnoException) => {
            if (error.code === 'ENOENT') return undefined;
            throw error;
          })
        : undefined;
      modes.push(stats ? Number(stats.mode) & 0o7777 : undefined);
      isDirectory.push(stats?.isDirectory() ?? false);
      if (step.op === 'write') {
        if (stats?.isDirectory()) throw new Conflict(`${relative} is a folder`, { path: relative });
        if (stats?.isSymbolicLink()) {
          throw new Conflict(`${relative} is a symlink to nothing; write to its target instead`, {
            path: relative,
          });
        }
      } else if (!stats) {
        throw new NotFound(`${relative} does not exist`, { path: relative });
      }
      if (step.ifVersion !== undefined) await this.#checkVersion(step, folder, place.name, stats);
      if (step.op === 'write' || !folder || !stats?.isDirectory()) continue;
      if (step.op === 'delete' && !step.recursive) {
        if ((await readdir(folder.child(place.name))).length > 0) {
          throw new Conflict(
            `${relative} is a folder that is not empty; set recursive to delete it`,
            { path: relative },
          );
        }
        continue;
      }
      await this.#checkInside(folder, place, target);
    }
    for (const { step, target } of this.#planned) {
      if (step.op !== 'move' || !target) continue;
      if (target.missing.length > 0) continue;
      const folder = await this.#open(target, false);
      if (
        await lstat(folder.child(target.name)).then(
          () => true,
          () => false,
        )
      ) {
        throw new Conflict(`${step.to.relative} already exists`, { path: step.to.relative });
      }
    }
    return { modes, isDirectory };
  }

  async #checkVersion(
    step: BatchStep,
    folder: OpenDirectory | undefined,
    name: string,
    stats: { isFile(): boolean } | undefined,
  ): Promise<void> {
    const relative = step.path.relative;
    if (!folder || !stats?.isFile()) {
      throw new Conflict(`${relative} is not a file, so it is not at version ${step.ifVersion}`, {
        path: relative,
        currentVersion: null,
      });
    }
    const handle = await this.#jail.openChildFile(folder, name);
    const snapshot = await readSnapshot(handle, 0).finally(() => handle.close());
    if (snapshot.version !== step.ifVersion) {
      throw new Conflict(`${relative} has changed: it is at version ${snapshot.version}`, {
        path: relative,
        currentVersion: snapshot.version,
      });
    }
  }

  /** A folder deleted or moved must hold nothing the caller may not change (at both ends). */
  async #checkInside(
    folder: OpenDirectory,
    place: Place,
    target: Place | undefined,
  ): Promise<void> {
    const inner = await this.#jail.openChildDirectory(folder, place.name);
    try {
      const from = place.path.relative.length;
      const fromReal = place.realRelative.length;
      const refused = await firstUnwritableEntry(
        this.#jail,
        inner,
        place.path.relative,
        (r, real) =>
          this.#hooks.mayChange(
            target
              ? [
                  r,
                  real,
                  target.path.relative + r.slice(from),
                  target.realRelative + real.slice(fromReal),
                ]
              : [r, real],
          ),
      );
      if (refused !== undefined) {
        throw new Forbidden(`${place.path.relative} holds ${refused}, which may not be changed`, {
          path: place.path.relative,
        });
      }
    } finally {
      await inner.close();
    }
  }

  #changes(
    modes: ReadonlyArray<number | undefined>,
    isDirectory: readonly boolean[],
  ): BatchChange[] {
    const changes: BatchChange[] = [];
    const created = new Set<string>();
    const folders = (place: Place) => {
      for (const folder of createdFolders(place.folder.realRelative, place.missing)) {
        if (created.has(folder)) continue;
        created.add(folder);
        changes.push({ kind: 'CREATED', path: folder, isDirectory: true });
      }
    };
    this.#planned.forEach(({ step, place, target }, i) => {
      if (step.op === 'write') {
        folders(place);
        changes.push({
          kind: modes[i] === undefined ? 'CREATED' : 'MODIFIED',
          path: place.realRelative,
          isDirectory: false,
          version: contentVersion(step.bytes),
        });
      } else if (step.op === 'delete') {
        changes.push({
          kind: 'DELETED',
          path: place.realRelative,
          isDirectory: isDirectory[i] ?? false,
        });
      } else if (target) {
        folders(target);
        changes.push({
          kind: 'MOVED',
          path: step.to.relative,
          oldPath: step.path.relative,
          isDirectory: isDirectory[i] ?? false,
        });
      }
    });
    return changes;
  }

  /** Creates folders and writes every new content beside its target, fsynced; nothing visible yet. */
  async #stage(modes: ReadonlyArray<number | undefined>): Promise<StagedRename[]> {
    const renames: StagedRename[] = [];
    for (const [i, { step, place, target }] of this.#planned.entries()) {
      const folder = await this.#open(place, true);
      const at = (name: string) => childRelative(folder.realRelative, name);
      if (step.op === 'write') {
        const name = temporaryName();
        const mode = modes[i];
        const handle = await open(
          folder.child(name),
          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
          mode ?? 0o666,
        );
        this.#staged.push({ folder, name });
        try {
          if (mode !== undefined) await handle.chmod(mode);
          await handle.writeFile(step.bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        renames.push({
          from: at(name),
          to: at(place.name),
          folders: [folder],
          fromPath: folder.child(name),
          toPath: folder.child(place.name),
        });
      } else if (step.op === 'delete') {
        const aside = temporaryName();
        renames.push({
          from: at(place.name),
          to: at(aside),
          folders: [folder],
          fromPath: folder.child(place.name),
          toPath: folder.child(aside),
        });
      } else if (target) {
        const into = await this.#open(target, true);
        renames.push({
          from: at(place.name),
          to: childRelative(into.realRelative, target.name),
          folders: [folder, into],
          fromPath: folder.child(place.name),
          toPath: into.child(target.name),
        });
      }
    }
    return renames;
  }

  async #apply(renames: readonly StagedRename[]): Promise<void> {
    const trash = this.#planned.flatMap(({ step }, i) =>
      step.op === 'delete' ? [renames[i]?.to ?? ''] : [],
    );
    const root = await this.#jail.openDirectory(this.#jail.realRoot, projectRoot);
    try {
      const journal = await commitJournal(root, {
        version: 1,
        renames: renames.map(({ from, to }) => ({ from, to })),
        trash,
      });
      // Committed: from here the batch is finished, now or by the next start.
      this.#staged.length = 0;
      for (const [i, step] of renames.entries()) {
        await this.#jail.writeHold?.beforeRename(i);
        await onPath(this.#planned[i]?.step.path.relative ?? '', () =>
          rename(step.fromPath, step.toPath),
        );
      }
      for (const folder of new Set(renames.flatMap((step) => step.folders))) await folder.sync();
      await removeJournal(root, journal);
    } finally {
      await root.close();
    }
    for (const [i, { step, place }] of this.#planned.entries()) {
      if (step.op !== 'delete') continue;
      const folder = await this.#open(place, false);
      const aside = basename(renames[i]?.to ?? '');
      await removeEntry(this.#jail, folder, aside, true).catch(() => {});
    }
  }
}
