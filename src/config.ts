// Configuration is read once, from the environment and `.env`, and validated
// here; every other module receives the typed result.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { defaultMaxRequestBytes, environmentSchema } from './environment-schema.ts';

export { defaultMaxRequestBytes };

/** Raised for a bad setting; its message names the variable and never echoes secrets. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

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
    /** `tree` reads sizes and times with GNU find (`find`) or in-process (`lstat`). */
    treeStats: 'find' | 'lstat';
    /** How long one `searchFiles` may run before it answers with what it found. */
    searchTimeoutMs: number;
    /** Entries in one `writeFiles` batch. */
    batchMaxEntries: number;
    /** Bytes of content in one `writeFiles` batch. */
    batchMaxBytes: number;
    /** Threads shared by every regex content search. */
    searchThreads: number;
    /** Limits of one `replaceInFiles` (src/core/files/replace-scan.ts). */
    replace: {
      /** The scan fails (nothing written) past this many ms. */
      timeoutMs: number;
      /** Files examined. */
      maxFiles: number;
      /** Bytes of the files with matches, before and after, held until written. */
      maxBytes: number;
    };
  };
  /** Tests only: hold writes before a rename (src/core/files/write-hold.ts). */
  testWriteHold: { dir: string; afterRenames: number } | undefined;
  /** Limits on one archive upload (src/core/files/archive-staging.ts). */
  archives: {
    /** Bytes of the upload, and bytes its files unpack to, each. */
    maxBytes: number;
    /** Entries of every kind. */
    maxEntries: number;
  };
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
  /**
   * Whether plain `POST /graphql` JSON queries and mutations skip Yoga's
   * request pipeline (src/http/graphql-door.ts); off: Yoga serves every request.
   */
  graphqlFastPath: boolean;
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
      treeStats: vars.FILES_TREE_STATS,
      searchTimeoutMs: vars.FILES_SEARCH_TIMEOUT_MS,
      batchMaxEntries: vars.FILES_BATCH_MAX_ENTRIES,
      batchMaxBytes: vars.FILES_BATCH_MAX_BYTES,
      searchThreads: vars.FILES_SEARCH_THREADS,
      replace: {
        timeoutMs: vars.FILES_REPLACE_TIMEOUT_MS,
        maxFiles: vars.FILES_REPLACE_MAX_FILES,
        maxBytes: vars.FILES_REPLACE_MAX_BYTES,
      },
    },
    archives: { maxBytes: vars.ARCHIVE_MAX_BYTES, maxEntries: vars.ARCHIVE_MAX_ENTRIES },
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
    graphqlFastPath: vars.GRAPHQL_FAST_PATH ?? true,
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
