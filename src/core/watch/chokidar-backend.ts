// The chokidar backend: scans the tree first (so it can report progress and
// knows every inode), then follows inotify events.
import { relative, sep } from 'node:path';
import { watch } from 'chokidar';
import type {
  RawChange,
  RawChangeType,
  WatcherBackend,
  WatcherBackendOptions,
} from './raw-change.ts';

export function startChokidarBackend(options: WatcherBackendOptions): WatcherBackend {
  const { root } = options;
  const toRelative = (absolute: string) => relative(root, absolute).split(sep).join('/');
  let entriesSeen = 0;
  let done = false;
  const watcher = watch(root, {
    ignoreInitial: false,
    alwaysStat: true,
    // Renames within 100 ms stay unlink + add for us to pair, not a `change`.
    atomic: false,
    ignored: (absolute, stats) => {
      const path = toRelative(absolute);
      return path !== '' && options.isIgnored(path, stats?.isDirectory());
    },
  });
  const emit = (type: RawChangeType) => (absolute: string, stats?: { ino: number }) => {
    const path = toRelative(absolute);
    if (path === '') return;
    if (!done) {
      // The initial scan reports every existing entry as added: count, don't emit.
      entriesSeen++;
      if (stats) options.onScanned?.(path, stats.ino);
      return;
    }
    const change: RawChange = { type, path, ino: stats?.ino };
    options.onChanges([change]);
  };
  watcher.on('add', emit('add'));
  watcher.on('addDir', emit('addDir'));
  watcher.on('change', emit('change'));
  watcher.on('unlink', emit('unlink'));
  watcher.on('unlinkDir', emit('unlinkDir'));
  watcher.on('error', (error) => options.onError(error as Error));
  const ready = new Promise<void>((resolve) =>
    watcher.once('ready', () => {
      done = true;
      resolve();
    }),
  );
  return {
    ready,
    progress: () => ({ entriesSeen, done }),
    close: () => watcher.close(),
  };
}
