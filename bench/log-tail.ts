// Two costs of the log domain, each beside a baseline from the same run:
// - logging throughput with the log files (and tail feed) on, against the same
//   pino logger with files off; both also write every line to /dev/null, as
//   the console copy would;
// - how long a logged line takes to reach a logTail reader over SSE, against a
//   bare node:http SSE server handing each raw line from pino straight to its
//   response (no files, no parsing, no filter, no GraphQL).
import { createWriteStream, type WriteStream } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import { createLogger } from '../src/core/logger.ts';
import { LogStore } from '../src/core/logs/log-store.ts';
import { createMetrics } from '../src/core/metrics.ts';
import { readEventStream } from '../test/utils/sse.ts';
import { makeTempDir } from '../test/utils/tempdir.ts';
import { startTestServer } from '../test/utils/tserver.ts';
import type { BenchRow } from './table.ts';

type Sink = WriteStream;

/** Where the console copy goes: a real file write, to /dev/null. */
function devNull(): Sink {
  return createWriteStream('/dev/null');
}

async function linesPerSecond(
  log: (i: number) => void,
  lines: number,
  settle: () => Promise<void>,
) {
  const started = performance.now();
  for (let i = 0; i < lines; i++) log(i);
  await settle();
  return lines / ((performance.now() - started) / 1000);
}

async function benchThroughput(quick: boolean): Promise<BenchRow[]> {
  const lines = quick ? 50_000 : 300_000;
  const temp = await makeTempDir('genpod-bench-logs-');
  const store = await LogStore.open({
    dir: join(temp.path, 'logs'),
    files: { enabled: true, maxBytes: 10 * 1024 * 1024, maxFiles: 100, retentionDays: 1 },
    metrics: createMetrics({ defaultMetrics: false }),
  });
  const plainSink = devNull();
  const filedSink = devNull();
  const plain = createLogger({ level: 'info', format: 'json', destination: plainSink });
  const filed = createLogger({
    level: 'info',
    format: 'json',
    destination: filedSink,
    files: store.destination,
  });
  // A write's callback runs once it and every write before it are done.
  const drained = (sink: Sink) => new Promise<void>((resolve) => sink.write('', () => resolve()));
  try {
    // Warm both paths first so neither pays for JIT alone.
    await linesPerSecond(
      (i) => plain.info({ i }, 'warm-up'),
      5000,
      () => drained(plainSink),
    );
    await linesPerSecond(
      (i) => filed.info({ i }, 'warm-up'),
      5000,
      () => drained(filedSink),
    );
    const payload = { requestId: 'b7c1e6a2', path: '/graphql', status: 200 };
    const baseline = await linesPerSecond(
      (i) => plain.info({ ...payload, i }, 'request handled'),
      lines,
      () => drained(plainSink),
    );
    const genpod = await linesPerSecond(
      (i) => filed.info({ ...payload, i }, 'request handled'),
      lines,
      async () => {
        await drained(filedSink);
        // Counted until every line is on disk, not just handed to the writer.
        await store.query({}, { first: 1, order: 'newest-first' });
      },
    );
    return [
      {
        benchmark: 'logging throughput',
        metric: 'lines/s (to disk)',
        unit: 'lines/s',
        genpod,
        baseline,
        baselineName: 'same pino logger, log files off',
      },
    ];
  } finally {
    await store.close();
    plainSink.end();
    filedSink.end();
    await temp.remove();
  }
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Logs one line at a time and waits for the reader to receive it. */
async function measureDelivery(
  log: (i: number) => void,
  events: AsyncGenerator<{ data: string }>,
  isLine: (data: string) => boolean,
  count: number,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    log(i);
    for (;;) {
      const next = await events.next();
      if (next.done) throw new Error('stream ended early');
      if (isLine(next.value.data)) break;
    }
    latencies.push(performance.now() - started);
  }
  await events.return(undefined);
  return latencies.sort((a, b) => a - b);
}

async function benchTailLatency(quick: boolean): Promise<BenchRow[]> {
  const count = quick ? 300 : 2000;
  const t = await startTestServer({ LOG_LEVEL: 'info' });

  // The baseline: pino's lines go straight to every open SSE response.
  const responses = new Set<ServerResponse>();
  const rawLogger = pino(
    { level: 'info' },
    {
      write(line: string) {
        for (const response of responses) response.write(`data: ${line}\n`);
      },
    },
  );
  const bare = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(':\n\n');
    responses.add(res);
    req.on('close', () => responses.delete(res));
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;

  try {
    const subscription = {
      query: `subscription { logTail(filter: { text: "bench-tail" }, tail: 0) { sequence line { message } } }`,
    };
    const genpodResponse = await fetch(t.graphqlUrl, {
      method: 'POST',
      headers: {
        ...t.authHeaders,
        'content-type': 'application/json',
        accept: 'text/event-stream',
      },
      body: JSON.stringify(subscription),
    });
    const genpodEvents = readEventStream(genpodResponse);
    // Make sure the subscription follows before timing.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const logger = t.server.services.logger;
    const genpod = await measureDelivery(
      (i) => logger.info({ i }, 'bench-tail line'),
      genpodEvents,
      (data) => data.includes('bench-tail line'),
      count,
    );
    const bareEvents = readEventStream(await fetch(bareUrl));
    const baseline = await measureDelivery(
      (i) => rawLogger.info({ i }, 'bench-tail line'),
      bareEvents,
      (data) => data.includes('bench-tail line'),
      count,
    );
    const common = {
      benchmark: 'log tail over SSE',
      unit: 'ms',
      baselineName: 'bare node:http SSE of raw pino lines',
    };
    return [
      {
        ...common,
        metric: 'delivery p50',
        genpod: percentile(genpod, 0.5),
        baseline: percentile(baseline, 0.5),
      },
      {
        ...common,
        metric: 'delivery p99',
        genpod: percentile(genpod, 0.99),
        baseline: percentile(baseline, 0.99),
      },
    ];
  } finally {
    for (const response of responses) response.end();
    bare.close();
    await t.stop();
  }
}

export async function benchLogTail(quick: boolean): Promise<BenchRow[]> {
  return [...(await benchThroughput(quick)), ...(await benchTailLatency(quick))];
}
