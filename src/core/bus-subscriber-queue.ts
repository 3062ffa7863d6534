// One subscriber's side of an event bus: its bounded queue, its filter, the
// RESYNC that replaces what it could not keep, and the async iterator it reads.
// Every bus (in-process, Redis) fans out into these, so a slow reader is cut
// over the same way whichever bus feeds it.
import type { BusEvent, BusResync, Delivery, SubscribeOptions } from './event-bus.ts';

export interface SubscriberQueue<T> {
  /** A live event: filtered, then queued, or a RESYNC replaces the queue when it is full. */
  accept(event: BusEvent<T>): void;
  /** A replayed event: filtered, then queued without the limit (replay is bounded by retention). */
  replay(event: BusEvent<T>): void;
  /** Tells the reader to reload; queued behind what it already has. */
  resync(reason: BusResync['reason'], sequence: string): void;
  /** Ends the subscription: the reader's pending and later reads end. Idempotent. */
  finish(): void;
  readonly done: boolean;
  readonly iterator: AsyncIterableIterator<Delivery<T>>;
}

export interface SubscriberQueueOptions<T> extends SubscribeOptions<T> {
  topic: string;
  queueLimit: number;
  /** Called once per overflow, for the bus's stats. */
  onOverflow(): void;
  /** Called once when the subscription ends, so the bus forgets it. */
  onFinish(): void;
}

export function createSubscriberQueue<T>(options: SubscriberQueueOptions<T>): SubscriberQueue<T> {
  const { filter, signal, queueLimit, topic } = options;
  const queue: Array<Delivery<T>> = [];
  let wake: (() => void) | undefined;
  let done = false;

  const notify = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };

  const finish = () => {
    if (done) return;
    done = true;
    queue.length = 0;
    signal?.removeEventListener('abort', finish);
    options.onFinish();
    notify();
  };

  const iterator: AsyncIterableIterator<Delivery<T>> = {
    async next(): Promise<IteratorResult<Delivery<T>>> {
      for (;;) {
        const delivery = queue.shift();
        if (delivery) return { done: false, value: delivery };
        if (done) return { done: true, value: undefined };
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    async return(): Promise<IteratorResult<Delivery<T>>> {
      finish();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };

  const subscriberQueue: SubscriberQueue<T> = {
    accept(event) {
      if (done) return;
      if (filter && !filter(event.payload)) return;
      if (queue.length >= queueLimit) {
        // The reader fell too far behind: drop what it has not read and tell
        // it to reload everything up to this event; later events queue
        // behind the RESYNC as usual.
        options.onOverflow();
        queue.length = 0;
        queue.push({ type: 'resync', sequence: event.sequence, topic, reason: 'overflow' });
      } else {
        queue.push(event);
      }
      notify();
    },
    replay(event) {
      if (done) return;
      if (filter && !filter(event.payload)) return;
      queue.push(event);
      notify();
    },
    resync(reason, sequence) {
      if (done) return;
      queue.push({ type: 'resync', sequence, topic, reason });
      notify();
    },
    finish,
    get done() {
      return done;
    },
    iterator,
  };

  // An already aborted subscription is done at once; the bus registers only live ones.
  if (signal?.aborted) finish();
  else signal?.addEventListener('abort', finish, { once: true });
  return subscriberQueue;
}
