// Fan-out throughput: how many file changes per second 100 subscribers can be
// sent before the disk write → event latency p99 passes 100 ms (or an event
// goes missing). The write rate doubles step by step (10, 20, 40 … per
// second, each write to a different existing file, so nothing may be folded
// together); the figure is the highest rate that stayed under, for GenPod and
// for the raw fs.watch baselines. Same processes as bench/live-latency.ts.
//
// Quick mode: SSE, GenPod with the configured watcher (WATCH_BACKEND, default
// inotify). Full mode: SSE and gRPC, GenPod with each watcher backend, since
// past a few changes a second the watcher decides the figure.
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTempDir } from '../test/utils/tempdir.ts';
import {
  repo,
  startGenPodProcess,
  startProcess,
  stop,
  type GenPodProcess,
} from './support/processes.ts';
import {
  startSubscriberProcesses,
  type SubscriberProcesses,
  type SubscriberTarget,
} from './support/subscriber-pool.ts';
import { createFiles, pacedWrites, percentile } from './support/write-delivery.ts';
import type { BenchRow } from './table.ts';

const subscriberCount = 100;
const p99LimitMs = 100;
const rates = [10, 20, 40, 80, 160, 320, 640, 1280, 2560];

interface Ramp {
  /** The highest rate (writes/s) whose p99 stayed under the limit with every event delivered. */
  best: number;
  /** p99 per rate tried, for the log. */
  steps: Array<{ rate: number; p99: number; deliveredPct: number }>;
}

async function ramp(
  subscribers: SubscriberProcesses,
  target: SubscriberTarget,
  root: string,
  names: string[],
  seconds: number,
): Promise<Ramp> {
  const pool = await subscribers.open(target, subscriberCount);
  const result: Ramp = { best: 0, steps: [] };
  try {
    await sleep(300);
    for (const rate of rates) {
      // Anything later than the limit fails the step anyway: a short grace is enough.
      const delivery = await pacedWrites(pool, root, names, rate, seconds, 1_000);
      const p99 = percentile(delivery.latencies, 99);
      const deliveredPct = (100 * delivery.delivered) / delivery.expected;
      result.steps.push({ rate, p99, deliveredPct });
      if (!(p99 < p99LimitMs) || delivery.delivered < delivery.expected) break;
      result.best = rate;
      // Late duplicates of this step's notifications pass before the next is armed.
      await sleep(300);
    }
  } finally {
    await pool.close();
  }
  return result;
}

function genpodTargets(genpod: GenPodProcess): { SSE: SubscriberTarget; gRPC: SubscriberTarget } {
  return {
    SSE: {
      transport: 'sse',
      url: `http://127.0.0.1:${String(genpod.line.httpPort)}/graphql`,
      method: 'POST',
      headers: genpod.authHeaders,
      body: JSON.stringify({ query: 'subscription { fileChanges { path kind sequence } }' }),
    },
    gRPC: {
      transport: 'grpc',
      target: `127.0.0.1:${String(genpod.line.grpcPort)}`,
      pathPrefix: '',
      token: genpod.token,
      connections: 'each',
    },
  };
}

const describe = (ramp: Ramp) =>
  ramp.steps
    .map((s) => `${s.rate}/s: p99 ${s.p99.toFixed(1)} ms, ${s.deliveredPct.toFixed(1)}%`)
    .join('; ');

export async function benchFanOutThroughput(quick: boolean): Promise<BenchRow[]> {
  const seconds = quick ? 1 : 2;
  const transports = quick ? (['SSE'] as const) : (['SSE', 'gRPC'] as const);
  const backends = quick
    ? [process.env.WATCH_BACKEND ?? 'inotify']
    : ['inotify', 'parcel', 'chokidar'];
  const dir = await makeTempDir('genpod-bench-fanout-');
  // Deep enough that the structure a StreamData call opens with stays small.
  const names = await createFiles(dir.path, 'fanout/a/b/c/d', (rates.at(-1) ?? 0) * seconds);
  const subscribers = startSubscriberProcesses();
  const rows: BenchRow[] = [];
  try {
    const baselines = new Map<string, Ramp>();
    for (const transport of transports) {
      // The raw servers too start afresh for each ramp (see below).
      const raw = await startProcess(
        [`${repo}bench/support/raw-servers-main.ts`, dir.path],
        {},
        /"url"/,
      );
      try {
        const rawTarget: SubscriberTarget =
          transport === 'SSE'
            ? { transport: 'sse', url: String(raw.line.url), method: 'GET' }
            : {
                transport: 'grpc',
                target: String(raw.line.grpcTarget),
                pathPrefix: '',
                connections: 'each',
              };
        const baseline = await ramp(subscribers, rawTarget, dir.path, names, seconds);
        console.error(`fan-out raw ${transport}: ${describe(baseline)}`);
        baselines.set(transport, baseline);
      } finally {
        await stop(raw.child);
      }
    }
    for (const backend of backends) {
      for (const transport of transports) {
        // A server of its own for each ramp: the step that failed the previous
        // ramp (an overload, events still queued behind it) must not fail the
        // first step of the next.
        const data = await makeTempDir('genpod-bench-data-');
        const genpod = await startGenPodProcess(dir.path, data.path, {
          WATCH_BACKEND: backend,
          // Hundreds of subscriptions a minute from one token: a load generator, not a client.
          RATE_LIMIT_PER_MINUTE: '0',
        });
        try {
          const ours = await ramp(
            subscribers,
            genpodTargets(genpod)[transport],
            dir.path,
            names,
            seconds,
          );
          console.error(`fan-out GenPod ${transport} (${backend}): ${describe(ours)}`);
          rows.push({
            benchmark: `fan-out to ${subscriberCount} ${transport} subscribers (${backend})`,
            metric: `highest write rate with p99 < ${p99LimitMs} ms (×2 steps of ${seconds} s)`,
            unit: 'events/s',
            genpod: ours.best,
            baseline: baselines.get(transport)?.best ?? Number.NaN,
            baselineName: transport === 'SSE' ? 'fs.watch + raw SSE' : 'fs.watch + bare grpc-js',
          });
        } finally {
          await stop(genpod.child);
          await data.remove();
        }
      }
    }
  } finally {
    await subscribers.close();
    await dir.remove();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./table.ts');
  printTable(await benchFanOutThroughput(process.argv.includes('--quick')));
}
