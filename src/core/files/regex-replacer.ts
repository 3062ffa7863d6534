// Runs a client's regex replacement in a worker thread. JavaScript regexes
// backtrack: `(a+)+$` can take minutes on one line, and on the event loop
// that would stall every client. In a worker it stalls only the worker, which
// is terminated at the operation's deadline (as regex-line-matcher.ts does
// for search). A literal pattern is escaped and cannot backtrack, so it runs
// in place through the same replaceText.
import { Worker } from 'node:worker_threads';
import type { TextReplacement } from './text-replacement.ts';

export interface RegexReplaceSetup {
  /** Must already compile with `flags` (the caller reports syntax errors). */
  source: string;
  flags: string;
  replacement: string;
  maxMatches: number;
}

const workerUrl = new URL('./regex-replace-worker.ts', import.meta.url);

export class RegexReplacer {
  readonly #worker: Worker;
  #nextId = 0;
  #terminated = false;

  constructor(setup: RegexReplaceSetup) {
    this.#worker = new Worker(workerUrl, { workerData: setup });
    this.#worker.unref();
  }

  /** `text` replaced, or 'timeout' when the deadline (ms since the epoch) passed first. */
  async replace(text: string, deadline: number): Promise<TextReplacement | 'timeout'> {
    if (this.#terminated) return 'timeout';
    const id = this.#nextId++;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<TextReplacement | 'timeout'>((resolve, reject) => {
        const onMessage = (reply: TextReplacement & { id: number }) => {
          if (reply.id !== id) return;
          this.#worker.off('message', onMessage);
          this.#worker.off('error', reject);
          resolve({ text: reply.text, matchCount: reply.matchCount, matches: reply.matches });
        };
        this.#worker.on('message', onMessage);
        this.#worker.once('error', reject);
        timer = setTimeout(
          () => {
            this.#worker.off('message', onMessage);
            this.#worker.off('error', reject);
            void this.close().then(() => resolve('timeout'), reject);
          },
          Math.max(0, deadline - Date.now()),
        );
        this.#worker.postMessage({ id, text });
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.#terminated) return;
    this.#terminated = true;
    await this.#worker.terminate();
  }
}
