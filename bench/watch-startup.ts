// Initial watch time and memory for a large folder: the default watcher
// backend (inotify: one fs.watch per folder) against @parcel/watcher (native)
// and chokidar, each in a fresh process.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { makeTempDir } from '../test/utils/tempdir.ts';
import { generateFileTree } from './support/file-tree.ts';
import type { BenchRow } from './table.ts';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./support/watch-startup-child.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/esm/index.mjs', import.meta.url));

async function measure(backend: string, root: string): Promise<{ ms: number; rssMiB: number }> {
  const { stdout } = await run(
    process.execPath,
    ['--expose-gc', '--import', tsx, child, backend, root],
    {
      maxBuffer: 1024 * 1024,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { ms: number; rssMiB: number };
}

export async function benchWatchStartup(quick: boolean): Promise<BenchRow[]> {
  const sizes = quick ? [10_000] : [10_000, 100_000];
  const rows: BenchRow[] = [];
  for (const files of sizes) {
    const dir = await makeTempDir('genpod-bench-watch-');
    try {
      await generateFileTree(dir.path, files);
      const inotify = await measure('inotify', dir.path);
      const parcel = await measure('parcel', dir.path);
      const chokidar = await measure('chokidar', dir.path);
      const benchmark = `watch ${files.toLocaleString('en-US')} files`;
      for (const [baselineName, baseline] of [
        ['@parcel/watcher', parcel],
        ['chokidar', chokidar],
      ] as const) {
        rows.push(
          {
            benchmark,
            baselineName,
            metric: 'initial watch (inotify)',
            unit: 'ms',
            genpod: inotify.ms,
            baseline: baseline.ms,
          },
          {
            benchmark,
            baselineName,
            metric: 'memory once ready (RSS)',
            unit: 'MiB',
            genpod: inotify.rssMiB,
            baseline: baseline.rssMiB,
          },
        );
      }
    } finally {
      await dir.remove();
    }
  }
  return rows;
}
