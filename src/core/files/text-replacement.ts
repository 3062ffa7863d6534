// One file's text with every match of a pattern replaced, and where the
// matches were. A regex replacement expands `$1`, `$<name>`, `$&`, `$$` as
// String.prototype.replace does; a literal one is inserted as written. The
// matching itself is the caller's: an escaped literal on V8 here, a client's
// regex on RE2 in the shared pool (content-search-worker.ts); both hand each match
// to the same callback, shaped as String.prototype.replace calls it.

export interface ReplacedMatch {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units as editors count. */
  column: number;
  /** The matched text, cut to `maxShownLength`. */
  text: string;
  /** What it was replaced with, cut to `maxShownLength`. */
  replacement: string;
}

export interface TextReplacement {
  /** The new text; the same string when nothing matched. */
  text: string;
  matchCount: number;
  /** The first `maxMatches` matches. */
  matches: ReplacedMatch[];
}

export interface ReplaceRule {
  replacement: string;
  /** Expand `$…` references (regex mode); literal mode inserts `replacement` as is. */
  expand: boolean;
  /** Matches listed per file (all are replaced). */
  maxMatches: number;
}

export const maxShownLength = 200;

/** String.prototype.replace's GetSubstitution, for one match. */
function substitute(
  replacement: string,
  matched: string,
  position: number,
  text: string,
  captures: ReadonlyArray<string | undefined>,
  groups: Record<string, string | undefined> | undefined,
): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const char = replacement[i];
    const next = replacement[i + 1];
    if (char !== '$' || next === undefined) {
      out += char;
      continue;
    }
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '&') {
      out += matched;
      i++;
    } else if (next === '`') {
      out += text.slice(0, position);
      i++;
    } else if (next === "'") {
      out += text.slice(position + matched.length);
      i++;
    } else if (next >= '0' && next <= '9') {
      const two = Number(replacement.slice(i + 1, i + 3));
      const one = Number(next);
      const twoDigits = /^[0-9]{2}$/.test(replacement.slice(i + 1, i + 3));
      if (twoDigits && two >= 1 && two <= captures.length) {
        out += captures[two - 1] ?? '';
        i += 2;
      } else if (one >= 1 && one <= captures.length) {
        out += captures[one - 1] ?? '';
        i++;
      } else out += '$';
    } else if (next === '<' && groups !== undefined) {
      const end = replacement.indexOf('>', i + 2);
      if (end === -1) {
        out += '$';
        continue;
      }
      out += groups[replacement.slice(i + 2, end)] ?? '';
      i = end;
    } else out += '$';
  }
  return out;
}

/** A replacer called as String.prototype.replace calls one: (match, ...captures, offset, text, groups?). */
export type MatchReplacer = (...args: unknown[]) => string;

/**
 * Replaces in `text` through `run`, which calls the replacer given for each
 * match in order and returns the new text.
 */
export function replaceEach(
  text: string,
  rule: ReplaceRule,
  run: (replacer: MatchReplacer) => string,
): TextReplacement {
  const matches: ReplacedMatch[] = [];
  let matchCount = 0;
  // Lines are counted forward from the previous match, so listing stays linear.
  let line = 1;
  let lineStart = 0;
  let counted = 0;
  const replaced = run((...args: unknown[]) => {
    const matched = args[0] as string;
    const last = args.at(-1);
    const hasGroups = typeof last === 'object' && last !== null;
    // No named groups: `$<` stays as written, as in String.prototype.replace.
    const groups =
      hasGroups && Object.keys(last).length > 0
        ? (last as Record<string, string | undefined>)
        : undefined;
    const positionIndex = hasGroups ? args.length - 3 : args.length - 2;
    const position = args[positionIndex] as number;
    const captures = args.slice(1, positionIndex).map((capture) => capture ?? undefined) as Array<
      string | undefined
    >;
    const value = rule.expand
      ? substitute(rule.replacement, matched, position, text, captures, groups)
      : rule.replacement;
    matchCount++;
    if (matches.length < rule.maxMatches) {
      for (let i = text.indexOf('\n', counted); i !== -1 && i < position;) {
        line++;
        lineStart = i + 1;
        i = text.indexOf('\n', i + 1);
      }
      counted = position;
      matches.push({
        line,
        column: position - lineStart + 1,
        text: matched.slice(0, maxShownLength),
        replacement: value.slice(0, maxShownLength),
      });
    }
    return value;
  });
  return { text: replaced, matchCount, matches };
}

/** Replaces every match of `pattern` (a V8 regex with the `g` flag: escaped literals only). */
export function replaceText(text: string, pattern: RegExp, rule: ReplaceRule): TextReplacement {
  pattern.lastIndex = 0;
  return replaceEach(text, rule, (replacer) => text.replace(pattern, replacer));
}
