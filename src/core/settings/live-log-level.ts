// Keeps the logger's level equal to the `log.level` setting, so changing the
// setting takes effect at once, without a restart. Child loggers follow their
// parent's level in pino unless given their own, so setting the root suffices.
import type { Logger } from '../logger.ts';
import type { SettingsStore } from './settings-store.ts';

/** Applies the current level and every later change; returns the unsubscribe. */
export function followLogLevelSetting(settings: SettingsStore, logger: Logger): () => void {
  logger.level = settings.get('log.level');
  return settings.onChange('log.level', (level, previous) => {
    logger.level = level;
    // Written at warn so the change is visible whichever way it went.
    logger.warn({ level, previous }, 'log level changed');
  });
}
