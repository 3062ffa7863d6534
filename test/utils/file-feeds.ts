// Following file changes in tests without fixed sleeps: a spy on the server's
// bus says when the watcher has published a change (so a test knows an event
// that a filter should hold back has been and gone), and feeds over SSE and
// gRPC count as open once the bus has their subscriber.
import type { ClientReadableStream } from '@grpc/grpc-js';
import type { EventBus } from '../../src/core/event-bus.ts';
import { fileChangesTopic, type FileChange } from '../../src/core/watch/file-change.ts';
import type { DataUpdate__Output } from '../../src/grpc/generated/genpod/agent/v1/DataUpdate.ts';
import { readEventStream, postEventStream } from './sse.ts';
import type { TestServer } from './tserver.ts';

/** Polls `condition` until it holds; fails after `timeoutMs`, naming `what`. */
export async function waitUntil(
  condition: () => boolean,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Rejects after `ms` unless `promise` settles first. */
export function within<T>(promise: Promise<T>, what: string, ms = 5_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface BusSpy {
  /** Resolves with the first published change, not taken before, that `matches`. */
  published(matches: (change: FileChange) => boolean, what: string): Promise<FileChange>;
  close(): Promise<void>;
}

/** Watches every file change the server publishes, unfiltered. */
export function spyOnFileChanges(bus: EventBus): BusSpy {
  const subscription = bus.subscribe(fileChangesTopic);
  const seen: FileChange[] = [];
  void (async () => {
    for await (const delivery of subscription) {
      if (delivery.type === 'event') seen.push(delivery.payload);
    }
  })();
  return {
    async published(matches, what) {
      let index = -1;
      await waitUntil(() => (index = seen.findIndex(matches)) !== -1, `${what} on the bus`);
      const [change] = seen.splice(index, 1);
      return change as FileChange;
    },
    async close() {
      await subscription.return?.();
    },
  };
}

/** Resolves once the bus has more subscribers than `before`. */
function subscribed(t: TestServer, before: number, what: string): Promise<void> {
  return waitUntil(() => t.server.services.bus.stats().subscribers > before, what);
}

export interface SseFeed<T> {
  next(): Promise<T>;
  /** Closes the stream; resolves once the server let go of its bus subscriber (unless shared). */
  close(): Promise<void>;
}

/**
 * A Yoga SSE subscription opened with a raw fetch, as a browser would; open
 * once the server subscribed to the bus, unless it joins a shared execution
 * (`shared`), which adds no bus subscriber (it has joined once the response
 * starts). Tests open and close feeds one after another, so the bus's count
 * tells when each one's subscriber comes and goes.
 */
export async function openSseFeed<T>(
  t: TestServer,
  query: string,
  variables: Record<string, unknown>,
  options: { shared?: boolean } = {},
): Promise<SseFeed<T>> {
  const before = t.server.services.bus.stats().subscribers;
  const controller = new AbortController();
  const response = await postEventStream(
    t.graphqlUrl,
    { query, variables },
    { headers: t.authHeaders, signal: controller.signal },
  );
  const events = readEventStream(response);
  if (!options.shared) await subscribed(t, before, 'the SSE subscription');
  return {
    async next() {
      const result = await within(events.next(), 'SSE event');
      if (result.done) throw new Error('stream ended');
      const payload = JSON.parse(result.value.data) as {
        data?: Record<string, T>;
        errors?: unknown;
      };
      if (!payload.data) throw new Error(`error event: ${JSON.stringify(payload.errors)}`);
      return Object.values(payload.data)[0] as T;
    },
    async close() {
      const open = t.server.services.bus.stats().subscribers;
      controller.abort();
      await events.return(undefined);
      if (!options.shared) {
        await waitUntil(
          () => t.server.services.bus.stats().subscribers < open,
          'the feed to close',
        );
      }
    },
  };
}

/** DataUpdates of a gRPC StreamData call, one at a time. */
export function grpcUpdates(call: ClientReadableStream<DataUpdate__Output>) {
  const queue: DataUpdate__Output[] = [];
  const waiting: Array<(update: DataUpdate__Output) => void> = [];
  call.on('data', (update: DataUpdate__Output) => {
    const resolve = waiting.shift();
    if (resolve) resolve(update);
    else queue.push(update);
  });
  call.on('error', () => {});
  const next = (): Promise<DataUpdate__Output> => {
    const queued = queue.shift();
    if (queued) return Promise.resolve(queued);
    return within(new Promise((resolve) => waiting.push(resolve)), 'gRPC update');
  };
  return {
    next,
    /** The next update of a kind, skipping others (status snapshots, say). */
    async nextOf(kind: 'file' | 'structure' | 'status'): Promise<DataUpdate__Output> {
      for (;;) {
        const update = await next();
        if (update.update === kind) return update;
      }
    },
  };
}
