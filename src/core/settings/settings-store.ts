// The settings in effect: an environment variable wins, then a value stored
// through the API, then the registry default. Values are held in memory once
// loaded, so reading a setting on a hot path costs a map lookup; every change
// goes through `update`, which validates all of it before writing any of it.
import { ConfigError } from '../../config.ts';
import type { Database } from '../db/database.ts';
import { topic } from '../event-bus.ts';
import { InvalidInput } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { auditRecord, type Actor } from './audit-trail.ts';
import {
  definitionOf,
  isSettingKey,
  parseEnvironmentValue,
  settingKeys,
  validateSetting,
  type SettingKey,
  type SettingType,
  type SettingValue,
} from './registry.ts';

export type SettingSource = 'DEFAULT' | 'DATABASE' | 'ENVIRONMENT';

/** A setting as the API shows it. */
export interface ResolvedSetting {
  key: SettingKey;
  type: SettingType;
  value: unknown;
  defaultValue: unknown;
  source: SettingSource;
  description: string;
  envVar: string;
  appliesLive: boolean;
  allowedValues: readonly string[] | undefined;
  /** When it was last stored through the API; undefined when never. */
  updatedAt: Date | undefined;
  updatedBy: string | undefined;
}

/** One requested change; `value: null` returns the setting to its default. */
export interface SettingUpdate {
  key: string;
  value: unknown;
}

export interface SettingFieldError {
  field: string;
  message: string;
}

/** What one `update` call changed: published as a `settingsChanged` event. */
export interface SettingsChange {
  settings: ResolvedSetting[];
  principal: string;
  at: Date;
}

type Listener<K extends SettingKey> = (value: SettingValue<K>, previous: SettingValue<K>) => void;

interface StoredValue {
  value: unknown;
  updatedAt: Date;
  updatedBy: string;
}

/** Every settings change, on the shared bus (instances follow each other's). */
export const settingsChangedTopic = topic<SettingsChange>('settings.changed');

export interface SettingsStore {
  /** The value in effect, typed by key. */
  get<K extends SettingKey>(key: K): SettingValue<K>;
  describe(key: SettingKey): ResolvedSetting;
  list(): ResolvedSetting[];
  /**
   * Applies every change or none: any unknown key, environment-held key or
   * invalid value throws `InvalidInput` naming each bad field, and nothing is written.
   */
  update(changes: readonly SettingUpdate[], actor: Actor): Promise<SettingsChange>;
  /** Calls `listener` after each change of the key's effective value; returns an unsubscribe. */
  onChange<K extends SettingKey>(key: K, listener: Listener<K>): () => void;
  /**
   * Reads the stored settings again and calls the listeners of every key whose
   * effective value changed: how an instance follows changes made through
   * another instance sharing the database (src/server.ts, with REDIS_URL).
   */
  reload(): Promise<void>;
}

/**
 * Reads the overriding environment variables, failing on a bad one as config
 * does: at start, naming the variable, never echoing its value.
 */
function readEnvironment(env: Record<string, string | undefined>): Map<SettingKey, unknown> {
  const overrides = new Map<SettingKey, unknown>();
  for (const key of settingKeys) {
    const definition = definitionOf(key);
    const text = env[definition.envVar];
    if (text === undefined || text === '') continue;
    const checked = validateSetting(key, parseEnvironmentValue(definition.type, text));
    if (!checked.ok) throw new ConfigError(`invalid ${definition.envVar}: ${checked.message}`);
    overrides.set(key, checked.value);
  }
  return overrides;
}

export async function createSettingsStore(options: {
  db: Database;
  env: Record<string, string | undefined>;
  logger: Logger;
}): Promise<SettingsStore> {
  const { db, logger } = options;
  const environment = readEnvironment(options.env);
  const stored = new Map<SettingKey, StoredValue>();
  const listeners = new Map<SettingKey, Set<Listener<SettingKey>>>();

  const readStored = async (into: Map<SettingKey, StoredValue>) => {
    for (const row of await db.setting.findMany()) {
      if (!isSettingKey(row.key)) {
        logger.warn({ setting: row.key }, 'ignoring a stored setting the registry does not know');
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(row.value);
      } catch {
        parsed = undefined;
      }
      const checked = validateSetting(row.key, parsed);
      if (!checked.ok) {
        // Never log the value: a misplaced secret could sit in any field.
        logger.warn(
          { setting: row.key, reason: checked.message },
          'ignoring an invalid stored setting; its default applies',
        );
        continue;
      }
      into.set(row.key, {
        value: checked.value,
        updatedAt: row.updatedAt,
        updatedBy: row.updatedBy,
      });
    }
  };
  await readStored(stored);

  const effective = (key: SettingKey): { value: unknown; source: SettingSource } => {
    if (environment.has(key)) return { value: environment.get(key), source: 'ENVIRONMENT' };
    const row = stored.get(key);
    if (row) return { value: row.value, source: 'DATABASE' };
    return { value: definitionOf(key).default, source: 'DEFAULT' };
  };

  // The values in effect, resolved once per change: `get` sits on hot paths.
  const inEffect = new Map<SettingKey, unknown>(
    settingKeys.map((key) => [key, effective(key).value]),
  );

  const notify = (key: SettingKey, previous: unknown, current: unknown) => {
    if (JSON.stringify(previous) === JSON.stringify(current)) return;
    for (const listener of listeners.get(key) ?? []) {
      try {
        listener(current as never, previous as never);
      } catch (error) {
        logger.error({ err: error, setting: key }, 'a settings listener failed');
      }
    }
  };

  const describe = (key: SettingKey): ResolvedSetting => {
    const definition = definitionOf(key);
    const row = stored.get(key);
    return {
      key,
      type: definition.type,
      ...effective(key),
      defaultValue: definition.default,
      description: definition.description,
      envVar: definition.envVar,
      appliesLive: definition.appliesLive,
      allowedValues: definition.allowedValues,
      updatedAt: row?.updatedAt,
      updatedBy: row?.updatedBy,
    };
  };

  return {
    get: <K extends SettingKey>(key: K) => inEffect.get(key) as SettingValue<K>,
    describe,
    list: () => settingKeys.map(describe),

    async update(changes, actor) {
      const errors: SettingFieldError[] = [];
      const accepted: Array<{ key: SettingKey; value: unknown }> = [];
      const seen = new Set<string>();
      for (const change of changes) {
        if (seen.has(change.key)) {
          errors.push({ field: change.key, message: 'appears more than once' });
          continue;
        }
        seen.add(change.key);
        if (!isSettingKey(change.key)) {
          errors.push({ field: change.key, message: 'is not a known setting' });
          continue;
        }
        const definition = definitionOf(change.key);
        if (environment.has(change.key)) {
          errors.push({
            field: change.key,
            message: `is set by the environment variable ${definition.envVar}; change or unset it there`,
          });
          continue;
        }
        if (change.value === null) {
          accepted.push({ key: change.key, value: null });
          continue;
        }
        const checked = validateSetting(change.key, change.value);
        if (checked.ok) accepted.push({ key: change.key, value: checked.value });
        else errors.push({ field: change.key, message: checked.message });
      }
      if (changes.length === 0) errors.push({ field: 'changes', message: 'must not be empty' });
      if (errors.length > 0) {
        throw new InvalidInput(
          `${errors.length === 1 ? 'a setting is' : `${errors.length} settings are`} invalid; nothing was changed: ${errors
            .map((error) => `${error.field} ${error.message}`)
            .join('; ')}`,
          { fields: errors.map((error) => error.field), fieldErrors: errors },
        );
      }

      const before = new Map(accepted.map(({ key }) => [key, effective(key).value]));
      const now = new Date();
      await db.$transaction([
        ...accepted.map(({ key, value }) =>
          value === null
            ? db.setting.deleteMany({ where: { key } })
            : db.setting.upsert({
                where: { key },
                create: { key, value: JSON.stringify(value), updatedBy: actor.principal },
                update: { value: JSON.stringify(value), updatedBy: actor.principal },
              }),
        ),
        db.settingsAuditEntry.createMany({
          data: accepted.map(({ key, value }) =>
            auditRecord(actor, 'SETTING', key, value === null ? 'RESET' : 'UPDATE'),
          ),
        }),
      ]);
      for (const { key, value } of accepted) {
        if (value === null) stored.delete(key);
        else stored.set(key, { value, updatedAt: now, updatedBy: actor.principal });
        inEffect.set(key, effective(key).value);
      }

      for (const { key } of accepted) {
        const previous = before.get(key);
        const current = effective(key).value;
        if (JSON.stringify(previous) === JSON.stringify(current)) continue;
        for (const listener of listeners.get(key) ?? []) {
          try {
            listener(current as never, previous as never);
          } catch (error) {
            // A listener's failure must not undo or hide a change already stored.
            logger.error({ err: error, setting: key }, 'a settings listener failed');
          }
        }
      }
      return {
        settings: accepted.map(({ key }) => describe(key)),
        principal: actor.principal,
        at: now,
      };
    },

    async reload() {
      const fresh = new Map<SettingKey, StoredValue>();
      await readStored(fresh);
      stored.clear();
      for (const [key, value] of fresh) stored.set(key, value);
      for (const key of settingKeys) {
        const previous = inEffect.get(key);
        const current = effective(key).value;
        inEffect.set(key, current);
        notify(key, previous, current);
      }
    },

    onChange(key, listener) {
      let set = listeners.get(key);
      if (!set) {
        set = new Set();
        listeners.set(key, set);
      }
      const entry = listener as unknown as Listener<SettingKey>;
      set.add(entry);
      return () => set.delete(entry);
    },
  };
}
