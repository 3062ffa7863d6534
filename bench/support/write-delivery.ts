// Disk write → event at every subscriber: the writer (this process) writes
// files that exist already, so each write is a modification, and times each
// one from just before the write to each subscriber's arrival, on the clock
// all the benchmark's processes share.
import { writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { monotonicMs } from './clock.ts';
import type { SubscriberPool } from './subscriber-pool.ts';

export interface Delivery {
  /** Every (write, subscriber) latency that arrived, in ms, sorted. */
  latencies: number[];
  /** How many (write, subscriber) pairs saw their event, of how many. */
  delivered: number;
  expected: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Creates `count` files under `root/folder`, 100 to a subfolder; returns their relative paths. */
export async function createFiles(root: string, folder: string, count: number): Promise<string[]> {
  const names = Array.from(
    { length: count },
    (_, i) => `${folder}/${Math.floor(i / 100)}/file-${i}.txt`,
  );
  for (const name of names) {
    await mkdir(dirname(join(root, name)), { recursive: true });
    await writeFile(join(root, name), 'initial\n');
  }
  return names;
}

function content(): string {
  return `write ${monotonicMs()} ${Math.random()}\n`;
}

async function collect(pool: SubscriberPool, started: Map<string, number>): Promise<Delivery> {
  const latencies: number[] = [];
  for (const [name, at] of started) {
    for (const arrived of await pool.arrivals(name)) latencies.push(arrived - at);
  }
  latencies.sort((a, b) => a - b);
  return {
    latencies,
    delivered: latencies.length,
    expected: started.size * pool.count,
  };
}

/**
 * One write at a time: each waits until every subscriber saw the previous
 * one (or `timeoutMs` passed), then `gapMs` more. The gap decides what the
 * watcher sees: isolated edits, or a steady stream of them.
 */
export async function sequentialWrites(
  pool: SubscriberPool,
  root: string,
  names: string[],
  writes: number,
  gapMs: number,
  timeoutMs = 3_000,
): Promise<Delivery> {
  const latencies: number[] = [];
  for (let i = 0; i < writes; i++) {
    const name = names[i % names.length] ?? '';
    await pool.arm([name], timeoutMs);
    const started = monotonicMs();
    writeFileSync(join(root, name), content());
    for (const arrived of await pool.arrivals(name)) latencies.push(arrived - started);
    await sleep(gapMs);
  }
  latencies.sort((a, b) => a - b);
  return { latencies, delivered: latencies.length, expected: writes * pool.count };
}

/**
 * Writes at a steady `perSecond` for `seconds`, each of `names` at most once
 * (so no two writes of one file can be folded together), and waits for every
 * subscriber's events, or until `seconds` + `graceMs` have passed.
 */
export async function pacedWrites(
  pool: SubscriberPool,
  root: string,
  names: string[],
  perSecond: number,
  seconds: number,
  graceMs = 3_000,
): Promise<Delivery> {
  const total = Math.round(perSecond * seconds);
  if (names.length < total) throw new Error(`${total} writes need ${total} files`);
  const batch = names.slice(0, total);
  await pool.arm(batch, seconds * 1000 + graceMs);
  const started = new Map<string, number>();
  const start = monotonicMs();
  let written = 0;
  while (written < total) {
    const due = Math.min(total, Math.floor(((monotonicMs() - start) * perSecond) / 1000) + 1);
    for (; written < due; written++) {
      const name = batch[written] ?? '';
      started.set(name, monotonicMs());
      writeFileSync(join(root, name), content());
    }
    await sleep(1);
  }
  return collect(pool, started);
}
