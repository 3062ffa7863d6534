// Configuration is read once, from the environment and `.env`, and validated
// here; every other module receives the typed result.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { globSource } from './core/patterns/linear-glob.ts';
import { settingFromEnvironment } from './core/settings/registry.ts';

/** Raised for a bad setting; its message names the variable and never echoes secrets. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

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

const environmentSchema = z.object({
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
  NODE_ENV: optionalText,
});

export interface Config {
  host: string;
  httpPort: number;
  grpcPort: number;
  /** Absolute path of the folder whose files are served. */
  projectRoot: string;
  /** Absolute path of the folder for the database, logs and generated keys. */
  dataDir: string;
  databaseUrl: string;
  redisUrl: string | undefined;
  /** With REDIS_URL: this instance's name among those sharing Redis (watcher lease, logs). */
  instanceId: string;
  /** With REDIS_URL: how long the file watcher lease lives without renewal. */
  watcherLeaseMs: number;
  /** With REDIS_URL: events the shared stream keeps for resuming (approximately). */
  redisEventsRetain: number;
  geminiApiKey: string | undefined;
  geminiBaseUrl: string | undefined;
  /** How long a Gemini reply may go without sending anything before it fails TIMEOUT. */
  geminiTimeoutMs: number;
  /** Comma-separated Fernet keys from the environment; generated later when absent. */
  fernetSecret: string | undefined;
  adminToken: string | undefined;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  logFormat: z.infer<typeof environmentSchema>['LOG_FORMAT'];
  /** How PROJECT_ROOT is watched for live file events. */
  watch: {
    backend: 'inotify' | 'chokidar' | 'parcel';
    /** Subtrees never watched (gitignore syntax). */
    ignore: string[];
    /** Also skip what the project's root .gitignore ignores. */
    useGitignore: boolean;
    /** inotify: folders watched at most; the rest are polled (simulates the kernel limit). */
    maxFolders: number | undefined;
    /** inotify: how often folders that could not be watched are scanned. */
    pollMs: number;
  };
  /** Log lines also go to rotating JSON-lines files in `DATA_DIR/logs`. */
  logFiles: {
    enabled: boolean;
    /** The active file rotates before it would grow past this. */
    maxBytes: number;
    /** The oldest files are deleted beyond this many. */
    maxFiles: number;
    /** Files whose last line is older than this are deleted. */
    retentionDays: number;
  };
  /** Access rules and limits of the files domain (src/core/files/access-policy.ts). */
  files: {
    readOnly: boolean;
    maxBytes: number;
    /** Globs nobody may read, write or see listed. */
    deny: string[];
    /** Globs nobody may write. */
    denyWrite: string[];
    /** Globs hidden from callers without the `files:env` scope. */
    secret: string[];
    /** Entries in one `tree` answer. */
    treeMaxNodes: number;
    /** How long one `searchFiles` may run before it answers with what it found. */
    searchTimeoutMs: number;
    /** Entries in one `writeFiles` batch. */
    batchMaxEntries: number;
    /** Bytes of content in one `writeFiles` batch. */
    batchMaxBytes: number;
    /** Threads shared by every regex content search. */
    searchThreads: number;
  };
  /** Tests only: hold writes before a rename (src/core/files/write-hold.ts). */
  testWriteHold: { dir: string; afterRenames: number } | undefined;
  /** Limits on GraphQL documents; 0 turns one off (src/http/plugins/use-query-limits.ts). */
  graphqlLimits: {
    maxDepth: number;
    maxCost: number;
    maxAliases: number;
    maxTokens: number;
    maxDirectives: number;
    /** Cost of each `searchFiles` in a document, against maxCost. */
    searchCost: number;
    maxNesting: number;
  };
  /** Whether `__schema`/`__type` queries are answered (off by default in production). */
  graphqlIntrospection: boolean;
  /** Whether a browser's GET /graphql opens GraphiQL (needs introspection). */
  graphiql: boolean;
  /** Largest HTTP request body and gRPC message accepted, in bytes. */
  maxRequestBytes: number;
  /** Caps and timers of gRPC connections; 0 turns one off (docs/hardening.md). */
  grpcConnections: {
    maxConnections: number;
    maxConnectionsPerAddress: number;
    /** A connection with no call open this long is closed (GOAWAY). */
    maxIdleMs: number;
    /** A connection this old is asked to close (GOAWAY); new calls use a new one. */
    maxAgeMs: number;
    /** How long calls still open then may go on before the connection is cut; 0: until they end. */
    maxAgeGraceMs: number;
    /** The server pings a connection quiet this long… */
    keepaliveTimeMs: number;
    /** …and closes it when the ping is not answered within this. */
    keepaliveTimeoutMs: number;
  };
  /** Per-principal and per-address limits (src/core/rate-limit.ts); 0 turns one off. */
  rateLimits: {
    perMinute: number;
    authFailuresPerMinute: number;
  };
  /** Origins a browser may call from (`*` for any); entries may use `*` (src/http/cors-policy.ts). */
  corsOrigins: string[];
}

/** Validates the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(
  env: Record<string, string | undefined>,
  cwd: string = process.cwd(),
): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`invalid ${variable}: ${issue?.message ?? 'bad value'}`);
  }
  const vars = parsed.data;
  const dataDir = resolve(cwd, vars.DATA_DIR);
  const graphqlIntrospection = vars.GRAPHQL_INTROSPECTION ?? vars.NODE_ENV !== 'production';
  if (vars.GRAPHIQL === true && !graphqlIntrospection) {
    throw new ConfigError('invalid GRAPHIQL: GraphiQL needs GRAPHQL_INTROSPECTION on');
  }
  return {
    host: vars.HOST,
    httpPort: vars.PORT,
    grpcPort: vars.GRPC_PORT,
    projectRoot: resolve(cwd, vars.PROJECT_ROOT),
    dataDir,
    databaseUrl: vars.DATABASE_URL ?? `file:${resolve(dataDir, 'genpod.db')}`,
    redisUrl: vars.REDIS_URL,
    instanceId:
      vars.INSTANCE_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    watcherLeaseMs: vars.WATCHER_LEASE_MS,
    redisEventsRetain: vars.REDIS_EVENTS_RETAIN,
    geminiApiKey: vars.GEMINI_API_KEY,
    geminiBaseUrl: vars.GEMINI_BASE_URL,
    geminiTimeoutMs: vars.GEMINI_TIMEOUT_MS,
    fernetSecret: vars.FERNET_SECRET,
    adminToken: vars.GENPOD_ADMIN_TOKEN,
    logLevel: vars.LOG_LEVEL,
    logFormat: vars.LOG_FORMAT,
    watch: {
      backend: vars.WATCH_BACKEND,
      ignore: vars.WATCH_IGNORE,
      useGitignore: vars.WATCH_GITIGNORE,
      maxFolders: vars.WATCH_MAX_FOLDERS,
      pollMs: vars.WATCH_POLL_MS,
    },
    logFiles: {
      enabled: vars.LOG_FILES,
      maxBytes: vars.LOG_FILE_MAX_BYTES,
      maxFiles: vars.LOG_MAX_FILES,
      retentionDays: vars.LOG_RETENTION_DAYS,
    },
    files: {
      readOnly: vars.FILES_READ_ONLY,
      maxBytes: vars.FILES_MAX_BYTES,
      deny: vars.FILES_DENY,
      denyWrite: vars.FILES_DENY_WRITE,
      secret: vars.FILES_SECRET,
      treeMaxNodes: vars.FILES_TREE_MAX_NODES,
      searchTimeoutMs: vars.FILES_SEARCH_TIMEOUT_MS,
      batchMaxEntries: vars.FILES_BATCH_MAX_ENTRIES,
      batchMaxBytes: vars.FILES_BATCH_MAX_BYTES,
      searchThreads: vars.FILES_SEARCH_THREADS,
    },
    testWriteHold: vars.GENPOD_TEST_HOLD_WRITES
      ? {
          dir: resolve(cwd, vars.GENPOD_TEST_HOLD_WRITES),
          afterRenames: vars.GENPOD_TEST_HOLD_AFTER_RENAMES,
        }
      : undefined,
    graphqlLimits: {
      maxDepth: vars.GRAPHQL_MAX_DEPTH,
      maxCost: vars.GRAPHQL_MAX_COST,
      maxAliases: vars.GRAPHQL_MAX_ALIASES,
      maxTokens: vars.GRAPHQL_MAX_TOKENS,
      maxDirectives: vars.GRAPHQL_MAX_DIRECTIVES,
      searchCost: vars.GRAPHQL_SEARCH_COST,
      maxNesting: vars.GRAPHQL_MAX_NESTING,
    },
    graphqlIntrospection,
    graphiql: vars.GRAPHIQL ?? graphqlIntrospection,
    maxRequestBytes: vars.MAX_REQUEST_BYTES ?? defaultMaxRequestBytes(vars.FILES_MAX_BYTES),
    grpcConnections: {
      maxConnections: vars.GRPC_MAX_CONNECTIONS,
      maxConnectionsPerAddress: vars.GRPC_MAX_CONNECTIONS_PER_ADDRESS,
      maxIdleMs: vars.GRPC_MAX_CONNECTION_IDLE_MS,
      maxAgeMs: vars.GRPC_MAX_CONNECTION_AGE_MS,
      maxAgeGraceMs: vars.GRPC_MAX_CONNECTION_AGE_GRACE_MS,
      keepaliveTimeMs: vars.GRPC_KEEPALIVE_TIME_MS,
      keepaliveTimeoutMs: vars.GRPC_KEEPALIVE_TIMEOUT_MS,
    },
    rateLimits: {
      perMinute: vars.RATE_LIMIT_PER_MINUTE,
      authFailuresPerMinute: vars.AUTH_FAILURES_PER_MINUTE,
    },
    corsOrigins: vars.CORS_ORIGINS,
  };
}
