// What subscription filters cost the fan-out: 100 fileChanges subscribers of
// one server's bus, each fed the same synthetic changes, with filters
// (8 include globs, 8 exclude globs, kinds; or respectGitignore with a
// .gitignore in the root and in each package) against the same subscribers
// with none, in the same run. Changes are published straight onto the bus, so
// the figure is the feed's own work per event (filter at publish, transform
// per subscriber), not the watcher's or the transport's.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { localDeveloper } from '../src/core/scopes.ts';
import { fileChangesTopic, type FileChange } from '../src/core/watch/file-change.ts';
import type { Context } from '../src/resolvers/context.ts';
import { fileChanges, type FileChangesArgs } from '../src/resolvers/file-events.ts';
import { startTestServer, type TestServer } from '../test/utils/tserver.ts';
import type { BenchRow } from './table.ts';

const subscribers = 100;
const packages = 10;
const modules = 10;

const include = [
  'src/**/*.ts',
  'src/**/*.tsx',
  '*.md',
  'docs/**',
  'package.json',
  'src/pkg1/**',
  '**/*.test.ts',
  'config/*.json',
];
const exclude = [
  'node_modules',
  'dist',
  '*.log',
  '*.map',
  'coverage',
  '.cache',
  'tmp/**',
  '*.snap',
];

/** A change somewhere in src/pkg*\/mod*, of every kind and a few file types. */
function change(i: number): FileChange {
  const folder = `src/pkg${i % packages}/mod${Math.floor(i / packages) % modules}`;
  const extension = ['ts', 'js', 'log', 'tsx', 'md'][i % 5];
  const kind = (['MODIFIED', 'CREATED', 'MODIFIED', 'DELETED'] as const)[i % 4] ?? 'MODIFIED';
  return {
    kind,
    path: `${folder}/file${i % 100}.${extension}`,
    isDirectory: false,
    version: kind === 'DELETED' ? undefined : 'v'.repeat(64),
    entry: kind === 'DELETED' ? undefined : { kind: 'file', size: 1000, mtimeMs: Date.now() },
    origin: { source: 'disk' },
  };
}

/** A change every filter below lets through: the end of a batch. */
const marker = (batch: number): FileChange => ({
  kind: 'CREATED',
  path: `src/pkg1/marker${batch}.ts`,
  isDirectory: false,
  version: 'm'.repeat(64),
  origin: { source: 'disk' },
});

/** Publishes `events` changes in batches; ms until every subscriber has read them all. */
async function feedMs(t: TestServer, args: Omit<FileChangesArgs, 'pathPrefix'>, events: number) {
  const ctx: Context = {
    services: t.server.services,
    transport: 'graphql',
    requestId: 'bench',
    principal: localDeveloper,
  };
  const { bus } = t.server.services;
  const lastMarker = new Array<number>(subscribers).fill(-1);
  const feeds = Array.from({ length: subscribers }, () =>
    fileChanges(ctx, { pathPrefix: '', ...args })[Symbol.asyncIterator](),
  );
  const readers = feeds.map(async (feed, i) => {
    for (let next = await feed.next(); !next.done; next = await feed.next()) {
      const match = /marker(\d+)/.exec(next.value.path);
      if (match) lastMarker[i] = Number(match[1]);
    }
  });
  const batch = 200; // under the bus's per-subscriber queue limit
  const started = performance.now();
  for (let sent = 0, n = 0; sent < events; sent += batch, n++) {
    for (let i = sent; i < Math.min(sent + batch, events); i++)
      await bus.publish(fileChangesTopic, change(i));
    await bus.publish(fileChangesTopic, marker(n));
    while (lastMarker.some((seen) => seen < n))
      await new Promise((resolve) => setImmediate(resolve));
  }
  const ms = performance.now() - started;
  await Promise.all(feeds.map((feed) => feed.return?.()));
  await Promise.all(readers);
  return ms;
}

export async function benchFileChangeFilters(quick: boolean): Promise<BenchRow[]> {
  const t = await startTestServer();
  try {
    await writeFile(join(t.projectRoot, '.gitignore'), 'dist/\n*.log\n');
    for (let p = 0; p < packages; p++) {
      for (let m = 0; m < modules; m++) {
        await mkdir(join(t.projectRoot, 'src', `pkg${p}`, `mod${m}`), { recursive: true });
      }
      await writeFile(join(t.projectRoot, 'src', `pkg${p}`, '.gitignore'), '*.tsx\n');
    }
    const events = quick ? 2_000 : 10_000;
    const none = {};
    const globs = { include, exclude, kinds: ['CREATED', 'MODIFIED', 'MOVED'] };
    const gitignore = { respectGitignore: true };
    // In turns, after a warm-up of each, so drift on a busy machine weighs on all alike.
    const samples = new Map<object, number[]>([
      [none, []],
      [globs, []],
      [gitignore, []],
    ]);
    for (const args of samples.keys()) await feedMs(t, args, 1_000);
    for (let round = 0; round < 3; round++) {
      for (const [args, times] of samples) times.push(await feedMs(t, args, events));
    }
    const perEvent = (args: object) => {
      const sorted = [...(samples.get(args) ?? [])].sort((a, b) => a - b);
      return ((sorted[1] ?? 0) * 1000) / events;
    };
    const row = (metric: string, args: object): BenchRow => ({
      benchmark: 'file change filters',
      metric,
      unit: 'µs/event',
      genpod: perEvent(args),
      baseline: perEvent(none),
      baselineName: `the same ${subscribers} subscribers without filters`,
    });
    return [
      row(`${subscribers} subscribers, 8 include + 8 exclude globs + kinds`, globs),
      row(`${subscribers} subscribers, respectGitignore (11 .gitignore files)`, gitignore),
    ];
  } finally {
    await t.stop();
  }
}
