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
  let done = false;
  const iterator: AsyncIterableIterator<U> = {
    async next(): Promise<IteratorResult<U>> {
      if (!initial) {
        try {
          initial = [...(await (options.initial ?? []))];
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
