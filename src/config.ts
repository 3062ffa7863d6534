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
  /** Comma-separated Fernet keys from the environment; generated later when absent. */
  fernetSecret: string | undefined;
  adminToken: string | undefined;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  logFormat: z.infer<typeof environmentSchema>['LOG_FORMAT'];
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
    fernetSecret: vars.FERNET_SECRET,
    adminToken: vars.GENPOD_ADMIN_TOKEN,
    logLevel: vars.LOG_LEVEL,
    logFormat: vars.LOG_FORMAT,
  };
}
