// Live streams are chains of async iterators. An async generator cannot be
// stopped while it awaits its source: its return() waits for the source's
// next value, so a client that leaves a quiet stream would hold its
// subscription until something happens. These helpers pass return() straight
// through to the source instead.

/** What a transform returns to drop a value. */
export const skipValue: unique symbol = Symbol('skip');

export interface TransformOptions<U> {
  /** Values sent before the source's first (a promise is awaited on the first read). */
  initial?: readonly U[] | Promise<readonly U[]>;
}

export function transformAsyncIterator<T, U>(
  source: AsyncIterator<T>,
  transform: (value: T) => U | typeof skipValue | Promise<U | typeof skipValue>,
  options: TransformOptions<U> = {},
): AsyncIterableIterator<U> {
  let initial: U[] | undefined;
  // Read once, then let go: a stream that sent a big first value (StreamData's
  // project structure) must not keep it for as long as it stays open.
  let pendingInitial: TransformOptions<U>['initial'] = options.initial;
  let done = false;
  const iterator: AsyncIterableIterator<U> = {
    async next(): Promise<IteratorResult<U>> {
      if (!initial) {
        const first = pendingInitial ?? [];
        pendingInitial = undefined;
        try {
          initial = [...(await first)];
        } catch (error) {
          done = true;
          await source.return?.();
          throw error;
        }
      }
      if (initial.length > 0 && !done) return { done: false, value: initial.shift() as U };
      while (!done) {
        const result = await source.next();
        if (result.done) break;
        const value = await transform(result.value);
        if (value !== skipValue) return { done: false, value };
      }
      done = true;
      return { done: true, value: undefined };
    },
    async return(): Promise<IteratorResult<U>> {
      done = true;
      await source.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** Each value mapped, with return() passed through. */
export function mapAsyncIterator<T, U>(
  source: AsyncIterator<T>,
  map: (value: T) => U,
): AsyncIterableIterator<U> {
  return transformAsyncIterator(source, map);
}

/**
 * The source's values until `signal` aborts; then the source is returned, and
 * `last(reason)` (when given) is sent as the final value, so a client learns
 * why its stream ended instead of seeing it just stop.
 *
 * Each read races the source against a promise of its own: racing every read
 * against one long-lived promise would leave a reaction on it per event, kept
 * until the signal fires (for a shutdown signal shared by every stream, that
 * is a leak).
 */
export function endOnAbort<T>(
  source: AsyncIterator<T>,
  signal: AbortSignal,
  last?: (reason: unknown) => T,
): AsyncIterableIterator<T> {
  let state: 'open' | 'done' = 'open';
  let wake: ((value: 'aborted') => void) | undefined;
  const isOpen = () => state === 'open';
  // One listener for the stream's life, removed when it ends: a token's signal
  // is shared by all its streams and outlives most of them.
  const onAbort = () => wake?.('aborted');
  signal.addEventListener('abort', onAbort);
  const close = () => {
    state = 'done';
    wake = undefined;
    signal.removeEventListener('abort', onAbort);
    // Not awaited: a source busy awaiting (an async generator asleep between
    // beats) would hold the ending until it woke.
    void Promise.resolve(source.return?.()).catch(() => {});
  };
  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      if (state === 'done') return { done: true, value: undefined };
      let result: IteratorResult<T> | 'aborted' = 'aborted';
      if (!signal.aborted) {
        const aborted = new Promise<'aborted'>((resolve) => (wake = resolve));
        result = await Promise.race([source.next(), aborted]);
        wake = undefined;
      }
      if (result === 'aborted') {
        // return() may have run while this read waited.
        if (!isOpen()) return { done: true, value: undefined };
        close();
        return last
          ? { done: false, value: last(signal.reason) }
          : { done: true, value: undefined };
      }
      if (result.done && isOpen()) close();
      return result;
    },
    async return(): Promise<IteratorResult<T>> {
      if (state !== 'done') close();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/**
 * The values of several sources as they come, in one iterator (what Yoga's
 * Repeater.merge did, with return() passed through to every source). Ends
 * when all sources have; an error of one ends the rest and is thrown.
 */
export function mergeAsyncIterators<T>(
  sources: ReadonlyArray<AsyncIterator<T>>,
): AsyncIterableIterator<T> {
  type Settled = { index: number; result: IteratorResult<T> };
  const pending = new Map<number, Promise<Settled>>();
  let started = false;
  let done = false;
  const pull = (index: number) => {
    const source = sources[index] as AsyncIterator<T>;
    const read = source.next().then((result) => ({ index, result }));
    // Raced by a later next(); until then its failure must not count as unhandled.
    read.catch(() => {});
    pending.set(index, read);
  };
  const returnAll = async () => {
    done = true;
    pending.clear();
    await Promise.allSettled(sources.map((source) => source.return?.()));
  };
  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      if (!started) {
        started = true;
        sources.forEach((_, index) => pull(index));
      }
      while (!done && pending.size > 0) {
        let settled: Settled;
        try {
          settled = await Promise.race(pending.values());
        } catch (error) {
          await returnAll();
          throw error;
        }
        if (done) break;
        if (settled.result.done) {
          pending.delete(settled.index);
          continue;
        }
        pull(settled.index);
        return { done: false, value: settled.result.value };
      }
      done = true;
      return { done: true, value: undefined };
    },
    async return(): Promise<IteratorResult<T>> {
      await returnAll();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/**
 * An async generator whose return() does not wait for its pending await:
 * `stop` runs first and must make that await settle (close the generator's
 * source), then the generator is returned and its finally blocks run.
 */
export function stoppable<T>(
  generator: AsyncGenerator<T>,
  stop: () => void,
): AsyncIterableIterator<T> {
  const iterator: AsyncIterableIterator<T> = {
    next: () => generator.next(),
    async return(): Promise<IteratorResult<T>> {
      stop();
      await generator.return(undefined);
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
