// /metrics serves Prometheus text that a scraper can parse, with process
// figures and what GraphQL, gRPC and the other domains record.
import * as grpc from '@grpc/grpc-js';
import { createClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentProto } from '../../src/grpc/proto.ts';
import type { LogServiceClient } from '../../src/grpc/generated/genpod/agent/v1/LogService.ts';
import { gql } from '../utils/graphql.ts';
import { clientOptions } from '../utils/grpc.ts';
import { scrape } from '../utils/prometheus.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

describe('/metrics', () => {
  let t: TestServer;
  let logClient: LogServiceClient;
  beforeAll(async () => {
    t = await startTestServer();
    logClient = new agentProto.LogService(
      t.grpcTarget,
      grpc.credentials.createInsecure(),
      clientOptions(t.token),
    );
  });
  afterAll(async () => {
    logClient.close();
    await t.stop();
  });

  it('serves Prometheus text with process and Node.js figures', async () => {
    const response = await fetch(`${t.origin}/metrics`, { headers: t.authHeaders });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const metrics = await scrape(t.origin, t.authHeaders);
    expect(metrics.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(metrics.value('process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(metrics.types.get('nodejs_eventloop_lag_p99_seconds')).toBe('gauge');
    expect(metrics.types.get('genpod_graphql_operation_duration_seconds')).toBe('histogram');
  });

  it('answers other methods with 405', async () => {
    const response = await fetch(`${t.origin}/metrics`, {
      method: 'POST',
      headers: t.authHeaders,
    });
    expect(response.status).toBe(405);
  });

  it('counts GraphQL operations by name, type and outcome, with their duration', async () => {
    for (let i = 0; i < 3; i++)
      await gql(t.graphqlUrl, 'query Probe { serverInfo { version } }', {}, t.authHeaders);
    await gql(t.graphqlUrl, 'query Broken { logs(first: 0) { hasMore } }', {}, t.authHeaders);
    const metrics = await scrape(t.origin, t.authHeaders);
    const probe = { operation_name: 'Probe', operation_type: 'query' };
    expect(metrics.value('genpod_graphql_operations_total', { ...probe, outcome: 'ok' })).toBe(3);
    expect(
      metrics.value('genpod_graphql_operations_total', {
        operation_name: 'Broken',
        operation_type: 'query',
        outcome: 'error',
      }),
    ).toBe(1);
    expect(metrics.value('genpod_graphql_operation_duration_seconds_count', probe)).toBe(3);
    expect(metrics.value('genpod_graphql_operation_duration_seconds_sum', probe)).toBeGreaterThan(
      0,
    );
    expect(
      metrics.value('genpod_graphql_operation_duration_seconds_bucket', { ...probe, le: '+Inf' }),
    ).toBe(3);
  });

  it('gauges subscriptions while they stream and after they end', async () => {
    const client = createClient({
      url: `${t.origin}/graphql/stream`,
      headers: t.authHeaders,
      retryAttempts: 0,
    });
    const iterator = client.iterate({
      query: 'subscription Beat { heartbeat(intervalMs: 50) { beat } }',
    });
    await iterator.next();
    const open = await scrape(t.origin, t.authHeaders);
    expect(open.value('genpod_graphql_subscriptions_open', { operation_name: 'Beat' })).toBe(1);
    await iterator.return?.();
    client.dispose();
    await expect
      .poll(async () =>
        (await scrape(t.origin, t.authHeaders)).value('genpod_graphql_subscriptions_open', {
          operation_name: 'Beat',
        }),
      )
      .toBe(0);
  });

  it('counts gRPC calls by method and status, and streams while open', async () => {
    const method = 'genpod.agent.v1.LogService/PushLogs';
    await new Promise<void>((resolve, reject) => {
      const call = logClient.PushLogs((error) => (error ? reject(error) : resolve()));
      call.write({ agentId: 'm1', level: 'info', message: 'hello' });
      call.write({ agentId: 'm1', level: 'info', message: 'again' });
      call.end();
    });
    await new Promise<void>((resolve) => {
      const call = logClient.PushLogs(() => resolve());
      call.write({ agentId: 'm1', level: 'nope', message: 'bad' });
      call.end();
    });
    const tail = logClient.TailLogs({ tail: 0 });
    await expect
      .poll(async () =>
        (await scrape(t.origin, t.authHeaders)).value('genpod_grpc_streams_open', {
          method: 'genpod.agent.v1.LogService/TailLogs',
        }),
      )
      .toBe(1);
    const metrics = await scrape(t.origin, t.authHeaders);
    expect(metrics.value('genpod_grpc_calls_total', { method, code: 'OK' })).toBe(1);
    expect(metrics.value('genpod_grpc_calls_total', { method, code: 'INVALID_ARGUMENT' })).toBe(1);
    expect(metrics.value('genpod_grpc_messages_total', { method, direction: 'received' })).toBe(3);
    expect(metrics.value('genpod_grpc_call_duration_seconds_count', { method })).toBe(2);
    tail.on('error', () => {});
    tail.cancel();
    await expect
      .poll(async () =>
        (await scrape(t.origin, t.authHeaders)).value('genpod_grpc_streams_open', {
          method: 'genpod.agent.v1.LogService/TailLogs',
        }),
      )
      .toBe(0);
  });

  it('shows what other domains record through services.metrics', async () => {
    const { metrics } = t.server.services;
    metrics.fileOperations.inc({ operation: 'write' });
    metrics.fileOperations.inc({ operation: 'write' });
    metrics.fileOperationErrors.inc({ operation: 'move' });
    metrics.eventsPublished.inc({ topic: 'files' }, 5);
    metrics.eventDeliveryLatency.observe({ topic: 'files' }, 0.002);
    metrics.geminiTokens.inc({ model: 'gemini-test', kind: 'output' }, 120);
    const done = metrics.geminiLatency.startTimer({ model: 'gemini-test' });
    done();
    const scraped = await scrape(t.origin, t.authHeaders);
    expect(scraped.value('genpod_file_operations_total', { operation: 'write' })).toBe(2);
    expect(scraped.value('genpod_file_operation_errors_total', { operation: 'move' })).toBe(1);
    expect(scraped.value('genpod_events_published_total', { topic: 'files' })).toBe(5);
    expect(scraped.value('genpod_event_delivery_latency_seconds_count', { topic: 'files' })).toBe(
      1,
    );
    expect(
      scraped.value('genpod_gemini_tokens_total', { model: 'gemini-test', kind: 'output' }),
    ).toBe(120);
    expect(
      scraped.value('genpod_gemini_request_duration_seconds_count', { model: 'gemini-test' }),
    ).toBe(1);
    expect(scraped.value('genpod_log_lines_total', { source: 'server' })).toBeGreaterThan(0);
    expect(scraped.value('genpod_log_lines_total', { source: 'agent' })).toBe(2);
  });

  it('keeps two servers in one process apart', async () => {
    const other = await startTestServer();
    try {
      other.server.services.metrics.fileOperations.inc({ operation: 'only-in-other' });
      expect(
        (await scrape(t.origin, t.authHeaders)).value('genpod_file_operations_total', {
          operation: 'only-in-other',
        }),
      ).toBeUndefined();
      expect(
        (await scrape(other.origin, other.authHeaders)).value('genpod_file_operations_total', {
          operation: 'only-in-other',
        }),
      ).toBe(1);
    } finally {
      await other.stop();
    }
  });
});
