// How deeply a GraphQL document nests its brackets, found by one pass over the
// characters before the parser sees it. graphql-js parses by recursive descent
// and runs out of stack at a few thousand levels of `{`, `[` or `(` (long
// before its token limit can stop it); measuring first turns such a document
// into QUERY_TOO_COMPLEX instead of a stack overflow (src/http/plugins/use-query-limits.ts).

const openers = new Set(['{', '[', '(']);
const closers = new Set(['}', ']', ')']);

/**
 * True when `source` nests brackets deeper than `max` anywhere outside
 * strings and comments. Stops at the first level past `max`.
 */
export function nestsDeeperThan(source: string, max: number): boolean {
  let depth = 0;
  let i = 0;
  const length = source.length;
  while (i < length) {
    const char = source[i];
    if (char === '#') {
      // A comment runs to the end of the line.
      while (i < length && source[i] !== '\n' && source[i] !== '\r') i++;
    } else if (char === '"') {
      if (source.startsWith('"""', i)) {
        // A block string ends at the next """ not escaped as \""".
        i += 3;
        while (i < length && !source.startsWith('"""', i)) {
          i += source.startsWith('\\"""', i) ? 4 : 1;
        }
        i += 3;
        continue;
      }
      // A string ends at an unescaped " or at the end of the line.
      i++;
      while (i < length && source[i] !== '"' && source[i] !== '\n') {
        i += source[i] === '\\' ? 2 : 1;
      }
    } else if (char !== undefined && openers.has(char)) {
      depth++;
      if (depth > max) return true;
    } else if (char !== undefined && closers.has(char)) {
      depth--;
    }
    i++;
  }
  return false;
}
