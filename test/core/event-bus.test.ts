import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  compareSequences,
  createInProcessEventBus,
  topic,
  type Delivery,
} from '../../src/core/event-bus.ts';

const numbers = topic<{ n: number }>('numbers');
const other = topic<{ n: number }>('other');

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

describe('in-process event bus', () => {
  it('numbers events with ever-growing sequences across topics', async () => {
    const bus = createInProcessEventBus();
    const a = await bus.publish(numbers, { n: 1 });
    const b = await bus.publish(other, { n: 2 });
    const c = await bus.publish(numbers, { n: 3 });
    expect(compareSequences(a.sequence, b.sequence)).toBe(-1);
    expect(compareSequences(b.sequence, c.sequence)).toBe(-1);
    expect(bus.currentSequence()).toBe(c.sequence);
  });

  it('delivers live events of its topic only, in order', async () => {
    const bus = createInProcessEventBus();
    const sub = bus.subscribe(numbers);
    bus.publish(numbers, { n: 1 });
    bus.publish(other, { n: 99 });
    bus.publish(numbers, { n: 2 });
    expect(payloads(await read(sub, 2))).toEqual([1, 2]);
    await sub.return?.();
  });

  it('replays exactly what followed `since`, then goes live', async () => {
    const bus = createInProcessEventBus();
    bus.publish(numbers, { n: 1 });
    const seen = await bus.publish(numbers, { n: 2 });
    bus.publish(numbers, { n: 3 });
    bus.publish(numbers, { n: 4 });
    const sub = bus.subscribe(numbers, { since: seen.sequence });
    bus.publish(numbers, { n: 5 });
    expect(payloads(await read(sub, 3))).toEqual([3, 4, 5]);
    await sub.return?.();
  });

  it('sends RESYNC when the events after `since` fell out of retention', async () => {
    const bus = createInProcessEventBus({ retainPerTopic: 2 });
    const first = await bus.publish(numbers, { n: 1 });
    bus.publish(numbers, { n: 2 });
    bus.publish(numbers, { n: 3 });
    bus.publish(numbers, { n: 4 });
    const sub = bus.subscribe(numbers, { since: first.sequence });
    bus.publish(numbers, { n: 5 });
    expect(payloads(await read(sub, 2))).toEqual(['resync:gap', 5]);
    await sub.return?.();
  });

  it('sends RESYNC for a retention window passed by time', async () => {
    let clock = 1_000_000;
    const bus = createInProcessEventBus({ retainMs: 1_000, now: () => clock });
    const first = await bus.publish(numbers, { n: 1 });
    bus.publish(numbers, { n: 2 });
    clock += 5_000;
    const sub = bus.subscribe(numbers, { since: first.sequence });
    expect(payloads(await read(sub, 1))).toEqual(['resync:gap']);
    await sub.return?.();
  });

  it('sends RESYNC for a sequence from another run, from the future or malformed', async () => {
    const bus = createInProcessEventBus();
    bus.publish(numbers, { n: 1 });
    for (const since of ['5', '99999999999999999999999999', 'abc', '-1']) {
      const sub = bus.subscribe(numbers, { since });
      expect(payloads(await read(sub, 1))).toEqual(['resync:unknown-sequence']);
      await sub.return?.();
    }
  });

  it('filters before queueing, on replay and live', async () => {
    const bus = createInProcessEventBus();
    const start = await bus.publish(numbers, { n: 0 });
    bus.publish(numbers, { n: 1 });
    bus.publish(numbers, { n: 2 });
    const sub = bus.subscribe(numbers, { since: start.sequence, filter: (p) => p.n % 2 === 0 });
    bus.publish(numbers, { n: 3 });
    bus.publish(numbers, { n: 4 });
    expect(payloads(await read(sub, 2))).toEqual([2, 4]);
    await sub.return?.();
  });

  it('cuts a slow reader over to RESYNC at its queue limit without touching others', async () => {
    const bus = createInProcessEventBus();
    const slow = bus.subscribe(numbers, { queueLimit: 3 });
    const fast = bus.subscribe(numbers, { queueLimit: 100 });
    let overflowSequence = '';
    for (let n = 1; n <= 5; n++) {
      const event = await bus.publish(numbers, { n });
      if (n === 4) overflowSequence = event.sequence;
    }
    const slowReads = await read(slow, 2);
    expect(payloads(slowReads)).toEqual(['resync:overflow', 5]);
    expect(slowReads[0]?.sequence).toBe(overflowSequence);
    expect(payloads(await read(fast, 5))).toEqual([1, 2, 3, 4, 5]);
    expect(bus.stats().overflows).toBe(1);
    await slow.return?.();
    await fast.return?.();
  });

  it('ends a subscription on abort, waking a pending read', async () => {
    const bus = createInProcessEventBus();
    const controller = new AbortController();
    const sub = bus.subscribe(numbers, { signal: controller.signal });
    const pending = sub.next();
    controller.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it('leaves no subscriber or listener behind after 1,000 subscribe/unsubscribe cycles', async () => {
    const bus = createInProcessEventBus({ retainPerTopic: 1 });
    const shutdown = new AbortController();
    for (let i = 0; i < 1_000; i++) {
      const sub = bus.subscribe(topic<{ n: number }>(`t${i % 10}`), { signal: shutdown.signal });
      bus.publish(topic<{ n: number }>(`t${i % 10}`), { n: i });
      await sub.next();
      await sub.return?.();
    }
    expect(bus.stats().subscribers).toBe(0);
    // Removing the abort listener on return is what keeps a shared signal clean.
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
  });
});
