// Clients' regular expressions, compiled for a linear-time engine. V8's own
// engine backtracks: `^(a+)+$` over 30 characters takes seconds, and on the
// event loop that stalls every client. RE2 (here re2js, its pure JavaScript
// port) runs any pattern in time linear in the text, so a client's regex
// needs no worker, no deadline and no watchdog to be safe. The price: no
// backreferences and no lookaround, which are refused by name.
// See docs/patterns.md.
import { RE2JS } from 're2js';
import { InvalidInput } from '../errors.ts';

export interface LinearRegexOptions {
  /** The input field named in errors (`regex`, `content`, …). */
  field: string;
  caseInsensitive?: boolean;
  /** @default regexLimits.maxLength */
  maxLength?: number;
}

export const regexLimits = {
  /** Characters in one pattern. */
  maxLength: 1000,
  /**
   * RE2 program instructions: matching costs at most this many steps per
   * character of text (`[a-z]{1000}` is about 1,000; counted repetition is
   * what makes programs large).
   */
  maxProgramSize: 5000,
};

/** A compiled pattern: a test, and the first match's position. */
export interface LinearRegex {
  readonly source: string;
  test(text: string): boolean;
  /** Index (UTF-16 code units, as JavaScript counts) of the first match, or -1. */
  search(text: string): number;
}

/** A JavaScript feature RE2 cannot run, found in `source`, or undefined. */
export function unsupportedFeature(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return `backreferences (\\${next})`;
      if (!inClass && next === 'k' && source[i + 2] === '<') return 'named backreferences (\\k<…>)';
      i++;
    } else if (inClass) {
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
    } else if (char === '(' && source[i + 1] === '?') {
      const head = source.slice(i + 2, i + 4);
      if (head.startsWith('=') || head.startsWith('!'))
        return `lookahead (${source.slice(i, i + 3)}…)`;
      if (head === '<=' || head === '<!') return `lookbehind (${source.slice(i, i + 4)}…)`;
    }
  }
  return undefined;
}

/**
 * Compiles a client's pattern, written in JavaScript syntax (translated to
 * RE2's: `\u0041`, `(?<name>…)` and the like work), or throws BAD_USER_INPUT
 * naming the field and the problem.
 */
export function compileLinearRegex(source: string, options: LinearRegexOptions): LinearRegex {
  const { field } = options;
  const maxLength = options.maxLength ?? regexLimits.maxLength;
  if (source.length > maxLength) {
    throw new InvalidInput(`${field} must be at most ${maxLength} characters`, { field });
  }
  const feature = unsupportedFeature(source);
  if (feature) {
    throw new InvalidInput(
      `${field} uses ${feature}, which the linear-time regex engine (RE2 syntax) does not support`,
      { field },
    );
  }
  let pattern: RE2JS;
  try {
    pattern = RE2JS.compile(
      RE2JS.translateRegExp(source),
      options.caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0,
    );
  } catch (error) {
    throw new InvalidInput(
      `${field} is not a valid regular expression (RE2 syntax): ${(error as Error).message}`,
      { field },
    );
  }
  if (pattern.programSize() > regexLimits.maxProgramSize) {
    throw new InvalidInput(
      `${field} is too complex: it compiles to ${pattern.programSize()} instructions, at most ${regexLimits.maxProgramSize} are allowed (large counted repetitions such as {1000} are the usual cause)`,
      { field },
    );
  }
  return wrap(pattern, source);
}

/**
 * Compiles a pattern the server built itself in RE2 syntax (from globs,
 * whose length the caller caps, so their programs stay small).
 */
export function compileRe2(source: string, field: string, caseInsensitive = false): LinearRegex {
  let pattern: RE2JS;
  try {
    pattern = RE2JS.compile(source, caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    throw new InvalidInput(`${field} cannot be matched: ${(error as Error).message}`, { field });
  }
  return wrap(pattern, source);
}

function wrap(pattern: RE2JS, source: string): LinearRegex {
  return {
    source,
    test: (text) => pattern.test(text),
    search(text) {
      // The boolean test runs on RE2's DFA; finding where costs more (NFA), so
      // only lines that match pay for it.
      if (!pattern.test(text)) return -1;
      const matcher = pattern.matcher(text);
      return matcher.find() ? matcher.start() : -1;
    },
  };
}
