// The event bus's traffic shows in /metrics: events per topic, delivery
// latency of live events, and RESYNCs, whichever domain publishes.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { topic } from '../../src/core/event-bus.ts';
import { topicLabel } from '../../src/core/metrics-event-bus.ts';
import { scrape } from '../utils/prometheus.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

describe('event bus metrics', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('counts events published and times their delivery to a live subscriber', async () => {
    const { bus } = t.server.services;
    const probe = topic<{ n: number }>('probe.events.x');
    const subscription = bus.subscribe(probe);
    for (let n = 0; n < 3; n++) bus.publish(probe, { n });
    for (let n = 0; n < 3; n++) await subscription.next();
    await subscription.return?.();
    const metrics = await scrape(t.origin, t.authHeaders);
    expect(metrics.value('genpod_events_published_total', { topic: 'probe.events' })).toBe(3);
    expect(
      metrics.value('genpod_event_delivery_latency_seconds_count', { topic: 'probe.events' }),
    ).toBe(3);
  });

  it('leaves replayed events out of the delivery latency', async () => {
    const { bus } = t.server.services;
    const replayed = topic<{ n: number }>('probe.replay');
    const since = bus.currentSequence();
    const published = await bus.publish(replayed, { n: 1 });
    // Replayed means published before the subscription, on a millisecond clock.
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(published.publishedAt));
    const subscription = bus.subscribe(replayed, { since });
    const first = await subscription.next();
    expect(first.value).toMatchObject({ type: 'event', payload: { n: 1 } });
    await subscription.return?.();
    const metrics = await scrape(t.origin, t.authHeaders);
    expect(metrics.value('genpod_events_published_total', { topic: 'probe.replay' })).toBe(1);
    expect(
      metrics.value('genpod_event_delivery_latency_seconds_count', { topic: 'probe.replay' }),
    ).toBeUndefined();
  });

  it('counts the RESYNC a slow subscriber gets when its queue overflows', async () => {
    const { bus } = t.server.services;
    const flood = topic<{ n: number }>('probe.flood');
    const subscription = bus.subscribe(flood, { queueLimit: 5 });
    for (let n = 0; n < 20; n++) bus.publish(flood, { n });
    const kinds: string[] = [];
    for (;;) {
      const next = await Promise.race([
        subscription.next(),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 200)),
      ]);
      if (!next || next.done) break;
      kinds.push(next.value.type);
    }
    await subscription.return?.();
    expect(kinds).toContain('resync');
    const metrics = await scrape(t.origin, t.authHeaders);
    expect(
      metrics.value('genpod_event_resyncs_total', { topic: 'probe.flood', reason: 'overflow' }),
    ).toBe(kinds.filter((k) => k === 'resync').length);
  });

  it("counts the file watcher's events as they happen", async () => {
    const before =
      (await scrape(t.origin, t.authHeaders)).value('genpod_events_published_total', {
        topic: 'files.changes',
      }) ?? 0;
    await writeFile(join(t.projectRoot, 'watched.txt'), 'hello');
    await expect
      .poll(
        async () =>
          (await scrape(t.origin, t.authHeaders)).value('genpod_events_published_total', {
            topic: 'files.changes',
          }) ?? 0,
        { timeout: 10_000 },
      )
      .toBeGreaterThan(before);
  });

  it('labels per-id topics by their first two parts', () => {
    expect(topicLabel('chat.session.3f2b1c9e')).toBe('chat.session');
    expect(topicLabel('files.changes')).toBe('files.changes');
    expect(topicLabel('prompts')).toBe('prompts');
  });
});
