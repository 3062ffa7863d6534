// What the fast path (src/http/graphql-door.ts) gives Yoga's context factory,
// the CORS policy and the auth plugin's principal map in place of a Fetch
// Request, and the SSE door (src/http/sse-door.ts) the graphql-sse check: the
// method, the URL and read access to the headers of Node's request. Building a whatwg-node Request (and its Headers) per request is a
// good part of the cost the fast path avoids; nothing it calls reads more
// than this (no body, no signal: the body was read already, and queries and
// mutations end with their response).
import type { IncomingMessage } from 'node:http';

class NodeHeadersView {
  readonly #headers: IncomingMessage['headers'];
  constructor(headers: IncomingMessage['headers']) {
    this.#headers = headers;
  }

  /** As Fetch's Headers.get: repeated headers joined with ", ", a missing one null. */
  get(name: string): string | null {
    const value = this.#headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.#headers[name.toLowerCase()] !== undefined;
  }
}

export class NodeRequestView {
  readonly method: string;
  readonly headers: NodeHeadersView;
  readonly #request: IncomingMessage;
  constructor(request: IncomingMessage) {
    this.#request = request;
    this.method = request.method ?? 'GET';
    this.headers = new NodeHeadersView(request.headers);
  }

  /** The absolute URL, as a Fetch Request has it. */
  get url(): string {
    return `http://${this.#request.headers.host ?? 'localhost'}${this.#request.url ?? '/'}`;
  }

  /** Typed as the Request the Yoga plugins expect; only the members above exist. */
  asRequest(): Request {
    return this as unknown as Request;
  }
}
