// With several instances on one database, a setting changed through one must
// take effect on all (log level, file limits, watcher ignore rules). Every
// change is announced on the shared bus; each instance answers an
// announcement, or a RESYNC, by reading the stored settings again, so the
// database stays the one source of truth and a missed event cannot leave an
// instance behind for longer than the next one.
import type { EventBus, Topic } from '../event-bus.ts';
import type { Logger } from '../logger.ts';
import type { SettingsStore } from './settings-store.ts';

export function followSharedSettings(options: {
  bus: EventBus;
  topic: Topic<unknown>;
  settings: SettingsStore;
  signal: AbortSignal;
  logger: Logger;
}): void {
  const { bus, topic, settings, signal, logger } = options;
  const deliveries = bus.subscribe(topic, { signal });
  void (async () => {
    for await (const _delivery of deliveries) {
      // Several changes in a burst read the table once each: settings change rarely.
      await settings.reload().catch((error: unknown) => {
        logger.error({ err: error }, 'could not reload settings changed by another instance');
      });
    }
  })();
}
