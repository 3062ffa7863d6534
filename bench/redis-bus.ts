// The event bus through Redis against the in-process bus, side by side:
// delivery latency (publish → a subscriber has it, one event at a time,
// p50/p99) and throughput (events published back to back until the
// subscriber has them all). For Redis the publisher and the subscriber are
// two bus instances with their own connections, as two servers would be; the
// in-process figure is the same publisher and subscriber in one bus.
import { createInProcessEventBus, topic, type EventBus } from '../src/core/event-bus.ts';
import { createLogger } from '../src/core/logger.ts';
import { connectRedis } from '../src/core/redis-connection.ts';
import { createRedisEventBus } from '../src/core/redis-event-bus.ts';
import { redisServerPath, startRedisServer } from '../test/utils/redis-server.ts';
import { existsSync } from 'node:fs';
import { percentile } from './support/write-delivery.ts';
import type { BenchRow } from './table.ts';

interface Probe {
  n: number;
  /** performance.now() at publish; one process, one clock. */
  at: number;
  /** Something like a file change, so encoding costs what it would. */
  path: string;
  version: string;
}

const probes = topic<Probe>('bench.probe');

function probe(n: number): Probe {
  return { n, at: performance.now(), path: `src/module-${n % 100}.ts`, version: 'a'.repeat(40) };
}

async function latencies(
  publisher: EventBus,
  subscriber: EventBus,
  count: number,
): Promise<number[]> {
  const stream = subscriber.subscribe(probes, { queueLimit: count + 10 });
  const out: number[] = [];
  try {
    for (let n = 0; n < count; n++) {
      const reading = stream.next();
      await publisher.publish(probes, probe(n));
      const delivery = (await reading).value;
      if (delivery?.type === 'event') out.push(performance.now() - delivery.payload.at);
    }
  } finally {
    await stream.return?.();
  }
  return out.sort((x, y) => x - y);
}

/** Events per second, publishing without waiting, until the subscriber holds the last. */
async function throughput(
  publisher: EventBus,
  subscriber: EventBus,
  count: number,
): Promise<number> {
  const stream = subscriber.subscribe(probes, { queueLimit: count + 10 });
  try {
    const started = performance.now();
    const published = Array.from({ length: count }, (_, n) => publisher.publish(probes, probe(n)));
    let received = 0;
    while (received < count) {
      const next = await stream.next();
      if (next.done) break;
      if (next.value.type === 'event') received++;
    }
    await Promise.all(published);
    return (received / (performance.now() - started)) * 1000;
  } finally {
    await stream.return?.();
  }
}

export async function benchRedisBus(quick: boolean): Promise<BenchRow[]> {
  if (!existsSync(redisServerPath)) {
    console.error(`redis-bus: skipped, no redis-server at ${redisServerPath}`);
    return [];
  }
  const latencyCount = quick ? 500 : 5_000;
  const throughputCount = quick ? 5_000 : 50_000;
  const server = await startRedisServer();
  const logger = createLogger({ level: 'silent', format: 'json' });
  // Connected as the server connects (src/core/redis-connection.ts).
  const connections = [
    await connectRedis(server.url, logger),
    await connectRedis(server.url, logger),
  ];
  const [publisherConnection, subscriberConnection] = connections as [
    (typeof connections)[number],
    (typeof connections)[number],
  ];
  const redisPublisher = await createRedisEventBus({ redis: publisherConnection, logger });
  const redisSubscriber = await createRedisEventBus({ redis: subscriberConnection, logger });
  const local = createInProcessEventBus();
  try {
    // Warm both paths (JIT, connections) before measuring.
    await latencies(redisPublisher, redisSubscriber, 100);
    await latencies(local, local, 100);
    const redisLatency = await latencies(redisPublisher, redisSubscriber, latencyCount);
    const localLatency = await latencies(local, local, latencyCount);
    const redisRate = await throughput(redisPublisher, redisSubscriber, throughputCount);
    const localRate = await throughput(local, local, throughputCount);
    const row = (metric: string, unit: string, genpod: number, baseline: number): BenchRow => ({
      benchmark: 'redis-bus',
      metric,
      unit,
      genpod,
      baseline,
      baselineName: 'in-process bus, same events',
    });
    return [
      row(
        'delivery latency p50, Redis',
        'ms',
        percentile(redisLatency, 50),
        percentile(localLatency, 50),
      ),
      row(
        'delivery latency p99, Redis',
        'ms',
        percentile(redisLatency, 99),
        percentile(localLatency, 99),
      ),
      row(`throughput, ${throughputCount} events, Redis`, 'events/s', redisRate, localRate),
    ];
  } finally {
    await redisPublisher.close?.();
    await redisSubscriber.close?.();
    for (const connection of connections) connection.disconnect();
    await server.stop();
  }
}
