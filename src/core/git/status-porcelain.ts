// Reads `git status --porcelain=v2 -z --branch`: NUL-separated records, so
// any file name (spaces, newlines, non-ASCII) comes through as it is.
// Format: https://git-scm.com/docs/git-status#_porcelain_format_version_2

export type GitChange =
  'MODIFIED' | 'TYPE_CHANGED' | 'ADDED' | 'DELETED' | 'RENAMED' | 'COPIED' | 'UNMERGED';

export interface GitFileStatus {
  path: string;
  /** The path before a rename or copy. */
  oldPath: string | null;
  /** The change in the index against HEAD; null when none. */
  staged: GitChange | null;
  /** The change in the work tree against the index; null when none. */
  unstaged: GitChange | null;
  untracked: boolean;
}

export interface GitStatus {
  /** Null when HEAD is detached. */
  branch: string | null;
  /** Null before the first commit. */
  commit: string | null;
  upstream: string | null;
  ahead: number;
  behind: number;
  files: GitFileStatus[];
}

const changes: Record<string, GitChange | null> = {
  '.': null,
  M: 'MODIFIED',
  T: 'TYPE_CHANGED',
  A: 'ADDED',
  D: 'DELETED',
  R: 'RENAMED',
  C: 'COPIED',
  U: 'UNMERGED',
};

function changeOf(code: string | undefined): GitChange | null {
  return changes[code ?? '.'] ?? null;
}

/** The text after the first `fields` space-separated fields: a path may hold spaces. */
function afterFields(record: string, fields: number): string {
  let index = 0;
  for (let i = 0; i < fields; i++) index = record.indexOf(' ', index) + 1;
  return record.slice(index);
}

export function parseStatus(output: Buffer): GitStatus {
  const status: GitStatus = {
    branch: null,
    commit: null,
    upstream: null,
    ahead: 0,
    behind: 0,
    files: [],
  };
  const records = output.toString('utf8').split('\0');
  for (let i = 0; i < records.length; i++) {
    const record = records[i] ?? '';
    if (record === '') continue;
    const kind = record[0];
    if (kind === '#') {
      const [, key, ...rest] = record.split(' ');
      const value = rest.join(' ');
      if (key === 'branch.oid') status.commit = value === '(initial)' ? null : value;
      else if (key === 'branch.head') status.branch = value === '(detached)' ? null : value;
      else if (key === 'branch.upstream') status.upstream = value;
      else if (key === 'branch.ab') {
        const match = /^\+(\d+) -(\d+)$/.exec(value);
        status.ahead = Number(match?.[1] ?? 0);
        status.behind = Number(match?.[2] ?? 0);
      }
    } else if (kind === '1' || kind === '2') {
      const xy = record.slice(2, 4);
      // `2` records carry a score field, and their old path as the next record.
      const path = afterFields(record, kind === '1' ? 8 : 9);
      const oldPath = kind === '2' ? (records[++i] ?? null) : null;
      status.files.push({
        path,
        oldPath,
        staged: changeOf(xy[0]),
        unstaged: changeOf(xy[1]),
        untracked: false,
      });
    } else if (kind === 'u') {
      status.files.push({
        path: afterFields(record, 10),
        oldPath: null,
        staged: 'UNMERGED',
        unstaged: 'UNMERGED',
        untracked: false,
      });
    } else if (kind === '?') {
      status.files.push({
        path: record.slice(2),
        oldPath: null,
        staged: null,
        unstaged: null,
        untracked: true,
      });
    }
    // `!` (ignored) is never asked for.
  }
  return status;
}
