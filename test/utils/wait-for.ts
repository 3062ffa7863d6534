// Waiting for the state a test needs, never for a fixed time: on a loaded
// machine a sleep is either too short (a flaky test) or too long (a slow one).
// For anything else, `vi.waitFor` polls a check until it passes.
import type { Gauge } from 'prom-client';
import type { EventBus } from '../../src/core/event-bus.ts';
import { fileChangesTopic, type FileChange } from '../../src/core/watch/file-change.ts';

/**
 * Resolves once a file change matching `match` has been published after
 * `since` (take it with `bus.currentSequence()` before touching the disk):
 * the watcher has reported it, so a later subscriber will not see it live.
 */
export async function fileChangePublished(
  bus: EventBus,
  since: string,
  match: (change: FileChange) => boolean,
  timeoutMs = 10_000,
): Promise<FileChange> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for await (const delivery of bus.subscribe(fileChangesTopic, {
      since,
      signal: controller.signal,
    })) {
      if (delivery.type === 'event' && match(delivery.payload)) return delivery.payload;
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  throw new Error(`no matching file change within ${timeoutMs} ms`);
}

/**
 * Resolves once a change of every one of `paths` has been published after
 * `since`. The watcher does not report changes in the order they were made,
 * so a setup waits for all of its paths, not for the last it touched.
 */
export async function pathChangesPublished(
  bus: EventBus,
  since: string,
  paths: readonly string[],
  timeoutMs?: number,
): Promise<void> {
  const waiting = new Set(paths);
  await fileChangePublished(
    bus,
    since,
    (change) => waiting.delete(change.path) && waiting.size === 0,
    timeoutMs,
  );
}

/** Resolves once the bus holds more subscribers than `before`: a new subscription is live. */
export async function busSubscribersAbove(
  bus: EventBus,
  before: number,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (bus.stats().subscribers <= before) {
    if (Date.now() > deadline) {
      throw new Error(`still ${bus.stats().subscribers} bus subscribers after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** How many log tails follow new lines now (the `genpod_log_tails_open` gauge). */
export async function openLogTails(metrics: { logTailsOpen: Gauge }): Promise<number> {
  return (await metrics.logTailsOpen.get()).values[0]?.value ?? 0;
}

/** Resolves once more log tails are open than `before`: a new tail sees every line from now on. */
export async function logTailsAbove(
  metrics: { logTailsOpen: Gauge },
  before: number,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await openLogTails(metrics)) <= before) {
    if (Date.now() > deadline) throw new Error(`no new log tail within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
