// The figures a dashboard shows, read from the same prom-client registry that
// `/metrics` serves: totals, rates per second over the last stretch, and
// latency percentiles estimated from histogram buckets the way Prometheus's
// histogram_quantile does.
import type { Metrics } from './metrics.ts';

interface Sample {
  value: number;
  labels: Record<string, string | number | undefined>;
  metricName?: string | undefined;
}

interface Family {
  name: string;
  help: string;
  type: string;
  values: Sample[];
}

export interface MetricSample {
  name: string;
  labels: Array<{ name: string; value: string }>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: string;
  samples: MetricSample[];
}

export interface LatencySummary {
  count: number;
  meanSeconds: number | undefined;
  p50Seconds: number | undefined;
  p95Seconds: number | undefined;
  p99Seconds: number | undefined;
}

export interface MetricsDashboard {
  at: Date;
  /** Seconds the rates below cover (since the previous reading, at most a minute back). */
  rateWindowSeconds: number;
  process: {
    cpuSecondsTotal: number;
    residentMemoryBytes: number;
    heapUsedBytes: number;
    eventLoopLagP99Seconds: number;
  };
  graphql: {
    operationsTotal: number;
    operationsPerSecond: number;
    errorsTotal: number;
    subscriptionsOpen: number;
    latency: LatencySummary;
    byOperation: Array<{
      name: string;
      type: string;
      count: number;
      errors: number;
      latency: LatencySummary;
    }>;
  };
  grpc: {
    callsTotal: number;
    callsPerSecond: number;
    errorsTotal: number;
    streamsOpen: number;
    latency: LatencySummary;
    byMethod: Array<{ method: string; count: number; errors: number; streamsOpen: number }>;
  };
  events: {
    publishedTotal: number;
    perSecond: number;
    resyncsTotal: number;
    deliveryLatency: LatencySummary;
  };
  gemini: {
    requestsTotal: number;
    errorsTotal: number;
    promptTokens: number;
    outputTokens: number;
    tokensPerSecond: number;
    latency: LatencySummary;
    firstTokenLatency: LatencySummary;
  };
  files: {
    operationsTotal: number;
    operationsPerSecond: number;
    errorsTotal: number;
    byOperation: Array<{ operation: string; count: number; errors: number }>;
  };
  logs: {
    linesTotal: number;
    linesPerSecond: number;
    tailsOpen: number;
    tailDroppedTotal: number;
    corruptLinesTotal: number;
    writeErrorsTotal: number;
  };
}

/** Every family in the registry, or those named, with their samples. */
export async function readMetricFamilies(
  metrics: Metrics,
  names?: readonly string[],
): Promise<MetricFamily[]> {
  const wanted = names && names.length > 0 ? new Set(names) : undefined;
  const families = (await metrics.registry.getMetricsAsJSON()) as unknown as Family[];
  return families
    .filter((family) => !wanted || wanted.has(family.name))
    .map((family) => ({
      name: family.name,
      help: family.help,
      type: String(family.type),
      samples: family.values.map((sample) => ({
        name: sample.metricName ?? family.name,
        labels: Object.entries(sample.labels)
          .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
          .map(([name, value]) => ({ name, value: String(value) })),
        value: sample.value,
      })),
    }));
}

type Totals = Record<'graphql' | 'grpc' | 'events' | 'tokens' | 'files' | 'logs', number>;

/** Earlier readings per server, for rates; at most a minute's worth. */
const history = new WeakMap<Metrics, Array<{ at: number; totals: Totals }>>();
const windowMs = 60_000;
const minWindowMs = 200;

export async function readMetricsDashboard(metrics: Metrics): Promise<MetricsDashboard> {
  const families = new Map(
    ((await metrics.registry.getMetricsAsJSON()) as unknown as Family[]).map((f) => [f.name, f]),
  );
  const samples = (name: string): Sample[] => families.get(name)?.values ?? [];
  const sum = (name: string, where: (s: Sample) => boolean = () => true) =>
    samples(name)
      .filter(where)
      .reduce((total, s) => total + s.value, 0);
  const gauge = (name: string) => sum(name);
  const now = Date.now();

  const graphqlTotal = sum('genpod_graphql_operations_total');
  const grpcTotal = sum('genpod_grpc_calls_total');
  const eventsTotal = sum('genpod_events_published_total');
  const tokensTotal = sum('genpod_gemini_tokens_total', (s) => s.labels.kind !== 'total');
  const filesTotal = sum('genpod_file_operations_total');
  const logsTotal = sum('genpod_log_lines_total');
  const totals: Totals = {
    graphql: graphqlTotal,
    grpc: grpcTotal,
    events: eventsTotal,
    tokens: tokensTotal,
    files: filesTotal,
    logs: logsTotal,
  };
  const rates = rateOf(metrics, now, totals);

  const graphqlOps = groupBy(samples('genpod_graphql_operations_total'), (s) =>
    JSON.stringify([s.labels.operation_name, s.labels.operation_type]),
  );
  const grpcMethods = groupBy(samples('genpod_grpc_calls_total'), (s) => String(s.labels.method));
  const streamsByMethod = new Map(
    samples('genpod_grpc_streams_open').map((s) => [String(s.labels.method), s.value]),
  );
  const fileOps = new Map<string, { count: number; errors: number }>();
  for (const s of samples('genpod_file_operations_total')) {
    const op = String(s.labels.operation);
    fileOps.set(op, { count: (fileOps.get(op)?.count ?? 0) + s.value, errors: 0 });
  }
  for (const s of samples('genpod_file_operation_errors_total')) {
    const op = String(s.labels.operation);
    const entry = fileOps.get(op) ?? { count: 0, errors: 0 };
    entry.errors += s.value;
    fileOps.set(op, entry);
  }

  return {
    at: new Date(now),
    rateWindowSeconds: rates.seconds,
    process: {
      cpuSecondsTotal: gauge('process_cpu_seconds_total'),
      residentMemoryBytes: gauge('process_resident_memory_bytes'),
      heapUsedBytes: gauge('nodejs_heap_size_used_bytes'),
      eventLoopLagP99Seconds: gauge('nodejs_eventloop_lag_p99_seconds'),
    },
    graphql: {
      operationsTotal: graphqlTotal,
      operationsPerSecond: rates.perSecond.graphql,
      errorsTotal: sum('genpod_graphql_operations_total', (s) => s.labels.outcome === 'error'),
      subscriptionsOpen: gauge('genpod_graphql_subscriptions_open'),
      latency: latency(samples('genpod_graphql_operation_duration_seconds')),
      byOperation: [...graphqlOps].map(([key, group]) => {
        const [name, type] = JSON.parse(key) as [string, string];
        return {
          name,
          type,
          count: group.reduce((t, s) => t + s.value, 0),
          errors: group
            .filter((s) => s.labels.outcome === 'error')
            .reduce((t, s) => t + s.value, 0),
          latency: latency(
            samples('genpod_graphql_operation_duration_seconds').filter(
              (s) => s.labels.operation_name === name && s.labels.operation_type === type,
            ),
          ),
        };
      }),
    },
    grpc: {
      callsTotal: grpcTotal,
      callsPerSecond: rates.perSecond.grpc,
      errorsTotal: sum('genpod_grpc_calls_total', (s) => s.labels.code !== 'OK'),
      streamsOpen: gauge('genpod_grpc_streams_open'),
      latency: latency(samples('genpod_grpc_call_duration_seconds')),
      byMethod: [...grpcMethods].map(([method, group]) => ({
        method,
        count: group.reduce((t, s) => t + s.value, 0),
        errors: group.filter((s) => s.labels.code !== 'OK').reduce((t, s) => t + s.value, 0),
        streamsOpen: streamsByMethod.get(method) ?? 0,
      })),
    },
    events: {
      publishedTotal: eventsTotal,
      perSecond: rates.perSecond.events,
      resyncsTotal: sum('genpod_event_resyncs_total'),
      deliveryLatency: latency(samples('genpod_event_delivery_latency_seconds')),
    },
    gemini: {
      requestsTotal: sum('genpod_gemini_requests_total'),
      errorsTotal: sum('genpod_gemini_requests_total', (s) => s.labels.outcome === 'error'),
      promptTokens: sum('genpod_gemini_tokens_total', (s) => s.labels.kind === 'prompt'),
      outputTokens: sum('genpod_gemini_tokens_total', (s) => s.labels.kind === 'output'),
      tokensPerSecond: rates.perSecond.tokens,
      latency: latency(samples('genpod_gemini_request_duration_seconds')),
      firstTokenLatency: latency(samples('genpod_gemini_first_token_seconds')),
    },
    files: {
      operationsTotal: filesTotal,
      operationsPerSecond: rates.perSecond.files,
      errorsTotal: sum('genpod_file_operation_errors_total'),
      byOperation: [...fileOps].map(([operation, figures]) => ({ operation, ...figures })),
    },
    logs: {
      linesTotal: logsTotal,
      linesPerSecond: rates.perSecond.logs,
      tailsOpen: gauge('genpod_log_tails_open'),
      tailDroppedTotal: sum('genpod_log_tail_dropped_total'),
      corruptLinesTotal: sum('genpod_log_corrupt_lines_total'),
      writeErrorsTotal: sum('genpod_log_write_errors_total'),
    },
  };
}

function rateOf(
  metrics: Metrics,
  now: number,
  totals: Totals,
): { seconds: number; perSecond: Totals } {
  const readings = (history.get(metrics) ?? []).filter((r) => now - r.at <= windowMs);
  // The latest reading far enough back to divide by; before any, the server's
  // start. A dashboard reading every interval so gets rates over that interval.
  const base = readings.findLast((r) => now - r.at >= minWindowMs) ?? {
    at: metrics.createdAt,
    totals: { graphql: 0, grpc: 0, events: 0, tokens: 0, files: 0, logs: 0 },
  };
  readings.push({ at: now, totals });
  history.set(metrics, readings);
  const seconds = Math.max((now - base.at) / 1000, 0.001);
  const perSecond = Object.fromEntries(
    Object.entries(totals).map(([key, value]) => [
      key,
      Math.max(0, value - base.totals[key as keyof Totals]) / seconds,
    ]),
  ) as Totals;
  return { seconds, perSecond };
}

function groupBy(values: Sample[], key: (s: Sample) => string): Map<string, Sample[]> {
  const groups = new Map<string, Sample[]>();
  for (const value of values) {
    const k = key(value);
    groups.set(k, [...(groups.get(k) ?? []), value]);
  }
  return groups;
}

/** Percentiles from the `_bucket` samples of a histogram, summed over all labels. */
export function latency(histogram: Sample[]): LatencySummary {
  const buckets = new Map<number, number>();
  let count = 0;
  let total = 0;
  for (const s of histogram) {
    if (s.metricName?.endsWith('_bucket')) {
      const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
      buckets.set(le, (buckets.get(le) ?? 0) + s.value);
    } else if (s.metricName?.endsWith('_count')) count += s.value;
    else if (s.metricName?.endsWith('_sum')) total += s.value;
  }
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const quantile = (q: number): number | undefined => {
    if (count === 0) return undefined;
    const rank = q * count;
    let previousLe = 0;
    let previousCount = 0;
    for (const [le, cumulative] of sorted) {
      if (cumulative >= rank) {
        if (le === Infinity) return previousLe;
        const inBucket = cumulative - previousCount;
        return inBucket === 0
          ? le
          : previousLe + ((le - previousLe) * (rank - previousCount)) / inBucket;
      }
      previousLe = le;
      previousCount = cumulative;
    }
    return previousLe;
  };
  return {
    count,
    meanSeconds: count === 0 ? undefined : total / count,
    p50Seconds: quantile(0.5),
    p95Seconds: quantile(0.95),
    p99Seconds: quantile(0.99),
  };
}
