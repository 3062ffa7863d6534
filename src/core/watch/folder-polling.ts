// The fallback for folders that cannot be watched (the folder watch limit, the
// kernel's inotify limit, a watch that failed): they are listed every `pollMs`
// instead, each file's `mtime:size` compared with the last scan, and watched
// again as soon as a watch can be set. One RESYNC says so while any is polled.
import { folderPath, type WatchedFolder } from './watched-folder.ts';

export interface PollingHooks {
  pollMs: number;
  onResync(reason: string): void;
  /** Tries to watch the folder again, then lists it: true once it is watched. */
  visit(folder: WatchedFolder): boolean;
  /** After each scan of the polled folders: delivers what they showed. */
  after(): void;
}

export interface FolderPolling {
  readonly polled: Set<WatchedFolder>;
  start(folder: WatchedFolder, why: string): void;
  /** Stops the timer once no folder is polled (a later limit is reported again). */
  stopIfDone(): void;
  close(): void;
}

export function createFolderPolling(hooks: PollingHooks): FolderPolling {
  const { pollMs } = hooks;
  const polled = new Set<WatchedFolder>();
  let limitReported = false;
  let pollTimer: NodeJS.Timeout | undefined;

  const stopIfDone = () => {
    if (polled.size > 0) return;
    clearInterval(pollTimer);
    pollTimer = undefined;
    limitReported = false;
  };

  const tick = () => {
    for (const folder of [...polled]) {
      if (folder.detached) {
        polled.delete(folder);
        continue;
      }
      // Watched again as soon as the limit allows; listed after, so nothing falls between.
      if (hooks.visit(folder)) {
        polled.delete(folder);
        folder.signatures = undefined;
      }
    }
    stopIfDone();
    hooks.after();
  };

  return {
    polled,
    start(folder, why) {
      folder.signatures ??= new Map();
      polled.add(folder);
      pollTimer ??= setInterval(tick, pollMs);
      if (limitReported) return;
      limitReported = true;
      hooks.onResync(
        `${why}: folder "${folderPath(folder)}" and any others past the limit are scanned every ${pollMs} ms instead`,
      );
    },
    stopIfDone,
    close() {
      clearInterval(pollTimer);
    },
  };
}
