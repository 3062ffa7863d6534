// One clock for every process of a benchmark: CLOCK_MONOTONIC (what
// process.hrtime reads) is system-wide, so a time taken by the writer and one
// taken by a subscriber in another process can be subtracted.
// (`performance.now()` counts from each process's own start.)
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
