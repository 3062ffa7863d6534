import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compareSequences,
  createInProcessEventBus,
  topic,
  type Delivery,
  type EventBus,
} from '../../src/core/event-bus.ts';
import { createLogger } from '../../src/core/logger.ts';
import {
  createRedisEventBus,
  sequenceToStreamId,
  streamIdToSequence,
} from '../../src/core/redis-event-bus.ts';
import { redisTestsEnabled, startRedisServer, type RedisServer } from '../utils/redis-server.ts';

const numbers = topic<{ n: number }>('numbers');
const other = topic<{ n: number }>('other');
const logger = createLogger({ level: 'silent', format: 'json' });

async function read<T>(
  iterator: AsyncIterator<Delivery<T>>,
  count: number,
): Promise<Delivery<T>[]> {
  const out: Delivery<T>[] = [];
  while (out.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

const payloads = (deliveries: Delivery<{ n: number }>[]) =>
  deliveries.map((d) => (d.type === 'event' ? d.payload.n : `resync:${d.reason}`));

describe('stream ids as sequences', () => {
  it('maps <ms>-<n> to ms×10⁹+n, the in-process scheme, and back', () => {
    expect(streamIdToSequence('1764000000000-0').toString()).toBe('1764000000000000000000');
    expect(streamIdToSequence('1764000000000-7').toString()).toBe('1764000000000000000007');
    expect(sequenceToStreamId(1764000000000000000007n)).toBe('1764000000000-7');
    // The in-process bus numbers from start time × 10⁹ as well: same magnitude, same order.
    const inProcess = BigInt(createInProcessEventBus().currentSequence());
    expect(inProcess / 1_000_000_000n).toBeGreaterThan(1_700_000_000_000n);
  });
});

describe.runIf(redisTestsEnabled)('Redis event bus', () => {
  let server: RedisServer;
  const connections: Redis[] = [];
  const buses: EventBus[] = [];
  let keyCount = 0;

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const bus of buses) await bus.close?.();
    for (const redis of connections) redis.disconnect();
    await server?.stop();
  });

  /** Instances sharing one stream: each has its own connection, as separate servers would. */
  async function cluster(size: number, options: { retain?: number } = {}): Promise<EventBus[]> {
    const streamKey = `test:events:${keyCount++}`;
    const made: EventBus[] = [];
    for (let i = 0; i < size; i++) {
      const redis = new Redis(server.url);
      connections.push(redis);
      const bus = await createRedisEventBus({ redis, logger, streamKey, blockMs: 200, ...options });
      buses.push(bus);
      made.push(bus);
    }
    return made;
  }

  it('numbers events with ever-growing sequences across topics and instances', async () => {
    const [a, b] = (await cluster(2)) as [EventBus, EventBus];
    const first = await a.publish(numbers, { n: 1 });
    const second = await b.publish(other, { n: 2 });
    const third = await a.publish(numbers, { n: 3 });
    expect(compareSequences(first.sequence, second.sequence)).toBe(-1);
    expect(compareSequences(second.sequence, third.sequence)).toBe(-1);
    expect(a.currentSequence()).toBe(third.sequence);
  });

  it('delivers an event published on one instance to a subscriber on another, in order', async () => {
    const [a, b] = (await cluster(2)) as [EventBus, EventBus];
    const sub = b.subscribe(numbers);
    await a.publish(numbers, { n: 1 });
    await a.publish(other, { n: 99 });
    await b.publish(numbers, { n: 2 });
    await a.publish(numbers, { n: 3 });
    expect(payloads(await read(sub, 3))).toEqual([1, 2, 3]);
    await sub.return?.();
  });

  it('does not deliver events published before the subscription', async () => {
    const [a] = (await cluster(1)) as [EventBus];
    await a.publish(numbers, { n: 1 });
    const sub = a.subscribe(numbers);
    await a.publish(numbers, { n: 2 });
    expect(payloads(await read(sub, 1))).toEqual([2]);
    await sub.return?.();
  });

  it('replays what followed a sequence seen on another instance, then goes live', async () => {
    const [a, b] = (await cluster(2)) as [EventBus, EventBus];
    await a.publish(numbers, { n: 1 });
    const seen = await a.publish(numbers, { n: 2 });
    await a.publish(other, { n: 99 });
    await a.publish(numbers, { n: 3 });
    await a.publish(numbers, { n: 4 });
    const sub = b.subscribe(numbers, { since: seen.sequence });
    await a.publish(numbers, { n: 5 });
    expect(payloads(await read(sub, 3))).toEqual([3, 4, 5]);
    await sub.return?.();
  });

  it('neither loses nor repeats events published while a replay runs', async () => {
    const [a, b] = (await cluster(2)) as [EventBus, EventBus];
    const start = await a.publish(numbers, { n: 0 });
    for (let n = 1; n <= 50; n++) await a.publish(numbers, { n });
    const sub = b.subscribe(numbers, { since: start.sequence });
    const more = Array.from({ length: 50 }, (_, i) => a.publish(numbers, { n: 51 + i }));
    await Promise.all(more);
    expect(payloads(await read(sub, 100))).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    await sub.return?.();
  });

  it('sends RESYNC when the events after `since` were trimmed from the stream', async () => {
    const [a] = (await cluster(1, { retain: 100 })) as [EventBus];
    const first = await a.publish(numbers, { n: 1 });
    for (let n = 2; n <= 400; n++) await a.publish(numbers, { n });
    const sub = a.subscribe(numbers, { since: first.sequence });
    await a.publish(numbers, { n: 401 });
    expect(payloads(await read(sub, 2))).toEqual(['resync:gap', 401]);
    await sub.return?.();
  });

  it('sends RESYNC for a sequence from the future or malformed', async () => {
    const [a] = (await cluster(1)) as [EventBus];
    await a.publish(numbers, { n: 1 });
    for (const since of ['99999999999999999999999999', 'abc', '-1']) {
      const sub = a.subscribe(numbers, { since });
      expect(payloads(await read(sub, 1))).toEqual(['resync:unknown-sequence']);
      await sub.return?.();
    }
  });

  it('filters before queueing, on replay and live', async () => {
    const [a, b] = (await cluster(2)) as [EventBus, EventBus];
    const start = await a.publish(numbers, { n: 0 });
    await a.publish(numbers, { n: 1 });
    await a.publish(numbers, { n: 2 });
    const sub = b.subscribe(numbers, { since: start.sequence, filter: (p) => p.n % 2 === 0 });
    await a.publish(numbers, { n: 3 });
    await a.publish(numbers, { n: 4 });
    expect(payloads(await read(sub, 2))).toEqual([2, 4]);
    await sub.return?.();
  });

  it('cuts a slow reader over to RESYNC at its queue limit without touching others', async () => {
    const [a, b] = (await cluster(2)) as [EventBus, EventBus];
    const slow = b.subscribe(numbers, { queueLimit: 3 });
    const fast = b.subscribe(numbers, { queueLimit: 100 });
    const sequences: string[] = [];
    for (let n = 1; n <= 5; n++) sequences.push((await a.publish(numbers, { n })).sequence);
    expect(payloads(await read(fast, 5))).toEqual([1, 2, 3, 4, 5]);
    const slowReads = await read(slow, 2);
    expect(payloads(slowReads)).toEqual(['resync:overflow', 5]);
    expect(slowReads[0]?.sequence).toBe(sequences[3]);
    expect(b.stats().overflows).toBe(1);
    await slow.return?.();
    await fast.return?.();
  });

  it('keeps Dates as Dates across instances', async () => {
    const [a, b] = (await cluster(2)) as [EventBus, EventBus];
    const dated = topic<{ at: Date; nested: { when: Date[] }; text: string }>('dated');
    const sub = b.subscribe(dated);
    const at = new Date('2026-01-02T03:04:05.678Z');
    await a.publish(dated, { at, nested: { when: [at] }, text: 'hello' });
    const [delivery] = await read(sub, 1);
    expect(delivery?.type === 'event' && delivery.payload).toEqual({
      at,
      nested: { when: [at] },
      text: 'hello',
    });
    expect(delivery?.type === 'event' && delivery.payload.at).toBeInstanceOf(Date);
    await sub.return?.();
  });

  it('tells live and resuming subscribers to reload after publishResync', async () => {
    const [a, b] = (await cluster(2)) as [EventBus, EventBus];
    const before = await a.publish(numbers, { n: 1 });
    // On the publishing instance "before the subscription" is exact; another
    // instance may still be reading `before` when it subscribes.
    const live = a.subscribe(numbers);
    const resyncAt = await a.publishResync(numbers);
    await a.publish(numbers, { n: 2 });
    const liveReads = await read(live, 2);
    expect(payloads(liveReads)).toEqual(['resync:gap', 2]);
    expect(liveReads[0]?.sequence).toBe(resyncAt);
    const resuming = b.subscribe(numbers, { since: before.sequence });
    expect(payloads(await read(resuming, 2))).toEqual(['resync:gap', 2]);
    await live.return?.();
    await resuming.return?.();
  });

  it('ends subscriptions and leaves no subscriber behind', async () => {
    const [a] = (await cluster(1)) as [EventBus];
    const controller = new AbortController();
    const sub = a.subscribe(numbers, { signal: controller.signal });
    expect(a.stats().subscribers).toBe(1);
    const pending = sub.next();
    controller.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(a.stats().subscribers).toBe(0);
  });
});
