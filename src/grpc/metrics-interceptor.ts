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

/** One method's label children, made once: no label object per call or message. */
interface MethodSeries {
  duration: { startTimer(): () => unknown };
  open: { inc(): void; dec(): void };
  received: { inc(): void };
  sent: { inc(): void };
  /** By status code, filled as codes occur (at most the 17 gRPC codes). */
  calls: Map<number, { inc(): void }>;
}

export function metricsInterceptor(metrics: Metrics): ServerInterceptor {
  // One entry per method of the services served: a fixed, small set.
  const seriesByPath = new Map<string, MethodSeries>();
  const seriesOf = (method: string): MethodSeries => {
    let series = seriesByPath.get(method);
    if (!series) {
      series = {
        duration: metrics.grpcCallDuration.labels(method),
        open: metrics.grpcStreamsOpen.labels(method),
        received: metrics.grpcMessages.labels(method, 'received'),
        sent: metrics.grpcMessages.labels(method, 'sent'),
        calls: new Map(),
      };
      seriesByPath.set(method, series);
    }
    return series;
  };
  const callsOf = (series: MethodSeries, method: string, code: number) => {
    let calls = series.calls.get(code);
    if (!calls) {
      calls = metrics.grpcCalls.labels(method, statusNames.get(code) ?? String(code));
      series.calls.set(code, calls);
    }
    return calls;
  };
  return (descriptor, call) => {
    const method = descriptor.path.replace(/^\//, '');
    const series = seriesOf(method);
    const streaming = descriptor.requestStream || descriptor.responseStream;
    const stopTimer = series.duration.startTimer();
    let open = false;
    let finished = false;
    const finish = (code: number) => {
      if (finished) return;
      finished = true;
      stopTimer();
      callsOf(series, method, code).inc();
      if (open) series.open.dec();
    };
    return new ServerInterceptingCall(call, {
      start(next) {
        if (streaming) {
          open = true;
          series.open.inc();
        }
        next({
          onReceiveMessage(message, nextMessage) {
            series.received.inc();
            nextMessage(message);
          },
          onCancel() {
            finish(status.CANCELLED);
          },
        });
      },
      sendMessage(message, next) {
        series.sent.inc();
        next(message);
      },
      sendStatus(sent, next) {
        finish(sent.code ?? status.UNKNOWN);
        next(sent);
      },
    });
  };
}
