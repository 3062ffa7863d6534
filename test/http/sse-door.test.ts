// The lean SSE door (src/http/sse-door.ts): subscriptions over Yoga's own SSE
// are written straight to the socket. What is new in it, through real sockets:
// one serialised frame shared by every subscriber, one ping timer for all
// streams, and a client that stops reading is cut without holding up others.
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

/** An SSE response read byte for byte, as it came off the socket. */
interface RawStream {
  response: IncomingMessage;
  received(): string;
  /** Frames so far (split on the blank line), comments included. */
  frames(): string[];
  close(): void;
  req: ClientRequest;
}

function openRawStream(
  t: TestServer,
  query: string,
  options: { read?: boolean } = {},
): Promise<RawStream> {
  return new Promise((resolve, reject) => {
    let text = '';
    const req = request(
      t.graphqlUrl,
      {
        method: 'POST',
        headers: {
          ...t.authHeaders,
          accept: 'text/event-stream',
          'content-type': 'application/json',
        },
      },
      (response) => {
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.once('data', () => {
          // Takes the first bytes only, then stops reading, leaving the socket to fill.
          if (options.read === false) response.pause();
          done();
        });
        response.on('error', () => {});
        function done() {
          resolve({
            response,
            req,
            received: () => text,
            frames: () => text.split('\n\n').filter((frame) => frame !== ''),
            close: () => req.destroy(),
          });
        }
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ query }));
  });
}

const nextFrames = (stream: RawStream) =>
  stream.frames().filter((frame) => frame.startsWith('event: next'));

describe('the lean SSE door', () => {
  let t: TestServer;
  beforeAll(async () => {
    // Pings every 200 ms: a stream full for that long is cut.
    t = await startTestServer({ SSE_PING_MS: '200', RATE_LIMIT_PER_MINUTE: '0' });
  });
  afterAll(() => t.stop());

  it('writes the same bytes of a shared result to every subscriber, with its id', async () => {
    const query = 'subscription { fileChanges { path kind sequence } }';
    const streams = await Promise.all(Array.from({ length: 6 }, () => openRawStream(t, query)));
    try {
      for (const stream of streams) expect(stream.received().startsWith(':\n\n')).toBe(true);
      await writeFile(join(t.projectRoot, 'shared.txt'), 'one');
      await vi.waitFor(
        () => {
          for (const stream of streams) expect(nextFrames(stream).length).toBeGreaterThan(0);
        },
        { timeout: 10_000, interval: 20 },
      );
      const [first] = nextFrames(streams[0] as RawStream);
      expect(first).toMatch(/^event: next\nid: \d+\ndata: \{"data":\{"fileChanges":/);
      const sequence = /"sequence":"(\d+)"/.exec(first ?? '')?.[1];
      expect(first).toContain(`id: ${sequence}\n`);
      for (const stream of streams) expect(nextFrames(stream)[0]).toBe(first);
    } finally {
      for (const stream of streams) stream.close();
    }
  });

  it('pings every open stream from one timer', async () => {
    const streams = await Promise.all([
      openRawStream(t, 'subscription { fileChanges { path } }'),
      openRawStream(t, 'subscription { heartbeat(intervalMs: 60000) { beat } }'),
    ]);
    try {
      await vi.waitFor(
        () => {
          for (const stream of streams) {
            // The opening comment, then at least two pings.
            const pings = stream.frames().filter((frame) => frame === ':');
            expect(pings.length).toBeGreaterThanOrEqual(3);
          }
        },
        { timeout: 10_000, interval: 50 },
      );
    } finally {
      for (const stream of streams) stream.close();
    }
  });

  it('cuts a client that stops reading, without holding up the others or its events', async () => {
    const path = 'big.txt';
    const version = (i: number) => `${String(i).padStart(4, '0')}${'x'.repeat(512 * 1024)}`;
    await writeFile(join(t.projectRoot, path), version(0));
    const query = `subscription { fileContent(path: "${path}") { kind content } }`;
    const subscribersBefore = t.server.services.bus.stats().subscribers;
    const slow = await openRawStream(t, query, { read: false });
    const reader = await openRawStream(t, query);
    const changes = await openRawStream(t, 'subscription { fileChanges { path } }');
    try {
      await vi.waitFor(
        () => expect(t.server.services.bus.stats().subscribers).toBeGreaterThan(subscribersBefore),
        { timeout: 10_000, interval: 20 },
      );
      // 40 versions of half a MiB: 20 MiB, far past what socket buffers hold.
      const versions = 40;
      for (let i = 1; i <= versions; i++) {
        await writeFile(join(t.projectRoot, path), version(i));
        const marker = `"content":"${version(i).slice(0, 8)}`;
        const seen = () => {
          const text = reader.received();
          // Only the last frame can hold it: no scan of all that came before.
          return text.includes(marker, Math.max(0, text.length - 700_000));
        };
        await vi.waitFor(() => expect(seen()).toBe(true), {
          timeout: 10_000,
          interval: 10,
        });
      }
      // The reader and the file change feed got every version meanwhile.
      expect(changes.received().match(/"path":"big\.txt"/g)?.length ?? 0).toBeGreaterThan(0);
      // The slow stream is cut: its subscription is let go on the server.
      await vi.waitFor(
        () => {
          const open = t.server.services.metrics.graphqlSubscriptionsOpen;
          return open.get().then((gauge) => {
            const total = gauge.values.reduce((sum, sample) => sum + sample.value, 0);
            expect(total).toBe(2);
          });
        },
        { timeout: 10_000, interval: 50 },
      );
      // Reading again: the connection ends, after far less than was written.
      const ended = new Promise<void>((resolve) => {
        slow.response.on('close', resolve);
        slow.response.on('end', resolve);
      });
      slow.response.resume();
      await ended;
      expect(slow.received().length).toBeLessThan((versions * 512 * 1024) / 2);
    } finally {
      slow.close();
      reader.close();
      changes.close();
    }
  });
});
