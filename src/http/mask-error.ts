// Turns what a resolver threw into what a GraphQL client sees: a domain error
// keeps its message and gets its code; anything unexpected is logged in full
// and reaches the client only as "Unexpected error." with no detail.
import { GraphQLError } from 'graphql';
import type { MaskError } from 'graphql-yoga';
import { isDomainError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { graphqlErrorCodes } from '../schema/error-codes.ts';

const badVariable = /^Variable "\$\w+" /;

export function createMaskError(logger: Logger): MaskError {
  return (error, message) => {
    const graphqlError = error instanceof GraphQLError ? error : undefined;
    const original = graphqlError?.originalError ?? error;
    const location = {
      nodes: graphqlError?.nodes ?? null,
      source: graphqlError?.source ?? null,
      positions: graphqlError?.positions ?? null,
      path: graphqlError?.path ?? null,
    };
    if (isDomainError(original)) {
      return new GraphQLError(original.message, {
        ...location,
        extensions: { ...original.details, code: graphqlErrorCodes[original.code] },
      });
    }
    // graphql-js words a variable it could not coerce this way, and gives it no code.
    if (
      graphqlError &&
      !graphqlError.extensions['code'] &&
      badVariable.test(graphqlError.message)
    ) {
      return new GraphQLError(graphqlError.message, {
        ...location,
        extensions: { ...graphqlError.extensions, code: graphqlErrorCodes.BAD_USER_INPUT },
      });
    }
    // Syntax and validation errors, and GraphQL errors raised on purpose, are already safe.
    if (graphqlError && (!graphqlError.originalError || original instanceof GraphQLError)) {
      return graphqlError;
    }
    logger.error({ err: original, path: location.path }, 'unexpected error in a GraphQL operation');
    return new GraphQLError(message, {
      ...location,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  };
}
