// Ends every open subscription when the server shuts down, so SSE responses
// finish cleanly and the HTTP server can close without cutting streams.
import { isAsyncIterable, type Plugin } from '@envelop/core';
import { endOnAbort } from '../../core/async-iterators.ts';

export function useDrainOnShutdown(shutdown: AbortSignal): Plugin {
  return {
    onSubscribe() {
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result))
            setResult(endOnAbort(result[Symbol.asyncIterator](), shutdown));
        },
      };
    },
  };
}
