// The same figures /metrics serves, as a GraphQL query and a periodic
// subscription for a dashboard.
import { createClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latency } from '../../src/core/metrics-dashboard.ts';
import { gql } from '../utils/graphql.ts';
import { scrape } from '../utils/prometheus.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { postEventStream } from '../utils/sse.ts';

interface Reading {
  at: string;
  rateWindowSeconds: number;
  process: { residentMemoryBytes: number };
  graphql: {
    operationsTotal: number;
    errorsTotal: number;
    byOperation: Array<{
      name: string;
      type: string;
      count: number;
      latency: { count: number; p50Seconds: number | null };
    }>;
  };
  events: { publishedTotal: number; perSecond: number };
  files: {
    operationsTotal: number;
    byOperation: Array<{ operation: string; count: number; errors: number }>;
  };
  logs: { linesTotal: number };
}

const fields = `at rateWindowSeconds process { residentMemoryBytes }
  graphql { operationsTotal errorsTotal byOperation { name type count latency { count p50Seconds } } }
  events { publishedTotal perSecond }
  files { operationsTotal byOperation { operation count errors } }
  logs { linesTotal }`;

describe('metrics over GraphQL', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('reports the figures /metrics serves', async () => {
    for (let i = 0; i < 2; i++)
      await gql(t.graphqlUrl, 'query Ping { serverInfo { version } }', {}, t.authHeaders);
    t.server.services.metrics.fileOperations.inc({ operation: 'read' }, 4);
    t.server.services.metrics.fileOperationErrors.inc({ operation: 'read' });
    const scraped = await scrape(t.origin, t.authHeaders);
    const response = await gql<{ metrics: Reading }>(
      t.graphqlUrl,
      `{ metrics { ${fields} } }`,
      {},
      t.authHeaders,
    );
    expect(response.errors).toBeUndefined();
    const reading = response.data?.metrics;
    const ping = reading?.graphql.byOperation.find((op) => op.name === 'Ping');
    expect(ping).toMatchObject({ type: 'query', count: 2, latency: { count: 2 } });
    expect(ping?.latency.p50Seconds).toBeGreaterThan(0);
    expect(reading?.graphql.operationsTotal).toBe(scraped.sum('genpod_graphql_operations_total'));
    expect(reading?.files.byOperation).toEqual([{ operation: 'read', count: 4, errors: 1 }]);
    expect(reading?.logs.linesTotal).toBeGreaterThanOrEqual(scraped.sum('genpod_log_lines_total'));
    expect(reading?.process.residentMemoryBytes).toBeGreaterThan(0);
  });

  it('lists raw families by name', async () => {
    const response = await gql<{
      metricFamilies: Array<{
        name: string;
        type: string;
        samples: Array<{ name: string; value: number }>;
      }>;
    }>(
      t.graphqlUrl,
      '{ metricFamilies(names: ["genpod_log_tails_open"]) { name type samples { name value } } }',
      {},
      t.authHeaders,
    );
    expect(response.data?.metricFamilies).toEqual([
      {
        name: 'genpod_log_tails_open',
        type: 'gauge',
        samples: [{ name: 'genpod_log_tails_open', value: 0 }],
      },
    ]);
  });

  it('streams a reading at once and then every interval, with rates over the interval', async () => {
    const client = createClient({
      url: `${t.origin}/graphql/stream`,
      headers: t.authHeaders,
      retryAttempts: 0,
    });
    const readings: Reading[] = [];
    try {
      for await (const result of client.iterate<{ metricsUpdates: Reading }>({
        query: `subscription { metricsUpdates(intervalMs: 400) { ${fields} } }`,
      })) {
        if (result.data) readings.push(result.data.metricsUpdates);
        if (readings.length === 1)
          t.server.services.metrics.eventsPublished.inc({ topic: 'x' }, 40);
        if (readings.length === 2) break;
      }
    } finally {
      client.dispose();
    }
    const [first, second] = readings;
    const betweenMs = Date.parse(second?.at ?? '') - Date.parse(first?.at ?? '');
    expect(betweenMs).toBeGreaterThanOrEqual(350);
    expect((second?.rateWindowSeconds ?? 0) * 1000).toBeCloseTo(betweenMs, 0);
    expect(second?.events.publishedTotal).toBe((first?.events.publishedTotal ?? 0) + 40);
    // 40 events over the ~0.4 s between readings.
    const expected = 40 / (second?.rateWindowSeconds ?? 1);
    expect(second?.events.perSecond).toBeCloseTo(expected, 5);
  });

  it('refuses an interval outside 250 to 60000 ms', async () => {
    const response = await postEventStream(
      t.graphqlUrl,
      { query: 'subscription { metricsUpdates(intervalMs: 5) { at } }' },
      { headers: t.authHeaders },
    );
    const text = await response.text();
    expect(text).toContain('BAD_USER_INPUT');
  });
});

describe('latency percentiles from histogram buckets', () => {
  const bucket = (le: string, value: number) => ({
    metricName: 'x_bucket',
    labels: { le },
    value,
  });

  it('interpolates within the bucket the rank falls in, as histogram_quantile does', () => {
    const summary = latency([
      bucket('0.1', 50),
      bucket('0.2', 90),
      bucket('0.4', 100),
      bucket('+Inf', 100),
      { metricName: 'x_sum', labels: {}, value: 12 },
      { metricName: 'x_count', labels: {}, value: 100 },
    ]);
    expect(summary.count).toBe(100);
    expect(summary.meanSeconds).toBeCloseTo(0.12);
    expect(summary.p50Seconds).toBeCloseTo(0.1);
    expect(summary.p95Seconds).toBeCloseTo(0.3);
    expect(summary.p99Seconds).toBeCloseTo(0.38);
  });

  it('has no percentiles without observations', () => {
    expect(latency([])).toEqual({
      count: 0,
      meanSeconds: undefined,
      p50Seconds: undefined,
      p95Seconds: undefined,
      p99Seconds: undefined,
    });
  });
});
