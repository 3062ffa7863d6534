// Agents push log lines over gRPC (LogService.PushLogs) and GraphQL; they are
// stored beside the server's, tagged with the agent id, and can be followed
// over gRPC (LogService.TailLogs).
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentProto } from '../../src/grpc/proto.ts';
import type { LogServiceClient } from '../../src/grpc/generated/genpod/agent/v1/LogService.ts';
import type { PushLogLine } from '../../src/grpc/generated/genpod/agent/v1/PushLogLine.ts';
import type { TailLogsEvent__Output } from '../../src/grpc/generated/genpod/agent/v1/TailLogsEvent.ts';
import { gql } from '../utils/graphql.ts';
import { clientOptions } from '../utils/grpc.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

function push(client: LogServiceClient, lines: PushLogLine[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = client.PushLogs((error, response) => {
      if (error) reject(error);
      else resolve(Number(response?.accepted));
    });
    for (const line of lines) call.write(line);
    call.end();
  });
}

interface AgentLine {
  message: string;
  level: string;
  source: string;
  agentId: string | null;
  origin: string;
  fields: Record<string, unknown>;
}

async function agentLines(t: TestServer, agentId: string): Promise<AgentLine[]> {
  const response = await gql<{ logs: { lines: AgentLine[] } }>(
    t.graphqlUrl,
    `query($agentId: String!) { logs(filter: { agentId: $agentId }, order: OLDEST_FIRST, first: 100) {
       lines { message level source agentId origin fields } } }`,
    { agentId },
    t.authHeaders,
  );
  expect(response.errors).toBeUndefined();
  return response.data?.logs.lines ?? [];
}

describe('agent logs over gRPC', () => {
  let t: TestServer;
  let client: LogServiceClient;
  beforeAll(async () => {
    t = await startTestServer();
    client = new agentProto.LogService(
      t.grpcTarget,
      grpc.credentials.createInsecure(),
      clientOptions(t.token),
    );
  });
  afterAll(async () => {
    client.close();
    await t.stop();
  });

  it('stores streamed lines tagged with the agent id, beside the server lines', async () => {
    const accepted = await push(client, [
      { agentId: 'builder-1', level: 'info', message: 'build started' },
      {
        agentId: 'builder-1',
        level: 'ERROR',
        message: 'compile failed',
        time: '2026-01-02T03:04:05.678Z',
        fieldsJson: JSON.stringify({ file: 'src/a.ts', line: 12 }),
      },
    ]);
    expect(accepted).toBe(2);
    const lines = await agentLines(t, 'builder-1');
    expect(lines).toEqual([
      {
        message: 'build started',
        level: 'INFO',
        source: 'AGENT',
        agentId: 'builder-1',
        origin: 'agent/builder-1',
        fields: {},
      },
      {
        message: 'compile failed',
        level: 'ERROR',
        source: 'AGENT',
        agentId: 'builder-1',
        origin: 'agent/builder-1',
        fields: { file: 'src/a.ts', line: 12, agentTime: '2026-01-02T03:04:05.678Z' },
      },
    ]);
    const serverOnly = await gql<{ logs: { lines: AgentLine[] } }>(
      t.graphqlUrl,
      '{ logs(filter: { source: SERVER, text: "compile failed" }) { lines { message } } }',
      {},
      t.authHeaders,
    );
    expect(serverOnly.data?.logs.lines).toEqual([]);
  });

  it('redacts secrets in the fields an agent sends', async () => {
    await push(client, [
      {
        agentId: 'leaky',
        level: 'warn',
        message: 'calling the API',
        fieldsJson: JSON.stringify({ apiKey: 'AIza-SECRET', request: { token: 'SECRET-T' } }),
      },
    ]);
    const [line] = await agentLines(t, 'leaky');
    expect(line?.fields).toEqual({ apiKey: '[redacted]', request: { token: '[redacted]' } });
  });

  it('ends the call with INVALID_ARGUMENT naming the bad line, keeping the lines before it', async () => {
    const error = await push(client, [
      { agentId: 'careless', level: 'info', message: 'fine 0' },
      { agentId: 'careless', level: 'info', message: 'fine 1' },
      { agentId: 'careless', level: 'loud', message: 'bad level' },
      { agentId: 'careless', level: 'info', message: 'never stored' },
    ]).catch((e: grpc.ServiceError) => e);
    expect(error).toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    expect((error as grpc.ServiceError).details).toContain('lines[2].level');
    expect((await agentLines(t, 'careless')).map((l) => l.message)).toEqual(['fine 0', 'fine 1']);
  });

  it.each([
    [{ agentId: '', level: 'info', message: 'x' }, grpc.status.INVALID_ARGUMENT, 'agentId'],
    [{ agentId: '../etc', level: 'info', message: 'x' }, grpc.status.INVALID_ARGUMENT, 'agentId'],
    [
      { agentId: 'a', level: 'info', message: 'x', time: 'yesterday' },
      grpc.status.INVALID_ARGUMENT,
      'time',
    ],
    [
      { agentId: 'a', level: 'info', message: 'x', fieldsJson: '[1]' },
      grpc.status.INVALID_ARGUMENT,
      'fields',
    ],
    [
      { agentId: 'a', level: 'info', message: 'x', fieldsJson: '{"msg":"spoof"}' },
      grpc.status.INVALID_ARGUMENT,
      'msg',
    ],
    [
      { agentId: 'a', level: 'info', message: 'x'.repeat(70_000) },
      grpc.status.RESOURCE_EXHAUSTED,
      'message',
    ],
  ])('rejects %# with a clear status', async (line, code, mentions) => {
    const error = (await push(client, [line]).catch(
      (e: grpc.ServiceError) => e,
    )) as grpc.ServiceError;
    expect(error.code).toBe(code);
    expect(error.details).toContain(mentions);
  });

  it('follows the log over TailLogs: the last lines, then new ones', async () => {
    await push(
      client,
      [1, 2, 3].map((n) => ({ agentId: 'tailed', level: 'info', message: `t${n}` })),
    );
    const call = client.TailLogs({ filter: { agentId: 'tailed' }, tail: 2 });
    const received: TailLogsEvent__Output[] = [];
    const done = new Promise<void>((resolve, reject) => {
      call.on('data', (event: TailLogsEvent__Output) => {
        received.push(event);
        if (received.length === 2) {
          void push(client, [{ agentId: 'tailed', level: 'warn', message: 't4' }]);
        }
        if (received.length === 3) resolve();
      });
      call.on('error', (error: grpc.ServiceError) => {
        if (error.code !== grpc.status.CANCELLED) reject(error);
      });
    });
    await done;
    call.cancel();
    expect(received.map((e) => e.line?.message)).toEqual(['t2', 't3', 't4']);
    expect(received[2]?.line).toMatchObject({ level: 'warn', source: 'agent', agentId: 'tailed' });
    expect(received[2]?.line?.cursor).toMatch(/^\d+$/);
  });

  it('answers a bad TailLogs filter with INVALID_ARGUMENT', async () => {
    const call = client.TailLogs({ filter: { minLevel: 'chatty' }, tail: 1 });
    const error = await new Promise<grpc.ServiceError>((resolve) => call.on('error', resolve));
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
  });
});

describe('agent logs over GraphQL', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  const pushMutation = `mutation($agentId: String!, $lines: [AgentLogLineInput!]!) {
    pushAgentLogs(agentId: $agentId, lines: $lines) }`;

  it('stores a batch and returns how many', async () => {
    const response = await gql<{ pushAgentLogs: number }>(
      t.graphqlUrl,
      pushMutation,
      {
        agentId: 'web-1',
        lines: [
          { level: 'DEBUG', message: 'hello', fields: { step: 1 } },
          { level: 'FATAL', message: 'bye', time: '2026-05-06T07:08:09Z' },
        ],
      },
      t.authHeaders,
    );
    expect(response.data?.pushAgentLogs).toBe(2);
    expect((await agentLines(t, 'web-1')).map((l) => [l.level, l.message])).toEqual([
      ['DEBUG', 'hello'],
      ['FATAL', 'bye'],
    ]);
  });

  it('stores nothing from a batch with one bad line', async () => {
    const response = await gql(
      t.graphqlUrl,
      pushMutation,
      {
        agentId: 'web-2',
        lines: [
          { level: 'INFO', message: 'fine' },
          { level: 'INFO', message: 'bad fields', fields: ['not', 'an', 'object'] },
        ],
      },
      t.authHeaders,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toContain('lines[1].fields');
    expect(await agentLines(t, 'web-2')).toEqual([]);
  });
});
