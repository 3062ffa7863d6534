// One small pool of threads for every client regex run over file contents in
// the process: searchFiles and replaceInFiles. A search used to start a Worker
// of its own: five requests of 30 aliases made 150 threads and a 1.35 GB peak.
// Now both queue, file by file, for at most `maxThreads` threads (exiting when idle).
import { Piscina } from 'piscina';
import type { ContentSearchTask, LineMatch, TextReplaceTask } from './content-search-worker.ts';
import type { TextReplacement } from './text-replacement.ts';

export type { ContentSearchTask, LineMatch, TextReplaceTask } from './content-search-worker.ts';

const workerFile = new URL('./content-search-worker.ts', import.meta.url).href;

/** @default 30 s: a thread idle this long exits (and is started again on demand). */
const idleTimeoutMs = 30_000;

export class ContentSearchPool {
  readonly #pool: Piscina<ContentSearchTask | TextReplaceTask, LineMatch[] | TextReplacement>;

  constructor(maxThreads: number) {
    this.#pool = new Piscina({
      filename: workerFile,
      minThreads: 0,
      maxThreads,
      idleTimeout: idleTimeoutMs,
    });
  }

  /** Threads running now (for tests and metrics). */
  get threads(): number {
    return this.#pool.threads.length;
  }

  /**
   * The matching lines of the open file `task.fd`, or 'timeout' when the
   * deadline (ms since the epoch) passed first, waiting or running: a running
   * match is stopped by ending its thread, and the pool starts another. The
   * caller then closes the descriptor, perhaps before the thread is gone; a
   * dying thread's last read can only land in a result nobody receives.
   */
  matchFile(task: ContentSearchTask, deadline: number): Promise<LineMatch[] | 'timeout'> {
    return this.#run(task, 'default', deadline) as Promise<LineMatch[] | 'timeout'>;
  }

  /** `task.text` replaced, or 'timeout' when the deadline passed first, waiting or running. */
  replaceText(task: TextReplaceTask, deadline: number): Promise<TextReplacement | 'timeout'> {
    return this.#run(task, 'replaceInText', deadline) as Promise<TextReplacement | 'timeout'>;
  }

  async #run(
    task: ContentSearchTask | TextReplaceTask,
    name: string,
    deadline: number,
  ): Promise<LineMatch[] | TextReplacement | 'timeout'> {
    const signal = AbortSignal.timeout(Math.max(0, deadline - Date.now()));
    try {
      return await this.#pool.run(task, { name, signal });
    } catch (error) {
      if (signal.aborted) return 'timeout';
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.#pool.destroy();
  }
}

let shared: ContentSearchPool | undefined;

/**
 * The process's pool, made on first use with `maxThreads`
 * (FILES_SEARCH_THREADS); later callers share it whatever they ask for.
 */
export function sharedContentSearchPool(maxThreads: number): ContentSearchPool {
  shared ??= new ContentSearchPool(maxThreads);
  return shared;
}
