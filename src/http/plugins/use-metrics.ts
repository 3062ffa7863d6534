// Prometheus metrics for GraphQL: operations by name, type and outcome, their
// duration, and open subscriptions; and the `/metrics` route serving the
// whole registry as Prometheus text. Modelled on @graphql-yoga/plugin-prometheus,
// which records into prom-client's global registry; ours records into the
// server's own (src/core/metrics.ts), so two servers never mix their figures.
import { isAsyncIterable } from '@envelop/core';
import { getOperationAST, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { handleMaybePromise } from '@whatwg-node/promise-helpers';
import type { Metrics } from '../../core/metrics.ts';
import { streamClaimOf } from '../sse-door.ts';

export interface MetricsPluginOptions {
  metrics: Metrics;
  /** Where Prometheus scrapes. @default '/metrics' */
  endpoint?: string;
  /**
   * Operation names are chosen by clients; past this many distinct names the
   * rest are recorded as "other", so a client cannot blow up the label set.
   * @default 200
   */
  maxOperationNames?: number;
}

/** One operation's label children, made once: no label object per call. */
interface OperationSeries {
  duration: { startTimer(): () => unknown };
  ok: { inc(): void };
  error: { inc(): void };
  open: { inc(): void; dec(): void };
}

export function useMetrics({
  metrics,
  endpoint = '/metrics',
  maxOperationNames = 200,
}: MetricsPluginOptions): Plugin {
  const knownNames = new Set<string>();
  // At most (maxOperationNames + 2) × 3 operation types entries.
  const seriesByKey = new Map<string, OperationSeries>();
  const seriesOf = (document: DocumentNode, operationName?: string | null): OperationSeries => {
    const operation = getOperationAST(document, operationName);
    let name = operation?.name?.value ?? 'anonymous';
    if (!knownNames.has(name)) {
      if (knownNames.size < maxOperationNames) knownNames.add(name);
      else name = 'other';
    }
    const type = operation?.operation ?? 'unknown';
    const key = `${type} ${name}`;
    let series = seriesByKey.get(key);
    if (!series) {
      series = {
        duration: metrics.graphqlOperationDuration.labels(name, type),
        ok: metrics.graphqlOperations.labels(name, type, 'ok'),
        error: metrics.graphqlOperations.labels(name, type, 'error'),
        open: metrics.graphqlSubscriptionsOpen.labels(name),
      };
      seriesByKey.set(key, series);
    }
    return series;
  };

  return {
    onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response('use GET\n', { status: 405, headers: { allow: 'GET' } }));
        return;
      }
      return handleMaybePromise(
        () => metrics.registry.metrics(),
        (text) =>
          endResponse(
            new fetchAPI.Response(request.method === 'HEAD' ? null : text, {
              headers: { 'content-type': metrics.registry.contentType },
            }),
          ),
      );
    },
    onExecute({ args }) {
      const series = seriesOf(args.document, args.operationName);
      const stopTimer = series.duration.startTimer();
      return {
        onExecuteDone({ result }) {
          stopTimer();
          const failed = !isAsyncIterable(result) && (result.errors?.length ?? 0) > 0;
          (failed ? series.error : series.ok).inc();
        },
      };
    },
    onSubscribe({ args }) {
      const series = seriesOf(args.document, args.operationName);
      const stopTimer = series.duration.startTimer();
      const failed = () => {
        stopTimer();
        series.error.inc();
      };
      // Through the lean SSE door (src/http/sse-door.ts), the door calls these
      // when the stream ends or fails: envelop's wrappers for them would keep
      // the whole request alive as long as the stream.
      const claim = streamClaimOf(args.contextValue);
      return {
        onSubscribeResult({ result }) {
          stopTimer();
          if (!isAsyncIterable(result)) {
            series.error.inc();
            return;
          }
          series.ok.inc();
          series.open.inc();
          const onEnd = () => series.open.dec();
          if (!claim) return { onEnd };
          claim.onEnd = onEnd;
          claim.onError = failed;
          return undefined;
        },
        ...(claim ? {} : { onSubscribeError: failed }),
      };
    },
  };
}
