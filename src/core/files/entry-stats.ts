// Sizes and modification times of the entries of open folders, for the tree
// walk (project-tree.ts). Node has no fstatat, so stat-ing an entry inside an
// opened folder means naming it through /proc/self/fd/<fd>/<name>, which the
// kernel resolves two to three times slower than a plain path (procfs). GNU
// find does what Node cannot: handed the folders' own descriptors, it stats
// every entry with fstatat relative to the folder it opened, never following
// a symlink (checked with strace, docs/performance.md), so a folder swapped
// for a symlink mid-walk still cannot show anything outside the root. It
// runs beside the walk, on another core, a batch of folders per process.
// Where find is missing, fails, or descriptors cannot be named (not Linux),
// entries are stat-ed here, through the folder's descriptor path, as before.
import { spawn } from 'node:child_process';
import { lstatSync } from 'node:fs';
import type { OpenDirectory } from './project-jail.ts';
import type { TimeSlice } from './time-slice.ts';

/**
 * Folders handed to the first find process (each is one inherited
 * descriptor); each later batch doubles, up to `maxBatch`. Starting a
 * process forks the server, which costs more the bigger its heap is (13 to
 * 23 ms a process in the CPU profile of a 100,000-entry tree), so a big walk
 * makes few of them; the first starts early, for find to run beside the walk.
 */
const firstBatch = 128;
const maxBatch = 512;
/** find processes at once: the walk itself keeps one core busy. */
const maxRunning = 2;

/** An entry whose stats are not read yet, or whose entry was gone when they were. */
export const unknownSize = -1;

/** An entry to fill in: a listed entry, or the tree node made of it. */
export interface StatTarget {
  readonly name: string;
  size: number;
  modifiedAt: Date;
}

interface Pending {
  directory: OpenDirectory;
  entries: StatTarget[];
}

/** Set once a find could not be started: every later walk stats in-process. */
let findMissing = false;

/**
 * Reads the stats of the entries of folders handed to it, and closes the
 * folders. Entries still `unknownSize` after `finish` were gone.
 */
export class EntryStatReader {
  readonly #useFind: boolean;
  readonly #slice: TimeSlice;
  #pending: Pending[] = [];
  #batchSize = firstBatch;
  readonly #running = new Set<Promise<void>>();

  constructor(useFind: boolean, slice: TimeSlice) {
    this.#useFind = useFind;
    this.#slice = slice;
  }

  /** Takes `directory` (closing it when done) and fills in the stats of `entries`. */
  async add(directory: OpenDirectory, entries: StatTarget[]): Promise<void> {
    if (!this.#useFind || findMissing || directory.fd === undefined || entries.length === 0) {
      try {
        await statHere(directory, entries, this.#slice);
      } finally {
        await directory.close();
      }
      return;
    }
    this.#pending.push({ directory, entries });
    if (this.#pending.length < this.#batchSize) return;
    // The walk lists folders faster than find stats them: wait rather than
    // hold an unbounded number of open folders.
    while (this.#running.size >= maxRunning) await Promise.race(this.#running);
    this.#start();
  }

  /** Waits for every folder handed over; closes them all, even on failure. */
  async finish(): Promise<void> {
    if (this.#pending.length > 0) this.#start();
    while (this.#running.size > 0) await Promise.race(this.#running);
  }

  #start(): void {
    const batch = this.#pending;
    this.#pending = [];
    this.#batchSize = Math.min(this.#batchSize * 2, maxBatch);
    const run = statBatch(batch, this.#slice).finally(() => this.#running.delete(run));
    this.#running.add(run);
  }
}

async function statBatch(batch: Pending[], slice: TimeSlice): Promise<void> {
  try {
    const output = await runFind(batch.map((folder) => folder.directory.fd ?? -1));
    if (output !== undefined) {
      await applyFindOutput(batch, output, slice);
      return;
    }
    for (const folder of batch) await statHere(folder.directory, folder.entries, slice);
  } finally {
    await Promise.allSettled(batch.map((folder) => folder.directory.close()));
  }
}

/** The start point naming the folder find inherited as descriptor `index + 3`. */
function startPoint(index: number): string {
  return `/proc/self/fd/${index + 3}/`;
}

/**
 * find's records for the entries of the folders behind `fds` (as the child's
 * descriptors 3, 4, ...): start point, name, type, size, mtime, each ended by
 * NUL. Undefined when find could not run or answered nothing useful.
 */
function runFind(fds: number[]): Promise<Buffer | undefined> {
  const starts = fds.map((_, index) => startPoint(index));
  const args = [
    // -H follows the start points alone (each names its descriptor's folder);
    // below them nothing is followed, and each entry is fstatat'ed in its folder.
    '-H',
    ...starts,
    '-mindepth',
    '1',
    '-maxdepth',
    '1',
    '-printf',
    '%H\\0%f\\0%y\\0%s\\0%T@\\0',
  ];
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let child;
    try {
      child = spawn('find', args, { stdio: ['ignore', 'pipe', 'ignore', ...fds] });
    } catch {
      findMissing = true;
      resolve(undefined);
      return;
    }
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => {
      findMissing = true;
      resolve(undefined);
    });
    child.on('close', (code) => {
      const output = Buffer.concat(chunks);
      // A folder removed meanwhile makes find complain but answer for the
      // others; an answer with nothing at all from a failed find (say, one
      // without -printf) is no answer.
      resolve(code !== 0 && output.length === 0 ? undefined : output);
    });
  });
}

/** Fills in the entries find reported, handing the event loop back as `slice` says. */
async function applyFindOutput(batch: Pending[], output: Buffer, slice: TimeSlice): Promise<void> {
  const byStart = new Map<string, Map<string, StatTarget>>();
  batch.forEach((folder, index) => {
    byStart.set(startPoint(index), new Map(folder.entries.map((entry) => [entry.name, entry])));
  });
  const text = output.toString('utf8');
  let at = 0;
  const field = (): string | undefined => {
    const end = text.indexOf('\0', at);
    if (end === -1) return undefined;
    const value = text.slice(at, end);
    at = end + 1;
    return value;
  };
  for (;;) {
    const start = field();
    const name = field();
    const type = field();
    const size = field();
    const time = field();
    if (start === undefined || name === undefined || type === undefined) break;
    if (size === undefined || time === undefined) break;
    const entry = byStart.get(start)?.get(name);
    if (entry) {
      entry.size = type === 'd' ? 0 : Number(size);
      entry.modifiedAt = new Date(epochMs(time));
    } // else left out by the listing, or created since
    if (slice.due()) await slice.yield();
  }
}

/**
 * `%T@` (seconds, a fraction to the nanosecond) as fs.Stats makes its dates:
 * seconds and nanoseconds to milliseconds, rounded (lib/internal/fs/utils.js).
 */
function epochMs(text: string): number {
  const dot = text.indexOf('.');
  const seconds = Number(dot === -1 ? text : text.slice(0, dot));
  const nanoseconds = dot === -1 ? 0 : Number(text.slice(dot + 1, dot + 10).padEnd(9, '0'));
  return Math.round(seconds * 1e3 + nanoseconds / 1e6);
}

/** Stats through the folder's descriptor path, handing the event loop back as `slice` says. */
async function statHere(
  directory: OpenDirectory,
  entries: StatTarget[],
  slice: TimeSlice,
): Promise<void> {
  for (const entry of entries) {
    try {
      const stats = lstatSync(directory.child(entry.name));
      entry.size = stats.isDirectory() ? 0 : stats.size;
      entry.modifiedAt = stats.mtime;
    } catch {
      // gone, or unreadable, since it was listed: stays unknownSize
    }
    if (slice.due()) await slice.yield();
  }
}
