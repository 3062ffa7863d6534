// Ends every open subscription when the server shuts down, so SSE responses
// finish cleanly and the HTTP server can close without cutting streams.
import { isAsyncIterable, type Plugin } from '@envelop/core';
import { Repeater } from '@graphql-yoga/subscription';

export function useDrainOnShutdown(shutdown: AbortSignal): Plugin {
  const stopped = new Promise<void>((resolve) => {
    if (shutdown.aborted) resolve();
    else shutdown.addEventListener('abort', () => resolve(), { once: true });
  });
  return {
    onSubscribe() {
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result)) setResult(Repeater.race([result, stopped]));
        },
      };
    },
  };
}
