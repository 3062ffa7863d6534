// Disk write → event at the client, p50 and p99, with 1, 100 and 1,000
// subscribers (100 in quick mode), over SSE (`fileChanges`) and over
// gRPC (`AgentService.StreamData`), against the raw baselines: fs.watch with a
// hand-written SSE server, and fs.watch with a bare grpc-js StreamData.
//
// Processes: the GenPod server, the baselines, the writer (this process) and
// the subscribers (one more process) are all separate, so the work of the
// clients is not done on the server's event loop (on a 2-core machine it
// still competes for the same cores, for GenPod and baseline alike). Every
// subscriber has its own connection: one HTTP/1.1 connection per SSE
// subscriber, one HTTP/2 connection per gRPC stream, as separate browsers
// and agents would.
//
// Two patterns of edits, because @parcel/watcher (WATCH_BACKEND=parcel) treats
// them differently: an isolated edit (nothing for 600 ms before it) is
// reported at once; edits 100 ms apart are batched for 50 ms (its native
// debounce). The default inotify backend reports both at once. The
// baselines' fs.watch does neither; they are measured with edits 100 ms apart.
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTempDir } from '../test/utils/tempdir.ts';
import { repo, startGenPodProcess, startProcess, stop } from './support/processes.ts';
import {
  startSubscriberProcesses,
  type SubscriberPool,
  type SubscriberProcesses,
  type SubscriberTarget,
} from './support/subscriber-pool.ts';
import {
  createFiles,
  percentile,
  sequentialWrites,
  type Delivery,
} from './support/write-delivery.ts';
import type { BenchRow } from './table.ts';

type Transport = 'SSE' | 'gRPC';

async function measure(
  subscribers: SubscriberProcesses,
  target: SubscriberTarget,
  count: number,
  run: (pool: SubscriberPool) => Promise<Delivery>,
): Promise<Delivery> {
  const pool = await subscribers.open(target, count);
  try {
    await sleep(200);
    return await run(pool);
  } finally {
    await pool.close();
  }
}

function rows(
  benchmark: string,
  edits: string,
  ours: Delivery,
  baseline: Delivery,
  baselineName: string,
): BenchRow[] {
  const common = { benchmark, unit: 'ms', baselineName };
  return [
    {
      ...common,
      metric: `${edits}: latency p50`,
      genpod: percentile(ours.latencies, 50),
      baseline: percentile(baseline.latencies, 50),
    },
    {
      ...common,
      metric: `${edits}: latency p99`,
      genpod: percentile(ours.latencies, 99),
      baseline: percentile(baseline.latencies, 99),
    },
    {
      ...common,
      metric: `${edits}: events delivered`,
      unit: '%',
      genpod: (100 * ours.delivered) / ours.expected,
      baseline: (100 * baseline.delivered) / baseline.expected,
    },
  ];
}

export async function benchLiveLatency(quick: boolean): Promise<BenchRow[]> {
  // Quick mode keeps the case that exercises fan-out; a single subscriber is in the full run.
  const counts = quick ? [100] : [1, 100, 1_000];
  const writes = quick ? 6 : 40;
  const backend = process.env.WATCH_BACKEND ?? 'inotify';
  const result: BenchRow[] = [];
  const dir = await makeTempDir('genpod-bench-live-');
  const data = await makeTempDir('genpod-bench-data-');
  // The files exist before the servers start: every write is a modification,
  // reported on the leading edge (a creation waits one window to be paired).
  const names = await createFiles(dir.path, 'live', 10);
  const genpod = await startGenPodProcess(dir.path, data.path, {
    WATCH_BACKEND: backend,
    // Thousands of subscriptions a minute from one token: a load generator, not a client.
    RATE_LIMIT_PER_MINUTE: '0',
  });
  const raw = await startProcess(
    [`${repo}bench/support/raw-servers-main.ts`, dir.path],
    {},
    /"url"/,
  );
  const subscribers = startSubscriberProcesses();
  try {
    const targets: Record<
      Transport,
      { genpod: SubscriberTarget; raw: SubscriberTarget; rawName: string }
    > = {
      SSE: {
        genpod: {
          transport: 'sse',
          url: `http://127.0.0.1:${String(genpod.line.httpPort)}/graphql`,
          method: 'POST',
          headers: genpod.authHeaders,
          body: JSON.stringify({ query: 'subscription { fileChanges { path kind sequence } }' }),
        },
        raw: { transport: 'sse', url: String(raw.line.url), method: 'GET' },
        rawName: 'fs.watch + raw SSE',
      },
      gRPC: {
        genpod: {
          transport: 'grpc',
          target: `127.0.0.1:${String(genpod.line.grpcPort)}`,
          pathPrefix: '',
          token: genpod.token,
          connections: 'each',
        },
        raw: {
          transport: 'grpc',
          target: String(raw.line.grpcTarget),
          pathPrefix: '',
          connections: 'each',
        },
        rawName: 'fs.watch + bare grpc-js',
      },
    };
    for (const count of counts) {
      // A thousand subscribers each need the previous event delivered to all before the next write.
      const timeoutMs = count >= 1_000 ? 10_000 : 3_000;
      const writesNow = count >= 1_000 ? Math.ceil(writes / 2) : writes;
      for (const transport of ['SSE', 'gRPC'] as const) {
        const { genpod: ours, raw: theirs, rawName } = targets[transport];
        const isolated = await measure(subscribers, ours, count, (pool) =>
          sequentialWrites(pool, dir.path, names, writesNow, 600, timeoutMs),
        );
        const steady = quick
          ? undefined
          : await measure(subscribers, ours, count, (pool) =>
              sequentialWrites(pool, dir.path, names, writesNow, 100, timeoutMs),
            );
        const baseline = await measure(subscribers, theirs, count, (pool) =>
          sequentialWrites(pool, dir.path, names, writesNow, 100, timeoutMs),
        );
        const benchmark = `disk write → ${transport} event, ${count.toLocaleString('en-US')} subscriber${count > 1 ? 's' : ''} (${backend})`;
        result.push(...rows(benchmark, 'isolated edits', isolated, baseline, rawName));
        if (steady)
          result.push(...rows(benchmark, 'edits 100 ms apart', steady, baseline, rawName));
      }
    }
  } finally {
    await subscribers.close();
    await stop(genpod.child);
    await stop(raw.child);
    await dir.remove();
    await data.remove();
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./table.ts');
  printTable(await benchLiveLatency(process.argv.includes('--quick')));
}
