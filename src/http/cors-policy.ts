// Which web pages a browser lets read our answers (CORS_ORIGINS). Yoga's own
// default answers every origin; ours answers only the configured ones, by
// default pages served from this machine (any port): a frontend dev server
// works out of the box, and a page on any other site cannot read a response,
// even when the developer's browser can reach this server on localhost.
// An origin that is not allowed gets no CORS headers, so the browser hides the
// response; same-origin pages (GraphiQL served here) need no CORS at all.
import type { CORSOptions } from 'graphql-yoga';
import { compileRe2 } from '../core/patterns/linear-regex.ts';

/** The request headers our clients send: bearer auth, JSON, SSE resume, graphql-sse's token. */
export const corsAllowedHeaders = [
  'authorization',
  'content-type',
  'accept',
  'last-event-id',
  'x-graphql-event-stream-token',
  'x-genpod-actor',
];

const escapeRegExp = (text: string) => text.replace(/[.?+^$()|{}[\]\\/-]/g, '\\$&');

/**
 * Turns one configured origin into a test. `*` as the port (`http://localhost:*`)
 * matches any port number; elsewhere it matches host name characters, so it
 * never crosses into another part of the origin (no `/`, `:` or `@`).
 */
function originMatcher(pattern: string): (origin: string) => boolean {
  const lower = pattern.toLowerCase();
  if (!lower.includes('*')) return (origin) => origin === lower;
  // escapeRegExp leaves `*` alone, for these two to replace.
  const source = escapeRegExp(lower).replace(/:\*$/, ':[0-9]+').replaceAll('*', '[a-z0-9.-]+');
  // Linear time: `http://*-*-*-*.example` against a long hostile Origin header
  // would backtrack for minutes in V8's engine, before any authentication.
  const regex = compileRe2(`^${source}$`, 'CORS_ORIGINS');
  return (origin) => regex.test(origin);
}

/**
 * Yoga's `cors` option for these origins: `['*']` allows any origin; `[]` allows
 * none (browsers then reach the API only from pages this server serves).
 */
export function corsPolicy(origins: readonly string[]): (request: Request) => CORSOptions {
  const anyOrigin = origins.includes('*');
  const matchers = origins.filter((origin) => origin !== '*').map(originMatcher);
  const allowed = (origin: string) => anyOrigin || matchers.some((matches) => matches(origin));
  return (request) => {
    const origin = request.headers.get('origin')?.toLowerCase();
    if (!origin || !allowed(origin)) return false;
    return {
      // Checked above; `*` now makes Yoga echo this request's origin with `Vary: Origin`.
      origin: '*',
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: corsAllowedHeaders,
      exposedHeaders: ['retry-after', 'content-type'],
      // Bearer tokens, never cookies: a browser need not send credentials.
      credentials: false,
      maxAge: 600,
    };
  };
}
