// What every domain operation receives, whichever transport called it.
import type { Config } from '../config.ts';
import type { CredentialLifetimes } from '../core/auth/credential-lifetimes.ts';
import type { Database } from '../core/db/database.ts';
import type { EventBus } from '../core/event-bus.ts';
import type { TokenStore } from '../core/auth/token-store.ts';
import type { FileAccessPolicy } from '../core/files/access-policy.ts';
import type { ProjectJail } from '../core/files/project-jail.ts';
import type { FileChangeFeed } from '../core/watch/file-change-feed.ts';
import type { Logger } from '../core/logger.ts';
import type { PromptVersionCache } from '../core/prompts/version-cache.ts';
import type { LogStore } from '../core/logs/log-store.ts';
import type { Metrics } from '../core/metrics.ts';
import type { RateLimits } from '../core/rate-limit.ts';
import type { Principal } from '../core/scopes.ts';
import type { SecretStore } from '../core/secrets/secret-store.ts';
import type { SettingsStore } from '../core/settings/settings-store.ts';

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
  /** Watches PROJECT_ROOT; API writes publish through it (src/core/watch). */
  fileFeed: FileChangeFeed;
  /** Aborted when the server begins to shut down: live streams end on it. */
  shutdown: AbortSignal;
  /** Typed settings in effect: environment, then database, then defaults. */
  settings: SettingsStore;
  /** Secrets encrypted with FERNET_SECRET; read plaintexts with `readSecret`. */
  secrets: SecretStore;
  /** Prometheus metrics every domain records into, e.g. `metrics.fileOperations.inc({ operation })`. */
  metrics: Metrics;
  /** Log files and live tails (src/core/logs). */
  logs: LogStore;
  /** The one door to PROJECT_ROOT: every file operation resolves and opens paths through it. */
  projectJail: ProjectJail;
  /** Who may read and write which project files; one object, so settings can replace its rules live. */
  fileAccess: FileAccessPolicy;
  /** Operations per principal and failed authentications per address (src/core/rate-limit.ts). */
  rateLimits: RateLimits;
  /** API tokens: authenticate bearer secrets; create, list and revoke tokens (src/core/auth). */
  tokens: TokenStore;
  /** Prompt versions resolved for rendering, emptied on every prompt change (src/core/prompts). */
  promptVersions: PromptVersionCache;
  /** Signals that end live streams when their token is revoked or expires. */
  credentials: CredentialLifetimes;
}

export type Transport = 'graphql' | 'grpc';

/** One call's view of the server. */
export interface Context {
  services: Services;
  transport: Transport;
  requestId: string;
  /** Who is calling; domain operations check its scopes. */
  principal: Principal;
  /** SSE `Last-Event-ID` of a reconnecting client: where its streams resume. */
  lastEventId?: string | undefined;
}
