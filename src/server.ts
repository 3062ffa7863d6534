// The composition root: config → folders and keys → database → services →
// GraphQL over HTTP and gRPC, and the shutdown that drains them in turn.
import { ContentHistory } from './core/files/content-history.ts';
import { createServer } from 'node:http';
import { setImmediate as nextTurn, setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { openDatabase } from './core/db/database.ts';
import { createInProcessEventBus } from './core/event-bus.ts';
import { connectRedis } from './core/redis-connection.ts';
import { createRedisEventBus } from './core/redis-event-bus.ts';
import { createRedisSharedApiChanges } from './core/watch/shared-api-changes.ts';
import { createRedisWatcherLease } from './core/watch/watcher-lease.ts';
import { followSharedSettings } from './core/settings/follow-shared-settings.ts';
import { settingsChangedTopic } from './core/settings/settings-store.ts';
import { TokenStore } from './core/auth/token-store.ts';
import { PromptVersionCache } from './core/prompts/version-cache.ts';
import { CredentialLifetimes } from './core/auth/credential-lifetimes.ts';
import { FileAccessPolicy } from './core/files/access-policy.ts';
import { removeLeftoverStaging } from './core/files/archive-staging.ts';
import { ProjectJail } from './core/files/project-jail.ts';
import { recoverProject } from './core/files/project-recovery.ts';
import { WriteHold } from './core/files/write-hold.ts';
import { diskEntry } from './core/watch/disk-version.ts';
import { startFileChangeFeed } from './core/watch/file-change-feed.ts';
import { loadWatchIgnoreRules } from './core/watch/ignore-rules.ts';
import { loadOrCreateFernetSecret } from './core/fernet-key-file.ts';
import { ensureWritableFolder } from './core/folders.ts';
import { listenGrpc, listenHttp, type GrpcListener } from './listen.ts';
import { ChatEngine } from './core/chat/chat-engine.ts';
import { ChatMessageStore } from './core/chat/message-store.ts';
import { createLogger, type Logger } from './core/logger.ts';
import { LogStore } from './core/logs/log-store.ts';
import { createMetrics } from './core/metrics.ts';
import { RateLimits } from './core/rate-limit.ts';
import { withBusMetrics } from './core/metrics-event-bus.ts';
import { MultiFernet } from './core/fernet.ts';
import { createSecretStore } from './core/secrets/secret-store.ts';
import { SecretReadCache } from './core/secrets/secret-read-cache.ts';
import { followFileLimitSetting } from './core/settings/live-file-access.ts';
import { followLogLevelSetting } from './core/settings/live-log-level.ts';
import { followLogRetentionSetting } from './core/settings/live-log-retention.ts';
import { createSettingsStore } from './core/settings/settings-store.ts';
import { createGrpcServer } from './grpc/server.ts';
import { createGraphQLServer } from './http/yoga.ts';
import type { Services } from './core/services.ts';
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

/**
 * Everything a start opens goes on one stack, in the order it is built; a
 * start that fails part-way and close() both unwind it, last built first.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const config = loadConfig(options.env, options.cwd);
  await ensureWritableFolder('DATA_DIR', config.dataDir);
  const opened = new AsyncDisposableStack();
  try {
    return await buildServer(config, options, opened);
  } catch (error) {
    // The start's own error is the one to report; a release that fails as well is secondary.
    await opened.disposeAsync().catch(() => {});
    throw error;
  }
}

async function buildServer(
  config: Config,
  options: StartOptions,
  opened: AsyncDisposableStack,
): Promise<RunningServer> {
  const metrics = createMetrics();
  const logs = await LogStore.open({
    dir: join(config.dataDir, 'logs'),
    files: config.logFiles,
    metrics,
  });
  opened.defer(() => logs.close());
  const logger = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    ...(options.logDestination ? { destination: options.logDestination } : {}),
    files: logs.destination,
  });
  let started = false;
  opened.defer(() => {
    if (started) logger.info('stopped');
  });
  await ensureWritableFolder('PROJECT_ROOT', config.projectRoot);
  const projectJail = await ProjectJail.create(config.projectRoot, {
    ...(config.testWriteHold ? { writeHold: new WriteHold(config.testWriteHold) } : {}),
  });
  const fileAccess = new FileAccessPolicy({
    readOnly: config.files.readOnly,
    maxBytes: config.files.maxBytes,
    deny: config.files.deny,
    denyWrite: config.files.denyWrite,
    secret: config.files.secret,
  });
  // Before anything is served: a batch a kill cut short is finished first.
  const recovery = await recoverProject({
    jail: projectJail,
    logger,
    sharedRoot: config.redisUrl !== undefined,
  });
  opened.defer(() => recovery.stop());
  if (config.redisUrl === undefined) await removeLeftoverStaging(config.dataDir);
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
  opened.defer(() => db.$disconnect());
  if (appliedMigrations.length > 0) logger.info({ appliedMigrations }, 'applied migrations');
  await db.serverStart.create({ data: { version, pid: process.pid } });
  // A bad settings variable (GEMINI_TEMPERATURE=hot) stops the start like any config error.
  const settings = await createSettingsStore({ db, env: options.env, logger });
  followLogLevelSetting(settings, logger);
  followLogRetentionSetting(settings, logs, logger);
  followFileLimitSetting(settings, fileAccess);
  const secretStore = createSecretStore({
    db,
    fernet: MultiFernet.fromSecret(fernet.secret),
    env: options.env,
  });

  // With REDIS_URL, instances share events, the file watcher and API file changes through Redis.
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined;
  if (redis) opened.defer(async () => void (await redis.quit()));
  const bus = withBusMetrics(
    redis
      ? await createRedisEventBus({ redis, logger, retain: config.redisEventsRetain })
      : createInProcessEventBus(),
    metrics,
  );
  // Closed after everything built later: those may still publish (a reply's final state).
  opened.defer(() => bus.close?.());
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
    maxFolders: config.watch.maxFolders,
    pollMs: config.watch.pollMs,
    ignore: await loadWatchIgnoreRules(
      config.projectRoot,
      // WATCH_IGNORE, else the value stored through the settings API, else the default.
      settings.get('watcher.ignore'),
      config.watch.useGitignore,
    ),
    bus,
    logger,
    entryOf: diskEntry,
  });
  opened.defer(() => fileFeed.close());
  await fileFeed.ready;
  settings.onChange('watcher.ignore', (ignore) => {
    loadWatchIgnoreRules(config.projectRoot, ignore, config.watch.useGitignore)
      .then((rules) => fileFeed.updateIgnore(rules))
      .catch((error: unknown) => logger.error({ err: error }, 'could not apply watcher.ignore'));
  });

  const tokens = new TokenStore({ db, bus, adminToken: config.adminToken, logger });
  await tokens.start();
  opened.defer(() => tokens.close());
  const credentials = new CredentialLifetimes({
    bus,
    logger,
    revokedAmong: (ids) => tokens.revokedAmong(ids),
  });
  credentials.start();
  opened.defer(() => credentials.close());
  const promptVersions = new PromptVersionCache({ db, bus, logger });
  promptVersions.start();
  opened.defer(() => promptVersions.close());
  // Chat reads the Gemini key before every reply: from memory, until a secret changes.
  const secrets = new SecretReadCache({ store: secretStore, bus, logger });
  secrets.start();
  opened.defer(() => secrets.close());

  const shutdown = new AbortController();
  // Also on a start that fails before the drain below is registered: live subscriptions end.
  opened.defer(() => shutdown.abort());
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
    contentHistory: new ContentHistory(),
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
    chat: new ChatEngine({
      store: new ChatMessageStore(db),
      bus,
      settings,
      secrets,
      metrics,
      logger,
      gemini: { baseUrl: config.geminiBaseUrl, timeoutMs: config.geminiTimeoutMs },
      shutdown: shutdown.signal,
    }),
    promptVersions,
  };

  // Replies aborted by the shutdown store their final state before the database closes.
  opened.defer(() => services.chat.settle());
  const interrupted = await services.chat.failInterruptedReplies();
  if (interrupted > 0)
    logger.warn({ interrupted }, 'marked replies left unfinished by the last run as FAILED');

  const graphql = createGraphQLServer(schema, services);
  opened.defer(() => graphql.yoga.dispose());
  opened.defer(() => graphql.close());
  const httpServer = createServer(graphql.handler);
  const grpc = createGrpcServer(services);
  // Set once listening; the drain deferred before it reads it when it runs.
  const grpcDoor: { listener?: GrpcListener } = {};
  // First to run: streams are told to end, then both doors drain.
  opened.defer(() =>
    drain(logger, started, {
      interruptReplies: () => services.chat.interrupt(),
      endStreams: () => shutdown.abort(),
      httpServer,
      grpc: { ...grpc, listener: grpcDoor.listener },
    }),
  );
  services.runtime.ports.http = await listenHttp(httpServer, config.host, config.httpPort);
  const grpcListener = await listenGrpc(
    grpc.server,
    config.host,
    config.grpcPort,
    config.grpcConnections,
    logger,
  );
  grpcDoor.listener = grpcListener;
  services.runtime.ports.grpc = grpcListener.port;
  started = true;
  const ports = { ...services.runtime.ports };
  logger.info(
    { host: config.host, httpPort: ports.http, grpcPort: ports.grpc },
    `listening: GraphQL on http://${config.host}:${ports.http}/graphql, gRPC on ${config.host}:${ports.grpc}`,
  );

  let closing: Promise<void> | undefined;
  const close = () => (closing ??= opened.disposeAsync());
  return { services, ports, close };
}

interface Doors {
  /** Ends running replies as INTERRUPTED; resolves once each is stored and announced. */
  interruptReplies: () => Promise<void>;
  endStreams: () => void;
  httpServer: ReturnType<typeof createServer>;
  grpc: ReturnType<typeof createGrpcServer> & { listener: GrpcListener | undefined };
}

async function drain(logger: Logger, started: boolean, doors: Doors): Promise<void> {
  const { httpServer, grpc } = doors;
  if (started) logger.info('shutting down: ending open streams');
  grpc.health.setStatus('', 'NOT_SERVING');
  // Replies end first, while the streams following them are open: their
  // followers get the ERROR / INTERRUPTED event with the text so far, then
  // the end, rather than an end alone.
  await Promise.race([doors.interruptReplies(), delay(drainTimeoutMs, undefined, { ref: false })]);
  // The final events reach each stream's writer through chains of promises:
  // one turn of the loop lets them all get there before the streams end.
  await nextTurn();
  doors.endStreams();
  grpc.listener?.close();
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
}
