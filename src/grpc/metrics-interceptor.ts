// A grpc-js server interceptor recording every call into the server's
// metrics: calls by method and status, their duration, streams open, and
// messages each way. Handlers need not know it is there.
import { ServerInterceptingCall, status, type ServerInterceptor } from '@grpc/grpc-js';
import type { Metrics } from '../core/metrics.ts';

const statusNames = new Map<number, string>(
  Object.entries(status)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(([name, code]) => [code, name]),
);

export function metricsInterceptor(metrics: Metrics): ServerInterceptor {
  return (descriptor, call) => {
    const method = descriptor.path.replace(/^\//, '');
    const streaming = descriptor.requestStream || descriptor.responseStream;
    const stopTimer = metrics.grpcCallDuration.startTimer({ method });
    let open = false;
    let finished = false;
    const finish = (code: number) => {
      if (finished) return;
      finished = true;
      stopTimer();
      metrics.grpcCalls.inc({ method, code: statusNames.get(code) ?? String(code) });
      if (open) metrics.grpcStreamsOpen.dec({ method });
    };
    return new ServerInterceptingCall(call, {
      start(next) {
        if (streaming) {
          open = true;
          metrics.grpcStreamsOpen.inc({ method });
        }
        next({
          onReceiveMessage(message, nextMessage) {
            metrics.grpcMessages.inc({ method, direction: 'received' });
            nextMessage(message);
          },
          onCancel() {
            finish(status.CANCELLED);
          },
        });
      },
      sendMessage(message, next) {
        metrics.grpcMessages.inc({ method, direction: 'sent' });
        next(message);
      },
      sendStatus(sent, next) {
        finish(sent.code ?? status.UNKNOWN);
        next(sent);
      },
    });
  };
}
