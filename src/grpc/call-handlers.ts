// The two shapes of a gRPC handler here, written once: a unary call answered
// exactly once from a resolver, and a server stream that forwards a
// resolver's AsyncIterable with backpressure until it ends or the client
// cancels, always returning the iterator so its subscription is released.
import type * as grpc from '@grpc/grpc-js';
import type { Context, Services } from '../resolvers/context.ts';
import { grpcContext } from './context.ts';
import { toGrpcStatus } from './status.ts';

/** Answers a unary call exactly once: the resolver's result, or its error as a status. */
export function unaryCall<Request, Response>(
  services: Services,
  run: (ctx: Context, request: Request) => Response | Promise<Response>,
): grpc.handleUnaryCall<Request, Response> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => run(grpcContext(services, call), call.request))
      .then(
        (response) => callback(null, response),
        (error: unknown) => callback(toGrpcStatus(error, services.logger)),
      );
  };
}

/** What writeWithBackpressure needs of a call: server streams and bidirectional streams alike. */
export interface WritableCall<Response> {
  write(message: Response): boolean;
  once(event: 'drain', listener: () => void): unknown;
  off(event: 'drain', listener: () => void): unknown;
}

/**
 * Resolves once the call can take more: immediately, or at its next 'drain'.
 * A call that ends never drains: `signal` (the call's cancel or stop) resolves
 * the wait then, so no writer stays parked on a dead call.
 */
export function writeWithBackpressure<Response>(
  call: WritableCall<Response>,
  message: Response,
  signal?: AbortSignal,
): Promise<void> {
  if (call.write(message) || signal?.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      call.off('drain', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    call.once('drain', done);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Sends the next event; false once there is none (or the call ended). A
 * function of its own so that no frame keeps the last event sent while the
 * stream waits for the next one: a suspended loop would hold it in a register
 * (for StreamData, the whole project structure, per idle stream).
 */
async function sendNext<Response, Event>(
  call: WritableCall<Response>,
  iterator: AsyncIterator<Event>,
  toMessage: (event: Event) => Response,
  signal: AbortSignal,
): Promise<boolean> {
  const next = await iterator.next();
  if (next.done || signal.aborted) return false;
  await writeWithBackpressure(call, toMessage(next.value), signal);
  return true;
}

/**
 * Streams `open`'s events as messages. The stream ends when the events do;
 * a client's cancel ends the iteration at once (return() on the iterator),
 * and an error before or during the stream ends it with its status.
 */
export function serverStream<Request, Response, Event>(
  services: Services,
  open: (
    ctx: Context,
    request: Request,
    signal: AbortSignal,
  ) => AsyncIterable<Event> | Promise<AsyncIterable<Event>>,
  toMessage: (event: Event) => Response,
): grpc.handleServerStreamingCall<Request, Response> {
  return (call) => {
    const cancelled = new AbortController();
    call.on('cancelled', () => cancelled.abort());
    void (async () => {
      let stream: AsyncIterator<Event> | undefined;
      try {
        const events = await open(grpcContext(services, call), call.request, cancelled.signal);
        const iterator = events[Symbol.asyncIterator]();
        stream = iterator;
        cancelled.signal.addEventListener('abort', () => void iterator.return?.(), { once: true });
        while (await sendNext(call, iterator, toMessage, cancelled.signal));
        if (!cancelled.signal.aborted) call.end();
      } catch (error) {
        if (!cancelled.signal.aborted) call.emit('error', toGrpcStatus(error, services.logger));
      } finally {
        await stream?.return?.();
      }
    })();
  };
}
