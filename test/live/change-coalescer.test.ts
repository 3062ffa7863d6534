import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createChangeCoalescer,
  type ChangeCoalescer,
  type CoalescedChange,
} from '../../src/core/watch/change-coalescer.ts';

describe('change coalescer', () => {
  let emitted: CoalescedChange[];
  let coalescer: ChangeCoalescer;
  beforeEach(() => {
    vi.useFakeTimers();
    emitted = [];
    coalescer = createChangeCoalescer({ windowMs: 30, emit: (c) => emitted.push(c) });
  });
  afterEach(() => {
    coalescer.close();
    vi.useRealTimers();
  });

  it('reports an isolated modification at once, without waiting for the window', () => {
    coalescer.push({ type: 'change', path: 'a.ts', ino: 1 });
    expect(emitted).toEqual([{ kind: 'MODIFIED', path: 'a.ts', isDirectory: false }]);
  });

  it('folds a burst of writes to one path into a leading and one trailing MODIFIED', () => {
    for (let i = 0; i < 20; i++) coalescer.push({ type: 'change', path: 'a.ts', ino: 1 });
    expect(emitted).toHaveLength(1);
    vi.advanceTimersByTime(30);
    expect(emitted.map((c) => c.kind)).toEqual(['MODIFIED', 'MODIFIED']);
    vi.advanceTimersByTime(100);
    expect(emitted).toHaveLength(2);
  });

  it('keeps bursts on different paths apart', () => {
    coalescer.push({ type: 'change', path: 'a.ts' });
    coalescer.push({ type: 'change', path: 'b.ts' });
    expect(emitted.map((c) => c.path)).toEqual(['a.ts', 'b.ts']);
  });

  it('reads an atomic save (write temp, rename over target) as one MODIFIED of the target', () => {
    coalescer.remember('doc.md', 10);
    coalescer.push({ type: 'add', path: 'doc.md.tmp-123', ino: 11 });
    coalescer.push({ type: 'change', path: 'doc.md.tmp-123', ino: 11 });
    coalescer.push({ type: 'unlink', path: 'doc.md.tmp-123' });
    coalescer.push({ type: 'change', path: 'doc.md', ino: 11 });
    vi.advanceTimersByTime(200);
    expect(emitted).toEqual([{ kind: 'MODIFIED', path: 'doc.md', isDirectory: false }]);
  });

  it('reads delete-then-recreate of the same path as one MODIFIED', () => {
    coalescer.remember('doc.md', 10);
    coalescer.push({ type: 'unlink', path: 'doc.md' });
    coalescer.push({ type: 'add', path: 'doc.md', ino: 12 });
    vi.advanceTimersByTime(200);
    expect(emitted).toEqual([{ kind: 'MODIFIED', path: 'doc.md', isDirectory: false }]);
  });

  it('reads unlink + add of the same inode as MOVED with oldPath', () => {
    coalescer.remember('src/old.ts', 42);
    coalescer.push({ type: 'unlink', path: 'src/old.ts' });
    coalescer.push({ type: 'add', path: 'lib/new.ts', ino: 42 });
    vi.advanceTimersByTime(200);
    expect(emitted).toEqual([
      { kind: 'MOVED', path: 'lib/new.ts', oldPath: 'src/old.ts', isDirectory: false },
    ]);
  });

  it('pairs a lone unlink and add as MOVED when the old inode is unknown', () => {
    coalescer.push({ type: 'unlink', path: 'a.txt' });
    coalescer.push({ type: 'add', path: 'b.txt', ino: 7 });
    vi.advanceTimersByTime(200);
    expect(emitted).toEqual([
      { kind: 'MOVED', path: 'b.txt', oldPath: 'a.txt', isDirectory: false },
    ]);
  });

  it('pairs a rename reported add-first as MOVED', () => {
    coalescer.push({ type: 'add', path: 'b.txt', ino: 7 });
    coalescer.push({ type: 'unlink', path: 'a.txt' });
    vi.advanceTimersByTime(200);
    expect(emitted).toEqual([
      { kind: 'MOVED', path: 'b.txt', oldPath: 'a.txt', isDirectory: false },
    ]);
  });

  it('reads a temp file renamed over its target, reported add-first, as MODIFIED', () => {
    coalescer.push({ type: 'add', path: 'doc.md', ino: 11 });
    coalescer.push({ type: 'unlink', path: '.doc.md.swp' });
    vi.advanceTimersByTime(200);
    expect(emitted).toEqual([{ kind: 'MODIFIED', path: 'doc.md', isDirectory: false }]);
  });

  it('reads a temp file renamed over its target as MODIFIED when inodes are unknown', () => {
    coalescer.push({ type: 'unlink', path: 'doc.md.tmp-1' });
    coalescer.push({ type: 'add', path: 'doc.md', ino: 11 });
    vi.advanceTimersByTime(200);
    expect(emitted).toEqual([{ kind: 'MODIFIED', path: 'doc.md', isDirectory: false }]);
  });

  it('does not pair an unlink and an add of different inodes', () => {
    coalescer.remember('a.txt', 1);
    coalescer.push({ type: 'unlink', path: 'a.txt' });
    coalescer.push({ type: 'add', path: 'b.txt', ino: 2 });
    vi.advanceTimersByTime(200);
    expect(emitted).toEqual([
      { kind: 'DELETED', path: 'a.txt', isDirectory: false },
      { kind: 'CREATED', path: 'b.txt', isDirectory: false },
    ]);
  });

  it('reports nothing for a file created and removed within the window', () => {
    coalescer.push({ type: 'add', path: '.#lock', ino: 3 });
    coalescer.push({ type: 'unlink', path: '.#lock' });
    vi.advanceTimersByTime(200);
    expect(emitted).toEqual([]);
  });

  it('keeps a new file written several times as one CREATED', () => {
    coalescer.push({ type: 'add', path: 'new.txt', ino: 5 });
    coalescer.push({ type: 'change', path: 'new.txt', ino: 5 });
    coalescer.push({ type: 'change', path: 'new.txt', ino: 5 });
    vi.advanceTimersByTime(200);
    expect(emitted).toEqual([{ kind: 'CREATED', path: 'new.txt', isDirectory: false }]);
  });

  it('reports folders as folders', () => {
    coalescer.push({ type: 'addDir', path: 'pkg', ino: 9 });
    vi.advanceTimersByTime(40);
    coalescer.push({ type: 'unlinkDir', path: 'pkg' });
    vi.advanceTimersByTime(40);
    expect(emitted).toEqual([
      { kind: 'CREATED', path: 'pkg', isDirectory: true },
      { kind: 'DELETED', path: 'pkg', isDirectory: true },
    ]);
  });
});

describe('change coalescer, renames paired by the backend (inotify)', () => {
  let emitted: CoalescedChange[];
  let coalescer: ChangeCoalescer;
  beforeEach(() => {
    vi.useFakeTimers();
    emitted = [];
    coalescer = createChangeCoalescer({
      windowMs: 30,
      pairedByBackend: true,
      emit: (c) => emitted.push(c),
    });
  });
  afterEach(() => {
    coalescer.close();
    vi.useRealTimers();
  });

  it('lets a trailing modification inside a folder out before the folder moves', () => {
    coalescer.push({ type: 'change', path: 'dir/f.txt' });
    coalescer.push({ type: 'change', path: 'dir/f.txt' });
    coalescer.push({ type: 'change', path: 'other.txt' });
    coalescer.push({ type: 'renameDir', path: 'moved', oldPath: 'dir' });
    vi.advanceTimersByTime(100);
    expect(emitted).toEqual([
      { kind: 'MODIFIED', path: 'dir/f.txt', isDirectory: false },
      { kind: 'MODIFIED', path: 'other.txt', isDirectory: false },
      // The second write, at the path the feed can still follow through the move.
      { kind: 'MODIFIED', path: 'dir/f.txt', isDirectory: false },
      { kind: 'MOVED', path: 'moved', oldPath: 'dir', isDirectory: true },
    ]);
  });

  it('lets an atomic save out before its folder moves, even in the same window', () => {
    coalescer.push({ type: 'change', path: 'dir/f.txt' });
    coalescer.push({ type: 'add', path: 'dir/.f.txt.swp', ino: 3 });
    coalescer.push({ type: 'rename', path: 'dir/f.txt', oldPath: 'dir/.f.txt.swp', ino: 3 });
    coalescer.push({ type: 'renameDir', path: 'moved', oldPath: 'dir' });
    vi.advanceTimersByTime(100);
    expect(emitted).toEqual([
      { kind: 'MODIFIED', path: 'dir/f.txt', isDirectory: false },
      { kind: 'MODIFIED', path: 'dir/f.txt', isDirectory: false },
      { kind: 'MOVED', path: 'moved', oldPath: 'dir', isDirectory: true },
    ]);
  });

  it('lets a new file held as a possible temporary copy out before its folder moves', () => {
    coalescer.push({ type: 'add', path: 'dir/notes.txt~', ino: 4 });
    coalescer.push({ type: 'renameDir', path: 'moved', oldPath: 'dir' });
    vi.advanceTimersByTime(100);
    expect(emitted).toEqual([
      { kind: 'CREATED', path: 'dir/notes.txt~', isDirectory: false },
      { kind: 'MOVED', path: 'moved', oldPath: 'dir', isDirectory: true },
    ]);
  });
});

describe('our own temporary files', () => {
  it('are recognised by name, in any folder', async () => {
    const { isTemporaryPath, temporaryName } = await import('../../src/core/files/atomic-write.ts');
    expect(isTemporaryPath(temporaryName())).toBe(true);
    expect(isTemporaryPath(`src/deep/${temporaryName()}`)).toBe(true);
    expect(isTemporaryPath('src/.genpod-notes.tmp')).toBe(false);
    expect(isTemporaryPath('src/app.ts')).toBe(false);
  });
});
