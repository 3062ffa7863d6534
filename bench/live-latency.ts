// Disk write → event at the client, p50 and p99, with 1, 100 and 1,000 SSE
// subscribers of `fileChanges`, against the raw baseline (fs.watch and a
// hand-written SSE server). Each server runs in its own process; the
// subscribers and the writer run here.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTempDir } from '../test/utils/tempdir.ts';
import { repo, startGenPodProcess, startProcess, stop } from './support/processes.ts';
import { openSubscribers, percentile, type SubscribeTarget } from './support/sse-subscribers.ts';
import type { BenchRow } from './table.ts';

interface Latency {
  p50: number;
  p99: number;
  delivered: number;
  expected: number;
}

async function measure(
  root: string,
  target: SubscribeTarget,
  subscribers: number,
  writes: number,
): Promise<Latency> {
  const clients = await openSubscribers(target, subscribers);
  await sleep(300);
  const latencies: number[] = [];
  for (let i = 0; i < writes; i++) {
    const name = `bench-${i % 10}.txt`;
    clients.reset(name);
    // Distinct files, spaced out: isolated changes, not bursts.
    const started = performance.now();
    await writeFile(join(root, name), `write ${i} ${Math.random()}\n`);
    const deadline = performance.now() + 2_000;
    while (
      (clients.arrivals.get(name)?.length ?? 0) < subscribers &&
      performance.now() < deadline
    ) {
      await sleep(2);
    }
    latencies.push(...clients.reset(name).map((t) => t - started));
    await sleep(40);
  }
  clients.close();
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    delivered: latencies.length,
    expected: writes * subscribers,
  };
}

export async function benchLiveLatency(quick: boolean): Promise<BenchRow[]> {
  const counts = quick ? [1, 100] : [1, 100, 1_000];
  const writes = quick ? 20 : 50;
  const rows: BenchRow[] = [];
  const dir = await makeTempDir('genpod-bench-live-');
  const data = await makeTempDir('genpod-bench-data-');
  const genpod = await startGenPodProcess(dir.path, data.path, {
    WATCH_BACKEND: process.env.WATCH_BACKEND ?? 'parcel',
  });
  // The files exist before measuring: writes are modifications, reported on
  // the leading edge (a creation waits one coalescing window to be paired).
  for (let i = 0; i < 10; i++) await writeFile(join(dir.path, `bench-${i}.txt`), 'initial\n');
  await sleep(500);
  const raw = await startProcess(
    [`${repo}bench/support/raw-sse-server-main.ts`, dir.path],
    {},
    /"url"/,
  );
  try {
    const genpodTarget: SubscribeTarget = {
      url: `http://127.0.0.1:${String(genpod.line.httpPort)}/graphql`,
      method: 'POST',
      body: JSON.stringify({ query: 'subscription { fileChanges { path kind sequence } }' }),
      pathOf: (payload) =>
        (JSON.parse(payload) as { data?: { fileChanges?: { path: string } } }).data?.fileChanges
          ?.path,
    };
    const rawTarget: SubscribeTarget = {
      url: String(raw.line.url),
      method: 'GET',
      pathOf: (payload) => (JSON.parse(payload) as { path: string }).path,
    };
    for (const count of counts) {
      const ours = await measure(dir.path, genpodTarget, count, writes);
      const baseline = await measure(dir.path, rawTarget, count, writes);
      const common = {
        benchmark: `disk write → SSE event, ${count} subscriber${count > 1 ? 's' : ''}`,
        unit: 'ms',
        baselineName: 'fs.watch + raw SSE',
      };
      rows.push(
        { ...common, metric: 'latency p50', genpod: ours.p50, baseline: baseline.p50 },
        { ...common, metric: 'latency p99', genpod: ours.p99, baseline: baseline.p99 },
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
    await stop(genpod.child);
    await stop(raw.child);
    await dir.remove();
    await data.remove();
  }
  return rows;
}
