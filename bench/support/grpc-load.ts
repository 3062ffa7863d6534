// A fixed gRPC load: `concurrency` callers each making unary calls back to
// back for `seconds`, after a short warm-up; any failed call fails the
// benchmark rather than flattering it.
import type { Load } from './http-load.ts';

export async function grpcLoad(
  call: () => Promise<void>,
  seconds: number,
  concurrency = 20,
): Promise<Load> {
  const warmUpEnd = performance.now() + 1000;
  while (performance.now() < warmUpEnd) await call();
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const start = performance.now();
        await call();
        latencies.push(performance.now() - start);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / seconds,
    p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}
