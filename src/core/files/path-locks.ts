// Serialises operations on the same paths inside this process, so that two
// writes with the same `ifVersion` cannot both pass the check before either
// renames its file into place.
export class PathLocks {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `operation` once no other operation holds any of `keys`. */
  async run<T>(keys: readonly string[], operation: () => Promise<T>): Promise<T> {
    // One order for everyone, so two operations on the same pair cannot deadlock.
    const sorted = [...new Set(keys)].sort();
    const releases: Array<() => void> = [];
    try {
      for (const key of sorted) releases.push(await this.#acquire(key));
      return await operation();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  /** How many paths have an operation running or waiting (for tests: nothing may leak). */
  get size(): number {
    return this.#tails.size;
  }

  async #acquire(key: string): Promise<() => void> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const { promise: done, resolve } = Promise.withResolvers<undefined>();
    const tail = previous.then(() => done);
    this.#tails.set(key, tail);
    await previous;
    return () => {
      resolve(undefined);
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    };
  }
}
