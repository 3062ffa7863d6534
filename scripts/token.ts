// `npm run token -- create|list|revoke`: manages API tokens straight in the
// database, for the first token (before any exists to call the API with) and
// for operators at the console. It reads the configuration the server reads
// (`.env`, then the environment) and applies migrations the same way.
//
// stdout carries only the result (the secret, the list, the revoked id), so it
// can be captured; everything for people goes to stderr.
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parse } from 'dotenv';
import { ConfigError, loadConfig } from '../src/config.ts';
import { TokenStore, type ApiTokenInfo } from '../src/core/auth/token-store.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { isDomainError } from '../src/core/errors.ts';
import { createInProcessEventBus, type EventBus } from '../src/core/event-bus.ts';
import { ensureWritableFolder } from '../src/core/folders.ts';
import { createLogger, type Logger } from '../src/core/logger.ts';
import { connectRedis } from '../src/core/redis-connection.ts';
import { createRedisEventBus } from '../src/core/redis-event-bus.ts';
import { scopes, type Principal } from '../src/core/scopes.ts';
import { parseTokenCommand, usage, UsageError, type TokenCommand } from './token-options.ts';

/** Who the console acts as: every scope, named after the OS user for the audit trail. */
function consolePrincipal(): Principal {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // Some containers run as a uid with no passwd entry.
  }
  return { id: `cli:${user}`, scopes: new Set(scopes) };
}

function statusOf(token: ApiTokenInfo, now: number): string {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && token.expiresAt.getTime() <= now) return 'expired';
  return 'active';
}

function printTable(tokens: ApiTokenInfo[], now: number): void {
  const header = ['ID', 'NAME', 'PREFIX', 'STATUS', 'SCOPES', 'PATHS', 'EXPIRES', 'LAST USED'];
  const rows = tokens.map((token) => [
    token.id,
    token.name,
    token.prefix,
    statusOf(token, now),
    token.scopes.join(','),
    token.paths?.map((rule) => `${rule.glob}=${rule.access}`).join(' ') ?? '*',
    token.expiresAt?.toISOString() ?? 'never',
    token.lastUsedAt?.toISOString() ?? 'never',
  ]);
  const widths = header.map((_, i) =>
    Math.max(...[header, ...rows].map((row) => row[i]?.length ?? 0)),
  );
  for (const row of [header, ...rows]) {
    process.stdout.write(
      `${row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd()}\n`,
    );
  }
}

/**
 * The servers' shared bus when REDIS_URL is set, so a revocation made here
 * reaches every running instance at once (their caches, live streams). Without
 * it, a private bus: running servers notice when their cached answer for the
 * token expires (30 s), and only requests are refused, so revoke through the
 * API to end open streams too.
 */
async function openBus(
  redisUrl: string | undefined,
  logger: Logger,
): Promise<{ bus: EventBus; close(): Promise<void> }> {
  if (!redisUrl) return { bus: createInProcessEventBus(), close: async () => {} };
  const redis = await connectRedis(redisUrl, logger);
  const bus = await createRedisEventBus({ redis, logger });
  return {
    bus,
    async close() {
      await bus.close?.();
      await redis.quit();
    },
  };
}

async function run(command: Exclude<TokenCommand, { kind: 'help' }>): Promise<void> {
  // The environment wins over .env, as for the server (src/main.ts).
  const fileEnv = existsSync('.env') ? parse(readFileSync('.env')) : {};
  const env = { ...fileEnv, ...process.env };
  const config = loadConfig(env);
  await ensureWritableFolder('DATA_DIR', config.dataDir);
  const { db } = await openDatabase(config.databaseUrl).catch((error: unknown) => {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      `DATABASE_URL cannot be opened or migrated: ${(error as Error).message.split('\n')[0]}`,
    );
  });
  const logger = createLogger({
    level: config.logLevel,
    format: process.stderr.isTTY ? 'pretty' : 'json',
    destination: process.stderr,
  });
  const shared = await openBus(config.redisUrl, logger).catch(async (error: unknown) => {
    await db.$disconnect();
    throw error;
  });
  const tokens = new TokenStore({ db, bus: shared.bus, adminToken: undefined, logger });
  const by = consolePrincipal();
  try {
    switch (command.kind) {
      case 'create': {
        const { secret, token } = await tokens.create(command, by);
        process.stdout.write(`${secret}\n`);
        process.stderr.write(
          `created API token ${token.id} (${token.name}) with ${token.scopes.join(', ')}` +
            `${token.expiresAt ? `, expiring ${token.expiresAt.toISOString()}` : ''}.\n` +
            'The secret above is shown this once: store it now.\n',
        );
        break;
      }
      case 'list': {
        const list = await tokens.list();
        if (command.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        else if (list.length === 0) process.stderr.write('no API tokens yet\n');
        else printTable(list, Date.now());
        break;
      }
      case 'revoke': {
        const token = await tokens.revoke(command.id, by);
        process.stdout.write(
          `revoked ${token.id} (${token.name}) at ${token.revokedAt?.toISOString()}\n`,
        );
        break;
      }
    }
  } finally {
    await tokens.close();
    await shared.close();
    await db.$disconnect();
  }
}

try {
  const command = parseTokenCommand(process.argv.slice(2), Date.now());
  if (command.kind === 'help') process.stdout.write(`${usage}\n`);
  else await run(command);
} catch (error) {
  const known = error instanceof UsageError || error instanceof ConfigError || isDomainError(error);
  const message = known
    ? (error as Error).message
    : `failed: ${String((error as Error)?.message ?? error).split('\n')[0]}`;
  process.stderr.write(`genpod token: ${message}\n`);
  if (error instanceof UsageError) process.stderr.write(`\n${usage}\n`);
  process.exitCode = 1;
}
