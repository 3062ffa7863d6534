// A pause in the write path, for tests only: it lets a test look at the
// project while a write is half done, or kill the server there, without
// racing the write. It is built only from GENPOD_TEST_HOLD_WRITES in the
// environment at start; nothing in the API can turn it on or reach it.
import { existsSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface WriteHoldOptions {
  /** The folder the test and the server meet in: `held` is written, `release` awaited. */
  dir: string;
  /** Which rename of an operation to hold before: 0 is the first (a single write's only one). */
  afterRenames: number;
}

export class WriteHold {
  readonly #options: WriteHoldOptions;

  constructor(options: WriteHoldOptions) {
    this.#options = options;
  }

  /**
   * Before rename number `index` (from 0) of one operation: when it is the
   * one to hold, appends a line to `<dir>/held` and waits until `<dir>/release` exists.
   */
  async beforeRename(index: number): Promise<void> {
    if (index !== this.#options.afterRenames) return;
    const release = join(this.#options.dir, 'release');
    if (existsSync(release)) return;
    await appendFile(join(this.#options.dir, 'held'), `${index}\n`);
    while (!existsSync(release)) await sleep(5);
  }
}
