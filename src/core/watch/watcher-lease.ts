// Which server instance watches PROJECT_ROOT when several share it through
// Redis: the one holding a lease (`SET key <instance> NX PX ttl`), renewed
// while it lives. When it dies the key expires and another instance takes the
// lease within about a third of the ttl more; a clean shutdown releases it at
// once. Watching from two instances would publish every disk change twice.
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

export interface WatcherLeaseHandlers {
  /**
   * This instance now owns the watcher. `takeover` is true when some instance
   * watched before (this cluster's first owner has nothing to catch up on).
   */
  acquired(takeover: boolean): Promise<void>;
  /** This instance no longer owns the watcher (renewal failed or it is closing). */
  lost(): Promise<void>;
}

export interface WatcherLease {
  readonly instanceId: string;
  /** Whether this instance holds the lease. */
  holds(): boolean;
  /** The instance that held the lease when last checked; undefined when none does. */
  owner(): string | undefined;
  /** Resolves after the first attempt to take the lease (and its handler) is over. */
  start(handlers: WatcherLeaseHandlers): Promise<void>;
  /** Stops renewing and releases the lease if held. */
  close(): Promise<void>;
}

export interface RedisWatcherLeaseOptions {
  redis: Redis;
  instanceId: string;
  logger: Logger;
  /** How long the lease lives without renewal. @default 5_000 */
  ttlMs?: number;
  /** @default 'genpod:watcher:lease' */
  key?: string;
}

// Only the holder may extend or delete the key: a holder that stalled past
// its ttl must not cut short the lease its successor took meanwhile.
const renewScript = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const releaseScript = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export function createRedisWatcherLease(options: RedisWatcherLeaseOptions): WatcherLease {
  const { redis, instanceId, logger } = options;
  const ttlMs = options.ttlMs ?? 5_000;
  const key = options.key ?? 'genpod:watcher:lease';
  /** Set by the first owner and never removed: later owners know they take over. */
  const watchedKey = `${key}:watched`;
  let held = false;
  /** Until when our lease surely lasts, from the last renewal Redis confirmed. */
  let heldUntil = 0;
  let owner: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let handlers: WatcherLeaseHandlers | undefined;
  /** Renewals and attempts, one after another. */
  let turn: Promise<void> = Promise.resolve();
  /**
   * Handlers run in order on a chain of their own: starting a watcher can
   * take longer than the lease lives, and renewals must not wait for it.
   */
  let handling: Promise<void> = Promise.resolve();
  const handle = (run: (h: WatcherLeaseHandlers) => Promise<void>) => {
    handling = handling
      .then(() => (handlers ? run(handlers) : undefined))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'file watcher lease: a handler failed');
      });
  };

  const lose = (why: string) => {
    held = false;
    owner = undefined;
    logger.warn({ instanceId, why }, 'file watcher lease lost: this instance stops watching');
    handle((h) => h.lost());
  };

  const attempt = async () => {
    if (closed) return;
    const startedAt = Date.now();
    try {
      if (held) {
        const renewed = await redis.eval(renewScript, 1, key, instanceId, String(ttlMs));
        if (renewed === 1) heldUntil = startedAt + ttlMs;
        else lose('another instance holds it');
        return;
      }
      const taken = await redis.set(key, instanceId, 'PX', ttlMs, 'NX');
      if (taken === 'OK') {
        held = true;
        heldUntil = startedAt + ttlMs;
        owner = instanceId;
        const before = await redis.set(watchedKey, instanceId, 'GET');
        logger.info({ instanceId, takeover: before !== null }, 'file watcher lease taken');
        handle((h) => h.acquired(before !== null));
      } else {
        owner = (await redis.get(key)) ?? undefined;
      }
    } catch (error) {
      logger.warn({ err: error }, 'file watcher lease: renewing or taking it failed');
      // Past its ttl another instance may already watch: stop rather than watch twice.
      if (held && Date.now() >= heldUntil) lose('could not renew it in time');
    }
  };

  const step = () =>
    attempt().catch((error: unknown) => {
      logger.error({ err: error }, 'file watcher lease: an attempt failed');
    });

  const schedule = () => {
    if (closed) return;
    timer = setTimeout(
      () => {
        turn = turn.then(step).finally(schedule);
      },
      Math.max(50, Math.floor(ttlMs / 3)),
    );
  };

  return {
    instanceId,
    holds: () => held,
    owner: () => owner,
    start(leaseHandlers) {
      handlers = leaseHandlers;
      turn = turn.then(step);
      void turn.finally(schedule);
      // Ready once the first attempt's handler (starting the watcher) is over too.
      return turn.then(() => handling);
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await turn.catch(() => {});
      if (held) {
        held = false;
        owner = undefined;
        handle((h) => h.lost());
      }
      await handling;
      if (!heldUntil) return;
      await redis.eval(releaseScript, 1, key, instanceId).catch((error: unknown) => {
        logger.warn({ err: error }, 'could not release the file watcher lease; it will expire');
      });
    },
  };
}
