// A subscription outlives the request that authenticated it: when its token is
// revoked or expires, the stream gets one last UNAUTHENTICATED error and ends,
// on Yoga's SSE and graphql-sse alike (both subscribe through envelop).
import { GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { endOnAbort } from '../../core/async-iterators.ts';
import { CredentialEnded, type CredentialLifetimes } from '../../core/auth/credential-lifetimes.ts';
import type { Context } from '../../resolvers/context.ts';
import { graphqlErrorCodes } from '../../schema/error-codes.ts';

function endedResult(reason: unknown) {
  const message = reason instanceof CredentialEnded ? reason.message : 'the token ended';
  return {
    errors: [
      new GraphQLError(message, { extensions: { code: graphqlErrorCodes.UNAUTHENTICATED } }),
    ],
  };
}

export function useCredentialLifetime(lifetimes: CredentialLifetimes): Plugin<Context> {
  return {
    onSubscribe({ args }) {
      const signal = lifetimes.signalFor(args.contextValue.principal);
      if (!signal) return;
      return {
        onSubscribeResult({ result, setResult }) {
          if (!isAsyncIterable(result)) return;
          setResult(endOnAbort(result[Symbol.asyncIterator](), signal, endedResult));
        },
      };
    },
  };
}
