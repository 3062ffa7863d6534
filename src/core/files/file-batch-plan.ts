// Planning a writeFiles batch (file-batch.ts): where each entry is or will
// be, through the jail, and whether the caller may change it there. Nothing
// on disk changes here.
import { basename, dirname, join } from 'node:path';
import { Conflict, Forbidden, InvalidInput, NotFound } from '../errors.ts';
import { childRelative } from './folders-in-jail.ts';
import { projectPathOf, type ProjectJail, type ResolvedPath } from './project-jail.ts';
import { parentPath, projectRoot, type ProjectPath } from './project-path.ts';

export type BatchStep =
  | { op: 'write'; path: ProjectPath; bytes: Buffer; ifVersion: string | undefined }
  | { op: 'delete'; path: ProjectPath; recursive: boolean; ifVersion: string | undefined }
  | { op: 'move'; path: ProjectPath; to: ProjectPath; ifVersion: string | undefined };

/** A change as the feed announces it; paths are real, relative to the root. */
export interface BatchChange {
  kind: 'CREATED' | 'MODIFIED' | 'DELETED' | 'MOVED';
  path: string;
  oldPath?: string;
  isDirectory: boolean;
  version?: string;
}

export interface BatchHooks {
  /** Throws unless the entry may be changed at its real path. */
  authorize(path: ProjectPath, realRelative: string): void;
  /** Whether an entry inside a folder being deleted or moved may be changed, under each name. */
  mayChange(names: readonly string[]): boolean;
  /** Every change of the batch, under the locks, before anything visible changes. */
  announce(changes: readonly BatchChange[]): Promise<void>;
}

/** Where an entry is or will be: a folder (maybe still to be created) and a name in it. */
export interface Place {
  path: ProjectPath;
  folder: ResolvedPath;
  /** Folders below `folder` to create first. */
  missing: string[];
  name: string;
  realRelative: string;
}

export interface Planned {
  step: BatchStep;
  place: Place;
  /** A move's destination. */
  target?: Place;
}

const folderOf = (jail: ProjectJail, real: string): ResolvedPath => {
  const realRelative = jail.relativeOf(real);
  return { path: projectPathOf(realRelative), real, realRelative, isSymlink: false };
};

export const placeKey = (place: Place) => join(place.folder.real, ...place.missing, place.name);

/** A write goes where its path really leads: a symlink inside the project stays a symlink. */
async function placeForWrite(
  jail: ProjectJail,
  path: ProjectPath,
  createParents: boolean,
  ifVersion: string | undefined,
): Promise<Place> {
  const location = await jail.locate(path);
  if (location.missing.length === 0) {
    const real = location.existing.real;
    if (real === jail.realRoot) throw new Conflict('the project root is a folder', { path: '' });
    return {
      path,
      folder: folderOf(jail, dirname(real)),
      missing: [],
      name: basename(real),
      realRelative: location.realRelative,
    };
  }
  if (ifVersion !== undefined) {
    throw new Conflict(`${path.relative} does not exist, so it is not at version ${ifVersion}`, {
      path: path.relative,
      currentVersion: null,
    });
  }
  if (location.missing.length > 1 && !createParents) {
    throw new NotFound(`the folder ${parentPath(path)?.relative} does not exist`, {
      path: path.relative,
    });
  }
  return {
    path,
    folder: location.existing,
    missing: location.missing.slice(0, -1),
    name: location.missing.at(-1) ?? '',
    realRelative: location.realRelative,
  };
}

/** A deletion or a move's source is the entry itself, a symlink not followed. */
async function placeOfEntry(jail: ProjectJail, path: ProjectPath): Promise<Place> {
  const parent = parentPath(path);
  const name = path.segments.at(-1);
  if (!parent || name === undefined) throw new Forbidden('the project root cannot be changed');
  await jail.resolve(path); // FORBIDDEN for a link leading outside
  const folder = await jail.resolve(parent);
  if (!folder) throw new NotFound(`${path.relative} does not exist`, { path: path.relative });
  return {
    path,
    folder,
    missing: [],
    name,
    realRelative: childRelative(folder.realRelative, name),
  };
}

async function placeForMoveTarget(
  jail: ProjectJail,
  path: ProjectPath,
  createParents: boolean,
): Promise<Place> {
  const parent = parentPath(path) ?? projectRoot;
  const name = path.segments.at(-1);
  if (name === undefined) throw new Forbidden('the project root cannot be replaced');
  await jail.resolve(path);
  const location = await jail.locate(parent);
  if (location.missing.length > 0 && !createParents) {
    throw new NotFound(`the folder ${parent.relative} does not exist`, { path: path.relative });
  }
  return {
    path,
    folder: location.existing,
    missing: location.missing,
    name,
    realRelative: childRelative(location.realRelative, name),
  };
}

/** Refuses two entries on one path, or one inside another: their order would matter. */
function assertDisjoint(planned: readonly Planned[]): void {
  const owners = new Map<string, string>();
  for (const { place, target } of planned) {
    for (const p of target ? [place, target] : [place]) {
      const previous = owners.get(p.realRelative);
      if (previous !== undefined) {
        throw new InvalidInput(
          `${p.path.relative} and ${previous} are the same entry; a batch changes each path once`,
          { field: 'entries', path: p.path.relative },
        );
      }
      owners.set(p.realRelative, p.path.relative);
    }
  }
  for (const [real, client] of owners) {
    for (let slash = real.lastIndexOf('/'); slash > 0; slash = real.lastIndexOf('/', slash - 1)) {
      const outer = owners.get(real.slice(0, slash));
      if (outer !== undefined) {
        throw new InvalidInput(
          `${client} is inside ${outer}, which the same batch changes; send them in separate batches`,
          { field: 'entries', path: client },
        );
      }
    }
  }
}

/** Plans every step: where each entry is, whether the caller may change it. Nothing changes. */
export async function planBatch(
  jail: ProjectJail,
  steps: readonly BatchStep[],
  createParents: boolean,
  hooks: Pick<BatchHooks, 'authorize'>,
): Promise<Planned[]> {
  const planned: Planned[] = [];
  for (const step of steps) {
    if (step.op === 'write') {
      const place = await placeForWrite(jail, step.path, createParents, step.ifVersion);
      hooks.authorize(step.path, place.realRelative);
      planned.push({ step, place });
    } else {
      const place = await placeOfEntry(jail, step.path);
      hooks.authorize(step.path, place.realRelative);
      if (step.op === 'delete') {
        planned.push({ step, place });
        continue;
      }
      const target = await placeForMoveTarget(jail, step.to, createParents);
      hooks.authorize(step.to, target.realRelative);
      if (
        target.realRelative === place.realRelative ||
        target.realRelative.startsWith(`${place.realRelative}/`)
      ) {
        throw new InvalidInput(`${step.to.relative} is inside ${step.path.relative}`, {
          field: 'to',
        });
      }
      planned.push({ step, place, target });
    }
  }
  assertDisjoint(planned);
  return planned;
}
