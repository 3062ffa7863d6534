// Records the event bus's traffic into the server's metrics without the bus
// knowing: events published per topic, how long each live event took from
// publish to its subscriber taking it, and RESYNCs. Wraps any EventBus (the
// in-process one or a Redis-backed one) the same way.
import type { BusEvent, Delivery, EventBus, SubscribeOptions, Topic } from './event-bus.ts';
import type { Metrics } from './metrics.ts';

/**
 * The label for a topic: its first two dot-separated parts, so per-id topics
 * such as `chat.session.<id>` share one series instead of one each.
 */
export function topicLabel(topic: string): string {
  const second = topic.indexOf('.', topic.indexOf('.') + 1);
  return second === -1 ? topic : topic.slice(0, second);
}

export function withBusMetrics(bus: EventBus, metrics: Metrics): EventBus {
  // A chat reply publishes each token: the counter for a label is looked up
  // once, not hashed from a labels object on every event.
  const publishedCounters = new Map<string, { inc(): void }>();
  const publishedCounter = (label: string) => {
    let counter = publishedCounters.get(label);
    if (!counter) {
      counter = metrics.eventsPublished.labels({ topic: label });
      publishedCounters.set(label, counter);
    }
    return counter;
  };
  return {
    publish<T>(topic: Topic<T>, payload: T): Promise<BusEvent<T>> {
      const event = bus.publish(topic, payload);
      // Counted at once, like the in-process bus's own work: the count never lags the events.
      publishedCounter(topicLabel(topic)).inc();
      return event;
    },

    publishResync: (topic) => bus.publishResync(topic),

    subscribe<T>(topic: Topic<T>, options?: SubscribeOptions<T>) {
      const inner = bus.subscribe(topic, options);
      const label = topicLabel(topic);
      // Events replayed from before the subscription say nothing about delivery speed.
      const subscribedAt = Date.now();
      const latency = metrics.eventDeliveryLatency.labels({ topic: label });
      const record = (delivery: Delivery<T>) => {
        if (delivery.type === 'event') {
          if (delivery.publishedAt >= subscribedAt) {
            latency.observe(Math.max(0, Date.now() - delivery.publishedAt) / 1000);
          }
        } else {
          metrics.eventResyncs.inc({ topic: label, reason: delivery.reason });
        }
      };
      const iterator: AsyncIterableIterator<Delivery<T>> = {
        async next() {
          const result = await inner.next();
          if (!result.done) record(result.value);
          return result;
        },
        async return(value?: unknown) {
          return inner.return ? inner.return(value) : { done: true, value: undefined };
        },
        [Symbol.asyncIterator]() {
          return iterator;
        },
      };
      return iterator;
    },

    currentSequence: () => bus.currentSequence(),
    stats: () => bus.stats(),
    close: () => bus.close?.() ?? Promise.resolve(),
  };
}
