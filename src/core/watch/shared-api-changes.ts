// API changes announced to whichever instance watches the disk. An API write
// on instance A publishes its event itself and announces it before touching
// the disk (FileChangeFeed.expectFromApi), so the watcher recognises its
// sighting as an echo. When the watcher runs on instance B, the announcement
// must reach B first: A appends it to a Redis stream and waits for Redis to
// confirm before it writes, and B reads the stream up to its end before it
// decides that a disk change is news. Redis has the announcement before the
// disk has the change, and B asks Redis after the disk told it, so B cannot
// miss it however the two instances' timings fall.
import type { Redis } from 'ioredis';
import { decodeBusPayload, encodeBusPayload } from '../bus-payload-json.ts';
import type { FileChange } from './file-change.ts';

export interface SharedApiChanges {
  /** Stores the change for the watching instance; resolves once Redis has it. */
  announce(change: FileChange): Promise<void>;
  /** Changes other instances announced since the last call, oldest first. */
  collect(): Promise<FileChange[]>;
}

export interface RedisSharedApiChangesOptions {
  redis: Redis;
  instanceId: string;
  /** Announcements older than this are of no use to the watcher. @default 5_000 */
  maxAgeMs?: number;
  /** @default 'genpod:files:api-changes' */
  key?: string;
}

export async function createRedisSharedApiChanges(
  options: RedisSharedApiChangesOptions,
): Promise<SharedApiChanges> {
  const { redis, instanceId } = options;
  const key = options.key ?? 'genpod:files:api-changes';
  const maxAgeMs = options.maxAgeMs ?? 5_000;
  // Start at the stream's end: what was announced before this instance started is old news.
  const [newest] = (await redis.xrevrange(key, '+', '-', 'COUNT', 1)) as Array<[string, string[]]>;
  let cursor = newest?.[0] ?? '0-0';

  return {
    async announce(change) {
      // Trimmed by age too, so the stream stays small however busy the API is.
      await redis.xadd(
        key,
        'MINID',
        '~',
        String(Date.now() - 4 * maxAgeMs),
        '*',
        'i',
        instanceId,
        'c',
        encodeBusPayload(change),
      );
    },
    async collect() {
      const changes: FileChange[] = [];
      const oldest = Date.now() - maxAgeMs;
      for (;;) {
        const entries = (await redis.xrange(key, `(${cursor}`, '+', 'COUNT', 500)) as Array<
          [string, string[]]
        >;
        for (const [id, fields] of entries) {
          cursor = id;
          const [, from, , encoded] = fields;
          // This instance's own announcements are in its memory already.
          if (from === instanceId || encoded === undefined) continue;
          if (Number(id.split('-')[0]) < oldest) continue;
          changes.push(decodeBusPayload<FileChange>(encoded));
        }
        if (entries.length < 500) return changes;
      }
    },
  };
}
