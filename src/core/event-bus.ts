// The one event bus of the server (docs/architecture.md, "The event bus"). Every event gets a
// sequence number that only grows; a subscriber may resume after the last one
// it saw and gets the events it missed while they are retained, or an explicit
// RESYNC when they are not. Each subscriber has a bounded queue, so a slow one
// never stalls publishers or other subscribers and never grows without bound.
import { createSubscriberQueue, type SubscriberQueue } from './bus-subscriber-queue.ts';

/** A topic name that carries its payload type. */
export type Topic<T> = string & { readonly __payload?: T };

export function topic<T>(name: string): Topic<T> {
  return name as Topic<T>;
}

export interface BusEvent<T> {
  type: 'event';
  /** Decimal string; compare with `compareSequences`. */
  sequence: string;
  topic: string;
  payload: T;
  /** Date.now() at publish, for delivery latency. */
  publishedAt: number;
}

/**
 * Sent instead of events the subscriber can no longer get: it must reload its
 * state, then carry on from `sequence`.
 */
export interface BusResync {
  type: 'resync';
  sequence: string;
  topic: string;
  reason: 'gap' | 'overflow' | 'unknown-sequence';
}

export type Delivery<T> = BusEvent<T> | BusResync;

export interface SubscribeOptions<T> {
  /** Replay what followed this sequence before live events. */
  since?: string | undefined;
  /** Only events for which this returns true are queued (and counted). */
  filter?: ((payload: T) => boolean) | undefined;
  /** Ends the subscription. */
  signal?: AbortSignal | undefined;
  /** Deliveries held for a slow reader before it is cut over to a RESYNC. */
  queueLimit?: number | undefined;
}

export interface EventBus {
  /**
   * Numbers the event and hands it to the subscribers. The in-process bus does
   * this synchronously and returns a settled promise; a shared bus (Redis)
   * settles once the event is stored.
   */
  publish<T>(topic: Topic<T>, payload: T): Promise<BusEvent<T>>;
  subscribe<T>(topic: Topic<T>, options?: SubscribeOptions<T>): AsyncIterableIterator<Delivery<T>>;
  /**
   * Tells every subscriber of the topic to reload (a RESYNC, reason `gap`), and
   * anyone resuming from before now too: events of the topic may be missing
   * here (e.g. the file watcher changed hands). Returns the RESYNC's sequence.
   */
  publishResync<T>(topic: Topic<T>): Promise<string>;
  /** The sequence of the newest event published so far (or the starting point). */
  currentSequence(): string;
  stats(): BusStats;
  /** Stops background work (a shared bus's connections); subscriptions end. @default no-op */
  close?(): Promise<void>;
}

export interface BusStats {
  topics: number;
  subscribers: number;
  retainedEvents: number;
  published: number;
  overflows: number;
}

export interface InProcessBusOptions {
  /** Events kept per topic for resuming. @default 10_000 */
  retainPerTopic?: number;
  /** How long an event stays resumable. @default 300_000 (5 minutes) */
  retainMs?: number;
  /** @default 1_000 */
  defaultQueueLimit?: number;
  /** For tests. @default Date.now */
  now?: () => number;
}

/**
 * Sequences start at (start time in ms × 10⁹), so numbers from an earlier run
 * of the server are always lower than this run's and are recognised as unknown
 * rather than mistaken for recent ones.
 */
export const sequencesPerMillisecond = 1_000_000_000n;

/** The first sequence a bus can number at `ms` (Date.now()): both buses count this way. */
export function sequenceAt(ms: number): bigint {
  return BigInt(ms) * sequencesPerMillisecond;
}

export function compareSequences(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function parseSequence(value: string): bigint | undefined {
  return /^\d{1,40}$/.test(value) ? BigInt(value) : undefined;
}

interface TopicState {
  retained: Array<BusEvent<unknown>>;
  /** Highest sequence evicted from `retained`; resuming below it leaves a gap. */
  evictedThrough: bigint;
  subscribers: Set<SubscriberQueue<unknown>>;
}

export function createInProcessEventBus(options: InProcessBusOptions = {}): EventBus {
  const retainPerTopic = options.retainPerTopic ?? 10_000;
  const retainMs = options.retainMs ?? 300_000;
  const defaultQueueLimit = options.defaultQueueLimit ?? 1_000;
  const now = options.now ?? Date.now;
  const base = sequenceAt(now());
  let last = base;
  let published = 0;
  let overflows = 0;
  const topics = new Map<string, TopicState>();

  const stateOf = (name: string): TopicState => {
    let state = topics.get(name);
    if (!state) {
      state = { retained: [], evictedThrough: base, subscribers: new Set() };
      topics.set(name, state);
    }
    return state;
  };

  const evict = (state: TopicState) => {
    const oldestKept = now() - retainMs;
    let drop = Math.max(0, state.retained.length - retainPerTopic);
    while (drop < state.retained.length && (state.retained[drop]?.publishedAt ?? 0) < oldestKept) {
      drop++;
    }
    if (drop > 0) {
      const evicted = state.retained.splice(0, drop);
      state.evictedThrough = BigInt(evicted[evicted.length - 1]?.sequence ?? state.evictedThrough);
    }
  };

  const forget = (name: string, state: TopicState) => {
    if (state.subscribers.size === 0 && state.retained.length === 0) topics.delete(name);
  };

  return {
    publish<T>(name: Topic<T>, payload: T): Promise<BusEvent<T>> {
      // All the work happens here, synchronously: callers that publish in a
      // row see their events numbered and delivered in that order, awaited or not.
      last += 1n;
      published++;
      const event: BusEvent<T> = {
        type: 'event',
        sequence: last.toString(),
        topic: name,
        payload,
        publishedAt: now(),
      };
      const state = stateOf(name);
      state.retained.push(event as BusEvent<unknown>);
      evict(state);
      for (const subscriber of state.subscribers) subscriber.accept(event as BusEvent<unknown>);
      return Promise.resolve(event);
    },

    publishResync<T>(name: Topic<T>): Promise<string> {
      last += 1n;
      const sequence = last.toString();
      const state = stateOf(name);
      // Resuming from before this point now reads as a gap: nothing retained is trusted.
      state.retained.length = 0;
      state.evictedThrough = last;
      for (const subscriber of state.subscribers) subscriber.resync('gap', sequence);
      forget(name, state);
      return Promise.resolve(sequence);
    },

    subscribe<T>(name: Topic<T>, subscribeOptions: SubscribeOptions<T> = {}) {
      const state = stateOf(name);
      const subscriber = createSubscriberQueue<T>({
        ...subscribeOptions,
        topic: name,
        queueLimit: subscribeOptions.queueLimit ?? defaultQueueLimit,
        onOverflow: () => overflows++,
        onFinish: () => {
          state.subscribers.delete(subscriber as SubscriberQueue<unknown>);
          forget(name, state);
        },
      });
      if (subscriber.done) return subscriber.iterator;

      // Replay first, then go live: both happen synchronously here, so no
      // event published in between can be missed or seen twice.
      if (subscribeOptions.since !== undefined) {
        const since = parseSequence(subscribeOptions.since);
        if (since === undefined || since < base || since > last) {
          subscriber.resync('unknown-sequence', last.toString());
        } else {
          evict(state);
          if (since < state.evictedThrough) subscriber.resync('gap', last.toString());
          else {
            for (const event of state.retained) {
              if (BigInt(event.sequence) > since) subscriber.replay(event as BusEvent<T>);
            }
          }
        }
      }
      state.subscribers.add(subscriber as SubscriberQueue<unknown>);
      return subscriber.iterator;
    },

    currentSequence: () => last.toString(),

    stats(): BusStats {
      let subscribers = 0;
      let retainedEvents = 0;
      for (const state of topics.values()) {
        subscribers += state.subscribers.size;
        retainedEvents += state.retained.length;
      }
      return { topics: topics.size, subscribers, retainedEvents, published, overflows };
    },
  };
}
