// Turns a stream of "something changed" notices into moments to recompute:
// the first notice after a quiet spell at once (an isolated change is never
// delayed), then the rest of a burst folded into one run once it has been
// quiet for `quietMs` (or `maxWaitMs` has passed, so a steady stream of
// changes still gets answers).

export class ChangeDebounce {
  readonly #quietMs: number;
  readonly #maxWaitMs: number;
  #pending = false;
  #stopped = false;
  #wake: (() => void) | undefined;
  #lastRun = Number.NEGATIVE_INFINITY;
  /** When the latest notice came (performance.now()). */
  lastNoticeAt = 0;

  constructor(quietMs: number, maxWaitMs: number) {
    this.#quietMs = quietMs;
    this.#maxWaitMs = maxWaitMs;
  }

  notify(): void {
    this.#pending = true;
    this.lastNoticeAt = performance.now();
    this.#wake?.();
  }

  stop(): void {
    this.#stopped = true;
    this.#wake?.();
  }

  /** Resolves true when it is time to recompute, false once stopped. */
  async due(): Promise<boolean> {
    while (!this.#pending && !this.#stopped) await this.#sleep(undefined);
    const began = performance.now();
    if (began - this.#lastRun >= this.#quietMs) return this.#run();
    for (;;) {
      if (this.#stopped) return false;
      const now = performance.now();
      const quietFor = now - this.lastNoticeAt;
      if (quietFor >= this.#quietMs || now - began >= this.#maxWaitMs) return this.#run();
      await this.#sleep(this.#quietMs - quietFor);
    }
  }

  #run(): boolean {
    if (this.#stopped) return false;
    this.#pending = false;
    this.#lastRun = performance.now();
    return true;
  }

  /** Until notify() or stop(), or `ms` when given. */
  #sleep(ms: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      this.#wake = done;
    });
  }
}
