// The API's own changes, so the watcher's sightings of them are dropped: the
// API publishes each change at once with its origin, and says before it
// touches the disk what it will leave there. The watcher's later report that
// agrees with such a state is its echo.
import type { FileChange } from './file-change.ts';
import { isInsideFolder } from './raw-change.ts';

/** How long an API change waits for its echo from the watcher. */
const echoTtlMs = 5_000;

/**
 * What the API left at a path: the watcher's later reports that agree with it
 * are echoes. Kept as states rather than events, because the watcher may see
 * a burst of API operations differently grouped (a write then a move can
 * reach it as one creation).
 */
interface ExpectedState {
  present: boolean;
  version: string | undefined;
  expires: number;
  /**
   * When a later API operation at the path was done: a watcher read started
   * after it cannot have seen this state (the disk had moved on), so what it
   * read is news, not this state's echo. Infinity while still current.
   */
  supersededAt: number;
}

export interface ApiEchoes {
  /** An API change about to touch the disk: its states absorb one echo each. */
  expect(change: FileChange): void;
  /** The API change is done: earlier states at its paths are no longer on disk. */
  done(change: FileChange): void;
  /**
   * Whether the watcher's change is one the API made (and absorbs it).
   * `readAt`: when the watcher's read of what is there began.
   */
  isEcho(change: FileChange, readAt: number): boolean;
}

export function createApiEchoes(): ApiEchoes {
  /** Every state the API left at a path lately: the watcher may report any of them, late. */
  const expected = new Map<string, ExpectedState[]>();
  /** Folders the API deleted: everything below them is expected gone. */
  const deletedFolders = new Map<string, number>();

  const expectedAt = (path: string, now: number): ExpectedState[] => {
    const states = (expected.get(path) ?? []).filter((state) => state.expires > now);
    if (states.length > 0) expected.set(path, states);
    else expected.delete(path);
    for (const [folder, expires] of deletedFolders) {
      if (expires <= now) deletedFolders.delete(folder);
      else if (isInsideFolder(folder, path))
        states.push({ present: false, version: undefined, expires, supersededAt: Infinity });
    }
    return states;
  };

  /**
   * Whether the watcher's change is one the API made; each API state absorbs
   * one echo. `readAt`: when the watcher's read of what is there began.
   */
  const isEcho = (change: FileChange, readAt: number): boolean => {
    const now = Date.now();
    const gone = change.kind === 'DELETED';
    const states = expectedAt(change.path, now);
    const target = states.find(
      (state) =>
        state.present !== gone &&
        // A deletion is seen before it is published, at a time not known here:
        // only what was read is dated.
        (gone || state.supersededAt > readAt) &&
        (gone ||
          change.isDirectory ||
          state.version === undefined ||
          state.version === change.version),
    );
    if (!target) return false;
    let source: ExpectedState | undefined;
    if (change.kind === 'MOVED' && change.oldPath !== undefined) {
      source = expectedAt(change.oldPath, now).find((state) => !state.present);
      if (!source) return false;
    }
    target.expires = 0;
    if (source) source.expires = 0;
    return true;
  };

  const expect = (change: FileChange) => {
    const expires = Date.now() + echoTtlMs;
    const gone = change.kind === 'DELETED';
    const record = (path: string, state: ExpectedState) =>
      expected.set(path, [...(expected.get(path) ?? []), state]);
    const current = { supersededAt: Infinity };
    record(change.path, { present: !gone, version: change.version, expires, ...current });
    if (change.kind === 'MOVED' && change.oldPath !== undefined) {
      record(change.oldPath, { present: false, version: undefined, expires, ...current });
      if (change.isDirectory) deletedFolders.set(change.oldPath, expires);
    }
    if (gone && change.isDirectory) deletedFolders.set(change.path, expires);
  };

  /**
   * The API's operation that left this state is done: the states recorded
   * before it at the path are no longer on disk for a watcher to read.
   */
  const supersedeEarlier = (path: string, present: boolean, version: string | undefined) => {
    const states = expected.get(path) ?? [];
    const own = states.findIndex(
      (state) =>
        state.supersededAt === Infinity &&
        state.present === present &&
        (state.version === undefined || state.version === version),
    );
    const now = Date.now();
    for (const state of states.slice(0, Math.max(own, 0))) {
      state.supersededAt = Math.min(state.supersededAt, now);
    }
  };

  return {
    expect,
    done(change) {
      supersedeEarlier(change.path, change.kind !== 'DELETED', change.version);
      if (change.kind === 'MOVED' && change.oldPath !== undefined) {
        supersedeEarlier(change.oldPath, false, undefined);
      }
    },
    isEcho,
  };
}
