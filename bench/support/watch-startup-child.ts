// Runs one watcher backend over a folder in a fresh process and prints how
// long its initial watch took and how much memory it holds once ready.
import { startChokidarBackend } from '../../src/core/watch/chokidar-backend.ts';
import { startInotifyBackend } from '../../src/core/watch/inotify-backend.ts';
import { loadWatchIgnoreRules } from '../../src/core/watch/ignore-rules.ts';
import { startParcelBackend } from '../../src/core/watch/parcel-backend.ts';
import type { WatcherBackend, WatcherBackendOptions } from '../../src/core/watch/raw-change.ts';

const [backendName, root] = process.argv.slice(2);
const backends = ['inotify', 'chokidar', 'parcel'];
if (!root || !backendName || !backends.includes(backendName)) {
  throw new Error(`usage: watch-startup-child.ts <${backends.join('|')}> <folder>`);
}
global.gc?.();
const before = process.memoryUsage().rss;
const start = performance.now();
const starters: Record<string, (options: WatcherBackendOptions) => WatcherBackend> = {
  inotify: startInotifyBackend,
  chokidar: startChokidarBackend,
  parcel: startParcelBackend,
};
// The server's default rules, so their cost is counted.
const rules = await loadWatchIgnoreRules(root, ['.git/objects', 'node_modules'], true);
const backend = (starters[backendName] ?? startInotifyBackend)({
  root,
  ignoreGlobs: rules.globs,
  isIgnored: rules.isIgnored,
  onChanges: () => {},
  onError: (error) => {
    throw error;
  },
});
await backend.ready;
const ms = performance.now() - start;
global.gc?.();
const rssMiB = (process.memoryUsage().rss - before) / 1024 / 1024;
await backend.close();
console.log(JSON.stringify({ ms, rssMiB }));
