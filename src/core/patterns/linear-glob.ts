// Globs, matched in linear time: every place that matches a glob someone gave
// us (searchFiles, token path rules, FILES_DENY and friends, subscription
// filters) compiles it here. picomatch parses the glob (its syntax is the
// API's), and its regular expression runs on RE2 (re2js) instead of V8's
// backtracking engine, where `*a*a*a*a*a*b` against a name of 200 `a`s
// took a minute. See docs/patterns.md.
import picomatch from 'picomatch';
import { InvalidInput } from '../errors.ts';
import { compileRe2, type LinearRegex } from './linear-regex.ts';

export const globLimits = {
  /** Characters in one glob. */
  maxLength: 1000,
};

export interface GlobOptions {
  /** The input field named in errors. @default 'glob' */
  field?: string;
  /** @default true */
  caseSensitive?: boolean;
  /**
   * A glob without `/` is matched against the last path segment (the name)
   * alone, as searchFiles does. @default false
   */
  basename?: boolean;
}

export type GlobMatcher = (path: string) => boolean;

// picomatch's lookaheads, each of a fixed form, which RE2 cannot run. The
// first two keep `*` and `**` from matching `.` and `..` segments, which
// project paths never have (they are normalised before any rule sees them);
// the last makes `*` match at least one character, and a path segment is
// never empty (but see globSource for the one place it matters). Dropped,
// the pattern matches the same project paths.
const droppedLookaheads = ['(?!(?:^|\\/)\\.{1,2}(?:\\/|$))', '(?!\\.{1,2}(?:\\/|$))', '(?=.)'];

/**
 * The RE2 source (anchored) for one glob, matched with `dot` on: `*` matches
 * names starting with a dot too (`**\/.env*` must find `.env`). Throws
 * BAD_USER_INPUT naming `field` for a glob it cannot take.
 */
export function globSource(glob: string, field = 'glob'): string {
  if (glob.length > globLimits.maxLength) {
    throw new InvalidInput(`${field} must be at most ${globLimits.maxLength} characters`, {
      field,
    });
  }
  let source: string;
  try {
    source = picomatch.makeRe(glob, { dot: true }).source;
  } catch (error) {
    throw new InvalidInput(`${field} is not a valid glob: ${(error as Error).message}`, { field });
  }
  for (const lookahead of droppedLookaheads.slice(0, 2)) source = source.replaceAll(lookahead, '');
  // `**` may match nothing at the end (`a/**` matches `a`), but not where
  // `(?=.)` follows, which needs a character: that `$` branch can never
  // match, and without the lookahead it would.
  source = source.replaceAll('|$)(?=.)', ')');
  source = source.replaceAll('(?=.)', '');
  if (/\(\?<?[=!]/.test(source)) {
    // What is left comes from a negated extglob `!(…)`, the one glob feature
    // a regular expression without lookaround cannot express as picomatch does.
    throw new InvalidInput(
      `${field} ${JSON.stringify(glob)} uses a negated pattern !(…), which is not supported; use an exclude list instead`,
      { field },
    );
  }
  return source;
}

function compileSource(source: string, field: string, caseSensitive: boolean): LinearRegex {
  return compileRe2(source, field, !caseSensitive);
}

/** One glob as a test on project-relative paths. */
export function compileGlob(glob: string, options: GlobOptions = {}): GlobMatcher {
  const field = options.field ?? 'glob';
  const regex = compileSource(globSource(glob, field), field, options.caseSensitive ?? true);
  if (options.basename && !glob.includes('/')) {
    return (path) => regex.test(path.slice(path.lastIndexOf('/') + 1));
  }
  return (path) => regex.test(path);
}

/**
 * Several globs as one test (one pass over the path however many globs):
 * true when any matches. No globs never match.
 */
export function compileAnyGlob(globs: readonly string[], options: GlobOptions = {}): GlobMatcher {
  if (globs.length === 0) return () => false;
  const field = options.field ?? 'glob';
  const sources = globs.map((glob) => `(?:${globSource(glob, field)})`);
  const regex = compileSource(sources.join('|'), field, options.caseSensitive ?? true);
  return (path) => regex.test(path);
}
