// Memory held per idle subscriber: the server's RSS growth for N open
// `fileChanges` SSE subscriptions, and for N open AgentService.StreamData
// gRPC streams, against the raw baselines holding the same number (fs.watch
// with a raw SSE server; fs.watch with a bare grpc-js StreamData).
//
// One server process of each; the sets of subscribers are measured one after
// another and all stay open to the end, since memory a closed set left behind
// would flatter the next. A few subscribers come and go first, so code loaded
// on first use is not counted. The subscribers run in processes of their own.
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTempDir } from '../test/utils/tempdir.ts';
import {
  repo,
  rssMiB,
  startGenPodProcess,
  startProcess,
  stop,
  type Started,
} from './support/processes.ts';
import {
  startSubscriberProcesses,
  type SubscriberPool,
  type SubscriberProcesses,
  type SubscriberTarget,
} from './support/subscriber-pool.ts';
import type { BenchRow } from './table.ts';

/**
 * RSS growth per subscriber of each target in turn, each set left open while
 * the next is measured (so none reuses memory another freed). Each target has
 * its own subscriber process: one holds one set at a time.
 */
async function kibPerSubscriber(
  server: Started,
  targets: Array<{ clients: SubscriberProcesses; target: SubscriberTarget }>,
  count: number,
): Promise<number[]> {
  const pid = server.child.pid ?? 0;
  for (const { clients, target } of targets) await (await clients.open(target, 10)).close();
  await sleep(500);
  let before = await rssMiB(pid);
  const pools: SubscriberPool[] = [];
  const kib: number[] = [];
  try {
    for (const { clients, target } of targets) {
      pools.push(await clients.open(target, count));
      await sleep(1_000);
      const after = await rssMiB(pid);
      kib.push(((after - before) * 1024) / count);
      before = after;
    }
  } finally {
    for (const pool of pools) await pool.close();
  }
  return kib;
}

interface Case {
  label: string;
  genpod(
    server: Started & { token: string; authHeaders: Record<string, string> },
  ): SubscriberTarget;
  raw(server: Started): SubscriberTarget;
  baselineName: string;
}

const sseSubscribers: Omit<Case, 'label'> = {
  genpod: (server) => ({
    transport: 'sse',
    url: `http://127.0.0.1:${String(server.line.httpPort)}/graphql`,
    method: 'POST',
    headers: server.authHeaders,
    body: JSON.stringify({ query: 'subscription { fileChanges { path } }' }),
  }),
  raw: (server) => ({ transport: 'sse', url: String(server.line.url), method: 'GET' }),
  baselineName: 'fs.watch + raw SSE',
};

const cases: Case[] = [
  { label: 'idle SSE subscribers', ...sseSubscribers },
  // The same again, beside the first set: what one more idle subscriber costs.
  // The first set also pays for V8 growing its young generation under the
  // burst of requests that opened it (up to ~48 MiB, whatever the count).
  { label: 'more idle SSE subscribers, beside the first set', ...sseSubscribers },
  {
    label: 'idle gRPC streams, a connection each',
    genpod: (server) => ({
      transport: 'grpc',
      target: `127.0.0.1:${String(server.line.grpcPort)}`,
      pathPrefix: '',
      token: server.token,
      connections: 'each',
    }),
    raw: (server) => ({
      transport: 'grpc',
      target: String(server.line.grpcTarget),
      pathPrefix: '',
      connections: 'each',
    }),
    baselineName: 'fs.watch + bare grpc-js',
  },
  {
    label: 'idle gRPC streams on one connection',
    genpod: (server) => ({
      transport: 'grpc',
      target: `127.0.0.1:${String(server.line.grpcPort)}`,
      pathPrefix: '',
      token: server.token,
      connections: 'shared',
    }),
    raw: (server) => ({
      transport: 'grpc',
      target: String(server.line.grpcTarget),
      pathPrefix: '',
      connections: 'shared',
    }),
    baselineName: 'fs.watch + bare grpc-js',
  },
];

export async function benchSubscriberMemory(quick: boolean): Promise<BenchRow[]> {
  const count = quick ? 300 : 1_000;
  // Quick mode leaves out the streams sharing one connection.
  const measured = quick ? cases.slice(0, 3) : cases;
  const dir = await makeTempDir('genpod-bench-mem-');
  const data = await makeTempDir('genpod-bench-data-');
  const clients = measured.map(() => startSubscriberProcesses());
  const [genpod, raw] = await Promise.all([
    // A thousand subscriptions from one token: a load generator, not a client.
    startGenPodProcess(dir.path, data.path, { RATE_LIMIT_PER_MINUTE: '0' }),
    startProcess([`${repo}bench/support/raw-servers-main.ts`, dir.path], {}, /"url"/),
  ]);
  try {
    const ours = await kibPerSubscriber(
      genpod,
      measured.map((c, i) => ({
        clients: clients[i] as SubscriberProcesses,
        target: c.genpod(genpod),
      })),
      count,
    );
    const baseline = await kibPerSubscriber(
      raw,
      measured.map((c, i) => ({ clients: clients[i] as SubscriberProcesses, target: c.raw(raw) })),
      count,
    );
    return measured.map((c, i) => ({
      benchmark: `${count.toLocaleString('en-US')} ${c.label}`,
      metric: 'RSS per subscriber',
      unit: 'KiB',
      genpod: ours[i] ?? Number.NaN,
      baseline: baseline[i] ?? Number.NaN,
      baselineName: c.baselineName,
    }));
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await stop(genpod.child);
    await stop(raw.child);
    await dir.remove();
    await data.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./table.ts');
  printTable(await benchSubscriberMemory(process.argv.includes('--quick')));
}
