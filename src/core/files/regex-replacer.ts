// Runs a client's regex replacement in a worker thread, on RE2 (see
// regex-replace-worker.ts): linear in the text, so no pattern backtracks, but
// a large tree still costs time; the worker keeps that off the event loop and
// is terminated at the operation's deadline. A literal pattern is escaped
// into a V8 regex, which cannot backtrack, and runs in place.
import { Worker } from 'node:worker_threads';
import type { TextReplacement } from './text-replacement.ts';

export interface RegexReplaceSetup {
  /** JavaScript syntax, already checked by compileLinearRegex (the caller reports errors). */
  source: string;
  caseInsensitive: boolean;
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
