// Issue 18 item 3: a log regex that backtracks in V8 (`^r28(a+)+$` over
// `r28aaaa…a!` took 13 s, doubling with each `a`) runs in linear time on the
// logs query, the GraphQL tail and the gRPC tail, and /healthz stays fast.
// Patterns RE2 cannot run are refused by name on every transport.
import * as grpc from '@grpc/grpc-js';
import { createClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogServiceClient } from '../../src/grpc/generated/genpod/agent/v1/LogService.ts';
import type { TailLogsEvent__Output } from '../../src/grpc/generated/genpod/agent/v1/TailLogsEvent.ts';
import { agentProto } from '../../src/grpc/proto.ts';
import { healthzBoundMs, healthzWhile, loadRetries } from '../utils/event-loop.ts';
import { gql } from '../utils/graphql.ts';
import { clientOptions } from '../utils/grpc.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

const hostileRegex = '^r28(a+)+$';
const hostileLine = (as: number) => `r28${'a'.repeat(as)}!`;

const logsQuery = `query($filter: LogFilter) {
  logs(filter: $filter, first: 10, order: NEWEST_FIRST) { lines { message } scannedLines }
}`;

describe('a log regex that backtracks in V8', { retry: loadRetries }, () => {
  let t: TestServer;
  let logClient: LogServiceClient;
  beforeAll(async () => {
    t = await startTestServer();
    logClient = new agentProto.LogService(
      t.grpcTarget,
      grpc.credentials.createInsecure(),
      clientOptions(t.token),
    );
    const logger = t.server.services.logger.child({ component: 'hostile' });
    // 27 `a`s: seconds in V8's backtracking engine (enough to fail the
    // /healthz bound without the fix, short enough not to hang the run).
    logger.info(hostileLine(27));
    logger.info('r28aaaa');
  });
  afterAll(async () => {
    logClient.close();
    await t.stop();
  });

  it('answers the logs query at once and correctly while /healthz stays fast', async () => {
    const { result, slowestMs } = await healthzWhile(
      t.origin,
      gql<{ logs: { lines: Array<{ message: string }> } }>(
        t.graphqlUrl,
        logsQuery,
        { filter: { regex: hostileRegex } },
        t.authHeaders,
      ),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.logs.lines.map((l) => l.message)).toEqual(['r28aaaa']);
    expect(slowestMs).toBeLessThan(healthzBoundMs);
  });

  it('filters a live GraphQL tail with it, history and new lines', async () => {
    const client = createClient({
      url: `${t.origin}/graphql/stream`,
      headers: t.authHeaders,
      retryAttempts: 0,
    });
    const messages: string[] = [];
    const errors: unknown[] = [];
    const dispose = client.subscribe<{ logTail: { line: { message: string } | null } }>(
      {
        query: `subscription($filter: LogFilter) { logTail(filter: $filter, tail: 5) { line { message } } }`,
        variables: { filter: { regex: hostileRegex } },
      },
      {
        next: (result) => {
          const message = result.data?.logTail.line?.message;
          if (message) messages.push(message);
        },
        error: (error) => errors.push(error),
        complete: () => {},
      },
    );
    try {
      await expect.poll(() => messages).toEqual(['r28aaaa']);
      const logger = t.server.services.logger.child({ component: 'hostile' });
      const { slowestMs } = await healthzWhile(
        t.origin,
        (async () => {
          logger.info(hostileLine(27));
          logger.info('r28aaaaa');
          await expect.poll(() => messages).toEqual(['r28aaaa', 'r28aaaaa']);
        })(),
      );
      expect(errors).toEqual([]);
      expect(slowestMs).toBeLessThan(healthzBoundMs);
    } finally {
      dispose();
      client.dispose();
    }
  });

  it('filters a gRPC TailLogs with it', async () => {
    const call = logClient.TailLogs({ filter: { regex: hostileRegex }, tail: 5 });
    const received: string[] = [];
    call.on('data', (event: TailLogsEvent__Output) => {
      if (event.line) received.push(event.line.message);
    });
    call.on('error', () => {});
    try {
      const { slowestMs } = await healthzWhile(
        t.origin,
        expect.poll(() => received).toContain('r28aaaa'),
      );
      expect(received.every((message) => /^r28a+$/.test(message))).toBe(true);
      expect(slowestMs).toBeLessThan(healthzBoundMs);
    } finally {
      call.cancel();
    }
  });

  it('refuses lookaround and backreferences by name: BAD_USER_INPUT and INVALID_ARGUMENT', async () => {
    const refused = await gql(
      t.graphqlUrl,
      logsQuery,
      { filter: { regex: '(?=r)r28' } },
      t.authHeaders,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toMatch(/lookahead/);
    const call = logClient.TailLogs({ filter: { regex: '(a)\\1' }, tail: 1 });
    const error = await new Promise<grpc.ServiceError>((resolve) => call.on('error', resolve));
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toMatch(/backreferences/);
  });
});
