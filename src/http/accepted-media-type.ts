// Which media type answers a single (not streamed) GraphQL result, from the
// request's Accept header, as Yoga's result processors choose it
// (graphql-yoga's use-result-processor.ts and result-processor/accept.js, not
// exported): entries are read last to first, charsets other than utf-8 skip
// an entry, and of the JSON types the last that an entry matches wins. The
// fast path (src/http/graphql-door.ts) uses it to answer as Yoga would; when
// no JSON type matches, Yoga answers (406) instead.

export type JsonMediaType = 'application/graphql-response+json' | 'application/json';

/** In Yoga's order: for an entry matching both, the last one wins. */
const jsonMediaTypes: readonly JsonMediaType[] = [
  'application/graphql-response+json',
  'application/json',
];

/** Whether the asked entry (`*\/*`, `application/*`, a full type) covers `type`. */
function covers(asked: string, type: string): boolean {
  const slash = asked.indexOf('/');
  const prefix = asked.slice(0, slash);
  const suffix = asked.slice(slash + 1);
  const [typePrefix, typeSuffix] = type.split('/');
  return (prefix === '*' || prefix === typePrefix) && (suffix === '*' || suffix === typeSuffix);
}

/**
 * The JSON media type Yoga would answer a single result with, or undefined
 * when it would choose none (it then answers 406 Not Acceptable).
 */
export function jsonMediaTypeFor(accept: string | undefined): JsonMediaType | undefined {
  // Common values answered without parsing.
  if (accept === undefined || accept === '' || accept === '*/*') return 'application/json';
  let chosen: JsonMediaType | undefined;
  for (const entry of accept.replace(/\s/g, '').toLowerCase().split(',')) {
    const [asked = '', ...parameters] = entry.split(';');
    const charset = parameters.find((parameter) => parameter.includes('charset='));
    if (charset !== undefined && charset !== 'charset=utf-8') continue;
    let matched: JsonMediaType | undefined;
    for (const type of jsonMediaTypes) if (covers(asked, type)) matched = type;
    // Read from the last entry to the first: the first entry that matches wins.
    if (matched !== undefined && chosen === undefined) chosen = matched;
  }
  return chosen;
}
