// Hands each new log line to the tails following the log. The writer calls
// `publish` synchronously for every line, so this must never wait: each tail
// has a bounded queue, and a tail that falls behind loses lines (counted, and
// announced to it as a gap) instead of holding up logging or growing memory.
import type { CompiledLogFilter } from './log-filter.ts';
import { parseLogLine, type LogEntry, type LogPosition } from './log-entry.ts';

export type TailEvent =
  | { kind: 'entry'; entry: LogEntry }
  /** `dropped` lines were lost after `after`; a client can re-read them with `since`. */
  | { kind: 'dropped'; dropped: number; after: LogPosition | undefined };

export interface TailHubHooks {
  onDropped(count: number): void;
}

export class TailSubscription {
  readonly #filter: CompiledLogFilter;
  readonly #capacity: number;
  readonly #hooks: TailHubHooks;
  readonly #unsubscribe: () => void;
  #queue: TailEvent[] = [];
  #gap = 0;
  #last: LogPosition | undefined;
  #wake: (() => void) | undefined;
  #closed = false;

  constructor(
    filter: CompiledLogFilter,
    capacity: number,
    hooks: TailHubHooks,
    unsubscribe: () => void,
  ) {
    this.#filter = filter;
    this.#capacity = capacity;
    this.#hooks = hooks;
    this.#unsubscribe = unsubscribe;
  }

  get filter(): CompiledLogFilter {
    return this.#filter;
  }

  /** Called by the hub for a line that matched. */
  offer(entry: LogEntry): void {
    if (this.#closed) return;
    if (this.#queue.length >= this.#capacity) {
      this.#gap += 1;
      this.#hooks.onDropped(1);
      return;
    }
    if (this.#gap > 0) {
      this.#queue.push({ kind: 'dropped', dropped: this.#gap, after: this.#last });
      this.#gap = 0;
    }
    this.#queue.push({ kind: 'entry', entry });
    this.#last = entry.position;
    this.#wakeReader();
  }

  /** The next event; undefined once closed. */
  async next(): Promise<TailEvent | undefined> {
    for (;;) {
      const event = this.#queue.shift();
      if (event) return event;
      if (this.#gap > 0) {
        const dropped: TailEvent = { kind: 'dropped', dropped: this.#gap, after: this.#last };
        this.#gap = 0;
        return dropped;
      }
      if (this.#closed) return undefined;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  /** Marks where history ended, so a gap right after it is reported against that line. */
  setLastPosition(position: LogPosition | undefined): void {
    this.#last ??= position;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue = [];
    this.#unsubscribe();
    this.#wakeReader();
  }

  #wakeReader(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

export class LogTailHub {
  readonly #subscriptions = new Set<TailSubscription>();
  readonly #hooks: TailHubHooks;

  constructor(hooks: TailHubHooks) {
    this.#hooks = hooks;
  }

  get size(): number {
    return this.#subscriptions.size;
  }

  subscribe(filter: CompiledLogFilter, capacity: number): TailSubscription {
    const subscription: TailSubscription = new TailSubscription(filter, capacity, this.#hooks, () =>
      this.#subscriptions.delete(subscription),
    );
    this.#subscriptions.add(subscription);
    return subscription;
  }

  publish(line: string, position: LogPosition): void {
    if (this.#subscriptions.size === 0) return;
    const raw = line.endsWith('\n') ? line.slice(0, -1) : line;
    let entry: LogEntry | undefined;
    for (const subscription of this.#subscriptions) {
      if (!subscription.filter.mayMatch(raw)) continue;
      // Parsed once, for the first tail that may want it.
      entry ??= parseLogLine(raw, position);
      if (!entry) return;
      if (subscription.filter.matches(entry)) subscription.offer(entry);
    }
  }
}
