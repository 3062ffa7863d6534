// logStats: lines per level and origin over time buckets, and the error
// messages that repeat most once ids and numbers are masked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskMessage } from '../../src/core/logs/log-analysis.ts';
import { gql } from '../utils/graphql.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

interface Stats {
  bucketSeconds: number;
  buckets: Array<{
    start: string;
    total: number;
    byLevel: Array<{ level: string; count: number }>;
    byOrigin: Array<{ origin: string; count: number }>;
  }>;
  topErrors: Array<{
    pattern: string;
    count: number;
    level: string;
    example: string;
    origins: string[];
  }>;
}

const statsQuery = `query($filter: LogFilter, $from: DateTime, $to: DateTime, $bucketSeconds: Int!, $topErrors: Int!) {
  logStats(filter: $filter, from: $from, to: $to, bucketSeconds: $bucketSeconds, topErrors: $topErrors) {
    bucketSeconds
    buckets { start total byLevel { level count } byOrigin { origin count } }
    topErrors { pattern count level example origins }
  }
}`;

describe('log analysis', () => {
  let t: TestServer;
  let from: Date;
  beforeAll(async () => {
    t = await startTestServer();
    from = new Date(Date.now() - 1000);
    const { logs, logger } = t.server.services;
    for (let i = 0; i < 5; i++) {
      logger.error(`request ${1000 + i} failed after ${i * 10} ms`);
    }
    logger.child({ component: 'db' }).error('lock 9f8e7d6c5b4a timed out');
    logs.pushAgentLines('worker-7', [
      { level: 'error', message: 'request 77 failed after 3 ms' },
      { level: 'fatal', message: 'out of memory' },
      { level: 'info', message: 'working' },
    ]);
  });
  afterAll(() => t.stop());

  it('ranks repeated error messages with their variable parts masked', async () => {
    const response = await gql<{ logStats: Stats }>(
      t.graphqlUrl,
      statsQuery,
      {
        from: from.toISOString(),
        to: new Date(Date.now() + 1000).toISOString(),
        bucketSeconds: 60,
        topErrors: 2,
      },
      t.authHeaders,
    );
    expect(response.errors).toBeUndefined();
    const top = response.data?.logStats.topErrors ?? [];
    expect(top).toHaveLength(2);
    expect(top[0]).toMatchObject({
      pattern: 'request <n> failed after <n> ms',
      count: 6,
      level: 'ERROR',
      example: 'request 77 failed after 3 ms',
    });
    expect(top[0]?.origins.sort()).toEqual(['agent/worker-7', 'server']);
  });

  it('counts lines per level and origin in each time bucket', async () => {
    const response = await gql<{ logStats: Stats }>(
      t.graphqlUrl,
      statsQuery,
      {
        filter: { minLevel: 'ERROR' },
        from: from.toISOString(),
        to: new Date(Date.now() + 1000).toISOString(),
        bucketSeconds: 3600,
        topErrors: 0,
      },
      t.authHeaders,
    );
    const buckets = response.data?.logStats.buckets ?? [];
    expect(buckets).toHaveLength(1);
    const [bucket] = buckets;
    expect(bucket?.total).toBe(8);
    const levels = Object.fromEntries((bucket?.byLevel ?? []).map((c) => [c.level, c.count]));
    expect(levels).toMatchObject({ ERROR: 7, FATAL: 1, INFO: 0 });
    const origins = Object.fromEntries((bucket?.byOrigin ?? []).map((c) => [c.origin, c.count]));
    expect(origins).toEqual({ server: 5, 'server/db': 1, 'agent/worker-7': 2 });
    expect(response.data?.logStats.topErrors).toEqual([]);
  });

  it('puts lines into the bucket their time falls in', async () => {
    const to = new Date(Date.now() + 1000);
    const response = await gql<{ logStats: Stats }>(
      t.graphqlUrl,
      statsQuery,
      {
        from: new Date(to.getTime() - 3600_000).toISOString(),
        to: to.toISOString(),
        bucketSeconds: 60,
        topErrors: 0,
      },
      t.authHeaders,
    );
    const buckets = response.data?.logStats.buckets ?? [];
    expect(buckets).toHaveLength(60);
    const filled = buckets.filter((b) => b.total > 0);
    // Everything was logged within the last minute or two.
    expect(filled.length).toBeGreaterThanOrEqual(1);
    expect(filled.length).toBeLessThanOrEqual(2);
    expect(buckets.slice(0, 57).every((b) => b.total === 0)).toBe(true);
  });

  it('refuses a range of too many buckets, or one that ends before it starts', async () => {
    const many = await gql(
      t.graphqlUrl,
      statsQuery,
      {
        from: '2020-01-01T00:00:00Z',
        to: '2026-01-01T00:00:00Z',
        bucketSeconds: 1,
        topErrors: 1,
      },
      t.authHeaders,
    );
    expect(many.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const backwards = await gql(
      t.graphqlUrl,
      statsQuery,
      {
        from: '2026-01-02T00:00:00Z',
        to: '2026-01-01T00:00:00Z',
        bucketSeconds: 60,
        topErrors: 1,
      },
      t.authHeaders,
    );
    expect(backwards.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('masks uuids, long hex ids and numbers', () => {
    expect(maskMessage('job 3f2b1c9e-8a7d-4e6f-9b0a-1c2d3e4f5a6b took 1.5s on node 12')).toBe(
      'job <uuid> took <n>s on node <n>',
    );
    expect(maskMessage('commit deadbeef1234 pushed')).toBe('commit <hex> pushed');
    expect(maskMessage('a plain message')).toBe('a plain message');
  });
});
