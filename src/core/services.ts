// The long-lived parts of one server, built once by src/server.ts and handed
// to every domain operation (inside its Context) and to every transport.
import type { ContentHistory } from './files/content-history.ts';
import type { Config } from '../config.ts';
import type { ChatEngine } from './chat/chat-engine.ts';
import type { CredentialLifetimes } from './auth/credential-lifetimes.ts';
import type { Database } from './db/database.ts';
import type { EventBus } from './event-bus.ts';
import type { TokenStore } from './auth/token-store.ts';
import type { FileAccessPolicy } from './files/access-policy.ts';
import type { ProjectJail } from './files/project-jail.ts';
import type { FileChangeFeed } from './watch/file-change-feed.ts';
import type { Logger } from './logger.ts';
import type { LogStore } from './logs/log-store.ts';
import type { Metrics } from './metrics.ts';
import type { PromptVersionCache } from './prompts/version-cache.ts';
import type { RateLimits } from './rate-limit.ts';
import type { SecretStore } from './secrets/secret-store.ts';
import type { SettingsStore } from './settings/settings-store.ts';

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
  /** Signals that end live streams when their token is revoked or expires. */
  credentials: CredentialLifetimes;
  /** Prompt versions resolved for rendering, emptied on every prompt change (src/core/prompts). */
  promptVersions: PromptVersionCache;
  /** Recent contents of followed files, for fileContent edits on resume (src/core/files/content-history.ts). */
  contentHistory: ContentHistory;
  /** Chat sessions, messages and the Gemini replies being generated (src/core/chat). */
  chat: ChatEngine;
}
