// Stores a streaming reply's text as it grows, so a process killed mid-reply
// (kill -9, a crash) leaves the text received so far in the database rather
// than an empty message: the next start marks it FAILED, INTERRUPTED, text
// kept. A write goes out after `everyTokens` new tokens, or `everyMs` after
// the first unsaved one, whichever comes first; one write at a time, and the
// reply's final store waits for it (close()). A write starts on the turn
// after the token that called for it, once that token has gone out.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from '../logger.ts';

export interface PartialReplyWriterOptions {
  /** Stores the text so far; must not overwrite a reply that has finished. */
  save: (content: string) => Promise<void>;
  logger: Logger;
  /** @default 20 */
  everyTokens?: number;
  /** @default 500 */
  everyMs?: number;
}

export class PartialReplyWriter {
  readonly #save: (content: string) => Promise<void>;
  readonly #logger: Logger;
  readonly #everyTokens: number;
  readonly #everyMs: number;
  #latest = '';
  #saved = '';
  #unsavedTokens = 0;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #closed = false;

  constructor(options: PartialReplyWriterOptions) {
    this.#save = options.save;
    this.#logger = options.logger;
    this.#everyTokens = options.everyTokens ?? 20;
    this.#everyMs = options.everyMs ?? 500;
  }

  /** The reply's whole text after one more token. */
  update(content: string): void {
    if (this.#closed) return;
    this.#latest = content;
    this.#unsavedTokens++;
    if (this.#unsavedTokens >= this.#everyTokens) this.#write();
    else this.#timer ??= setTimeout(() => this.#write(), this.#everyMs);
  }

  /** No more writes; resolves once the one under way (if any) is done. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#writing;
  }

  #write(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    // A write under way picks the rest up when it ends.
    if (this.#closed || this.#writing || this.#latest === this.#saved) return;
    const content = this.#latest;
    this.#unsavedTokens = 0;
    // The save starts on the next turn of the event loop: the driver commits
    // synchronously (an fsync), and started now it would hold back the token
    // that triggered it until the commit is done.
    this.#writing = nextTurn()
      .then(() => (this.#closed ? undefined : this.#save(content)))
      .then(
        () => {
          this.#saved = content;
        },
        (error: unknown) => {
          // The final store still happens; only a crash before it loses the newest text.
          this.#logger.warn({ err: error }, 'could not store the partial text of a reply');
        },
      )
      .finally(() => {
        this.#writing = undefined;
        if (this.#closed || this.#latest === this.#saved) return;
        if (this.#unsavedTokens >= this.#everyTokens) this.#write();
        else this.#timer ??= setTimeout(() => this.#write(), this.#everyMs);
      });
  }
}
