// Keeps the log files' age limit equal to the `log.retentionDays` setting.
// The log store opens before the settings store exists (it receives the
// server's first lines), so it starts from the environment's value; once the
// settings are read, a value stored through the API takes over, and every
// later change applies at once.
import type { Logger } from '../logger.ts';
import type { LogStore } from '../logs/log-store.ts';
import type { SettingsStore } from './settings-store.ts';

/** Applies the setting in effect now and each change; returns the unsubscribe. */
export function followLogRetentionSetting(
  settings: SettingsStore,
  logs: LogStore,
  logger: Logger,
): () => void {
  const apply = (days: number) => {
    logs
      .setRetentionDays(days)
      .then((deleted) => {
        if (deleted.length > 0) logger.info({ deleted, days }, 'deleted log files past retention');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'could not apply log.retentionDays'));
  };
  apply(settings.get('log.retentionDays'));
  return settings.onChange('log.retentionDays', apply);
}
