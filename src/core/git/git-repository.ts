// PROJECT_ROOT as a git repository, read-only: status, the paths and diff of
// changes, history. Paths are project paths (the repository's top level is
// the project root: git-cli.ts stops git from looking above it). Deciding
// which paths a caller may see is the resolvers' job.
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { TooLarge } from '../errors.ts';
import { GitFailure, runGit, type GitLimits } from './git-cli.ts';
import { parseStatus, type GitStatus } from './status-porcelain.ts';

export interface GitCommit {
  hash: string;
  authorName: string;
  authorEmail: string;
  /** ISO 8601, with the author's offset. */
  authoredAt: string;
  subject: string;
}

/** Paths per git run when they must be named one by one (command lines have a limit). */
const pathsPerRun = 500;

const diffOptions = ['--no-color', '--no-ext-diff', '--no-textconv', '--no-renames'];

export class GitRepository {
  readonly root: string;
  readonly #limits: GitLimits;
  /** The status run in flight, shared by callers that asked after it began. */
  #status: { startedAt: number; result: Promise<GitStatus> } | undefined;

  constructor(root: string, limits: GitLimits) {
    this.root = root;
    this.#limits = limits;
  }

  #git(args: readonly string[]): Promise<Buffer> {
    return runGit(this.root, args, this.#limits);
  }

  /**
   * Branch, upstream and every changed or untracked file. A caller reacting
   * to a change passes when it learned of it (`notBefore`, performance.now()):
   * a run begun since then is shared, one begun earlier is not.
   */
  status(notBefore = performance.now()): Promise<GitStatus> {
    const current = this.#status;
    if (current && current.startedAt >= notBefore) return current.result;
    const run = {
      startedAt: performance.now(),
      result: this.#git([
        'status',
        '--porcelain=v2',
        '-z',
        '--branch',
        '--untracked-files=all',
      ]).then(parseStatus),
    };
    this.#status = run;
    void run.result
      .finally(() => {
        if (this.#status === run) this.#status = undefined;
      })
      .catch(() => {});
    return run.result;
  }

  /** Paths with changes in the work tree (or, `staged`, in the index), under `path` ('' for all). */
  async changedPaths(staged: boolean, path: string): Promise<string[]> {
    const output = await this.#git([
      'diff',
      ...diffOptions,
      '--name-only',
      '-z',
      ...(staged ? ['--cached'] : []),
      '--',
      ...(path === '' ? [] : [path]),
    ]);
    return output
      .toString('utf8')
      .split('\0')
      .filter((name) => name !== '');
  }

  /** A unified diff of the work tree against the index (or, `staged`, the index against HEAD). */
  async diff(staged: boolean, paths: readonly string[] | 'all'): Promise<string> {
    const run = (pathspecs: readonly string[]) =>
      this.#git(['diff', ...diffOptions, ...(staged ? ['--cached'] : []), '--', ...pathspecs]);
    if (paths === 'all') return (await run([])).toString('utf8');
    const parts: string[] = [];
    let bytes = 0;
    for (let i = 0; i < paths.length; i += pathsPerRun) {
      const part = (await run(paths.slice(i, i + pathsPerRun))).toString('utf8');
      bytes += part.length;
      if (bytes > this.#limits.maxBytes) {
        // As one run's maxBuffer would.
        throw new TooLarge(
          `git's answer is over ${this.#limits.maxBytes} bytes; ask for one path`,
          {
            limit: this.#limits.maxBytes,
          },
        );
      }
      parts.push(part);
    }
    return parts.join('');
  }

  /** The newest `first` commits, touching `path` when given; none before the first commit. */
  async log(path: string, first: number): Promise<GitCommit[]> {
    let output: Buffer;
    try {
      output = await this.#git([
        'log',
        '-z',
        `--max-count=${first}`,
        '--format=%H%x1f%an%x1f%ae%x1f%aI%x1f%s',
        '--',
        ...(path === '' ? [] : [path]),
      ]);
    } catch (error) {
      if (error instanceof GitFailure && /does not have any commits yet/.test(error.stderr)) {
        return [];
      }
      throw error;
    }
    return output
      .toString('utf8')
      .split('\0')
      .filter((record) => record !== '')
      .map((record) => {
        const [hash = '', authorName = '', authorEmail = '', authoredAt = '', subject = ''] =
          record.split('\x1f');
        return { hash, authorName, authorEmail, authoredAt, subject };
      });
  }

  /**
   * Calls `onChange` when git's own files change (index, HEAD, refs written
   * by a git command outside the server): the file watcher leaves `.git` out.
   * Returns a function that stops watching; a repository whose `.git` is not
   * a folder (a worktree's link file) is followed through file changes only.
   */
  watchGitDirectory(onChange: () => void): () => void {
    const watchers: FSWatcher[] = [];
    for (const folder of ['.git', '.git/refs/heads']) {
      try {
        const watcher = watch(join(this.root, folder), { persistent: false }, onChange);
        watcher.on('error', () => watcher.close());
        watchers.push(watcher);
      } catch {
        // absent, or not a folder
      }
    }
    return () => {
      for (const watcher of watchers) watcher.close();
    };
  }
}
