// Performance figures: the registry `/metrics` serves, as typed figures for a
// dashboard (once, or every interval) and as raw Prometheus families.
import type { LatencySummary, MetricsDashboard } from '../core/metrics-dashboard.ts';
import * as metrics from '../resolvers/metrics.ts';
import { builder } from './builder.ts';

const Latency = builder.objectRef<LatencySummary>('LatencySummary').implement({
  description: 'Since the server started; percentiles estimated from histogram buckets.',
  fields: (t) => ({
    count: t.exposeFloat('count'),
    meanSeconds: t.exposeFloat('meanSeconds', { nullable: true }),
    p50Seconds: t.exposeFloat('p50Seconds', { nullable: true }),
    p95Seconds: t.exposeFloat('p95Seconds', { nullable: true }),
    p99Seconds: t.exposeFloat('p99Seconds', { nullable: true }),
  }),
});

type D = MetricsDashboard;

const ProcessMetrics = builder.objectRef<D['process']>('ProcessMetrics').implement({
  fields: (t) => ({
    cpuSecondsTotal: t.exposeFloat('cpuSecondsTotal'),
    residentMemoryBytes: t.exposeFloat('residentMemoryBytes'),
    heapUsedBytes: t.exposeFloat('heapUsedBytes'),
    eventLoopLagP99Seconds: t.exposeFloat('eventLoopLagP99Seconds'),
  }),
});

const GraphQLOperationMetrics = builder
  .objectRef<D['graphql']['byOperation'][number]>('GraphQLOperationMetrics')
  .implement({
    fields: (t) => ({
      name: t.exposeString('name'),
      type: t.exposeString('type'),
      count: t.exposeFloat('count'),
      errors: t.exposeFloat('errors'),
      latency: t.field({ type: Latency, resolve: (op) => op.latency }),
    }),
  });

const GraphQLMetrics = builder.objectRef<D['graphql']>('GraphQLMetrics').implement({
  fields: (t) => ({
    operationsTotal: t.exposeFloat('operationsTotal'),
    operationsPerSecond: t.exposeFloat('operationsPerSecond'),
    errorsTotal: t.exposeFloat('errorsTotal'),
    subscriptionsOpen: t.exposeFloat('subscriptionsOpen'),
    latency: t.field({ type: Latency, resolve: (g) => g.latency }),
    byOperation: t.field({ type: [GraphQLOperationMetrics], resolve: (g) => g.byOperation }),
  }),
});

const GrpcMethodMetrics = builder
  .objectRef<D['grpc']['byMethod'][number]>('GrpcMethodMetrics')
  .implement({
    fields: (t) => ({
      method: t.exposeString('method'),
      count: t.exposeFloat('count'),
      errors: t.exposeFloat('errors'),
      streamsOpen: t.exposeFloat('streamsOpen'),
    }),
  });

const GrpcMetrics = builder.objectRef<D['grpc']>('GrpcMetrics').implement({
  fields: (t) => ({
    callsTotal: t.exposeFloat('callsTotal'),
    callsPerSecond: t.exposeFloat('callsPerSecond'),
    errorsTotal: t.exposeFloat('errorsTotal'),
    streamsOpen: t.exposeFloat('streamsOpen'),
    latency: t.field({ type: Latency, resolve: (g) => g.latency }),
    byMethod: t.field({ type: [GrpcMethodMetrics], resolve: (g) => g.byMethod }),
  }),
});

const EventMetrics = builder.objectRef<D['events']>('EventMetrics').implement({
  fields: (t) => ({
    publishedTotal: t.exposeFloat('publishedTotal'),
    perSecond: t.exposeFloat('perSecond'),
    resyncsTotal: t.exposeFloat('resyncsTotal', {
      description: 'RESYNCs sent instead of events a subscriber could no longer get.',
    }),
    deliveryLatency: t.field({ type: Latency, resolve: (e) => e.deliveryLatency }),
  }),
});

const GeminiMetrics = builder.objectRef<D['gemini']>('GeminiMetrics').implement({
  fields: (t) => ({
    requestsTotal: t.exposeFloat('requestsTotal'),
    errorsTotal: t.exposeFloat('errorsTotal'),
    promptTokens: t.exposeFloat('promptTokens'),
    outputTokens: t.exposeFloat('outputTokens'),
    tokensPerSecond: t.exposeFloat('tokensPerSecond'),
    latency: t.field({ type: Latency, resolve: (g) => g.latency }),
    firstTokenLatency: t.field({ type: Latency, resolve: (g) => g.firstTokenLatency }),
  }),
});

const FileOperationMetrics = builder
  .objectRef<D['files']['byOperation'][number]>('FileOperationMetrics')
  .implement({
    fields: (t) => ({
      operation: t.exposeString('operation'),
      count: t.exposeFloat('count'),
      errors: t.exposeFloat('errors'),
    }),
  });

const FileMetrics = builder.objectRef<D['files']>('FileMetrics').implement({
  fields: (t) => ({
    operationsTotal: t.exposeFloat('operationsTotal'),
    operationsPerSecond: t.exposeFloat('operationsPerSecond'),
    errorsTotal: t.exposeFloat('errorsTotal'),
    byOperation: t.field({ type: [FileOperationMetrics], resolve: (f) => f.byOperation }),
  }),
});

const LogMetrics = builder.objectRef<D['logs']>('LogMetrics').implement({
  fields: (t) => ({
    linesTotal: t.exposeFloat('linesTotal'),
    linesPerSecond: t.exposeFloat('linesPerSecond'),
    tailsOpen: t.exposeFloat('tailsOpen'),
    tailDroppedTotal: t.exposeFloat('tailDroppedTotal'),
    corruptLinesTotal: t.exposeFloat('corruptLinesTotal'),
    writeErrorsTotal: t.exposeFloat('writeErrorsTotal'),
  }),
});

const Metrics = builder.objectRef<MetricsDashboard>('Metrics').implement({
  description:
    'The figures /metrics serves, for a dashboard. Totals count since the server started.',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    rateWindowSeconds: t.exposeFloat('rateWindowSeconds', {
      description:
        'The stretch the per-second rates cover: since the previous reading, at most a minute.',
    }),
    process: t.field({ type: ProcessMetrics, resolve: (m) => m.process }),
    graphql: t.field({ type: GraphQLMetrics, resolve: (m) => m.graphql }),
    grpc: t.field({ type: GrpcMetrics, resolve: (m) => m.grpc }),
    events: t.field({ type: EventMetrics, resolve: (m) => m.events }),
    gemini: t.field({ type: GeminiMetrics, resolve: (m) => m.gemini }),
    files: t.field({ type: FileMetrics, resolve: (m) => m.files }),
    logs: t.field({ type: LogMetrics, resolve: (m) => m.logs }),
  }),
});

const MetricLabel = builder.objectRef<{ name: string; value: string }>('MetricLabel').implement({
  fields: (t) => ({ name: t.exposeString('name'), value: t.exposeString('value') }),
});

const MetricSample = builder
  .objectRef<metrics.MetricFamily['samples'][number]>('MetricSample')
  .implement({
    fields: (t) => ({
      name: t.exposeString('name', {
        description: 'For histograms: the _bucket, _sum or _count series.',
      }),
      labels: t.field({ type: [MetricLabel], resolve: (s) => s.labels }),
      value: t.exposeFloat('value'),
    }),
  });

const MetricFamily = builder.objectRef<metrics.MetricFamily>('MetricFamily').implement({
  description: 'One Prometheus metric family, as /metrics shows it.',
  fields: (t) => ({
    name: t.exposeString('name'),
    help: t.exposeString('help'),
    type: t.exposeString('type', { description: 'counter, gauge, histogram or summary.' }),
    samples: t.field({ type: [MetricSample], resolve: (f) => f.samples }),
  }),
});

builder.queryFields((t) => ({
  metrics: t.field({
    authScopes: { 'logs:read': true },
    type: Metrics,
    resolve: (_root, _args, ctx) => metrics.metrics(ctx),
  }),
  metricFamilies: t.field({
    authScopes: { 'logs:read': true },
    type: [MetricFamily],
    description: 'Raw Prometheus families; all of them unless `names` picks some.',
    args: { names: t.arg.stringList({ required: false }) },
    resolve: (_root, args, ctx) => metrics.metricFamilies(ctx, args.names ?? undefined),
  }),
}));

builder.subscriptionField('metricsUpdates', (t) =>
  t.field({
    authScopes: { 'logs:read': true },
    type: Metrics,
    description:
      'A reading at once, then one every intervalMs (250 to 60000), for a live dashboard.',
    args: { intervalMs: t.arg.int({ required: true, defaultValue: 5000 }) },
    subscribe: (_root, args, ctx) => metrics.metricsUpdates(ctx, args.intervalMs),
    resolve: (reading) => reading,
  }),
);
