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

interface OperationLabels {
  operation_name: string;
  operation_type: string;
}

export function useMetrics({
  metrics,
  endpoint = '/metrics',
  maxOperationNames = 200,
}: MetricsPluginOptions): Plugin {
  const knownNames = new Set<string>();
  const labelsOf = (document: DocumentNode, operationName?: string | null): OperationLabels => {
    const operation = getOperationAST(document, operationName);
    let name = operation?.name?.value ?? 'anonymous';
    if (!knownNames.has(name)) {
      if (knownNames.size < maxOperationNames) knownNames.add(name);
      else name = 'other';
    }
    return { operation_name: name, operation_type: operation?.operation ?? 'unknown' };
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
      const labels = labelsOf(args.document, args.operationName);
      const stopTimer = metrics.graphqlOperationDuration.startTimer(labels);
      return {
        onExecuteDone({ result }) {
          stopTimer();
          const failed = !isAsyncIterable(result) && (result.errors?.length ?? 0) > 0;
          metrics.graphqlOperations.inc({ ...labels, outcome: failed ? 'error' : 'ok' });
        },
      };
    },
    onSubscribe({ args }) {
      const labels = labelsOf(args.document, args.operationName);
      const stopTimer = metrics.graphqlOperationDuration.startTimer(labels);
      return {
        onSubscribeResult({ result }) {
          stopTimer();
          if (!isAsyncIterable(result)) {
            metrics.graphqlOperations.inc({ ...labels, outcome: 'error' });
            return;
          }
          metrics.graphqlOperations.inc({ ...labels, outcome: 'ok' });
          const open = { operation_name: labels.operation_name };
          metrics.graphqlSubscriptionsOpen.inc(open);
          return { onEnd: () => metrics.graphqlSubscriptionsOpen.dec(open) };
        },
        onSubscribeError() {
          stopTimer();
          metrics.graphqlOperations.inc({ ...labels, outcome: 'error' });
        },
      };
    },
  };
}
