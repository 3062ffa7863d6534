// Configuration is read once, from the environment and `.env`, and validated
// here; every other module receives the typed result.
import { resolve } from 'node:path';
import { z } from 'zod';

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
    );
}

const fernetKeyPattern = /^[A-Za-z0-9_-]{43}=$/;

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
  LOG_LEVEL: z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], {
      error: 'must be one of trace, debug, info, warn, error, fatal, silent',
    })
    .default('info'),
  LOG_FORMAT: z
    .enum(['auto', 'json', 'pretty'], { error: 'must be one of auto, json, pretty' })
    .default('auto'),
  WATCH_BACKEND: z
    .enum(['chokidar', 'parcel'], { error: 'must be chokidar or parcel' })
    .default('parcel'),
  WATCH_IGNORE: z
    .string()
    .default('.git,node_modules')
    .transform((value) =>
      value
        .split(',')
        .map((glob) => glob.trim())
        .filter(Boolean),
    ),
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
  LOG_RETENTION_DAYS: z.coerce
    .number({ error: 'must be a number of days' })
    .positive('must be more than 0')
    .default(7),
  FILES_READ_ONLY: z
    .enum(['on', 'off', 'true', 'false', '1', '0'], { error: 'must be on or off' })
    .default('off')
    .transform((value) => value === 'on' || value === 'true' || value === '1'),
  FILES_MAX_BYTES: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(10 * 1024 * 1024),
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
    backend: 'chokidar' | 'parcel';
    /** Subtrees never watched (gitignore syntax). */
    ignore: string[];
    /** Also skip what the project's root .gitignore ignores. */
    useGitignore: boolean;
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
  };
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
  return {
    host: vars.HOST,
    httpPort: vars.PORT,
    grpcPort: vars.GRPC_PORT,
    projectRoot: resolve(cwd, vars.PROJECT_ROOT),
    dataDir,
    databaseUrl: vars.DATABASE_URL ?? `file:${resolve(dataDir, 'genpod.db')}`,
    redisUrl: vars.REDIS_URL,
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
    },
  };
}
