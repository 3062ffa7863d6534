// Resolved prompt versions kept in memory, so rendering a prompt (which agents
// do on every call) reads the database once per version rather than twice per
// render. Every change to the library publishes on promptChangesTopic; any
// such event, from this instance or another one sharing the bus, empties the
// whole cache (changes are rare, and a prompt may be part of another one, so
// a change to one name may change what others render). A RESYNC, meaning
// events may have been missed, empties it too.
import type { Logger } from '../logger.ts';
import type { Database } from '../db/database.ts';
import { clearOnEveryDelivery, type BusFollower } from '../bus-cleared-cache.ts';
import type { EventBus } from '../event-bus.ts';
import { promptChangesTopic } from './change-event.ts';
import { checkPromptName } from './identifiers.ts';
import {
  checkSelector,
  getRenderVersion,
  type PromptVersionRecord,
  type VersionSelector,
} from './repository.ts';

export interface PromptVersionCacheOptions {
  db: Database;
  bus: EventBus;
  logger: Logger;
  /** Entries kept; past it the oldest goes. @default 1000 */
  limit?: number;
}

/** Looks up a version as `getRenderVersion` does: the seam rendering takes. */
export type VersionLookup = (
  name: string,
  selector: VersionSelector,
) => Promise<PromptVersionRecord>;

export class PromptVersionCache {
  readonly #db: Database;
  readonly #bus: EventBus;
  readonly #logger: Logger;
  #limit: number;
  /** By name and selector. Map order is insertion order: the first key is the oldest. */
  readonly #entries = new Map<string, PromptVersionRecord>();
  /**
   * Counts clears. A lookup that began before a change must not store its
   * (possibly stale) answer after the change emptied the cache.
   */
  #generation = 0;
  #listening: BusFollower | undefined;

  constructor(options: PromptVersionCacheOptions) {
    this.#db = options.db;
    this.#bus = options.bus;
    this.#logger = options.logger;
    this.#limit = options.limit ?? 1000;
  }

  /** The version `getRenderVersion` would find, from memory when it was found before. */
  readonly lookup: VersionLookup = async (name, selector) => {
    // Checked on every call, so a bad request is refused the same from memory.
    checkSelector(selector);
    checkPromptName(name);
    const key = cacheKey(name, selector);
    const cached = this.#entries.get(key);
    if (cached) return cached;
    const generation = this.#generation;
    const found = await getRenderVersion(this.#db, name, selector);
    if (generation === this.#generation) {
      this.#entries.set(key, found);
      if (this.#entries.size > this.#limit) {
        const oldest = this.#entries.keys().next();
        if (!oldest.done) this.#entries.delete(oldest.value);
      }
    }
    return found;
  };

  /**
   * Forgets everything. The bus does it for every change; the operation that
   * made a change calls it too, so its own caller reads the change at once
   * even where the bus delivers later (Redis).
   */
  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }

  /** Follows prompt changes on the bus, this instance's and other instances'. */
  start(): void {
    this.#listening ??= clearOnEveryDelivery(this.#bus, promptChangesTopic, {
      clear: () => this.clear(),
      stopped: (error) => {
        this.#logger.error({ err: error }, 'stopped following prompt changes: rendering uncached');
        this.clear();
        this.#limit = 0;
      },
    });
  }

  async close(): Promise<void> {
    await this.#listening?.close();
    this.#listening = undefined;
  }
}

function cacheKey(name: string, { version, label }: VersionSelector): string {
  if (version !== undefined && version !== null) return `${name}\0#${version}`;
  if (label !== undefined && label !== null) return `${name}\0@${label}`;
  return `${name}\0`;
}
