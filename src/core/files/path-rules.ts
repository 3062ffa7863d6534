// A token's path rules (`Principal.paths`), compiled once: which project paths
// it may read, which it may write, and which folders it may pass through on
// the way to them, so a listing can show `src` to a token limited to `src/**`.
import { compileAnyGlob, compileGlob, type GlobMatcher } from '../patterns/linear-glob.ts';
import type { PathRule } from '../scopes.ts';

/** One glob's segments, for telling whether a folder could hold a match. */
type SegmentMatcher = 'globstar' | GlobMatcher | 'unknown';

interface CompiledRule {
  segments: SegmentMatcher[];
}

/**
 * Splits a glob at the `/` that separate segments: not those inside braces,
 * brackets or parentheses (`{a,b/c}` is one segment, which no single folder
 * name can match).
 */
function globSegments(glob: string): string[] {
  const segments: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '\\') i++;
    else if (char === '{' || char === '[' || char === '(') depth++;
    else if ((char === '}' || char === ']' || char === ')') && depth > 0) depth--;
    else if (char === '/' && depth === 0) {
      segments.push(glob.slice(start, i));
      start = i + 1;
    }
  }
  segments.push(glob.slice(start));
  return segments.filter((segment) => segment !== '');
}

function compileSegment(segment: string): SegmentMatcher {
  if (segment === '**') return 'globstar';
  // A brace group holding a `/` spans folders: say nothing below it leads
  // anywhere (the paths themselves still match through the whole glob).
  if (/[{(][^})]*\//.test(segment)) return 'unknown';
  return compileGlob(segment, { field: 'paths' });
}

/** One linear-time test for several globs: walks test every entry against it. */
function anyOf(globs: readonly string[]): GlobMatcher | undefined {
  if (globs.length === 0) return undefined;
  return compileAnyGlob(globs, { field: 'paths' });
}

/** Whether `pattern` matches `relative` or one of the folders above it. */
function coversPathOrAncestor(matches: GlobMatcher | undefined, relative: string): boolean {
  if (!matches) return false;
  if (matches(relative)) return true;
  for (let slash = relative.indexOf('/'); slash !== -1; slash = relative.indexOf('/', slash + 1)) {
    if (matches(relative.slice(0, slash))) return true;
  }
  return false;
}

export class PathRules {
  readonly #read: GlobMatcher | undefined;
  readonly #write: GlobMatcher | undefined;
  readonly #rules: CompiledRule[];

  constructor(rules: readonly PathRule[]) {
    this.#read = anyOf(rules.map((rule) => rule.glob));
    this.#write = anyOf(rules.filter((rule) => rule.access === 'read-write').map((r) => r.glob));
    this.#rules = rules.map((rule) => ({ segments: globSegments(rule.glob).map(compileSegment) }));
  }

  /** A rule matches the path or a folder above it (a rule on a folder covers what is inside). */
  reads(relative: string): boolean {
    return coversPathOrAncestor(this.#read, relative);
  }

  /** A `read-write` rule matches the path or a folder above it. */
  writes(relative: string): boolean {
    return coversPathOrAncestor(this.#write, relative);
  }

  /**
   * Whether a folder at `relative` could hold something a rule matches: the
   * folders leading to allowed paths, shown in listings though not readable.
   */
  leadsTo(relative: string): boolean {
    const names = relative === '' ? [] : relative.split('/');
    return this.#rules.some(({ segments }) => {
      for (let i = 0; i < names.length; i++) {
        const segment = segments[i];
        if (segment === undefined || segment === 'unknown') return false;
        if (segment === 'globstar') return true;
        if (!segment(names[i] ?? '')) return false;
      }
      return names.length < segments.length;
    });
  }

  /** What a listing or a change feed may show: readable paths, and folders leading to them. */
  shows(relative: string, isDirectory: boolean): boolean {
    return this.reads(relative) || (isDirectory && this.leadsTo(relative));
  }
}

const compiled = new WeakMap<readonly PathRule[], PathRules>();

/**
 * The principal's rules, compiled on first use and kept as long as its rule
 * list lives (the token store keeps one principal per token), not per path.
 */
export function compiledPathRules(paths: readonly PathRule[] | undefined): PathRules | undefined {
  if (paths === undefined) return undefined;
  let rules = compiled.get(paths);
  if (!rules) {
    rules = new PathRules(paths);
    compiled.set(paths, rules);
  }
  return rules;
}
