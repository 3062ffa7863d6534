// The server's Prometheus metrics: one registry per running server (so two
// servers in one test process never share counts) and the named metric
// objects every domain calls through `services.metrics`, for example
//   ctx.services.metrics.fileOperations.inc({ operation: 'write' });
//   const done = ctx.services.metrics.geminiLatency.startTimer({ model }); … done();
// `/metrics` serves `registry` as Prometheus text; src/core/metrics-dashboard.ts
// reads the same registry for the GraphQL dashboard.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Latency buckets in seconds, from a fast resolver to a long model reply. */
const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface MetricsOptions {
  /** Process and Node.js figures (CPU, memory, event loop, GC). @default true */
  defaultMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}) {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    /** Epoch ms; rates before the first dashboard reading are taken from here. */
    createdAt: Date.now(),

    // ── GraphQL (wired by src/http/plugins/use-metrics.ts) ──
    /** outcome: ok | error. Names beyond a cap are folded into "other". */
    graphqlOperations: new Counter({
      name: 'genpod_graphql_operations_total',
      help: 'GraphQL operations executed, by operation name, type and outcome',
      labelNames: ['operation_name', 'operation_type', 'outcome'] as const,
      registers,
    }),
    graphqlOperationDuration: new Histogram({
      name: 'genpod_graphql_operation_duration_seconds',
      help: 'Time to execute a query or mutation, or to set up a subscription',
      labelNames: ['operation_name', 'operation_type'] as const,
      buckets: latencyBuckets,
      registers,
    }),
    graphqlSubscriptionsOpen: new Gauge({
      name: 'genpod_graphql_subscriptions_open',
      help: 'GraphQL subscriptions currently streaming',
      labelNames: ['operation_name'] as const,
      registers,
    }),

    /**
     * How POST /graphql requests were served (src/http/graphql-door.ts): `fast`
     * on the fast path, `replayed` read by it then handed to Yoga (a body it does
     * not serve, a syntax error), `passed` handed to Yoga unread.
     */
    graphqlDoorRequests: new Counter({
      name: 'genpod_graphql_door_requests_total',
      help: 'POST /graphql requests by how they were served: fast path, replayed to Yoga, passed to Yoga',
      labelNames: ['path'] as const,
      registers,
    }),

    // ── auth (src/resolvers/authentication.ts) ──
    authFailures: new Counter({
      name: 'genpod_auth_failures_total',
      help: 'Requests and calls refused for a missing, malformed, unknown, expired or revoked token',
      labelNames: ['transport'] as const,
      registers,
    }),

    // ── gRPC (wired by src/grpc/metrics-interceptor.ts) ──
    /** code: the gRPC status name, e.g. OK, INVALID_ARGUMENT. */
    grpcCalls: new Counter({
      name: 'genpod_grpc_calls_total',
      help: 'gRPC calls finished, by method and status code',
      labelNames: ['method', 'code'] as const,
      registers,
    }),
    grpcCallDuration: new Histogram({
      name: 'genpod_grpc_call_duration_seconds',
      help: 'Time from a gRPC call starting to its status being sent',
      labelNames: ['method'] as const,
      buckets: latencyBuckets,
      registers,
    }),
    grpcStreamsOpen: new Gauge({
      name: 'genpod_grpc_streams_open',
      help: 'Streaming gRPC calls currently open',
      labelNames: ['method'] as const,
      registers,
    }),
    grpcMessages: new Counter({
      name: 'genpod_grpc_messages_total',
      help: 'gRPC messages, by method and direction (received | sent)',
      labelNames: ['method', 'direction'] as const,
      registers,
    }),

    // ── Live events (recorded by src/core/metrics-event-bus.ts around the bus) ──
    /** One per event published; the dashboard derives events per second from it. */
    eventsPublished: new Counter({
      name: 'genpod_events_published_total',
      help: 'Live events published on the event bus, by topic',
      labelNames: ['topic'] as const,
      registers,
    }),
    /** Seconds from an event being published to a subscriber receiving it. */
    eventDeliveryLatency: new Histogram({
      name: 'genpod_event_delivery_latency_seconds',
      help: 'Time from publishing an event to handing it to a subscriber',
      labelNames: ['topic'] as const,
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    /** reason: the bus's RESYNC reason (overflow: a slow subscriber's queue filled). */
    eventResyncs: new Counter({
      name: 'genpod_event_resyncs_total',
      help: 'RESYNC events sent to subscribers instead of events they could no longer get',
      labelNames: ['topic', 'reason'] as const,
      registers,
    }),

    // ── Gemini (the chat domain calls these) ──
    /** kind: prompt | output | total, as the API reports usage. */
    geminiTokens: new Counter({
      name: 'genpod_gemini_tokens_total',
      help: 'Gemini tokens, by model and kind (prompt | output)',
      labelNames: ['model', 'kind'] as const,
      registers,
    }),
    /** outcome: ok | error | cancelled. */
    geminiRequests: new Counter({
      name: 'genpod_gemini_requests_total',
      help: 'Gemini requests, by model and outcome',
      labelNames: ['model', 'outcome'] as const,
      registers,
    }),
    geminiLatency: new Histogram({
      name: 'genpod_gemini_request_duration_seconds',
      help: 'Time from sending a Gemini request to its last token',
      labelNames: ['model'] as const,
      buckets: latencyBuckets,
      registers,
    }),
    geminiFirstTokenLatency: new Histogram({
      name: 'genpod_gemini_first_token_seconds',
      help: 'Time from sending a Gemini request to its first token',
      labelNames: ['model'] as const,
      buckets: latencyBuckets,
      registers,
    }),

    // ── Files (the files domain calls these) ──
    /** operation: read | write | delete | move | mkdir | list, or another verb. */
    fileOperations: new Counter({
      name: 'genpod_file_operations_total',
      help: 'File operations on the project, by operation',
      labelNames: ['operation'] as const,
      registers,
    }),
    fileOperationErrors: new Counter({
      name: 'genpod_file_operation_errors_total',
      help: 'File operations that failed, by operation',
      labelNames: ['operation'] as const,
      registers,
    }),
    fileBytes: new Counter({
      name: 'genpod_file_bytes_total',
      help: 'Bytes of file content read or written, by direction (read | written)',
      labelNames: ['direction'] as const,
      registers,
    }),

    // ── Logs (src/core/logs) ──
    logLines: new Counter({
      name: 'genpod_log_lines_total',
      help: 'Log lines written, by source (server | agent)',
      labelNames: ['source'] as const,
      registers,
    }),
    logTailsOpen: new Gauge({
      name: 'genpod_log_tails_open',
      help: 'Log tail streams currently following',
      registers,
    }),
    logTailDropped: new Counter({
      name: 'genpod_log_tail_dropped_total',
      help: 'Log lines a slow tail reader lost to its bounded queue',
      registers,
    }),
    logCorruptLines: new Counter({
      name: 'genpod_log_corrupt_lines_total',
      help: 'Stored log lines skipped while reading because they are not valid log JSON',
      registers,
    }),
    logWriteErrors: new Counter({
      name: 'genpod_log_write_errors_total',
      help: 'Failures writing or cleaning up log files',
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
