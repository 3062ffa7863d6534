// The event bus shared by several server instances through one Redis stream.
// Every event of every topic is one entry of the stream, so the stream id is
// the single, global order the in-process bus gives within one process; the
// id `<ms>-<n>` becomes the sequence `ms × 10⁹ + n`, which is exactly the
// in-process scheme (start time in ms × 10⁹, then +1 per event), so sequences
// stay decimal strings that `compareSequences` orders across instances.
//
// Each instance keeps one extra connection blocked in XREAD on the stream and
// fans what it reads out to its own subscribers' bounded queues (the same
// queues as the in-process bus). Resuming with `since` reads the stream from
// that id with XRANGE; an id older than what the stream still retains (MAXLEN
// trimming) or newer than anything it ever held gets a RESYNC.
import type { Redis } from 'ioredis';
import { decodeBusPayload, encodeBusPayload } from './bus-payload-json.ts';
import { createSubscriberQueue, type SubscriberQueue } from './bus-subscriber-queue.ts';
import {
  parseSequence,
  sequenceAt,
  sequencesPerMillisecond,
  type BusEvent,
  type BusStats,
  type EventBus,
  type SubscribeOptions,
  type Topic,
} from './event-bus.ts';
import type { Logger } from './logger.ts';

export interface RedisBusOptions {
  /** Commands (XADD, XRANGE, XINFO); shared with other users of Redis in this instance. */
  redis: Redis;
  logger: Logger;
  /** @default 'genpod:events' */
  streamKey?: string;
  /** Entries the stream keeps (trimmed approximately, `MAXLEN ~`). @default 100_000 */
  retain?: number;
  /** @default 1_000 */
  defaultQueueLimit?: number;
  /** How long one XREAD waits before it is issued again. @default 2_000 */
  blockMs?: number;
}

export function streamIdToSequence(id: string): bigint {
  const [ms = '0', n = '0'] = id.split('-');
  return sequenceAt(Number(ms)) + BigInt(n);
}

export function sequenceToStreamId(sequence: bigint): string {
  return `${sequence / sequencesPerMillisecond}-${sequence % sequencesPerMillisecond}`;
}

/** One stream entry: an event, or a RESYNC announced with `publishResync` (no payload). */
interface StreamItem {
  sequence: bigint;
  topic: string;
  event: BusEvent<unknown> | undefined;
}

interface LocalSubscriber {
  queue: SubscriberQueue<unknown>;
  /** Entries up to this sequence are not for it: published before it subscribed, or replayed. */
  after: bigint;
  /** Live entries held while its replay runs; undefined once it is live. */
  held: StreamItem[] | undefined;
}

function deliver(queue: SubscriberQueue<unknown>, item: StreamItem, live: boolean): void {
  if (!item.event) queue.resync('gap', item.sequence.toString());
  else if (live) queue.accept(item.event);
  else queue.replay(item.event);
}

type StreamEntry = [id: string, fields: string[]];

interface StreamInfo {
  lastGenerated: bigint;
  /**
   * Resuming below this may skip events: the oldest entry still kept, once
   * trimming removed any (undefined while nothing was trimmed). Redis does not
   * say which ids trimming removed, only how many, so a resume from exactly
   * the last trimmed entry gets a RESYNC it could have done without: never a gap.
   */
  keptFrom: bigint | undefined;
}

export async function createRedisEventBus(options: RedisBusOptions): Promise<EventBus> {
  const { redis, logger } = options;
  const key = options.streamKey ?? 'genpod:events';
  const retain = options.retain ?? 100_000;
  const defaultQueueLimit = options.defaultQueueLimit ?? 1_000;
  const blockMs = options.blockMs ?? 2_000;
  // XREAD BLOCK holds its connection: it gets one of its own.
  const reader = redis.duplicate();

  const streamInfo = async (): Promise<StreamInfo> => {
    const reply = (await redis.call('XINFO', 'STREAM', key).catch((error: Error) => {
      if (/no such key/i.test(error.message)) return [];
      throw error;
    })) as unknown[];
    const field = (name: string): unknown => {
      const at = reply.indexOf(name);
      return at >= 0 ? reply[at + 1] : undefined;
    };
    // Entries never leave the stream other than by trimming (the bus never XDELs).
    const trimmed = Number(field('entries-added') ?? 0) - Number(field('length') ?? 0);
    const firstEntry = field('first-entry') as StreamEntry | null | undefined;
    return {
      lastGenerated: streamIdToSequence(String(field('last-generated-id') ?? '0-0')),
      keptFrom:
        trimmed > 0
          ? firstEntry
            ? streamIdToSequence(firstEntry[0])
            : streamIdToSequence(String(field('last-generated-id'))) + 1n
          : undefined,
    };
  };

  let cursor = sequenceToStreamId((await streamInfo()).lastGenerated);
  /** The newest sequence this instance knows of: published here or read from the stream. */
  let last = streamIdToSequence(cursor);
  let published = 0;
  let overflows = 0;
  let closed = false;
  const topics = new Map<string, Set<LocalSubscriber>>();

  const toItem = ([id, fields]: StreamEntry): StreamItem | undefined => {
    let topicName: string | undefined;
    let payload: string | undefined;
    let publishedAt = 0;
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const value = fields[i + 1] as string;
      if (fields[i] === 't') topicName = value;
      else if (fields[i] === 'p') payload = value;
      else if (fields[i] === 'at') publishedAt = Number(value);
    }
    if (topicName === undefined) return undefined;
    const sequence = streamIdToSequence(id);
    const event: BusEvent<unknown> | undefined =
      payload === undefined
        ? undefined
        : {
            type: 'event',
            sequence: sequence.toString(),
            topic: topicName,
            payload: decodeBusPayload(payload),
            publishedAt,
          };
    return { sequence, topic: topicName, event };
  };

  const dispatch = (item: StreamItem) => {
    if (item.sequence > last) last = item.sequence;
    const subscribers = topics.get(item.topic);
    if (!subscribers) return;
    for (const subscriber of subscribers) {
      if (item.sequence <= subscriber.after) continue;
      if (subscriber.held) subscriber.held.push(item);
      else deliver(subscriber.queue, item, true);
    }
  };

  const readLoop = async () => {
    while (!closed) {
      try {
        const reply = (await reader.xread(
          'COUNT',
          1_000,
          'BLOCK',
          blockMs,
          'STREAMS',
          key,
          cursor,
        )) as Array<[string, StreamEntry[]]> | null;
        for (const [, entries] of reply ?? []) {
          for (const entry of entries) {
            cursor = entry[0];
            const item = toItem(entry);
            if (item) dispatch(item);
          }
        }
      } catch (error) {
        if (closed) return;
        // The connection dropped: ioredis reconnects; the cursor makes the next read pick up
        // exactly where this one stopped, so nothing still in the stream is lost.
        logger.warn({ err: error }, 'reading the Redis event stream failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };
  const reading = readLoop();

  /** Replays what followed `since` to a subscriber, then lets its held live events through. */
  const replay = async (subscriber: LocalSubscriber, topicName: string, sinceText: string) => {
    const { queue } = subscriber;
    const since = parseSequence(sinceText);
    const info = await streamInfo();
    let through = subscriber.after;
    if (since === undefined || since > info.lastGenerated) {
      queue.resync('unknown-sequence', info.lastGenerated.toString());
    } else if (info.keptFrom !== undefined && since < info.keptFrom) {
      queue.resync('gap', info.lastGenerated.toString());
    } else {
      let start = `(${sequenceToStreamId(since)}`;
      for (;;) {
        const entries = (await redis.xrange(key, start, '+', 'COUNT', 1_000)) as StreamEntry[];
        for (const entry of entries) {
          const sequence = streamIdToSequence(entry[0]);
          if (sequence > through) through = sequence;
          const item = toItem(entry);
          if (item?.topic === topicName) deliver(queue, item, false);
        }
        const lastEntry = entries[entries.length - 1];
        if (!lastEntry || entries.length < 1_000) break;
        start = `(${lastEntry[0]}`;
      }
    }
    const held = subscriber.held ?? [];
    subscriber.held = undefined;
    subscriber.after = through;
    for (const item of held) if (item.sequence > through) deliver(queue, item, true);
  };

  let retainedEvents = 0;
  const lengthTimer = setInterval(() => {
    redis.xlen(key).then(
      (length) => (retainedEvents = length),
      () => {},
    );
  }, 5_000);
  lengthTimer.unref();

  /** Adds one entry to the stream; its id, as a sequence, is the new newest. */
  const append = async (name: string, fields: string[], at: number): Promise<bigint> => {
    const id = await redis.xadd(
      key,
      'MAXLEN',
      '~',
      retain,
      '*',
      't',
      name,
      ...fields,
      'at',
      String(at),
    );
    if (id === null) throw new Error('Redis refused the event');
    const sequence = streamIdToSequence(id);
    if (sequence > last) last = sequence;
    return sequence;
  };

  return {
    async publish<T>(name: Topic<T>, payload: T): Promise<BusEvent<T>> {
      const publishedAt = Date.now();
      const sequence = await append(name, ['p', encodeBusPayload(payload)], publishedAt);
      published++;
      return { type: 'event', sequence: sequence.toString(), topic: name, payload, publishedAt };
    },

    async publishResync<T>(name: Topic<T>): Promise<string> {
      // A stream entry without a payload reads as a RESYNC.
      return (await append(name, [], Date.now())).toString();
    },

    subscribe<T>(name: Topic<T>, subscribeOptions: SubscribeOptions<T> = {}) {
      let subscribers = topics.get(name);
      if (!subscribers) {
        subscribers = new Set();
        topics.set(name, subscribers);
      }
      const local = subscribers;
      // Filled in once the queue exists; the queue may finish before that (an aborted signal).
      const registered: { subscriber?: LocalSubscriber } = {};
      const queue = createSubscriberQueue<T>({
        ...subscribeOptions,
        topic: name,
        queueLimit: subscribeOptions.queueLimit ?? defaultQueueLimit,
        onOverflow: () => overflows++,
        onFinish: () => {
          if (registered.subscriber) local.delete(registered.subscriber);
          if (local.size === 0 && topics.get(name) === local) topics.delete(name);
        },
      });
      if (queue.done || closed) {
        queue.finish();
        return queue.iterator;
      }
      const subscriber: LocalSubscriber = {
        queue: queue as SubscriberQueue<unknown>,
        after: last,
        held: subscribeOptions.since === undefined ? undefined : [],
      };
      registered.subscriber = subscriber;
      local.add(subscriber);
      if (subscribeOptions.since !== undefined) {
        const replaying = subscriber;
        replay(replaying, name, subscribeOptions.since).catch((error: unknown) => {
          // Without its replay the subscriber cannot know what it missed: it must reload.
          logger.warn({ err: error }, 'replaying events from Redis failed');
          const held = replaying.held ?? [];
          replaying.held = undefined;
          queue.resync('gap', last.toString());
          for (const item of held) deliver(replaying.queue, item, true);
        });
      }
      return queue.iterator;
    },

    currentSequence: () => last.toString(),

    stats(): BusStats {
      let subscribers = 0;
      for (const set of topics.values()) subscribers += set.size;
      return { topics: topics.size, subscribers, retainedEvents, published, overflows };
    },

    async close() {
      if (closed) return;
      closed = true;
      clearInterval(lengthTimer);
      for (const set of topics.values()) for (const subscriber of set) subscriber.queue.finish();
      reader.disconnect();
      await reading;
    },
  };
}
