// Many SSE subscribers in one process, on plain node:http (lighter than fetch
// at a thousand connections), each noting when it saw an event for a path.
import { request, Agent } from 'node:http';

export interface Subscribers {
  /** Arrival times (performance.now()) per path: each subscriber's first event for it. */
  arrivals: Map<string, number[]>;
  /** Forgets `path`, so the next event for it counts again. */
  reset(path: string): number[];
  connected(): number;
  close(): void;
}

export interface SubscribeTarget {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  /** Finds the changed path in one `data:` payload. */
  pathOf(data: string): string | undefined;
}

export async function openSubscribers(
  target: SubscribeTarget,
  count: number,
): Promise<Subscribers> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const arrivals = new Map<string, number[]>();
  const requests: Array<ReturnType<typeof request>> = [];
  const seenBy: Array<Set<string>> = [];
  let connected = 0;
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve, reject) => {
          const req = request(
            target.url,
            {
              method: target.method,
              agent,
              headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
            },
            (res) => {
              const seen = new Set<string>();
              seenBy.push(seen);
              let buffer = '';
              let first = true;
              res.setEncoding('utf8');
              res.on('data', (chunk: string) => {
                const now = performance.now();
                if (first) {
                  first = false;
                  connected++;
                  resolve();
                }
                buffer += chunk;
                let end: number;
                while ((end = buffer.indexOf('\n\n')) !== -1) {
                  const block = buffer.slice(0, end);
                  buffer = buffer.slice(end + 2);
                  for (const line of block.split('\n')) {
                    if (!line.startsWith('data: ')) continue;
                    const path = target.pathOf(line.slice(6));
                    if (path === undefined || seen.has(path)) continue;
                    seen.add(path);
                    let list = arrivals.get(path);
                    if (!list) arrivals.set(path, (list = []));
                    list.push(now);
                  }
                }
              });
            },
          );
          req.on('error', reject);
          if (target.body) req.write(target.body);
          req.end();
          requests.push(req);
        }),
    ),
  );
  return {
    arrivals,
    connected: () => connected,
    reset(path) {
      const times = arrivals.get(path) ?? [];
      arrivals.delete(path);
      for (const seen of seenBy) seen.delete(path);
      return times;
    },
    close() {
      for (const req of requests) req.destroy();
      agent.destroy();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
