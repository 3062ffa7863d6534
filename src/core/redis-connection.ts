// Opens the Redis connection named by REDIS_URL at start, failing the start
// with a ConfigError when Redis cannot be reached: an instance that silently
// ran its own bus beside its peers would lose their events. Once running,
// ioredis reconnects by itself after a drop; the users of the connection
// (event bus, watcher lease) pick up where they stopped.
import { Redis } from 'ioredis';
import { ConfigError } from '../config.ts';
import type { Logger } from './logger.ts';

/** The URL with any password replaced, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis://…';
  }
}

export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    // At start one failure is enough to report; later ones are retried.
    connectTimeout: 5_000,
    maxRetriesPerRequest: 3,
    // Commands issued in the same tick (a burst of publishes) share one write.
    enableAutoPipelining: true,
  });
  // ioredis emits 'error' on every failed reconnect; unhandled it would stop the process.
  redis.on('error', (error: Error) => {
    logger.warn({ err: { message: error.message } }, 'Redis connection error');
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new ConfigError(
      `REDIS_URL cannot be reached (${redactRedisUrl(url)}): ${(error as Error).message.split('\n')[0]}`,
    );
  }
  return redis;
}
