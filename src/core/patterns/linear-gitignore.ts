// .gitignore rules, matched in linear time. The `ignore` package turns each
// line into a V8 regular expression, and a line anyone with files:write can
// commit (`**/a/**/a/**/a/**/a/**/b`) against a path 60 folders deep took
// 40 s of event loop. Here each line becomes a glob for linear-glob.ts (RE2),
// with git's rules on top: the last matching line decides, `!` re-includes,
// a trailing `/` matches folders only, a line with a `/` before its end is
// anchored to the .gitignore's folder, and nothing below an ignored folder
// can be re-included. See docs/patterns.md.
import { compileAnyGlob, type GlobMatcher } from './linear-glob.ts';

export interface GitignoreResult {
  /** The last matching line (or an ignored parent folder) ignores the path. */
  ignored: boolean;
  /** The last matching line is a `!` line. */
  unignored: boolean;
}

interface Line {
  negative: boolean;
  directoryOnly: boolean;
  /** Matched against the whole path; otherwise against its last segment. */
  anchored: boolean;
  glob: string;
}

/** Consecutive lines of one kind, tested as one RE2 program. */
interface Group {
  negative: boolean;
  directoryOnly: boolean;
  anchored: boolean;
  matches: GlobMatcher;
}

const none: GitignoreResult = { ignored: false, unignored: false };
const ignoredResult: GitignoreResult = { ignored: true, unignored: false };
const unignoredResult: GitignoreResult = { ignored: false, unignored: true };

/** Characters picomatch gives meaning to that a .gitignore takes literally. */
const picomatchOnly = new Set(['{', '}', '(', ')', '|', '+', '@', '!', ',']);

/** A .gitignore pattern as a picomatch glob: git's escapes kept, picomatch-only syntax escaped. */
function toGlob(pattern: string): string {
  let glob = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] ?? '';
    if (char === '\\') {
      glob += pattern.slice(i, i + 2);
      i++;
    } else if (inClass) {
      if (char === ']') inClass = false;
      glob += char;
    } else if (char === '[') {
      inClass = true;
      glob += char;
      // git negates a class with `!` or `^`, picomatch with `^` only.
      if (pattern[i + 1] === '!' || pattern[i + 1] === '^') {
        glob += '^';
        i++;
      }
    } else {
      glob += picomatchOnly.has(char) ? `\\${char}` : char;
    }
  }
  return glob;
}

function parseLine(raw: string): Line | undefined {
  // Trailing spaces are dropped unless escaped with a backslash.
  let text = raw.replace(/(?<!\\) +$/, '');
  if (text === '' || text.startsWith('#')) return undefined;
  const negative = text.startsWith('!');
  if (negative) text = text.slice(1);
  const directoryOnly = text.endsWith('/');
  if (directoryOnly) text = text.replace(/\/+$/, '');
  const anchored = text.includes('/');
  text = text.replace(/^\/+/, '');
  if (text === '') return undefined;
  let glob = toGlob(text);
  // git: `abc/**` is everything inside abc, not abc itself (picomatch's
  // `abc/**` would match abc too).
  if (glob.endsWith('/**')) glob = `${glob}/*`;
  return { negative, directoryOnly, anchored, glob };
}

function group(lines: readonly Line[]): Group[] {
  const groups: Group[] = [];
  let run: Line[] = [];
  const flush = () => {
    const first = run[0];
    if (!first) return;
    const { negative, directoryOnly, anchored } = first;
    const matches = compileAnyGlob(
      run.map((line) => line.glob),
      { field: '.gitignore' },
    );
    groups.push({ negative, directoryOnly, anchored, matches });
    run = [];
  };
  for (const line of lines) {
    const first = run[0];
    if (
      first &&
      (first.negative !== line.negative ||
        first.directoryOnly !== line.directoryOnly ||
        first.anchored !== line.anchored)
    ) {
      flush();
    }
    run.push(line);
  }
  flush();
  return groups;
}

/** Lines git's check would take; a line the matcher cannot take is skipped (as git skips bad lines). */
function compileLines(lines: readonly string[]): Group[] {
  const parsed = lines.map(parseLine).filter((line): line is Line => line !== undefined);
  try {
    return group(parsed);
  } catch {
    // One bad line must not drop the others: compile them one by one.
    return group(
      parsed.filter((line) => {
        try {
          compileAnyGlob([line.glob]);
          return true;
        } catch {
          return false;
        }
      }),
    );
  }
}

const maxCachedFolders = 10_000;

export class LinearGitignore {
  readonly #groups: readonly Group[];
  /** Folder verdicts, for the parent checks of every path below them. */
  readonly #folders = new Map<string, GitignoreResult>();

  constructor(text: string | readonly string[]) {
    const lines = typeof text === 'string' ? text.split(/\r?\n/) : text;
    this.#groups = compileLines(lines);
  }

  /** The verdict on one path (relative to the .gitignore's folder, no trailing slash). */
  test(path: string, isDirectory: boolean): GitignoreResult {
    if (this.#groups.length === 0 || path === '') return none;
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      if (this.#folder(path.slice(0, slash)).ignored) return ignoredResult;
    }
    return this.#own(path, isDirectory);
  }

  /** Whether git would ignore the path. */
  ignores(path: string, isDirectory: boolean): boolean {
    return this.test(path, isDirectory).ignored;
  }

  #folder(path: string): GitignoreResult {
    let result = this.#folders.get(path);
    if (!result) {
      result = this.#own(path, true);
      if (this.#folders.size >= maxCachedFolders) this.#folders.clear();
      this.#folders.set(path, result);
    }
    return result;
  }

  /** The last matching line decides; groups are tested from the last. */
  #own(path: string, isDirectory: boolean): GitignoreResult {
    const name = path.slice(path.lastIndexOf('/') + 1);
    for (let i = this.#groups.length - 1; i >= 0; i--) {
      const group = this.#groups[i];
      if (!group || (group.directoryOnly && !isDirectory)) continue;
      if (group.matches(group.anchored ? path : name)) {
        return group.negative ? unignoredResult : ignoredResult;
      }
    }
    return none;
  }
}
