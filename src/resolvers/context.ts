// What every domain operation receives, whichever transport called it.
import type { Config } from '../config.ts';
import type { Database } from '../core/db/database.ts';
import type { EventBus } from '../core/event-bus.ts';
import type { Logger } from '../core/logger.ts';
import type { Principal } from '../core/scopes.ts';

export interface Runtime {
  version: string;
  startedAt: Date;
  /** Filled in once the listeners are bound (ports may be chosen by the OS). */
  ports: { http: number; grpc: number };
}

/** Long-lived parts of the server, built once by src/server.ts. */
export interface Services {
  config: Config;
  db: Database;
  logger: Logger;
  runtime: Runtime;
  /** Live events for every domain (src/core/event-bus.ts). */
  bus: EventBus;
  /** Aborted when the server begins to shut down: live streams end on it. */
  shutdown: AbortSignal;
}

export type Transport = 'graphql' | 'grpc';

/** One call's view of the server. */
export interface Context {
  services: Services;
  transport: Transport;
  requestId: string;
  /** Who is calling; domain operations check its scopes. */
  principal: Principal;
}
