// How deeply a GraphQL document nests its brackets, found by one pass over the
// characters before the parser sees it. graphql-js parses by recursive descent
// and runs out of stack at a few thousand levels of `{`, `[` or `(` (long
// before its token limit can stop it); measuring first turns such a document
// into QUERY_TOO_COMPLEX instead of a stack overflow (src/http/plugins/use-query-limits.ts).

// Character codes, compared as numbers: this runs before every parse.
const hash = 35; // #
const quote = 34; // "
const backslash = 92; // \
const newline = 10;
const carriageReturn = 13;
const openBrace = 123; // {
const closeBrace = 125; // }
const openBracket = 91; // [
const closeBracket = 93; // ]
const openParen = 40; // (
const closeParen = 41; // )

/**
 * True when `source` nests brackets deeper than `max` anywhere outside
 * strings and comments. Stops at the first level past `max`.
 */
export function nestsDeeperThan(source: string, max: number): boolean {
  let depth = 0;
  const length = source.length;
  for (let i = 0; i < length; i++) {
    const code = source.charCodeAt(i);
    if (code === openBrace || code === openBracket || code === openParen) {
      if (++depth > max) return true;
    } else if (code === closeBrace || code === closeBracket || code === closeParen) {
      depth--;
    } else if (code === hash) {
      // A comment runs to the end of the line.
      while (i + 1 < length) {
        const next = source.charCodeAt(i + 1);
        if (next === newline || next === carriageReturn) break;
        i++;
      }
    } else if (code === quote) {
      if (source.startsWith('"""', i)) {
        // A block string ends at the next """ not escaped as \""".
        let end = source.indexOf('"""', i + 3);
        while (end !== -1 && source.charCodeAt(end - 1) === backslash) {
          end = source.indexOf('"""', end + 3);
        }
        if (end === -1) return false;
        i = end + 2;
        continue;
      }
      // A string ends at an unescaped " or at the end of the line.
      for (i++; i < length; i++) {
        const inner = source.charCodeAt(i);
        if (inner === backslash) i++;
        else if (inner === quote || inner === newline) break;
      }
    }
  }
  return false;
}
