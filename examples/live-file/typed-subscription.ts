// A typed subscription over graphql-sse: the document's generated types flow
// into the sink, and GraphQL errors arrive as one error carrying their codes,
// so a page never handles an untyped ExecutionResult.
import type { Client, ExecutionResult } from 'graphql-sse';
import type { TypedDocumentString } from './generated/graphql.ts';

/** One GraphQL error as the server sends it: a message and, for domain errors, a code. */
export interface GraphQLErrorPayload {
  message: string;
  extensions?: { code?: string } & Record<string, unknown>;
}

/** The server answered with errors instead of data (e.g. FORBIDDEN, BAD_USER_INPUT). */
export class GraphQLResponseError extends Error {
  readonly errors: readonly GraphQLErrorPayload[];

  constructor(errors: readonly GraphQLErrorPayload[]) {
    super(errors.map((error) => error.message).join('; '));
    this.name = 'GraphQLResponseError';
    this.errors = errors;
  }

  /** The first error's `extensions.code`, if the server gave one. */
  get code(): string | undefined {
    return this.errors.find((error) => error.extensions?.code)?.extensions?.code;
  }
}

export interface TypedSink<TResult> {
  next(data: TResult): void;
  error(error: unknown): void;
  complete(): void;
}

/** Connection events, for showing "connecting" and "reconnecting" states. */
export interface ConnectionListener {
  connecting?(reconnecting: boolean): void;
  connected?(reconnected: boolean): void;
}

/**
 * Subscribes `document` with `variables` and hands each result's data to
 * `sink.next`, typed by the generated document. Returns the function that
 * ends the subscription.
 */
export function subscribeTyped<TResult, TVariables extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  sink: TypedSink<TResult>,
  on: ConnectionListener = {},
): () => void {
  // Once the sink was told of an error, graphql-sse's own complete must not reach it.
  let failed = false;
  return client.subscribe<TResult>(
    { query: document.toString(), variables },
    {
      next(result: ExecutionResult<TResult, unknown>) {
        if (result.errors?.length) {
          failed = true;
          sink.error(new GraphQLResponseError(result.errors as readonly GraphQLErrorPayload[]));
        } else if (result.data) {
          sink.next(result.data);
        }
      },
      error: (error) => sink.error(error),
      complete() {
        if (!failed) sink.complete();
      },
    },
    on,
  );
}
