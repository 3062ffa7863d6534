// Runs one watcher backend over a folder in a fresh process and prints how
// long its initial watch took and how much memory it holds once ready.
import { startChokidarBackend } from '../../src/core/watch/chokidar-backend.ts';
import { startParcelBackend } from '../../src/core/watch/parcel-backend.ts';

const [backendName, root] = process.argv.slice(2);
if (!root || (backendName !== 'chokidar' && backendName !== 'parcel')) {
  throw new Error('usage: watch-startup-child.ts <chokidar|parcel> <folder>');
}
global.gc?.();
const before = process.memoryUsage().rss;
const start = performance.now();
const start_ = backendName === 'parcel' ? startParcelBackend : startChokidarBackend;
const backend = start_({
  root,
  ignoreGlobs: ['.git', 'node_modules'],
  isIgnored: () => false,
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
