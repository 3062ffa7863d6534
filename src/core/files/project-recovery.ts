// What a start does about a run that was killed: finishes any batch whose
// journal was committed (file-batch-journal.ts) before anything is served,
// then removes leftover temporary files in the background (orphan-sweep.ts).
import type { Logger } from '../logger.ts';
import { rollForwardJournals } from './file-batch-journal.ts';
import { sweepOrphans } from './orphan-sweep.ts';
import type { ProjectJail } from './project-jail.ts';

/**
 * With several instances sharing PROJECT_ROOT (REDIS_URL), another live
 * instance may be writing: only entries older than this are taken as orphans.
 */
export const sharedRootGraceMs = 10 * 60 * 1000;

export interface ProjectRecovery {
  /** Resolves when the sweep has walked the project. */
  readonly swept: Promise<void>;
  /** Stops the sweep and waits for it. */
  stop(): Promise<void>;
}

export async function recoverProject(options: {
  jail: ProjectJail;
  logger: Logger;
  /** Another instance may share the project folder. */
  sharedRoot: boolean;
}): Promise<ProjectRecovery> {
  const { jail, logger } = options;
  const before = Date.now() - (options.sharedRoot ? sharedRootGraceMs : 0);
  await rollForwardJournals(jail, before, logger);
  const controller = new AbortController();
  const swept = sweepOrphans(jail.realRoot, before, controller.signal).then(
    (result) => {
      if (result.removed.length > 0) {
        logger.info(
          { removed: result.removed.length, examples: result.removed.slice(0, 5) },
          'removed temporary files left by an earlier run',
        );
      }
    },
    (error: unknown) => logger.warn({ err: error }, 'could not sweep leftover temporary files'),
  );
  return {
    swept,
    stop: async () => {
      controller.abort();
      await swept;
    },
  };
}
