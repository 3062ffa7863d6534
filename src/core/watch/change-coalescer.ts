// Turns the watcher's raw notifications into the changes a person would name:
// - a modification is reported at once (leading edge); more writes to the same
//   path within the window fold into at most one trailing MODIFIED;
// - an addition or removal waits one window, to be paired: unlink + add of the
//   same inode is a MOVED; a file added then removed within the window (an
//   editor's temporary file) is nothing at all, so an atomic save (write temp,
//   rename over the target) reads as one MODIFIED of the target.
// A backend that pairs renames itself (inotify: `pairsRenames`) has nothing
// held back: creations and removals go out at once too, and only a new file
// named like an editor's temporary copy waits one window, to see whether it is
// renamed over its target or removed.
import { isInsideFolder, type RawChange } from './raw-change.ts';

/**
 * Editors name their temporary files after the file they save, in the same
 * folder: `.a.ts.swp`, `a.ts~`, `a.ts.tmp-123`, `.#a.ts`.
 */
export function isTemporaryCopyOf(candidate: string, target: string): boolean {
  const folder = (path: string) => path.slice(0, path.lastIndexOf('/') + 1);
  const name = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  return (
    folder(candidate) === folder(target) &&
    name(candidate) !== name(target) &&
    name(candidate).includes(name(target))
  );
}

/** Names editors and tools give their temporary copies (vim, emacs, JetBrains, Chrome, `.tmp`). */
const temporaryName = /^\.#|^#.*#$|~$|\.sw[a-px]$|\.tmp$|\.tmp[-.]|___jb_(?:tmp|old)___$|\.crswap$/;

export function looksTemporary(path: string): boolean {
  return temporaryName.test(path.slice(path.lastIndexOf('/') + 1));
}

export interface CoalescedChange {
  kind: 'CREATED' | 'MODIFIED' | 'DELETED' | 'MOVED';
  path: string;
  oldPath?: string;
  isDirectory: boolean;
}

export interface CoalescerOptions {
  /** @default 50 */
  windowMs?: number;
  /** The backend pairs renames itself: hold nothing back but temporary-looking files. */
  pairedByBackend?: boolean;
  emit(change: CoalescedChange): void;
}

interface Held {
  change: RawChange;
  timer: NodeJS.Timeout;
}

export interface ChangeCoalescer {
  push(change: RawChange): void;
  /** Remember inodes seen outside `push` (e.g. an initial scan). */
  remember(path: string, ino: number): void;
  /** Emits everything still held, at once. */
  flush(): void;
  close(): void;
}

export function createChangeCoalescer(options: CoalescerOptions): ChangeCoalescer {
  const windowMs = options.windowMs ?? 50;
  const inodes = new Map<string, number>();
  const heldAdds = new Map<string, Held>();
  const heldUnlinks = new Map<string, Held>();
  /** Paths with a MODIFIED just emitted: true once another write came in. */
  const modifyWindows = new Map<string, { dirty: boolean; timer: NodeJS.Timeout }>();

  const isDirectory = (change: RawChange) =>
    change.type === 'addDir' || change.type === 'unlinkDir';

  const releaseAdd = (path: string) => {
    const held = heldAdds.get(path);
    if (!held) return;
    clearTimeout(held.timer);
    heldAdds.delete(path);
    options.emit({ kind: 'CREATED', path, isDirectory: isDirectory(held.change) });
  };

  const releaseUnlink = (path: string) => {
    const held = heldUnlinks.get(path);
    if (!held) return;
    clearTimeout(held.timer);
    heldUnlinks.delete(path);
    options.emit({ kind: 'DELETED', path, isDirectory: isDirectory(held.change) });
  };

  const modified = (path: string) => {
    const open = modifyWindows.get(path);
    if (open) {
      open.dirty = true;
      return;
    }
    options.emit({ kind: 'MODIFIED', path, isDirectory: false });
    const window = {
      dirty: false,
      timer: setTimeout(() => {
        modifyWindows.delete(path);
        if (window.dirty) modified(path);
      }, windowMs),
    };
    modifyWindows.set(path, window);
  };

  /**
   * Before a folder's move goes out, what still waits on paths inside it goes
   * out first, under the old paths: a trailing MODIFIED, a new file held as
   * a possible temporary copy. The feed reads those through the move
   * (folder-move-tracker.ts); let out after it, their paths would name
   * nothing and the change would be lost (an atomic save, then the folder
   * moved at once).
   */
  const settleInside = (folder: string) => {
    for (const [path, window] of modifyWindows) {
      if (!isInsideFolder(folder, path)) continue;
      clearTimeout(window.timer);
      modifyWindows.delete(path);
      if (window.dirty) options.emit({ kind: 'MODIFIED', path, isDirectory: false });
    }
    for (const path of [...heldAdds.keys()]) if (isInsideFolder(folder, path)) releaseAdd(path);
  };

  /** The held unlink this addition completes as a rename, if any. */
  const renamedFrom = (change: RawChange): Held | undefined => {
    const wantDirectory = change.type === 'addDir';
    const candidates = [...heldUnlinks.values()].filter(
      (held) => isDirectory(held.change) === wantDirectory,
    );
    if (change.ino !== undefined) {
      const sameInode = candidates.find((held) => held.change.ino === change.ino);
      if (sameInode) return sameInode;
    }
    // A backend that could not tell the old inode: a lone removal and a lone
    // addition in one window are a rename.
    const unknown = candidates.filter((held) => held.change.ino === undefined);
    return unknown.length === 1 && heldAdds.size === 0 ? unknown[0] : undefined;
  };

  /** The held addition this removal completes as a rename, if any. */
  const renamedTo = (change: RawChange): Held | undefined => {
    const wantDirectory = change.type === 'unlinkDir';
    const candidates = [...heldAdds.values()].filter(
      (held) => isDirectory(held.change) === wantDirectory,
    );
    if (change.ino !== undefined) {
      return candidates.find((held) => held.change.ino === change.ino);
    }
    return candidates.length === 1 && heldUnlinks.size === 0 ? candidates[0] : undefined;
  };

  const dropModifyWindow = (path: string) => {
    const window = modifyWindows.get(path);
    if (!window) return;
    clearTimeout(window.timer);
    modifyWindows.delete(path);
  };

  /** Changes from a backend that pairs renames itself: out at once. */
  const pushPaired = (change: RawChange) => {
    const { path } = change;
    switch (change.type) {
      case 'change':
        if (!heldAdds.has(path)) modified(path);
        return;
      case 'add':
      case 'addDir':
        if (change.type === 'add' && looksTemporary(path)) {
          heldAdds.set(path, { change, timer: setTimeout(() => releaseAdd(path), windowMs) });
          return;
        }
        options.emit({ kind: 'CREATED', path, isDirectory: change.type === 'addDir' });
        return;
      case 'unlink':
      case 'unlinkDir': {
        dropModifyWindow(path);
        const added = heldAdds.get(path);
        if (added) {
          // A temporary file created and gone within one window: never reported.
          clearTimeout(added.timer);
          heldAdds.delete(path);
          return;
        }
        options.emit({ kind: 'DELETED', path, isDirectory: change.type === 'unlinkDir' });
        return;
      }
      case 'rename':
      case 'renameDir': {
        const oldPath = change.oldPath ?? '';
        dropModifyWindow(oldPath);
        const held = heldAdds.get(oldPath);
        if (held) {
          clearTimeout(held.timer);
          heldAdds.delete(oldPath);
          // An atomic save: the temporary copy renamed over its target.
          if (isTemporaryCopyOf(oldPath, path)) modified(path);
          else options.emit({ kind: 'CREATED', path, isDirectory: false });
          return;
        }
        if (change.type === 'renameDir') settleInside(oldPath);
        options.emit({
          kind: 'MOVED',
          path,
          oldPath,
          isDirectory: change.type === 'renameDir',
        });
        return;
      }
    }
  };

  return {
    remember(path, ino) {
      inodes.set(path, ino);
    },

    push(change) {
      const { path } = change;
      if (options.pairedByBackend) {
        pushPaired(change);
        return;
      }
      switch (change.type) {
        case 'rename':
        case 'renameDir':
          if (change.type === 'renameDir') settleInside(change.oldPath ?? '');
          options.emit({
            kind: 'MOVED',
            path,
            oldPath: change.oldPath ?? '',
            isDirectory: change.type === 'renameDir',
          });
          return;
        case 'change': {
          if (change.ino !== undefined) inodes.set(path, change.ino);
          // A write to a file still held as new stays one CREATED.
          if (heldAdds.has(path)) return;
          modified(path);
          return;
        }
        case 'add':
        case 'addDir': {
          if (change.ino !== undefined) inodes.set(path, change.ino);
          const from = renamedFrom(change);
          if (from && isTemporaryCopyOf(from.change.path, path)) {
            // A backend that merged the temp file's creation away shows an
            // atomic save as "temp renamed over target": a modification.
            clearTimeout(from.timer);
            heldUnlinks.delete(from.change.path);
            modified(path);
            return;
          }
          if (from) {
            clearTimeout(from.timer);
            heldUnlinks.delete(from.change.path);
            options.emit({
              kind: 'MOVED',
              path,
              oldPath: from.change.path,
              isDirectory: change.type === 'addDir',
            });
            return;
          }
          // Removed and back within the window (delete + recreate save): a modification.
          if (heldUnlinks.has(path) && change.type === 'add') {
            clearTimeout(heldUnlinks.get(path)?.timer);
            heldUnlinks.delete(path);
            modified(path);
            return;
          }
          const timer = setTimeout(() => releaseAdd(path), windowMs);
          heldAdds.set(path, { change, timer });
          return;
        }
        case 'unlink':
        case 'unlinkDir': {
          const ino = inodes.get(path);
          inodes.delete(path);
          const window = modifyWindows.get(path);
          if (window) {
            clearTimeout(window.timer);
            modifyWindows.delete(path);
          }
          const added = heldAdds.get(path);
          if (added) {
            // Created and gone within one window: a temporary file, never reported.
            clearTimeout(added.timer);
            heldAdds.delete(path);
            return;
          }
          // Backends may report a rename's addition before its removal.
          const to = renamedTo({ ...change, ino });
          if (to) {
            clearTimeout(to.timer);
            heldAdds.delete(to.change.path);
            if (isTemporaryCopyOf(path, to.change.path)) {
              modified(to.change.path);
              return;
            }
            options.emit({
              kind: 'MOVED',
              path: to.change.path,
              oldPath: path,
              isDirectory: change.type === 'unlinkDir',
            });
            return;
          }
          const timer = setTimeout(() => releaseUnlink(path), windowMs);
          heldUnlinks.set(path, { change: { ...change, ino }, timer });
          return;
        }
      }
    },

    flush() {
      for (const path of [...heldUnlinks.keys()]) releaseUnlink(path);
      for (const path of [...heldAdds.keys()]) releaseAdd(path);
    },

    close() {
      for (const held of [...heldAdds.values(), ...heldUnlinks.values()]) clearTimeout(held.timer);
      for (const window of modifyWindows.values()) clearTimeout(window.timer);
      heldAdds.clear();
      heldUnlinks.clear();
      modifyWindows.clear();
    },
  };
}
