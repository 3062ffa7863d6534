// The median time of `times` runs of `measure`, after one warm-up run (caches,
// JIT); `measure` gets the round number, -1 for the warm-up.
export async function medianMs(
  times: number,
  measure: (round: number) => Promise<void>,
): Promise<number> {
  const samples: number[] = [];
  await measure(-1);
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await measure(i);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? 0;
}
