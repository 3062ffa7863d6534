// The composition root: config → folders and keys → database → services →
// GraphQL over HTTP and gRPC, and the shutdown that drains them in turn.
import { createServer } from 'node:http';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './core/db/database.ts';
import { createInProcessEventBus } from './core/event-bus.ts';
import { connectRedis } from './core/redis-connection.ts';
import { createRedisEventBus } from './core/redis-event-bus.ts';
import { createRedisSharedApiChanges } from './core/watch/shared-api-changes.ts';
import { createRedisWatcherLease } from './core/watch/watcher-lease.ts';
import { followSharedSettings } from './core/settings/follow-shared-settings.ts';
import { settingsChangedTopic } from './resolvers/settings.ts';
import { TokenStore } from './core/auth/token-store.ts';
import { PromptVersionCache } from './core/prompts/version-cache.ts';
import { CredentialLifetimes } from './core/auth/credential-lifetimes.ts';
import { FileAccessPolicy } from './core/files/access-policy.ts';
import { ProjectJail } from './core/files/project-jail.ts';
import { diskVersion } from './core/watch/disk-version.ts';
import { startFileChangeFeed } from './core/watch/file-change-feed.ts';
import { loadWatchIgnoreRules } from './core/watch/ignore-rules.ts';
import { loadOrCreateFernetSecret } from './core/fernet-key-file.ts';
import { ensureWritableFolder } from './core/folders.ts';
import { listenGrpc, listenHttp } from './core/listen.ts';
import { createLogger, type Logger } from './core/logger.ts';
import { LogStore } from './core/logs/log-store.ts';
import { createMetrics } from './core/metrics.ts';
import { RateLimits } from './core/rate-limit.ts';
import { withBusMetrics } from './core/metrics-event-bus.ts';
import { MultiFernet } from './core/fernet.ts';
import { createSecretStore } from './core/secrets/secret-store.ts';
import { followFileLimitSetting } from './core/settings/live-file-access.ts';
import { followLogLevelSetting } from './core/settings/live-log-level.ts';
import { createSettingsStore } from './core/settings/settings-store.ts';
import { createGrpcServer } from './grpc/server.ts';
import { createGraphQLServer } from './http/yoga.ts';
import { failInterruptedReplies, settleGenerations } from './resolvers/chat.ts';
import type { Services } from './resolvers/context.ts';
import { schema } from './schema/index.ts';
import { version } from './version.ts';

export interface StartOptions {
  env: Record<string, string | undefined>;
  cwd?: string;
  /** Where log lines go; stdout by default. */
  logDestination?: NodeJS.WritableStream;
}

export interface RunningServer {
  services: Services;
  ports: { http: number; grpc: number };
  /** Ends open streams, stops both listeners, closes the database. Idempotent. */
  close(): Promise<void>;
}

/** How long open connections get to finish once streams were told to end. */
const drainTimeoutMs = 5_000;

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const config = loadConfig(options.env, options.cwd);
  await ensureWritableFolder('DATA_DIR', config.dataDir);
  const metrics = createMetrics();
  const logs = await LogStore.open({
    dir: join(config.dataDir, 'logs'),
    files: config.logFiles,
    metrics,
  });
  const logger = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    ...(options.logDestination ? { destination: options.logDestination } : {}),
    files: logs.destination,
  });
  await ensureWritableFolder('PROJECT_ROOT', config.projectRoot);
  const projectJail = await ProjectJail.create(config.projectRoot);
  const fileAccess = new FileAccessPolicy({
    readOnly: config.files.readOnly,
    maxBytes: config.files.maxBytes,
    deny: config.files.deny,
    denyWrite: config.files.denyWrite,
    secret: config.files.secret,
  });
  const fernet = await loadOrCreateFernetSecret(config.fernetSecret, config.dataDir);
  if (fernet.source === 'generated') {
    logger.info({ dataDir: config.dataDir }, 'generated a Fernet key in DATA_DIR/fernet.key');
  }

  const { db, appliedMigrations } = await openDatabase(config.databaseUrl).catch(
    (error: unknown) => {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(
        `DATABASE_URL cannot be opened or migrated: ${(error as Error).message.split('\n')[0]}`,
      );
    },
  );
  if (appliedMigrations.length > 0) logger.info({ appliedMigrations }, 'applied migrations');
  await db.serverStart.create({ data: { version, pid: process.pid } });
  // A bad settings variable (GEMINI_TEMPERATURE=hot) stops the start like any config error.
  const settings = await createSettingsStore({ db, env: options.env, logger }).catch(
    async (error: unknown) => {
      await db.$disconnect();
      throw error;
    },
  );
  followLogLevelSetting(settings, logger);
  followFileLimitSetting(settings, fileAccess);
  const secrets = createSecretStore({
    db,
    fernet: MultiFernet.fromSecret(fernet.secret),
    env: options.env,
  });

  // With REDIS_URL, instances share events, the file watcher and API file changes through Redis.
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined;
  const bus = withBusMetrics(
    redis
      ? await createRedisEventBus({ redis, logger, retain: config.redisEventsRetain })
      : createInProcessEventBus(),
    metrics,
  );
  if (redis) logger.info({ instanceId: config.instanceId }, 'sharing live events through Redis');
  const fileFeed = startFileChangeFeed({
    lease: redis
      ? createRedisWatcherLease({
          redis,
          instanceId: config.instanceId,
          logger,
          ttlMs: config.watcherLeaseMs,
        })
      : undefined,
    sharedApiChanges: redis
      ? await createRedisSharedApiChanges({ redis, instanceId: config.instanceId })
      : undefined,
    root: config.projectRoot,
    backend: config.watch.backend,
    ignore: await loadWatchIgnoreRules(
      config.projectRoot,
      // WATCH_IGNORE, else the value stored through the settings API, else the default.
      settings.get('watcher.ignore'),
      config.watch.useGitignore,
    ),
    bus,
    logger,
    versionOf: diskVersion,
  });
  await fileFeed.ready;
  settings.onChange('watcher.ignore', (ignore) => {
    loadWatchIgnoreRules(config.projectRoot, ignore, config.watch.useGitignore)
      .then((rules) => fileFeed.updateIgnore(rules))
      .catch((error: unknown) => logger.error({ err: error }, 'could not apply watcher.ignore'));
  });

  const tokens = new TokenStore({ db, bus, adminToken: config.adminToken, logger });
  await tokens.start();
  const credentials = new CredentialLifetimes({
    bus,
    logger,
    revokedAmong: (ids) => tokens.revokedAmong(ids),
  });
  credentials.start();
  const promptVersions = new PromptVersionCache({ db, bus, logger });
  promptVersions.start();

  const shutdown = new AbortController();
  if (redis) {
    followSharedSettings({
      bus,
      topic: settingsChangedTopic,
      settings,
      signal: shutdown.signal,
      logger,
    });
  }
  const services: Services = {
    config,
    db,
    logger,
    runtime: { version, startedAt: new Date(), ports: { http: 0, grpc: 0 } },
    bus,
    fileFeed,
    shutdown: shutdown.signal,
    settings,
    secrets,
    metrics,
    logs,
    projectJail,
    fileAccess,
    rateLimits: new RateLimits(config.rateLimits),
    tokens,
    credentials,
    promptVersions,
  };

  const interrupted = await failInterruptedReplies(services);
  if (interrupted > 0)
    logger.warn({ interrupted }, 'marked replies left unfinished by the last run as FAILED');

  const yoga = createGraphQLServer(schema, services);
  const httpServer = createServer(yoga);
  const grpc = createGrpcServer(services);
  try {
    services.runtime.ports.http = await listenHttp(httpServer, config.host, config.httpPort);
    services.runtime.ports.grpc = await listenGrpc(grpc.server, config.host, config.grpcPort);
  } catch (error) {
    httpServer.close();
    grpc.server.forceShutdown();
    await fileFeed.close();
    credentials.close();
    await tokens.close();
    await promptVersions.close();
    await db.$disconnect();
    await bus.close?.();
    await redis?.quit();
    throw error;
  }
  const ports = { ...services.runtime.ports };
  logger.info(
    { host: config.host, httpPort: ports.http, grpcPort: ports.grpc },
    `listening: GraphQL on http://${config.host}:${ports.http}/graphql, gRPC on ${config.host}:${ports.grpc}`,
  );

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= drain(
      logger,
      () => shutdown.abort(),
      httpServer,
      grpc,
      async () => {
        await yoga.dispose();
        await fileFeed.close();
        // Replies aborted by the shutdown store their final state before the database closes.
        await settleGenerations(services);
        credentials.close();
        await tokens.close();
        await promptVersions.close();
        await db.$disconnect();
        // Last: the steps above may still publish (a reply's final state).
        await bus.close?.();
        await redis?.quit();
      },
    ).then(() => logs.close()));
  return { services, ports, close };
}

async function drain(
  logger: Logger,
  endStreams: () => void,
  httpServer: ReturnType<typeof createServer>,
  grpc: ReturnType<typeof createGrpcServer>,
  closeRest: () => Promise<void>,
): Promise<void> {
  logger.info('shutting down: ending open streams');
  grpc.health.setStatus('', 'NOT_SERVING');
  endStreams();
  const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
  httpServer.closeIdleConnections();
  const grpcClosed = new Promise<void>((resolve) => grpc.server.tryShutdown(() => resolve()));
  const timer = setTimeout(() => {
    logger.warn('connections still open after the drain timeout: closing them');
    httpServer.closeAllConnections();
    grpc.server.forceShutdown();
  }, drainTimeoutMs);
  await Promise.all([httpClosed, grpcClosed]);
  clearTimeout(timer);
  await closeRest();
  logger.info('stopped');
}
