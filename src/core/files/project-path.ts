// A client's path, checked before it comes near the file system. Paths are
// relative to PROJECT_ROOT with `/` separators and one spelling each: no `.`
// or empty segments, no backslashes, nothing percent-encoded that a later
// decoder could turn into a separator or a `..`.
import { Forbidden, InvalidInput } from '../errors.ts';
import { isOwnTemporaryName } from './own-temporary-files.ts';

export interface ProjectPath {
  /** `a/b/c`; `''` is the project root. */
  readonly relative: string;
  readonly segments: readonly string[];
}

/** Linux limits: PATH_MAX and NAME_MAX, in bytes. */
const maxPathBytes = 4096;
const maxSegmentBytes = 255;
/**
 * Folders deep: far past any real project, and it bounds the work one path
 * can ask for (a write into new nested folders creates and announces each).
 */
export const maxPathSegments = 128;

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const controlCharacter = /[\x01-\x1f\x7f]/;
/** `%2e`, `%2f`, `%5c`, `%00`, also double-encoded (`%252e`): a decoder downstream could undo them. */
const encodedSeparatorOrDot = /%(?:25)*(?:2e|2f|5c|00)/i;
/** `C:` at the start: a Windows drive, absolute there. */
const windowsDrive = /^[A-Za-z]:/;

export const projectRoot: ProjectPath = { relative: '', segments: [] };

/**
 * Checks a client's path. Leaving the root (`..`, absolute) is FORBIDDEN;
 * anything malformed is BAD_USER_INPUT. `field` names the argument in errors.
 */
export function parseProjectPath(input: string, field = 'path'): ProjectPath {
  const refuse = (reason: string) => new InvalidInput(`${field} ${reason}`, { field });
  if (input.includes('\0')) throw refuse('must not contain a NUL byte');
  if (controlCharacter.test(input)) throw refuse('must not contain control characters');
  if (!input.isWellFormed()) throw refuse('must be well-formed Unicode');
  if (input.includes('\\')) throw refuse('must use / as the separator; backslashes are refused');
  if (encodedSeparatorOrDot.test(input)) {
    throw refuse(
      'must not contain percent-encoded dots, slashes or NUL bytes (paths are not URL-decoded)',
    );
  }
  if (input.startsWith('/') || windowsDrive.test(input)) {
    throw new Forbidden(`${field} must be relative to the project root`, { field });
  }
  if (Buffer.byteLength(input) > maxPathBytes)
    throw refuse(`must be at most ${maxPathBytes} bytes`);
  if (input === '') return projectRoot;

  const segments = input.split('/');
  if (segments.length > maxPathSegments) {
    throw new InvalidInput(
      `${field} has ${segments.length} segments, over the limit of ${maxPathSegments} (folders deep)`,
      { field, limit: maxPathSegments },
    );
  }
  for (const segment of segments) {
    if (segment === '..') {
      throw new Forbidden(`${field} must not leave the project root ('..')`, { field });
    }
  }
  for (const segment of segments) {
    if (segment === '')
      throw refuse('must not contain empty segments (// or a leading or trailing /)');
    if (segment === '.') throw refuse("must not contain '.' segments");
    if (Buffer.byteLength(segment) > maxSegmentBytes) {
      throw refuse(`has a name longer than ${maxSegmentBytes} bytes`);
    }
    if (isOwnTemporaryName(segment)) {
      throw refuse(
        `names ${segment}, a name reserved for the server's own temporary files (.genpod-<16 hex>.tmp or .journal)`,
      );
    }
  }
  return { relative: input, segments };
}

/** The path of `name` inside `parent`. */
export function childPath(parent: ProjectPath, name: string): ProjectPath {
  return {
    relative: parent.relative === '' ? name : `${parent.relative}/${name}`,
    segments: [...parent.segments, name],
  };
}

/** The folder holding `path`; the root has none. */
export function parentPath(path: ProjectPath): ProjectPath | undefined {
  if (path.segments.length === 0) return undefined;
  const segments = path.segments.slice(0, -1);
  return { relative: segments.join('/'), segments };
}

/** `a`, `a/b`, `a/b/c` for `a/b/c`: the path and each folder above it, outermost first. */
export function pathAndAncestors(relative: string): string[] {
  if (relative === '') return [];
  const segments = relative.split('/');
  return segments.map((_, i) => segments.slice(0, i + 1).join('/'));
}
