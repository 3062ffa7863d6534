// Yoga's own serialisation of a single GraphQL result (processRegularResult:
// the status from `extensions.http` and the kind of errors, the headers errors
// carry, the JSON without internals), taken as status, headers and text
// instead of a Fetch Response: the fast path (src/http/graphql-door.ts) writes
// them straight to Node's response. processRegularResult builds its answer
// with `new fetchAPI.Response(body, init)`; the fetchAPI given here is one
// whose Response only keeps what it was given.
import type { ExecutionResult } from 'graphql';
import { processRegularResult, type FetchAPI } from 'graphql-yoga';
import type { JsonMediaType } from './accepted-media-type.ts';

export interface CapturedResponse {
  status: number;
  /** As processRegularResult names them (`Content-Type`, and any from `extensions.http`). */
  headers: Record<string, string>;
  body: string;
}

class Captured {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  constructor(body: string | null, init?: { status?: number; headers?: Record<string, string> }) {
    this.status = init?.status ?? 200;
    this.headers = init?.headers ?? {};
    this.body = body ?? '';
  }
}

// Only `Response` is used by processRegularResult for a single result.
const capturingFetchAPI = { Response: Captured } as unknown as FetchAPI;

export function serializeResult(
  result: ExecutionResult,
  mediaType: JsonMediaType,
): CapturedResponse {
  return processRegularResult(result, capturingFetchAPI, mediaType) as unknown as Captured;
}
