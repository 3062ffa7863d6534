// Runs the git CLI (Debian's `git`) for PROJECT_ROOT, read-only. Why the CLI
// and not a library: git itself is the only reader that agrees with git on
// every index extension, packfile, worktree, sparse checkout and config a
// repository may use; the pure-JS readers cover a subset. It is called with
// execFile and an argument array (never a shell, so no path is ever parsed as
// shell syntax), with options that keep a read from writing or running
// anything: --no-optional-locks (status would otherwise refresh the index),
// --literal-pathspecs (a path is a name, never a glob), no fsmonitor hook, no
// external diff or textconv programs, no signature checks.
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { NotFound, TooLarge, Upstream } from '../errors.ts';

export interface GitLimits {
  /** Largest output read, in bytes. */
  maxBytes: number;
  /** A git run is killed past this. */
  timeoutMs: number;
}

const safety = [
  '--no-optional-locks',
  '--literal-pathspecs',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.quotePath=false',
  '-c',
  'log.showSignature=false',
  '-c',
  'color.ui=false',
];

/** Outcomes a caller may expect from git and handle, rather than fail on. */
export class GitFailure extends Error {
  override name = 'GitFailure';
  readonly stderr: string;

  constructor(stderr: string) {
    super(stderr.split('\n')[0] ?? 'git failed');
    this.stderr = stderr;
  }
}

/** The environment git runs in: the server's, without any GIT_* variable that would redirect it. */
function gitEnvironment(root: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('GIT_')) env[name] = value;
  }
  return {
    ...env,
    // The project folder is a repository only if it holds one itself: git
    // must not find a repository above it and show files outside the project.
    GIT_CEILING_DIRECTORIES: dirname(root),
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    // Messages in one language, so the few we recognise are recognised.
    LC_ALL: 'C',
    LANGUAGE: 'C',
  };
}

/** Runs `git <args>` in `root`; resolves with its standard output. */
export function runGit(root: string, args: readonly string[], limits: GitLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...safety, ...args],
      {
        cwd: root,
        env: gitEnvironment(root),
        encoding: 'buffer',
        maxBuffer: limits.maxBytes,
        timeout: limits.timeoutMs,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(stdout);
          return;
        }
        const text = stderr.toString('utf8');
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          reject(new Upstream('the git CLI is not installed on the server'));
        } else if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          reject(
            new TooLarge(`git's answer is over ${limits.maxBytes} bytes; ask for one path`, {
              limit: limits.maxBytes,
            }),
          );
        } else if (error.killed) {
          reject(
            new TooLarge(`git ran past its ${limits.timeoutMs} ms time limit`, {
              limit: limits.timeoutMs,
              reason: 'timeout',
            }),
          );
        } else if (/not a git repository/i.test(text)) {
          reject(
            new NotFound('the project folder is not a git repository', {
              reason: 'notRepository',
            }),
          );
        } else {
          reject(new GitFailure(text));
        }
      },
    );
  });
}
