// Turns what a resolver threw into what a GraphQL client sees: a domain error
// keeps its message and gets its code; anything unexpected is logged in full
// and reaches the client only as "Unexpected error." with no detail.
//
// What is logged: a client's mistake (a domain error, a bad variable) at info,
// or warn for an upstream failure, as one line without a stack; only an
// unexpected error gets `error` and its stack. Yoga logs every error a mask
// replaced at `error` itself; `yogaLogger` below keeps it from doing so for
// the errors handled here. An error about a secret input never repeats the
// value (src/http/secret-inputs.ts).
import { GraphQLError, type GraphQLSchema, type Source } from 'graphql';
import type { MaskError, YogaLogger } from 'graphql-yoga';

/**
 * Yoga's MaskError, typed as ours answers: always a GraphQLError, which the
 * fast path and the SSE door send as it is.
 */
export type GraphQLMaskError = (...args: Parameters<MaskError>) => GraphQLError;
import { isDomainError, type DomainErrorCode } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { graphqlErrorCodes } from '../schema/error-codes.ts';
import { secretInputUseOf } from './secret-inputs.ts';

const badVariable = /^Variable "\$(\w+)" /;

/** Domain codes that are failures of ours or of a service we call, not of the client. */
const warnCodes: ReadonlySet<DomainErrorCode> = new Set(['UPSTREAM']);

export interface MaskErrorOptions {
  /** Finds the inputs marked secret; without it, no message is reworded. */
  schema?: GraphQLSchema;
  /** Errors this mask logged (or chose not to): Yoga should not log them again. */
  handled?: WeakSet<object>;
}

/** Whether the error is about a value a secret input was given. */
function concernsSecretInput(
  schema: GraphQLSchema | undefined,
  error: GraphQLError,
  variable: string | undefined,
): boolean {
  const source: Source | undefined = error.source;
  if (!schema || !source) return false;
  const use = secretInputUseOf(schema, source);
  if (!use) return false;
  if (variable !== undefined) return use.variables.has(variable);
  return (error.positions ?? []).some((position) =>
    use.literals.some((range) => position >= range.start && position < range.end),
  );
}

export function createMaskError(logger: Logger, options: MaskErrorOptions = {}): GraphQLMaskError {
  const { schema, handled } = options;
  return (error, message) => {
    if (typeof error === 'object' && error !== null) handled?.add(error);
    const graphqlError = error instanceof GraphQLError ? error : undefined;
    const original = graphqlError?.originalError ?? error;
    const location = {
      nodes: graphqlError?.nodes ?? null,
      source: graphqlError?.source ?? null,
      positions: graphqlError?.positions ?? null,
      path: graphqlError?.path ?? null,
    };
    if (isDomainError(original)) {
      const level = warnCodes.has(original.code) ? 'warn' : 'info';
      logger[level](
        { code: original.code, path: location.path, message: original.message },
        'GraphQL operation refused',
      );
      return new GraphQLError(original.message, {
        ...location,
        extensions: { ...original.details, code: graphqlErrorCodes[original.code] },
      });
    }
    // graphql-js words a variable it could not coerce this way, and gives it no code.
    const variable = graphqlError ? badVariable.exec(graphqlError.message)?.[1] : undefined;
    if (graphqlError && !graphqlError.extensions['code'] && variable !== undefined) {
      const text = concernsSecretInput(schema, graphqlError, variable)
        ? `Variable "$${variable}" got an invalid value for a secret input (the value is not shown).`
        : graphqlError.message;
      logger.info({ code: 'BAD_USER_INPUT', message: text }, 'GraphQL operation refused');
      return new GraphQLError(text, {
        ...location,
        extensions: { ...graphqlError.extensions, code: graphqlErrorCodes.BAD_USER_INPUT },
      });
    }
    // Syntax and validation errors, and GraphQL errors raised on purpose, are already safe,
    // except that a literal given to a secret input must not be repeated.
    if (graphqlError && (!graphqlError.originalError || original instanceof GraphQLError)) {
      if (concernsSecretInput(schema, graphqlError, undefined)) {
        return new GraphQLError('Invalid value for a secret input (the value is not shown).', {
          ...location,
          extensions: graphqlError.extensions,
        });
      }
      return graphqlError;
    }
    logger.error({ err: original, path: location.path }, 'unexpected error in a GraphQL operation');
    return new GraphQLError(message, {
      ...location,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  };
}

/**
 * The logger Yoga is given: `logger`, except that an error the mask above
 * already handled is not logged again (Yoga would log it at `error`, stack and
 * all, a client's typo included).
 */
export function yogaLogger(logger: Logger, handled: WeakSet<object>): YogaLogger {
  const log =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (level === 'error' && typeof first === 'object' && first !== null && handled.has(first))
        return;
      if (first instanceof Error) logger[level]({ err: first }, ...(rest as [string?]));
      else if (typeof first === 'string')
        logger[level](rest.length > 0 ? { args: rest } : {}, first);
      else logger[level]({ detail: first }, ...(rest as [string?]));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
