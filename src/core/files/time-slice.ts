// Cooperative time slicing for walks over many entries. Synchronous fs calls
// (readdir, lstat, open) are several times faster than their promise forms,
// whose cost is mostly the round trip through libuv's thread pool; a walk
// makes them synchronously and hands the event loop back every few
// milliseconds, so other requests wait at most one slice.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** @default 4 ms: short enough for other requests, long enough to amortise the hand-back. */
const defaultSliceMs = 4;

export class TimeSlice {
  readonly #sliceMs: number;
  #started = performance.now();

  constructor(sliceMs = defaultSliceMs) {
    this.#sliceMs = sliceMs;
  }

  /** Whether this slice is used up (cheap: call it for every entry). */
  due(): boolean {
    return performance.now() - this.#started >= this.#sliceMs;
  }

  /** Lets the event loop run, then starts a new slice. */
  async yield(): Promise<void> {
    await nextTurn();
    this.#started = performance.now();
  }
}
