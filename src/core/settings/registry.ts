// Every setting the server knows: its type, default, description, validation
// and the environment variable that overrides it. Adding a setting is adding
// an entry here; the API, the database and `getSetting` follow from it.
import { z } from 'zod';

export type SettingType = 'STRING' | 'NUMBER' | 'INTEGER' | 'BOOLEAN' | 'ENUM' | 'STRING_LIST';

export interface SettingDefinition<T> {
  description: string;
  type: SettingType;
  /** Validates a value from the API, the database or the environment. */
  schema: z.ZodType<T>;
  default: T;
  /** Overrides the stored value when set; the API then refuses changes to it. */
  envVar: string;
  /** Whether a change takes effect without a restart. */
  appliesLive: boolean;
  /** The choices of an ENUM setting. */
  allowedValues?: readonly string[];
}

function define<T>(definition: SettingDefinition<T>): SettingDefinition<T> {
  return definition;
}

const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevelSetting = (typeof logLevels)[number];

const boundedNumber = (min: number, max: number, what = 'a number') =>
  z
    .number({ error: `must be ${what}` })
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const boundedInteger = (min: number, max: number, what = 'a number') =>
  z
    .number({ error: `must be ${what}` })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const ignoreList = z
  .array(
    z
      .string({ error: 'each entry must be a string' })
      .min(1, 'entries must not be empty')
      .max(500, 'entries must be at most 500 characters'),
    { error: 'must be a list of patterns' },
  )
  .max(200, 'must hold at most 200 patterns');

export const settingDefinitions = {
  'gemini.model': define({
    description: 'The Gemini model chat requests use.',
    type: 'STRING',
    schema: z
      .string({ error: 'must be a string' })
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,127}$/,
        'must be a model name such as gemini-2.5-flash',
      ),
    default: 'gemini-2.5-flash',
    envVar: 'GEMINI_MODEL',
    appliesLive: true,
  }),
  'gemini.temperature': define({
    description: 'Sampling temperature: higher is more varied, lower more deterministic.',
    type: 'NUMBER',
    schema: boundedNumber(0, 2),
    default: 1,
    envVar: 'GEMINI_TEMPERATURE',
    appliesLive: true,
  }),
  'gemini.topP': define({
    description: 'Nucleus sampling: the cumulative probability of the tokens considered.',
    type: 'NUMBER',
    schema: boundedNumber(0, 1),
    default: 0.95,
    envVar: 'GEMINI_TOP_P',
    appliesLive: true,
  }),
  'gemini.topK': define({
    description: 'How many of the most likely tokens are considered at each step.',
    type: 'INTEGER',
    schema: boundedInteger(1, 500),
    default: 40,
    envVar: 'GEMINI_TOP_K',
    appliesLive: true,
  }),
  'gemini.maxOutputTokens': define({
    description: 'The most tokens one reply may have.',
    type: 'INTEGER',
    schema: boundedInteger(1, 65_536),
    default: 8192,
    envVar: 'GEMINI_MAX_OUTPUT_TOKENS',
    appliesLive: true,
  }),
  'gemini.systemInstruction': define({
    description: 'Instructions sent with every chat request; empty for none.',
    type: 'STRING',
    schema: z.string({ error: 'must be a string' }).max(20_000, 'must be at most 20000 characters'),
    default: '',
    envVar: 'GEMINI_SYSTEM_INSTRUCTION',
    appliesLive: true,
  }),
  'files.maxFileBytes': define({
    description: 'The largest file, in bytes, that may be read whole or written.',
    type: 'INTEGER',
    schema: boundedInteger(1, 1024 * 1024 * 1024, 'a number of bytes'),
    // Also read by src/config.ts, through settingFromEnvironment: one set of bounds.
    default: 10 * 1024 * 1024,
    envVar: 'FILES_MAX_BYTES',
    appliesLive: true,
  }),
  'watcher.ignore': define({
    description:
      'Paths under PROJECT_ROOT the file watcher skips, in .gitignore syntax (besides the project .gitignore).',
    type: 'STRING_LIST',
    schema: ignoreList,
    // Also read by src/config.ts, through settingFromEnvironment: one set of bounds.
    default: ['.git/objects', 'node_modules'],
    envVar: 'WATCH_IGNORE',
    // The watcher restarts with the new rules (src/server.ts).
    appliesLive: true,
  }),
  'log.level': define<LogLevelSetting>({
    description: 'The least severe log level written.',
    type: 'ENUM',
    schema: z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }),
    default: 'info',
    envVar: 'LOG_LEVEL',
    appliesLive: true,
    allowedValues: logLevels,
  }),
  'log.retentionDays': define({
    description: 'How many days of log files are kept (fractions allowed).',
    type: 'NUMBER',
    schema: boundedNumber(0.001, 3650, 'a number of days'),
    // Also read by src/config.ts, through settingFromEnvironment: one set of bounds.
    default: 7,
    envVar: 'LOG_RETENTION_DAYS',
    // Applied to the open log files on each change (src/core/settings/live-log-retention.ts).
    appliesLive: true,
  }),
} as const;

type Definitions = typeof settingDefinitions;
export type SettingKey = keyof Definitions;
export type SettingValue<K extends SettingKey> =
  Definitions[K] extends SettingDefinition<infer T> ? T : never;
export type SettingValues = { [K in SettingKey]: SettingValue<K> };

export const settingKeys = Object.keys(settingDefinitions) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingDefinitions, key);
}

export function definitionOf<K extends SettingKey>(key: K): SettingDefinition<SettingValue<K>> {
  return settingDefinitions[key] as unknown as SettingDefinition<SettingValue<K>>;
}

/** Validates a value; returns the parsed value or the reason it was refused. */
export function validateSetting<K extends SettingKey>(
  key: K,
  value: unknown,
): { ok: true; value: SettingValue<K> } | { ok: false; message: string } {
  const parsed = definitionOf(key).schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, message: parsed.error.issues[0]?.message ?? 'is invalid' };
}

/**
 * Turns an environment variable's text into a candidate value: numbers and
 * booleans are parsed, a list is a JSON array or comma-separated entries.
 */
export function parseEnvironmentValue(type: SettingType, text: string): unknown {
  switch (type) {
    case 'NUMBER':
    case 'INTEGER':
      return text.trim() === '' ? Number.NaN : Number(text);
    case 'BOOLEAN':
      if (/^(true|1|yes|on)$/i.test(text.trim())) return true;
      if (/^(false|0|no|off)$/i.test(text.trim())) return false;
      return text;
    case 'STRING_LIST': {
      const trimmed = text.trim();
      if (trimmed.startsWith('[')) {
        try {
          return JSON.parse(trimmed) as unknown;
        } catch {
          return text;
        }
      }
      return trimmed
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0);
    }
    case 'STRING':
    case 'ENUM':
      return text;
  }
}

/**
 * A setting's environment variable as src/config.ts reads it: the same
 * parsing and bounds as the settings store, unset or empty giving the default.
 */
export function settingFromEnvironment<K extends SettingKey>(key: K) {
  const definition = definitionOf(key);
  return z
    .string()
    .optional()
    .transform((text, ctx): SettingValue<K> => {
      if (text === undefined || text === '') return definition.default;
      const checked = validateSetting(key, parseEnvironmentValue(definition.type, text));
      if (checked.ok) return checked.value;
      ctx.addIssue({ code: 'custom', message: checked.message });
      return z.NEVER;
    });
}
