// The composition root: config → folders and keys → database → services →
// GraphQL over HTTP and gRPC, and the shutdown that drains them in turn.
import { createServer } from 'node:http';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './core/db/database.ts';
import { createInProcessEventBus } from './core/event-bus.ts';
import { loadOrCreateFernetSecret } from './core/fernet-key-file.ts';
import { ensureWritableFolder } from './core/folders.ts';
import { listenGrpc, listenHttp } from './core/listen.ts';
import { createLogger, type Logger } from './core/logger.ts';
import { createGrpcServer } from './grpc/server.ts';
import { createGraphQLServer } from './http/yoga.ts';
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
  const logger = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  await ensureWritableFolder('DATA_DIR', config.dataDir);
  await ensureWritableFolder('PROJECT_ROOT', config.projectRoot);
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

  const shutdown = new AbortController();
  const services: Services = {
    config,
    db,
    logger,
    runtime: { version, startedAt: new Date(), ports: { http: 0, grpc: 0 } },
    bus: createInProcessEventBus(),
    shutdown: shutdown.signal,
  };

  const yoga = createGraphQLServer(schema, services);
  const httpServer = createServer(yoga);
  const grpc = createGrpcServer(services);
  try {
    services.runtime.ports.http = await listenHttp(httpServer, config.host, config.httpPort);
    services.runtime.ports.grpc = await listenGrpc(grpc.server, config.host, config.grpcPort);
  } catch (error) {
    httpServer.close();
    grpc.server.forceShutdown();
    await db.$disconnect();
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
        await db.$disconnect();
      },
    ));
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
