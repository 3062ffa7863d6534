// logTail: the last N matching lines, then every new one, over real SSE
// clients; resuming with `since` or Last-Event-ID; a slow reader loses lines
// with a notice instead of holding up logging.
import { createClient, type Client } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readEventStream, take, postEventStream } from '../utils/sse.ts';
import { scrape } from '../utils/prometheus.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { logTailsAbove, openLogTails } from '../utils/wait-for.ts';

interface TailEvent {
  sequence: string | null;
  kind: 'ENTRY' | 'DROPPED';
  line: { message: string; level: string; cursor: string } | null;
  dropped: number;
}

const tailQuery = `subscription Tail($filter: LogFilter, $tail: Int!, $since: String) {
  logTail(filter: $filter, tail: $tail, since: $since) {
    sequence kind dropped line { message level cursor }
  }
}`;

/** Reads events from a graphql-sse subscription into a queue the test can await. */
function follow(client: Client, variables: Record<string, unknown>) {
  const events: TailEvent[] = [];
  const errors: unknown[] = [];
  let notify = () => {};
  const dispose = client.subscribe<{ logTail: TailEvent }>(
    { query: tailQuery, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(result.errors);
        if (result.data) events.push(result.data.logTail);
        notify();
      },
      error: (error) => {
        errors.push(error);
        notify();
      },
      complete: () => {},
    },
  );
  return {
    events,
    errors,
    dispose,
    async until(count: number): Promise<TailEvent[]> {
      const deadline = Date.now() + 10_000;
      while (events.length < count && errors.length === 0) {
        if (Date.now() > deadline) throw new Error(`only ${events.length} of ${count} events`);
        await new Promise<void>((resolve) => {
          notify = resolve;
          setTimeout(resolve, 50);
        });
      }
      if (errors.length > 0) throw new Error(JSON.stringify(errors));
      return events.slice(0, count);
    },
  };
}

describe('logTail over SSE', () => {
  let t: TestServer;
  let client: Client;
  beforeAll(async () => {
    t = await startTestServer();
    client = createClient({
      url: `${t.origin}/graphql/stream`,
      headers: t.authHeaders,
      retryAttempts: 0,
    });
  });
  afterAll(async () => {
    client.dispose();
    await t.stop();
  });

  it('sends the last N matching lines, then follows new ones as kubectl logs -f does', async () => {
    const logger = t.server.services.logger.child({ component: 'tail-a' });
    for (let i = 0; i < 10; i++) logger.info(`old ${i}`);
    const tail = follow(client, { filter: { component: 'tail-a' }, tail: 3 });
    const history = await tail.until(3);
    expect(history.map((e) => e.line?.message)).toEqual(['old 7', 'old 8', 'old 9']);
    logger.info('new 1');
    t.server.services.logger.info('another component: not matched');
    logger.warn('new 2');
    const all = await tail.until(5);
    expect(all.slice(3).map((e) => e.line?.message)).toEqual(['new 1', 'new 2']);
    expect(all.every((e) => e.kind === 'ENTRY')).toBe(true);
    tail.dispose();
  });

  it('applies the filter to live lines too (level and regex)', async () => {
    const logger = t.server.services.logger.child({ component: 'tail-b' });
    const { metrics } = t.server.services;
    // The previous test's tail closes in the background; counting starts after it.
    await vi.waitFor(async () => expect(await openLogTails(metrics)).toBe(0));
    const tail = follow(client, {
      filter: { component: 'tail-b', minLevel: 'WARN', regex: 'disk \\d+' },
      tail: 0,
    });
    // The subscription follows new lines before anything is logged.
    await logTailsAbove(metrics, 0);
    logger.info('disk 1 info is below the level');
    logger.warn('no number here');
    logger.error('disk 2 failed');
    const [event] = await tail.until(1);
    expect(event?.line).toMatchObject({ message: 'disk 2 failed', level: 'ERROR' });
    tail.dispose();
  });

  it('resumes after a cursor with since: every later line once, none skipped', async () => {
    const logger = t.server.services.logger.child({ component: 'tail-c' });
    for (let i = 0; i < 5; i++) logger.info(`line ${i}`);
    const first = follow(client, { filter: { component: 'tail-c' }, tail: 2 });
    const seen = await first.until(2);
    first.dispose();
    const resumeFrom = seen[0]?.sequence;
    logger.info('line 5');
    const resumed = follow(client, {
      filter: { component: 'tail-c' },
      tail: 100,
      since: resumeFrom,
    });
    const replayed = await resumed.until(2);
    expect(replayed.map((e) => e.line?.message)).toEqual(['line 4', 'line 5']);
    logger.info('line 6');
    const events = await resumed.until(3);
    expect(events.map((e) => e.line?.message)).toEqual(['line 4', 'line 5', 'line 6']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(resumed.events).toHaveLength(3);
    resumed.dispose();
  });

  it("resumes from the browser's Last-Event-ID over Yoga's SSE", async () => {
    const logger = t.server.services.logger.child({ component: 'tail-d' });
    for (let i = 0; i < 4; i++) logger.info(`step ${i}`);
    const open = (headers: Record<string, string>) =>
      postEventStream(
        t.graphqlUrl,
        {
          query: tailQuery,
          variables: { filter: { component: 'tail-d' }, tail: 2 },
        },
        { headers: { ...t.authHeaders, ...headers } },
      );
    const events = readEventStream(await open({}));
    const received: Array<{ id?: string; message?: string }> = [];
    for await (const event of events) {
      const data = JSON.parse(event.data) as { data: { logTail: TailEvent } };
      received.push({ id: event.id, message: data.data.logTail.line?.message });
      if (received.length === 2) break;
    }
    expect(received.map((r) => r.message)).toEqual(['step 2', 'step 3']);
    expect(received[0]?.id).toMatch(/^\d+$/);

    logger.info('step 4');
    const again = readEventStream(await open({ 'last-event-id': received[0]?.id ?? '' }));
    const replayed: string[] = [];
    for await (const event of again) {
      replayed.push(
        (JSON.parse(event.data) as { data: { logTail: TailEvent } }).data.logTail.line?.message ??
          '',
      );
      if (replayed.length === 2) break;
    }
    expect(replayed).toEqual(['step 3', 'step 4']);
  });

  it('rejects a bad regular expression or tail count before streaming', async () => {
    const response = await postEventStream(
      t.graphqlUrl,
      { query: tailQuery, variables: { filter: { regex: '(' }, tail: 1 } },
      { headers: t.authHeaders },
    );
    const [event] = await take(readEventStream(response), 1);
    const body = JSON.parse(event?.data ?? '{}') as {
      errors?: Array<{ extensions: { code: string } }>;
    };
    expect(body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('a tail reader that falls behind', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('never holds up logging: it loses lines past its queue and is told how many', async () => {
    const { logs, logger, metrics } = t.server.services;
    const open = await openLogTails(metrics);
    const tail = logs.tail({ text: 'flood' }, { tail: 0 })[Symbol.asyncIterator]();
    // The reader asks for one event, then stops reading while 5000 lines are logged.
    const firstRead = tail.next();
    await logTailsAbove(metrics, open);
    // Logging is synchronous here: had it waited on the reader, this loop would never end.
    for (let i = 0; i < 5000; i++) logger.info(`flood ${i}`);

    const first = await firstRead;
    expect(first.value).toMatchObject({ kind: 'entry' });
    const kinds: string[] = [];
    let dropped = 0;
    let entries = 1;
    for (;;) {
      const next = await Promise.race([
        tail.next(),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 500)),
      ]);
      if (!next || next.done) break;
      kinds.push(next.value.kind);
      if (next.value.kind === 'dropped') dropped += next.value.dropped;
      else entries += 1;
    }
    await tail.return?.();
    // The queue holds 1000 lines; the rest were dropped, and the count adds up.
    expect(entries + dropped).toBe(5000);
    expect(dropped).toBeGreaterThan(0);
    expect(kinds.filter((k) => k === 'dropped')).toHaveLength(1);
    expect((await scrape(t.origin, t.authHeaders)).value('genpod_log_tail_dropped_total')).toBe(
      dropped,
    );
    // The lines the reader lost are in the files.
    const stored = await logs.query({ text: 'flood' }, { first: 1000, order: 'newest-first' });
    expect(stored.entries[0]?.message).toBe('flood 4999');
  });

  it('stops following when the reader goes away, even while no line matches', async () => {
    const { logs } = t.server.services;
    const quiet = logs.tail({ text: 'nothing will match this' }, { tail: 0 });
    const tail = quiet[Symbol.asyncIterator]();
    const pending = tail.next();
    await vi.waitFor(async () =>
      expect((await scrape(t.origin, t.authHeaders)).value('genpod_log_tails_open')).toBe(1),
    );
    await tail.return?.();
    expect(await pending).toMatchObject({ done: true });
    expect((await scrape(t.origin, t.authHeaders)).value('genpod_log_tails_open')).toBe(0);
  });
});
