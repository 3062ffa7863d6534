// The environment variables the server reads, each with its parsing, bounds
// and default (docs/configuration.md); src/config.ts turns the parsed values
// into the typed Config every other module receives.
import { z } from 'zod';
import { globSource } from './core/patterns/linear-glob.ts';
import { settingFromEnvironment } from './core/settings/registry.ts';

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

/** Comma-separated globs; unset takes the default, an empty value means none. */
function globList(defaultValue: string) {
  return z
    .string()
    .default(defaultValue)
    .transform((value) =>
      value
        .split(',')
        .map((glob) => glob.trim())
        .filter(Boolean),
    )
    .superRefine((globs, ctx) => {
      for (const glob of globs) {
        const problem = globProblem(glob);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
    });
}

/** Why the linear-time matcher cannot take `glob`, or undefined (see docs/patterns.md). */
function globProblem(glob: string): string | undefined {
  try {
    globSource(glob);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const fernetKeyPattern = /^[A-Za-z0-9_-]{43}=$/;

/** A limit where 0 means "no limit". */
function limit(defaultValue: number) {
  return z.coerce
    .number({ error: 'must be a number (0 turns the limit off)' })
    .int('must be a whole number')
    .min(0, 'must be 0 (off) or more')
    .default(defaultValue);
}

/** on/off; unset (or empty) leaves the choice to a default computed elsewhere. */
const optionalSwitch = optionalText.pipe(
  z
    .enum(['on', 'off', 'true', 'false', '1', '0'], { error: 'must be on or off' })
    .transform((value) => value === 'on' || value === 'true' || value === '1')
    .optional(),
);

/** scheme://host[:port], where `*` may stand for a host label run or the port. */
const originPattern = /^https?:\/\/[A-Za-z0-9.*\-[\]:]+$/;

/** What the request body limit is when MAX_REQUEST_BYTES is unset: room for writeFile's JSON. */
export function defaultMaxRequestBytes(filesMaxBytes: number): number {
  // JSON escapes (\n, \", \uXXXX) grow file content; 1.5× plus 1 MiB covers ordinary text.
  return Math.min(
    2 ** 31 - 1,
    Math.max(16 * 1024 * 1024, Math.ceil(filesMaxBytes * 1.5) + 1024 * 1024),
  );
}

export const environmentSchema = z.object({
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  PORT: port.default(4000),
  GRPC_PORT: port.default(50051),
  PROJECT_ROOT: z.string().min(1, 'must not be empty').default('./workspace'),
  DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .refine((url) => /^(file:|postgres(ql)?:\/\/)/.test(url), {
        message: 'must start with file: (SQLite) or postgresql:// (PostgreSQL)',
      })
      .optional(),
  ),
  REDIS_URL: optionalText.pipe(
    z
      .string()
      .refine((url) => /^rediss?:\/\//.test(url), { message: 'must start with redis://' })
      .optional(),
  ),
  // ── scale (src/core/redis-event-bus.ts, src/core/watch/watcher-lease.ts) ──
  INSTANCE_ID: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be 1-100 letters, digits or . _ : -')
      .optional(),
  ),
  WATCHER_LEASE_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number')
    .min(300, 'must be at least 300')
    .default(5_000),
  REDIS_EVENTS_RETAIN: z.coerce
    .number({ error: 'must be a number of events' })
    .int('must be a whole number')
    .min(100, 'must be at least 100')
    .default(100_000),
  GEMINI_API_KEY: optionalText,
  GEMINI_BASE_URL: optionalText.pipe(z.url({ error: 'must be a URL' }).optional()),
  GEMINI_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number')
    .min(100, 'must be at least 100')
    .default(60_000),
  FERNET_SECRET: optionalText.pipe(
    z
      .string()
      .refine(
        (value) => value.split(',').every((key) => fernetKeyPattern.test(key.trim())),
        // The value itself is a secret: the message must not include it.
        { message: 'must be one or more comma-separated 32-byte url-safe base64 Fernet keys' },
      )
      .optional(),
  ),
  GENPOD_ADMIN_TOKEN: optionalText.pipe(
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  LOG_LEVEL: settingFromEnvironment('log.level'),
  LOG_FORMAT: z
    .enum(['auto', 'json', 'pretty'], { error: 'must be one of auto, json, pretty' })
    .default('auto'),
  WATCH_BACKEND: z
    .enum(['inotify', 'chokidar', 'parcel'], { error: 'must be inotify, chokidar or parcel' })
    .default('inotify'),
  WATCH_IGNORE: settingFromEnvironment('watcher.ignore'),
  WATCH_MAX_FOLDERS: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of folders')
      .transform(Number)
      .pipe(z.number().min(1, 'must be at least 1'))
      .optional(),
  ),
  WATCH_POLL_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number')
    .min(100, 'must be at least 100')
    .max(60_000, 'must be at most 60000')
    .default(2_000),
  WATCH_GITIGNORE: z
    .enum(['on', 'off', 'true', 'false', '1', '0'], { error: 'must be on or off' })
    .default('on')
    .transform((value) => value === 'on' || value === 'true' || value === '1'),
  LOG_FILES: z
    .enum(['on', 'off', 'true', 'false', '1', '0'], { error: 'must be on or off' })
    .default('on')
    .transform((value) => value === 'on' || value === 'true' || value === '1'),
  LOG_FILE_MAX_BYTES: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int('must be a whole number')
    .min(4096, 'must be at least 4096')
    .max(1024 * 1024 * 1024, 'must be at most 1 GiB (1073741824)')
    .default(10 * 1024 * 1024),
  LOG_MAX_FILES: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(2, 'must be at least 2')
    .default(20),
  LOG_RETENTION_DAYS: settingFromEnvironment('log.retentionDays'),
  FILES_READ_ONLY: z
    .enum(['on', 'off', 'true', 'false', '1', '0'], { error: 'must be on or off' })
    .default('off')
    .transform((value) => value === 'on' || value === 'true' || value === '1'),
  FILES_MAX_BYTES: settingFromEnvironment('files.maxFileBytes'),
  FILES_DENY: globList(''),
  FILES_DENY_WRITE: globList('**/.git'),
  FILES_SECRET: globList('**/.env*'),
  FILES_TREE_MAX_NODES: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(200_000),
  // How `tree` reads sizes and times (src/core/files/entry-stats.ts).
  FILES_TREE_STATS: z.enum(['find', 'lstat'], { error: 'must be find or lstat' }).default('find'),
  FILES_SEARCH_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number')
    .min(10, 'must be at least 10')
    .default(10_000),
  FILES_BATCH_MAX_ENTRIES: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(100_000, 'must be at most 100000')
    .default(1_000),
  FILES_BATCH_MAX_BYTES: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(64 * 1024 * 1024),
  // Tests only (src/core/files/write-hold.ts): pause writes before a rename.
  GENPOD_TEST_HOLD_WRITES: optionalText,
  GENPOD_TEST_HOLD_AFTER_RENAMES: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be at least 0')
    .default(0),
  // Threads shared by every regex content search (src/core/files/content-search-pool.ts).
  FILES_SEARCH_THREADS: z.coerce
    .number({ error: 'must be a number of threads' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(64, 'must be at most 64')
    .default(2),
  // replaceInFiles (src/core/files/replace-scan.ts)
  FILES_REPLACE_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number')
    .min(10, 'must be at least 10')
    .default(10_000),
  FILES_REPLACE_MAX_FILES: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(50_000),
  FILES_REPLACE_MAX_BYTES: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int('must be a whole number')
    .min(1024, 'must be at least 1024')
    .default(64 * 1024 * 1024),
  // ── archives (src/core/files/archive-staging.ts) ──
  ARCHIVE_MAX_BYTES: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(1024 * 1024 * 1024),
  ARCHIVE_MAX_ENTRIES: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(100_000),
  // ── defences (src/http/plugins/use-query-limits.ts, use-request-size-limit.ts,
  // use-rate-limit.ts, src/http/cors-policy.ts, src/core/rate-limit.ts) ──
  GRAPHQL_MAX_DEPTH: limit(20),
  GRAPHQL_MAX_COST: limit(50_000),
  GRAPHQL_SEARCH_COST: limit(10_000),
  GRAPHQL_MAX_ALIASES: limit(30),
  GRAPHQL_MAX_TOKENS: limit(5_000),
  GRAPHQL_MAX_DIRECTIVES: limit(50),
  GRAPHQL_MAX_NESTING: limit(128),
  MAX_REQUEST_BYTES: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of bytes')
      .transform(Number)
      .pipe(
        z
          .number()
          .min(1024, 'must be at least 1024')
          .max(2 ** 31 - 1, 'must be at most 2147483647 (gRPC cannot take more)'),
      )
      .optional(),
  ),
  // ── gRPC connections (src/core/connection-gate.ts, src/grpc/server.ts) ──
  GRPC_MAX_CONNECTIONS: limit(1_000),
  GRPC_MAX_CONNECTIONS_PER_ADDRESS: limit(100),
  GRPC_MAX_CONNECTION_IDLE_MS: limit(300_000),
  GRPC_MAX_CONNECTION_AGE_MS: limit(3_600_000),
  GRPC_MAX_CONNECTION_AGE_GRACE_MS: limit(0),
  GRPC_KEEPALIVE_TIME_MS: limit(120_000),
  GRPC_KEEPALIVE_TIMEOUT_MS: limit(20_000),
  RATE_LIMIT_PER_MINUTE: limit(6_000),
  AUTH_FAILURES_PER_MINUTE: limit(300),
  CORS_ORIGINS: z
    .string()
    .default('http://localhost:*,http://127.0.0.1:*,http://[::1]:*')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .refine((origins) => origins.every((origin) => origin === '*' || originPattern.test(origin)), {
      message:
        'must be comma-separated origins like https://app.example.com or http://localhost:*, or *',
    }),
  GRAPHQL_INTROSPECTION: optionalSwitch,
  GRAPHIQL: optionalSwitch,
  GRAPHQL_FAST_PATH: optionalSwitch,
  NODE_ENV: optionalText,
});
