// Hands a subscription that came through the lean SSE door (src/http/sse-door.ts)
// over to the door, once every other plugin has had its say on the result
// (credential lifetime, drain on shutdown, shared subscriptions): listed last.
// Yoga gets an empty stream in its place, so nothing of Yoga's per-request
// machinery (its result wrapper, its Request, the context) is kept for as
// long as the subscription lives: only the iterator the door reads.
import { isAsyncIterable, type Plugin } from '@envelop/core';
import type { ExecutionResult } from 'graphql';
import { streamClaimOf } from '../sse-door.ts';

export interface SSEDoorPluginOptions {
  /** The result a stream that fails sends last, its error masked as Yoga masks errors. */
  errorResult(error: unknown): ExecutionResult;
}

/** What Yoga's result processor gets for a claimed subscription: ends at once, holds nothing. */
const claimedStream: AsyncIterableIterator<ExecutionResult> = {
  next: () => Promise.resolve({ done: true, value: undefined }),
  [Symbol.asyncIterator]: () => claimedStream,
};

export function useSSEDoor({ errorResult }: SSEDoorPluginOptions): Plugin {
  return {
    onSubscribe({ args }) {
      const claim = streamClaimOf(args.contextValue);
      if (!claim) return;
      return {
        onSubscribeResult({ result, setResult }) {
          if (!isAsyncIterable(result)) return;
          claim.iterator = result[Symbol.asyncIterator]();
          claim.errorResult = errorResult;
          setResult(claimedStream);
        },
      };
    },
  };
}
