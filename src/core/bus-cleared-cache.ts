// What a cache of this instance needs from the bus: every delivery on its
// topic, an event from any instance or a RESYNC that may hide one, empties
// it. The prompt version cache and the secret read cache follow their topics
// through this.
import type { EventBus, Topic } from './event-bus.ts';

export interface BusFollower {
  /** Stops following; resolves once the loop has ended. */
  close(): Promise<void>;
}

export function clearOnEveryDelivery<T>(
  bus: EventBus,
  topic: Topic<T>,
  handlers: {
    clear(): void;
    /** The subscription failed: nothing clears the cache any more. */
    stopped(error: unknown): void;
  },
): BusFollower {
  const abort = new AbortController();
  const deliveries = bus.subscribe(topic, { signal: abort.signal });
  const done = (async () => {
    for await (const _delivery of deliveries) handlers.clear();
  })().catch(handlers.stopped);
  return {
    async close() {
      abort.abort();
      await done;
    },
  };
}
