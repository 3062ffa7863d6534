// Counts every GraphQL operation (query, mutation, subscription) against its
// principal's budget in services.rateLimits. A spent budget answers with
// RATE_LIMITED, HTTP 429 and Retry-After instead of running the operation.
// It hooks Envelop's execute and subscribe, so the graphql-sse handler's own
// execution path counts too.
import type { Plugin } from '@envelop/core';
import { GraphQLError } from 'graphql';
import { RateLimited } from '../../core/errors.ts';
import type { RateLimits } from '../../core/rate-limit.ts';
import type { Context } from '../../resolvers/context.ts';
import { graphqlErrorCodes } from '../../schema/error-codes.ts';

export interface RateLimitOptions {
  rateLimits: RateLimits;
}

/** The GraphQL error for a spent budget; Yoga turns `extensions.http` into the status and header. */
export function rateLimitedError(error: RateLimited): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: {
      ...error.details,
      code: graphqlErrorCodes[error.code],
      http: {
        status: 429,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))) },
      },
    },
  });
}

export function useRateLimit({ rateLimits }: RateLimitOptions): Plugin<Context> {
  // Off (RATE_LIMIT_PER_MINUTE=0): no hooks, so no promise per operation.
  if (!rateLimits.limitsOperations) return {};
  // One answer for both hooks: consume, or stop with the error as the whole result.
  const guard = async (
    context: Context,
    stop: (result: { errors: GraphQLError[] }) => void,
  ): Promise<void> => {
    try {
      await rateLimits.consume(context.principal);
    } catch (error) {
      if (!(error instanceof RateLimited)) throw error;
      stop({ errors: [rateLimitedError(error)] });
    }
  };
  return {
    onExecute: ({ args, setResultAndStopExecution }) =>
      guard(args.contextValue, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) =>
      guard(args.contextValue, setResultAndStopExecution),
  };
}
