// The kernel's inotify limits, as /proc shows them (Linux only; undefined elsewhere).
import { readFileSync } from 'node:fs';

function readLimit(name: string): number | undefined {
  try {
    const value = Number(readFileSync(`/proc/sys/fs/inotify/${name}`, 'utf8').trim());
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export interface InotifyLimits {
  /** Watches one user may hold across all processes (one per watched folder here). */
  maxUserWatches: number | undefined;
  /** Events the kernel queues per inotify instance before it drops them (IN_Q_OVERFLOW). */
  maxQueuedEvents: number | undefined;
}

export function readInotifyLimits(): InotifyLimits {
  return {
    maxUserWatches: readLimit('max_user_watches'),
    maxQueuedEvents: readLimit('max_queued_events'),
  };
}
