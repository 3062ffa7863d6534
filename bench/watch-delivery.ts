// The watcher's own delivery cases from issue 17, each beside the raw floor
// (fs.watch + a hand-written SSE server) in the same run, 100 SSE subscribers:
// - a burst of creations 40 ms apart (an agent scaffolding a project): new
//   files, where a batching watcher (@parcel/watcher: 50 to 500 ms) shows;
// - modifications of existing files at 25 and 100 writes/s.
// GenPod runs with WATCH_BACKEND (default inotify). Same processes as
// bench/live-latency.ts.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTempDir } from '../test/utils/tempdir.ts';
import { repo, startGenPodProcess, startProcess, stop } from './support/processes.ts';
import {
  startSubscriberProcesses,
  type SubscriberProcesses,
  type SubscriberTarget,
} from './support/subscriber-pool.ts';
import { createFiles, pacedWrites, percentile, type Delivery } from './support/write-delivery.ts';
import type { BenchRow } from './table.ts';

const subscriberCount = 100;

async function deliver(
  subscribers: SubscriberProcesses,
  target: SubscriberTarget,
  root: string,
  names: string[],
  perSecond: number,
  seconds: number,
): Promise<Delivery> {
  const pool = await subscribers.open(target, subscriberCount);
  try {
    await sleep(300);
    return await pacedWrites(pool, root, names, perSecond, seconds);
  } finally {
    await pool.close();
  }
}

export async function benchWatchDelivery(quick: boolean): Promise<BenchRow[]> {
  const seconds = quick ? 2 : 4;
  const backend = process.env.WATCH_BACKEND ?? 'inotify';
  const dir = await makeTempDir('genpod-bench-watch-delivery-');
  const data = await makeTempDir('genpod-bench-data-');
  // Existing files for the modifications; empty folders for the creations.
  const existing = await createFiles(dir.path, 'edit', 100 * seconds);
  const fresh = (who: string, rate: number) =>
    Array.from({ length: rate * seconds }, (_, i) => `new-${who}/file-${i}.txt`);
  for (const who of ['raw', 'genpod']) await mkdir(join(dir.path, `new-${who}`));
  const genpod = await startGenPodProcess(dir.path, data.path, {
    WATCH_BACKEND: backend,
    RATE_LIMIT_PER_MINUTE: '0',
  });
  const raw = await startProcess(
    [`${repo}bench/support/raw-servers-main.ts`, dir.path],
    {},
    /"url"/,
  );
  const subscribers = startSubscriberProcesses();
  const rows: BenchRow[] = [];
  try {
    const targets = {
      genpod: {
        transport: 'sse',
        url: `http://127.0.0.1:${String(genpod.line.httpPort)}/graphql`,
        method: 'POST',
        headers: genpod.authHeaders,
        body: JSON.stringify({ query: 'subscription { fileChanges { path kind sequence } }' }),
      },
      raw: { transport: 'sse', url: String(raw.line.url), method: 'GET' },
    } satisfies Record<string, SubscriberTarget>;
    const cases = [
      { name: 'creations 40 ms apart', rate: 25, names: (who: string) => fresh(who, 25) },
      { name: 'modifications 25/s', rate: 25, names: () => existing },
      { name: 'modifications 100/s', rate: 100, names: () => existing },
    ];
    for (const { name, rate, names } of cases) {
      const baseline = await deliver(
        subscribers,
        targets.raw,
        dir.path,
        names('raw'),
        rate,
        seconds,
      );
      const ours = await deliver(
        subscribers,
        targets.genpod,
        dir.path,
        names('genpod'),
        rate,
        seconds,
      );
      const common = {
        benchmark: `${name}, ${subscriberCount} SSE subscribers (${backend})`,
        unit: 'ms',
        baselineName: 'fs.watch + raw SSE',
      };
      rows.push(
        {
          ...common,
          metric: 'latency p50',
          genpod: percentile(ours.latencies, 50),
          baseline: percentile(baseline.latencies, 50),
        },
        {
          ...common,
          metric: 'latency p99',
          genpod: percentile(ours.latencies, 99),
          baseline: percentile(baseline.latencies, 99),
        },
        {
          ...common,
          metric: 'events delivered',
          unit: '%',
          genpod: (100 * ours.delivered) / ours.expected,
          baseline: (100 * baseline.delivered) / baseline.expected,
        },
      );
    }
  } finally {
    await subscribers.close();
    await stop(genpod.child);
    await stop(raw.child);
    await dir.remove();
    await data.remove();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./table.ts');
  printTable(await benchWatchDelivery(process.argv.includes('--quick')));
}
