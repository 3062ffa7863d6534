// The body of a plain `POST /graphql` JSON request, for the fast path
// (src/http/graphql-door.ts): read whole into one buffer, and taken as
// GraphQL parameters only when Yoga would take them as they are. Anything
// else (invalid JSON, a batch, a parameter of the wrong type, one Yoga does
// not know) is left to Yoga, whose answers to those are the reference.
import type { IncomingMessage } from 'node:http';

export interface GraphQLJsonParams {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: Record<string, unknown> | null;
}

/**
 * Reads a body whose Content-Length the caller checked against the request
 * limit (Node's parser never delivers more than the header says). Rejects if
 * the client goes away first.
 */
export function readBody(request: IncomingMessage, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () =>
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length)),
    );
    request.once('error', reject);
    request.once('close', () => {
      if (!request.complete) reject(new Error('the client closed the request before its end'));
    });
  });
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalObject = (value: unknown) => value == null || isPlainObject(value);

/** The parameters in `body`, or undefined when Yoga should judge it. */
export function plainGraphQLParams(body: Buffer): GraphQLJsonParams | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isPlainObject(parsed) || typeof parsed['query'] !== 'string') return undefined;
  for (const key in parsed) {
    if (key !== 'query' && key !== 'variables' && key !== 'operationName' && key !== 'extensions')
      return undefined;
  }
  const { variables, operationName, extensions } = parsed;
  if (!optionalObject(variables) || !optionalObject(extensions)) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  return parsed as unknown as GraphQLJsonParams;
}
