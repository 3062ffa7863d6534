// Git, read-only, for the project folder when it is a repository: status,
// diff, log, and status followed live. The git CLI runs in src/core/git; here
// each answer is cut to what the caller may see: a path the token may not
// read is never shown, in a status, a diff or a log filter.
import { stoppable } from '../core/async-iterators.ts';
import { ChangeDebounce } from '../core/git/change-debounce.ts';
import { GitRepository, type GitCommit } from '../core/git/git-repository.ts';
import type { GitFileStatus, GitStatus } from '../core/git/status-porcelain.ts';
import { parseProjectPath } from '../core/files/project-path.ts';
import { fileChangesTopic } from '../core/watch/file-change.ts';
import type { Context, Services } from './context.ts';
import { wholeNumber } from './file-operation.ts';

export type { GitCommit, GitFileStatus, GitStatus };

export const gitLimits = {
  /** Largest status, diff or log read from git. */
  maxBytes: 32 * 1024 * 1024,
  timeoutMs: 30_000,
  defaultLogEntries: 20,
  maxLogEntries: 1000,
  /** gitStatusChanged: a burst of changes is folded into one status once quiet this long… */
  quietMs: 150,
  /** …or this long after it began. */
  maxWaitMs: 1000,
};

// One per server: concurrent status requests share a git run (see GitRepository.status).
const repositories = new WeakMap<Services, GitRepository>();

function repositoryOf(ctx: Context): GitRepository {
  let repository = repositories.get(ctx.services);
  if (!repository) {
    repository = new GitRepository(ctx.services.projectJail.realRoot, gitLimits);
    repositories.set(ctx.services, repository);
  }
  return repository;
}

/** Whether the caller may read `path` (the name alone: git reports names, not where links lead). */
function readable(ctx: Context): (path: string) => boolean {
  return (path) => {
    try {
      ctx.services.fileAccess.assert(ctx.principal, 'read', path);
      return true;
    } catch {
      return false;
    }
  };
}

/** `path` checked and normalised: '' for the whole project, else one the caller may read. */
function readablePath(ctx: Context, path: string | null | undefined): string {
  const relative = parseProjectPath(path ?? '').relative;
  // With no path, this checks the files:read scope alone.
  if (relative === '') ctx.services.fileAccess.assert(ctx.principal, 'read');
  else ctx.services.fileAccess.assert(ctx.principal, 'read', relative);
  return relative;
}

function visibleStatus(ctx: Context, status: GitStatus): GitStatus {
  const canRead = readable(ctx);
  const files: GitFileStatus[] = [];
  for (const file of status.files) {
    if (!canRead(file.path)) continue;
    // A rename from a hidden path reads as an addition: the hidden name is never shown.
    files.push(file.oldPath !== null && !canRead(file.oldPath) ? { ...file, oldPath: null } : file);
  }
  return { ...status, files };
}

/** Branch, ahead/behind its upstream, and each changed or untracked file the caller may read. */
export async function gitStatus(ctx: Context): Promise<GitStatus> {
  readablePath(ctx, '');
  return visibleStatus(ctx, await repositoryOf(ctx).status());
}

export interface GitDiffInput {
  /** A file or folder; '' or absent for every path the caller may read. */
  path?: string | null | undefined;
  /** The index against HEAD (`git diff --cached`); otherwise the work tree against the index. */
  staged?: boolean | null | undefined;
}

/** A unified diff (renames as a deletion and an addition), of readable paths only. */
export async function gitDiff(ctx: Context, input: GitDiffInput): Promise<string> {
  const path = readablePath(ctx, input.path);
  const staged = input.staged ?? false;
  const repository = repositoryOf(ctx);
  // Named one by one, so a path added between the two runs is not shown unchecked.
  const shown = (await repository.changedPaths(staged, path)).filter(readable(ctx));
  if (shown.length === 0) return '';
  return repository.diff(staged, shown);
}

export interface GitLogInput {
  /** Commits touching this file or folder; '' or absent for all. */
  path?: string | null | undefined;
  first?: number | null | undefined;
}

/** The newest commits, newest first; none before the first commit. */
export async function gitLog(ctx: Context, input: GitLogInput): Promise<GitCommit[]> {
  const path = readablePath(ctx, input.path);
  const first = wholeNumber(
    input.first ?? gitLimits.defaultLogEntries,
    'first',
    1,
    gitLimits.maxLogEntries,
  );
  return repositoryOf(ctx).log(path, first);
}

/**
 * The status now, then again each time it differs, recomputed as files change
 * (the API's and the watcher's events) and as git's own files do (a commit or
 * `git add` outside the server), debounced.
 */
export async function gitStatusChanged(ctx: Context): Promise<AsyncIterable<GitStatus>> {
  readablePath(ctx, '');
  const repository = repositoryOf(ctx);
  const { fileAccess } = ctx.services;
  const seen = (path: string | undefined) =>
    path !== undefined && fileAccess.canSee(ctx.principal, path, false);
  // Subscribed before the first status, so a change while it runs is not lost.
  const changes = ctx.services.bus.subscribe(fileChangesTopic, {
    signal: ctx.services.shutdown,
    filter: (change) => seen(change.path) || seen(change.oldPath),
  });
  let first: GitStatus;
  try {
    first = await gitStatus(ctx);
  } catch (error) {
    await changes.return?.();
    throw error;
  }
  const debounce = new ChangeDebounce(gitLimits.quietMs, gitLimits.maxWaitMs);
  const stopWatching = repository.watchGitDirectory(() => debounce.notify());
  void (async () => {
    for await (const _change of changes) debounce.notify();
    debounce.stop(); // the bus ended the subscription (shutdown)
  })().catch(() => debounce.stop());
  const stop = () => {
    debounce.stop();
    stopWatching();
    void Promise.resolve(changes.return?.()).catch(() => {});
  };
  async function* follow(): AsyncGenerator<GitStatus> {
    try {
      let last = JSON.stringify(first);
      yield first;
      while (await debounce.due()) {
        const status = visibleStatus(ctx, await repository.status(debounce.lastNoticeAt));
        const key = JSON.stringify(status);
        if (key === last) continue;
        last = key;
        yield status;
      }
    } finally {
      stop();
    }
  }
  return stoppable(follow(), stop);
}
