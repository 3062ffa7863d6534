// The @parcel/watcher backend: native recursive watching with no initial scan
// of its own (inotify watches are set up in C++), batched events.
import { lstat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import watcher from '@parcel/watcher';
import type { RawChange, WatcherBackend, WatcherBackendOptions } from './raw-change.ts';

export function startParcelBackend(options: WatcherBackendOptions): WatcherBackend {
  const { root } = options;
  const toRelative = (absolute: string) => relative(root, absolute).split(sep).join('/');
  // Parcel does not say whether a deleted path was a directory; remember.
  const directories = new Set<string>();
  let closed = false;
  const subscription = watcher.subscribe(
    root,
    (error, events) => {
      if (error) {
        options.onError(error);
        return;
      }
      void Promise.all(
        events.map(async (event): Promise<RawChange | undefined> => {
          const path = toRelative(event.path);
          if (path === '' || path.startsWith('..')) return undefined;
          if (event.type === 'delete') {
            const wasDirectory = directories.delete(path);
            if (options.isIgnored(path, wasDirectory)) return undefined;
            return { type: wasDirectory ? 'unlinkDir' : 'unlink', path };
          }
          const stats = await lstat(join(root, path)).catch(() => undefined);
          if (!stats) return undefined;
          const isDirectory = stats.isDirectory();
          if (options.isIgnored(path, isDirectory)) return undefined;
          if (isDirectory) {
            directories.add(path);
            return { type: 'addDir', path, ino: stats.ino };
          }
          return { type: event.type === 'create' ? 'add' : 'change', path, ino: stats.ino };
        }),
      ).then((changes) => {
        if (closed) return;
        const reported = changes.filter((change): change is RawChange => change !== undefined);
        if (reported.length > 0) options.onChanges(reported);
      });
    },
    { ignore: [...options.ignoreGlobs] },
  );
  return {
    ready: subscription.then(() => undefined),
    progress: () => ({ entriesSeen: 0, done: true }),
    async close() {
      closed = true;
      // A watched folder replaced meanwhile (by a symlink, say) makes the
      // native unsubscribe fail; the watch is gone either way.
      await (
        await subscription
      )
        .unsubscribe()
        .catch((error: unknown) => options.onError(error as Error));
    },
  };
}
