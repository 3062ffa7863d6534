// Secrets read by the server itself kept in memory, decrypted: chat reads the
// Gemini key before every reply, and reading it costs a database query (which
// the SQLite driver runs synchronously) and a Fernet decryption, on the path
// to the reply's first token. Every change made through this store (set,
// delete, rotate) empties the cache and is announced on secretsChangedTopic;
// the announcement of another instance sharing the bus empties it too, and so
// does a RESYNC of that topic, as a missed announcement might be behind it.
// The announcement carries the secret's name only, never its value.
import { clearOnEveryDelivery, type BusFollower } from '../bus-cleared-cache.ts';
import { topic, type EventBus } from '../event-bus.ts';
import type { Logger } from '../logger.ts';
import type { Actor } from '../settings/audit-trail.ts';
import type { RotationResult, SecretInfo, SecretStore } from './secret-store.ts';

export interface SecretChange {
  /** The secret set or deleted; null when every secret was rotated. */
  name: string | null;
  kind: 'SET' | 'DELETE' | 'ROTATE';
}

export const secretsChangedTopic = topic<SecretChange>('secrets.changed');

export interface SecretReadCacheOptions {
  store: SecretStore;
  bus: EventBus;
  logger: Logger;
}

export class SecretReadCache implements SecretStore {
  readonly #store: SecretStore;
  readonly #bus: EventBus;
  readonly #logger: Logger;
  /** Values `read` returned, undefined included (a secret not set), by name. */
  readonly #values = new Map<string, string | undefined>();
  /** Counts clears: a read that began before a change must not store what it found. */
  #generation = 0;
  #caching = true;
  #listening: BusFollower | undefined;

  constructor(options: SecretReadCacheOptions) {
    this.#store = options.store;
    this.#bus = options.bus;
    this.#logger = options.logger;
  }

  async read(name: string): Promise<string | undefined> {
    if (this.#values.has(name)) return this.#values.get(name);
    const generation = this.#generation;
    // A secret that cannot be decrypted throws here and is not kept: each read says so.
    const value = await this.#store.read(name);
    if (this.#caching && generation === this.#generation) this.#values.set(name, value);
    return value;
  }

  async set(name: string, value: string, actor: Actor): Promise<SecretInfo> {
    try {
      return await this.#store.set(name, value, actor);
    } finally {
      await this.#changed({ name, kind: 'SET' });
    }
  }

  async delete(name: string, actor: Actor): Promise<boolean> {
    try {
      return await this.#store.delete(name, actor);
    } finally {
      await this.#changed({ name, kind: 'DELETE' });
    }
  }

  async rotate(actor: Actor): Promise<RotationResult> {
    try {
      return await this.#store.rotate(actor);
    } finally {
      await this.#changed({ name: null, kind: 'ROTATE' });
    }
  }

  list(): Promise<SecretInfo[]> {
    return this.#store.list();
  }

  info(name: string): Promise<SecretInfo> {
    return this.#store.info(name);
  }

  /** Forgets every value read. */
  clear(): void {
    this.#generation++;
    this.#values.clear();
  }

  /** Follows changes on the bus, this instance's and other instances'. */
  start(): void {
    this.#listening ??= clearOnEveryDelivery(this.#bus, secretsChangedTopic, {
      clear: () => this.clear(),
      stopped: (error) => {
        this.#logger.error({ err: error }, 'stopped following secret changes: reads uncached');
        this.#caching = false;
        this.clear();
      },
    });
  }

  async close(): Promise<void> {
    await this.#listening?.close();
    this.#listening = undefined;
  }

  /**
   * Cleared here at once, so the caller's next read sees its change even where
   * the bus delivers later (Redis); a failed change is announced too, since
   * part of it may have been stored.
   */
  async #changed(change: SecretChange): Promise<void> {
    this.clear();
    await this.#bus.publish(secretsChangedTopic, change).catch((error: unknown) => {
      this.#logger.error({ err: error }, 'could not announce a secret change to other instances');
    });
  }
}
