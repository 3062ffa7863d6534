// Memory held per idle subscriber: the server's RSS growth for N open
// `fileChanges` SSE subscriptions, against the raw fs.watch + SSE baseline
// holding the same number of connections.
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
import { openSubscribers, type SubscribeTarget } from './support/sse-subscribers.ts';
import type { BenchRow } from './table.ts';

async function kibPerSubscriber(
  server: Started,
  target: SubscribeTarget,
  count: number,
): Promise<number> {
  const pid = server.child.pid ?? 0;
  await sleep(500);
  const before = await rssMiB(pid);
  const clients = await openSubscribers(target, count);
  await sleep(1_000);
  const after = await rssMiB(pid);
  clients.close();
  return ((after - before) * 1024) / count;
}

export async function benchSubscriberMemory(quick: boolean): Promise<BenchRow[]> {
  const count = quick ? 300 : 1_000;
  const dir = await makeTempDir('genpod-bench-mem-');
  const data = await makeTempDir('genpod-bench-data-');
  const genpod = await startGenPodProcess(dir.path, data.path);
  const raw = await startProcess(
    [`${repo}bench/support/raw-sse-server-main.ts`, dir.path],
    {},
    /"url"/,
  );
  try {
    const ours = await kibPerSubscriber(
      genpod,
      {
        url: `http://127.0.0.1:${String(genpod.line.httpPort)}/graphql`,
        method: 'POST',
        body: JSON.stringify({ query: 'subscription { fileChanges { path } }' }),
        pathOf: () => undefined,
      },
      count,
    );
    const baseline = await kibPerSubscriber(
      raw,
      { url: String(raw.line.url), method: 'GET', pathOf: () => undefined },
      count,
    );
    return [
      {
        benchmark: `${count.toLocaleString('en-US')} idle SSE subscribers`,
        metric: 'RSS per subscriber',
        unit: 'KiB',
        genpod: ours,
        baseline,
        baselineName: 'fs.watch + raw SSE',
      },
    ];
  } finally {
    await stop(genpod.child);
    await stop(raw.child);
    await dir.remove();
    await data.remove();
  }
}
