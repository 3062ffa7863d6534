// Include and exclude globs a client gives a live feed (fileChanges, StreamData),
// checked and compiled in this one module, so the matcher can be swapped for
// a linear-time one without touching the feeds. Globs read as searchFiles'
// do: one without `/` matches a name at any depth (`*.ts`, `node_modules`),
// one with `/` the whole project path (`src/**/*.ts`); dot files match.
// Which paths an entry stands for follows the path rules of tokens
// (path-rules.ts): a glob matching a folder covers everything inside it, and
// a folder that could hold an included path passes too, so that moving or
// deleting it is seen by whoever follows the paths inside.
import picomatch from 'picomatch';
import { InvalidInput } from '../errors.ts';
import { PathRules } from './path-rules.ts';

/** Small enough that matching every event against every glob stays cheap. */
export const globFilterLimits = {
  /** Globs per list (include, exclude). */
  maxGlobs: 32,
  /** Characters per glob. */
  maxGlobLength: 256,
} as const;

export interface GlobFilterInput {
  /** When non-empty, only paths one of these matches (and the folders leading to them). */
  include?: readonly string[] | undefined;
  /** Paths one of these matches, and everything inside a matched folder, never pass. */
  exclude?: readonly string[] | undefined;
}

export interface GlobFilter {
  /** Whether a change at `relative` (a project path) passes the filter. */
  passes(relative: string, isDirectory: boolean): boolean;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const controlCharacter = /[\0-\x1f\x7f]/;

/** Refuses what is not a glob relative to the project root; `field` names it in the error. */
function checkGlob(glob: string, field: string): void {
  const refuse = (reason: string) => new InvalidInput(`${field} ${reason}`, { field, glob });
  if (glob === '') throw refuse('must not be empty');
  if (glob.length > globFilterLimits.maxGlobLength) {
    throw refuse(`must be at most ${globFilterLimits.maxGlobLength} characters`);
  }
  if (controlCharacter.test(glob)) throw refuse('must not contain control characters');
  if (/^([/\\]|[A-Za-z]:)/.test(glob)) throw refuse('must be relative to the project root');
  if (glob.split('/').includes('..')) throw refuse('must not contain ".." segments');
  // picomatch reads a leading `!` as "everything but": with the folder
  // coverage above that says little anyone means. Exclude says it plainly.
  if (glob.startsWith('!')) throw refuse('must not start with "!"; list the glob in exclude');
  // A negated extglob needs lookaround, which a linear-time matcher cannot run.
  if (glob.includes('!(')) throw refuse('must not use a negated pattern !(…); use exclude');
  let source: string;
  try {
    source = picomatch.makeRe(glob, { dot: true, strictBrackets: true }).source;
  } catch (error) {
    throw refuse(`is not a valid glob: ${(error as Error).message}`);
  }
  // picomatch answers a pattern it could not turn into a regular expression
  // (`[b-a]`, a lone `\`) with one that matches nothing.
  if (source === '$^') throw refuse('is not a valid glob');
}

/** A glob without `/` matches a name anywhere, as in searchFiles. */
function anchored(glob: string): string {
  return glob.includes('/') ? glob : `**/${glob}`;
}

function compileList(globs: readonly string[] | undefined, field: string): PathRules | undefined {
  if (!globs || globs.length === 0) return undefined;
  if (globs.length > globFilterLimits.maxGlobs) {
    throw new InvalidInput(`${field} may hold at most ${globFilterLimits.maxGlobs} globs`, {
      field,
    });
  }
  globs.forEach((glob, i) => checkGlob(glob, `${field}[${i}]`));
  return new PathRules(globs.map((glob) => ({ glob: anchored(glob), access: 'read' })));
}

/**
 * The filter for these globs; undefined when there are none. Throws
 * BAD_USER_INPUT naming the first glob refused.
 */
export function compileGlobFilter(input: GlobFilterInput): GlobFilter | undefined {
  const include = compileList(input.include, 'include');
  const exclude = compileList(input.exclude, 'exclude');
  if (!include && !exclude) return undefined;
  return {
    passes: (relative, isDirectory) =>
      (!include || include.shows(relative, isDirectory)) && !exclude?.reads(relative),
  };
}
