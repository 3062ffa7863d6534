// endOnAbort: the wrapper that ends live streams on shutdown and when a
// token is revoked, tested on a source that only yields when told to.
import { describe, expect, it } from 'vitest';
import { endOnAbort } from '../../src/core/async-iterators.ts';

/** An async iterator yielding what `send` is given, and recording return(). */
function controlledSource<T>() {
  const waiting: Array<(result: IteratorResult<T>) => void> = [];
  let returned = 0;
  const source: AsyncIterator<T> = {
    next: () => new Promise((resolve) => waiting.push(resolve)),
    return: () => {
      returned++;
      for (const resolve of waiting.splice(0)) resolve({ done: true, value: undefined });
      return Promise.resolve({ done: true, value: undefined });
    },
  };
  return {
    source,
    send: (value: T) => waiting.shift()?.({ done: false, value }),
    returned: () => returned,
  };
}

describe('endOnAbort', () => {
  it('passes values through until the source ends', async () => {
    const { source, send } = controlledSource<number>();
    const stream = endOnAbort(source, new AbortController().signal);
    const first = stream.next();
    send(1);
    expect(await first).toEqual({ done: false, value: 1 });
  });

  it('ends a stream waiting for its next value when the signal aborts, with a last value', async () => {
    const { source, returned } = controlledSource<string>();
    const controller = new AbortController();
    const stream = endOnAbort(source, controller.signal, (reason) => `ended: ${String(reason)}`);
    const pending = stream.next();
    controller.abort('revoked');
    expect(await pending).toEqual({ done: false, value: 'ended: revoked' });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(returned()).toBe(1);
  });

  it('ends at the next read when the signal aborted between reads', async () => {
    const { source, send } = controlledSource<number>();
    const controller = new AbortController();
    const stream = endOnAbort(source, controller.signal);
    const first = stream.next();
    send(1);
    await first;
    controller.abort();
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('stops listening to the signal once the stream ends', async () => {
    const signal = new AbortController().signal;
    const removed: unknown[] = [];
    const remove = signal.removeEventListener.bind(signal);
    signal.removeEventListener = (type: string, listener: never) => {
      removed.push(listener);
      remove(type, listener);
    };
    const stream = endOnAbort(controlledSource<number>().source, signal);
    await stream.return?.();
    expect(removed).toHaveLength(1);
  });
});
