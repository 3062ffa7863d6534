// The inotify backend when its event loop is late: a synchronous child process
// holds this process's event loop, so the kernel's events wait unread while the
// backend's own timers come due, as on a loaded machine. The backend is run
// directly to know the moment it has handled each event.
import { execFileSync } from 'node:child_process';
import { watch, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startInotifyBackend } from '../../src/core/watch/inotify-backend.ts';
import type { RawChange, WatcherBackend } from '../../src/core/watch/raw-change.ts';
import { makeTempDir } from '../utils/tempdir.ts';

interface Followed {
  changes: RawChange[];
  resyncs: string[];
  waitFor(match: (change: RawChange) => boolean, timeoutMs?: number): Promise<RawChange>;
}

async function follow(root: string): Promise<{ backend: WatcherBackend } & Followed> {
  const changes: RawChange[] = [];
  const resyncs: string[] = [];
  const backend = startInotifyBackend({
    root,
    ignoreGlobs: [],
    isIgnored: () => false,
    onChanges: (batch) => changes.push(...batch),
    onResync: (reason) => resyncs.push(reason),
    onError: (error) => {
      throw error;
    },
  });
  await backend.ready;
  return {
    backend,
    changes,
    resyncs,
    async waitFor(match, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = changes.find(match);
        if (found) return found;
        if (Date.now() > deadline) {
          throw new Error(
            `no matching change within ${timeoutMs} ms; got ${JSON.stringify(changes)}`,
          );
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

describe('inotify backend with a late event loop', () => {
  let backend: WatcherBackend | undefined;
  let removeTemp: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await backend?.close();
    await removeTemp?.();
    backend = undefined;
  });

  it('follows a moved folder whose new parent moves before the first move is checked (no false RESYNC)', async () => {
    const temp = await makeTempDir();
    removeTemp = () => temp.remove();
    const root = temp.path;
    await mkdir(join(root, 'a', 'x', 'y'), { recursive: true });
    await mkdir(join(root, 'b', 'c'), { recursive: true });
    await writeFile(join(root, 'a', 'x', 'y', 'f.txt'), 'one');
    const followed = await follow(root);
    backend = followed.backend;

    // The folder's own "moved" event starts a check a moment later...
    execFileSync('mv', ['a/x', 'b/c/moved'], { cwd: root });
    await followed.waitFor((change) => change.type === 'renameDir' && change.path === 'b/c/moved');
    // ...which comes due while the events of its new parent's move wait unread.
    execFileSync('sh', ['-c', 'mv b/c d && sleep 0.2'], { cwd: root });
    await followed.waitFor((change) => change.type === 'renameDir' && change.path === 'd');

    // The moved folder is still followed where it is now.
    await writeFile(join(root, 'd', 'moved', 'y', 'f.txt'), 'two');
    await writeFile(join(root, 'd', 'moved', 'g.txt'), 'new');
    await followed.waitFor(
      (change) => change.type === 'change' && change.path === 'd/moved/y/f.txt',
    );
    await followed.waitFor((change) => change.type === 'add' && change.path === 'd/moved/g.txt');
    expect(followed.changes.filter((change) => change.type.startsWith('unlink'))).toEqual([]);
    expect(followed.resyncs).toEqual([]);
  });

  it('reports a file made in a folder that moves before the file is looked at', async () => {
    const temp = await makeTempDir();
    removeTemp = () => temp.remove();
    const root = temp.path;
    await mkdir(join(root, 'a', 'x'), { recursive: true });
    await writeFile(join(root, 'a', 'x', 'old.txt'), 'old');
    // A watch set before the backend's on the same folder is called first
    // for each event (libuv keeps one inotify watch per folder, and its
    // callbacks in order): its immediate moves the folder after the backend
    // read the file's event and before the backend looks at the file, with
    // the move's events unread.
    const spy = watch(join(root, 'a', 'x'), (_type, name) => {
      if (name !== 'new.txt') return;
      spy.close();
      setImmediate(() => execFileSync('mv', ['a/x', 'b'], { cwd: root }));
    });
    const followed = await follow(root);
    backend = followed.backend;

    // Made in one go, so that no later event of its own finds it at its new place.
    writeFileSync(join(root, 'a', 'x', 'new.txt'), 'new');
    await followed.waitFor((change) => change.type === 'renameDir' && change.path === 'b');
    await followed.waitFor((change) => change.type === 'add' && change.path === 'b/new.txt');
    expect(followed.changes.filter((change) => change.type.startsWith('unlink'))).toEqual([]);
    await writeFile(join(root, 'b', 'old.txt'), 'changed');
    await followed.waitFor((change) => change.type === 'change' && change.path === 'b/old.txt');
    expect(followed.resyncs).toEqual([]);
  });
});
