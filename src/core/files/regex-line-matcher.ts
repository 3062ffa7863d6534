// Runs a client's regular expression over a file's lines in a worker thread.
// JavaScript regexes backtrack: a pattern like `(a+)+$` can take minutes on
// one line, and on the event loop that would stall every client. In a worker
// it stalls only the worker, which is terminated at the search's deadline.
// Literal searches never need this: an escaped literal cannot backtrack.
import { Worker } from 'node:worker_threads';

export interface LineMatch {
  line: number;
  column: number;
  text: string;
}

export interface MatchLimits {
  /** Lines are searched this far. */
  maxLineLength: number;
  /** Matching lines are returned cut to this length. */
  maxTextLength: number;
  /** Stop after this many matches in the file. */
  maxMatches: number;
}

interface Request extends MatchLimits {
  id: number;
  /** A descriptor the main thread opened (descriptors belong to the process). */
  fd: number;
}

interface Reply {
  id: number;
  matches: LineMatch[];
}

// Plain JavaScript evaluated in the worker: it must load without the TypeScript loader.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { readSync } = require('node:fs');
const { StringDecoder } = require('node:string_decoder');
const pattern = new RegExp(workerData.source, workerData.flags);
parentPort.on('message', (request) => {
  const matches = [];
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.allocUnsafe(64 * 1024);
  let pending = '';
  let lineNumber = 0;
  let position = 0;
  const search = (line) => {
    lineNumber++;
    const searched = line.length > request.maxLineLength ? line.slice(0, request.maxLineLength) : line;
    const found = pattern.exec(searched);
    if (!found) return;
    const shown = searched.endsWith('\\r') ? searched.slice(0, -1) : searched;
    matches.push({ line: lineNumber, column: found.index + 1, text: shown.slice(0, request.maxTextLength) });
  };
  for (;;) {
    const read = readSync(request.fd, buffer, 0, buffer.length, position);
    position += read;
    const lines = (pending + (read === 0 ? decoder.end() : decoder.write(buffer.subarray(0, read)))).split('\\n');
    const last = lines.pop();
    pending = read === 0 ? '' : last;
    if (read === 0 && last !== '') lines.push(last);
    for (const line of lines) {
      search(line);
      if (matches.length >= request.maxMatches) break;
    }
    if (read === 0 || matches.length >= request.maxMatches) break;
  }
  parentPort.postMessage({ id: request.id, matches });
});
`;

export class RegexLineMatcher {
  readonly #worker: Worker;
  #nextId = 0;
  #terminated = false;

  /** `source` and `flags` must already compile (the caller reports syntax errors). */
  constructor(source: string, flags: string) {
    this.#worker = new Worker(workerSource, { eval: true, workerData: { source, flags } });
    // Nothing waits on the worker between files.
    this.#worker.unref();
  }

  /**
   * The matching lines of the open file `fd`, or 'timeout' when the deadline
   * (ms since the epoch) passed first; the worker is then gone for good.
   */
  async matchFile(
    fd: number,
    limits: MatchLimits,
    deadline: number,
  ): Promise<LineMatch[] | 'timeout'> {
    if (this.#terminated) return 'timeout';
    const id = this.#nextId++;
    const request: Request = { id, fd, ...limits };
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<LineMatch[] | 'timeout'>((resolve, reject) => {
        const onMessage = (reply: Reply) => {
          if (reply.id !== id) return;
          this.#worker.off('message', onMessage);
          this.#worker.off('error', reject);
          resolve(reply.matches);
        };
        this.#worker.on('message', onMessage);
        this.#worker.once('error', reject);
        timer = setTimeout(
          () => {
            this.#worker.off('message', onMessage);
            this.#worker.off('error', reject);
            // Only once the worker is gone may the caller close (and the OS reuse) the descriptor.
            void this.close().then(() => resolve('timeout'), reject);
          },
          Math.max(0, deadline - Date.now()),
        );
        this.#worker.postMessage(request);
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
