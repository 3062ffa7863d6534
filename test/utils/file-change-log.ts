// Follows `fileChanges` over a real SSE stream and keeps every event, so a
// test can wait for one (polling, never sleeping) and replay them all.
import { readEventStream, postEventStream } from './sse.ts';
import type { TestServer } from './tserver.ts';

export interface ReceivedChange {
  sequence: string;
  kind: 'CREATED' | 'MODIFIED' | 'DELETED' | 'MOVED' | 'RESYNC';
  path: string;
  oldPath: string | null;
  version: string | null;
}

export interface FileChangeLog {
  readonly events: ReceivedChange[];
  /** Resolves with the first event (from `from` on) that matches, or fails after `timeoutMs`. */
  waitFor(
    match: (event: ReceivedChange) => boolean,
    timeoutMs?: number,
    from?: number,
  ): Promise<ReceivedChange>;
  close(): void;
}

const query = `subscription {
  fileChanges { sequence kind path oldPath version }
}`;

export async function followFileChanges(t: TestServer): Promise<FileChangeLog> {
  const before = t.server.services.bus.stats().subscribers;
  const controller = new AbortController();
  const response = await postEventStream(
    t.graphqlUrl,
    { query },
    { headers: t.authHeaders, signal: controller.signal },
  );
  if (!response.ok) throw new Error(`subscription refused: ${response.status}`);
  const events: ReceivedChange[] = [];
  let failure: unknown;
  void (async () => {
    try {
      for await (const message of readEventStream(response)) {
        if (message.event !== 'next' && message.event !== 'message') continue;
        const payload = JSON.parse(message.data) as { data?: { fileChanges: ReceivedChange } };
        if (payload.data) events.push(payload.data.fileChanges);
      }
    } catch (error) {
      if (!controller.signal.aborted) failure = error;
    }
  })();
  // The stream opens with a comment only: wait until the subscription is on the bus.
  for (let waited = 0; t.server.services.bus.stats().subscribers <= before; waited += 10) {
    if (waited > 5_000) throw new Error('the subscription never reached the bus');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return {
    events,
    async waitFor(match, timeoutMs = 5_000, from = 0) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (failure) throw failure as Error;
        const found = events.slice(from).find(match);
        if (found) return found;
        if (Date.now() > deadline) {
          throw new Error(
            `no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close() {
      controller.abort();
    },
  };
}
