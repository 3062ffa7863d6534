// How long a client waits for GET /healthz while something else keeps the
// server busy: the server's event-loop delay as seen from outside. Polls on a
// fixed schedule and counts each answer's wait from when the poll was due,
// so a stalled loop shows up in full even between polls. Reusable: pass the
// load to run (a hostile search, a chat flood) and compare against the same
// server with no load, measured in the same run.
import { setTimeout as sleep } from 'node:timers/promises';

export interface Latency {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  polls: number;
  /** How many times the load ran to completion in the window. */
  loadRuns: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Polls `${origin}/healthz` every `intervalMs` for `seconds`, while `load`
 * (if given) runs again and again, one run at a time, `concurrency` at once.
 */
export async function healthzLatency(
  origin: string,
  seconds: number,
  load?: () => Promise<unknown>,
  { intervalMs = 5, concurrency = 1 } = {},
): Promise<Latency> {
  const end = performance.now() + seconds * 1000;
  let loadRuns = 0;
  const loaders = load
    ? Array.from({ length: concurrency }, async () => {
        while (performance.now() < end) {
          await load();
          loadRuns++;
        }
      })
    : [];
  const waits: number[] = [];
  let due = performance.now();
  while (performance.now() < end) {
    const response = await fetch(`${origin}/healthz`);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`/healthz answered ${response.status}`);
    waits.push(performance.now() - due);
    due = Math.max(performance.now(), due + intervalMs);
    const pause = due - performance.now();
    if (pause > 0) await sleep(pause);
  }
  await Promise.all(loaders);
  waits.sort((a, b) => a - b);
  return {
    p50Ms: percentile(waits, 50),
    p99Ms: percentile(waits, 99),
    maxMs: waits.at(-1) ?? 0,
    polls: waits.length,
    loadRuns,
  };
}
