// Two GenPod instances behind one (imaginary) load balancer: same project,
// same PostgreSQL database, same Redis. What one instance does, a client of
// the other sees, once, and resumes across them.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClientReadableStream } from '@grpc/grpc-js';
import { createClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataUpdate__Output } from '../../src/grpc/generated/genpod/agent/v1/DataUpdate.ts';
import { startFakeGemini, type FakeGemini } from '../utils/fake-gemini.ts';
import { gql } from '../utils/graphql.ts';
import { agentClients } from '../utils/grpc.ts';
import {
  postgresTestsEnabled,
  startPostgresServer,
  type PostgresServer,
} from '../utils/postgres-server.ts';
import { redisTestsEnabled, startRedisServer, type RedisServer } from '../utils/redis-server.ts';
import { makeTempDir } from '../utils/tempdir.ts';
import type { TestServer } from '../utils/tserver.ts';
import {
  clusterEnv,
  eventually,
  recordFileEvents,
  startInstance,
  watcherStatus,
  type FileEventRecorder,
} from './cluster.ts';

const writeMutation = `mutation($path: String!, $content: String!) {
  writeFile(input: { path: $path, content: $content }) { version }
}`;

async function writeThrough(t: TestServer, path: string, content: string) {
  const result = await gql(t.graphqlUrl, writeMutation, { path, content }, t.authHeaders);
  expect(result.errors).toBeUndefined();
}

/** A file written straight to disk after `path`'s events: once it is seen, the watcher is past them. */
async function settle(root: string, recorders: FileEventRecorder[]) {
  const marker = `marker-${Math.random().toString(36).slice(2)}.txt`;
  await writeFile(join(root, marker), 'marker');
  for (const recorder of recorders) await recorder.waitFor((event) => event.path === marker);
}

describe.runIf(redisTestsEnabled && postgresTestsEnabled)('two instances sharing Redis', () => {
  let redis: RedisServer;
  let postgres: PostgresServer;
  let fake: FakeGemini;
  let root: { path: string; remove(): Promise<void> };
  let a: TestServer;
  let b: TestServer;
  let onA: FileEventRecorder;
  let onB: FileEventRecorder;

  beforeAll(async () => {
    [redis, postgres, fake, root] = await Promise.all([
      startRedisServer(),
      startPostgresServer(),
      startFakeGemini(),
      makeTempDir('genpod-cluster-'),
    ]);
    const env = {
      ...clusterEnv({
        redisUrl: redis.url,
        databaseUrl: await postgres.createDatabase(),
        projectRoot: root.path,
      }),
      GEMINI_BASE_URL: fake.baseUrl,
      GEMINI_API_KEY: fake.apiKey,
    };
    // One at a time: the first applies the migrations and takes the watcher lease.
    a = await startInstance(env, 'instance-a');
    b = await startInstance(env, 'instance-b');
    [onA, onB] = await Promise.all([recordFileEvents(a), recordFileEvents(b)]);
  });
  afterAll(async () => {
    onA?.close();
    onB?.close();
    await b?.stop();
    await a?.stop();
    await Promise.all([redis?.stop(), postgres?.stop(), fake?.close(), root?.remove()]);
  });

  it('lets one instance watch the files, and both say which', async () => {
    expect(await watcherStatus(a)).toEqual({
      instanceId: 'instance-a',
      owner: 'instance-a',
      watching: true,
    });
    expect(await watcherStatus(b)).toEqual({
      instanceId: 'instance-b',
      owner: 'instance-a',
      watching: false,
    });
  });

  it('delivers a write through the instance that does not watch to subscribers of both, once', async () => {
    await writeThrough(b, 'from-b.txt', 'written through b');
    await onA.waitFor((event) => event.path === 'from-b.txt');
    await onB.waitFor((event) => event.path === 'from-b.txt');
    // The watcher (on a) saw the write on disk too: that echo must not become a second event.
    await settle(root.path, [onA, onB]);
    for (const recorder of [onA, onB]) {
      const seen = recorder.events.filter((event) => event.path === 'from-b.txt');
      expect(seen.map((event) => [event.kind, event.origin])).toEqual([['CREATED', 'graphql']]);
    }
  });

  it('delivers a change made on disk to subscribers of both instances, once', async () => {
    await writeFile(join(root.path, 'on-disk.txt'), 'outside the API');
    await settle(root.path, [onA, onB]);
    for (const recorder of [onA, onB]) {
      const seen = recorder.events.filter((event) => event.path === 'on-disk.txt');
      expect(seen.map((event) => [event.kind, event.origin])).toEqual([['CREATED', 'disk']]);
    }
  });

  it('streams a write through one instance to a gRPC StreamData subscriber of the other', async () => {
    const { agent } = agentClients(b.grpcTarget, b.token);
    const call: ClientReadableStream<DataUpdate__Output> = agent.StreamData({
      agentId: 'agent-on-b',
      pathPrefix: '',
    });
    const updates: DataUpdate__Output[] = [];
    call.on('data', (update: DataUpdate__Output) => updates.push(update));
    call.on('error', () => {});
    try {
      // The structure comes first: the stream is subscribed by then.
      await eventually(
        () => updates.length,
        (n) => n > 0,
      );
      await writeThrough(a, 'for-the-agent.txt', 'hello agent');
      const update = await eventually(
        () => updates.find((u) => u.file?.path === 'for-the-agent.txt'),
        (found) => found !== undefined,
      );
      expect(update?.file?.kind).toBe('CREATED');
    } finally {
      call.cancel();
    }
  });

  it('resumes on one instance with a sequence seen on the other', async () => {
    await writeThrough(a, 'resume-1.txt', 'one');
    const seen = await onA.waitFor((event) => event.path === 'resume-1.txt');
    await writeThrough(a, 'resume-2.txt', 'two');
    await mkdir(join(root.path, 'resume-dir'));
    await onA.waitFor((event) => event.path === 'resume-dir');

    const resumed = await recordFileEvents(b, seen.sequence);
    try {
      await resumed.waitFor((event) => event.path === 'resume-dir');
      const paths = resumed.events.map((event) => event.path);
      expect(paths.slice(0, 2)).toEqual(['resume-2.txt', 'resume-dir']);
      expect(resumed.events[0]?.sequence).toBe(
        onA.events.find((event) => event.path === 'resume-2.txt')?.sequence,
      );
    } finally {
      resumed.close();
    }
  });

  it("streams Gemini's tokens of a reply asked on one instance to a subscriber on the other", async () => {
    fake.on('cluster tokens', {
      kind: 'reply',
      chunks: ['Hel', 'lo ', 'clus', 'ter'],
      delayMs: 30,
    });
    const session = await gql<{ createChatSession: { id: string } }>(
      a.graphqlUrl,
      'mutation { createChatSession(input: { title: "cluster" }) { id } }',
      {},
      a.authHeaders,
    );
    const sessionId = session.data?.createChatSession.id;
    const client = createClient({
      url: `${b.origin}/graphql/stream`,
      headers: b.authHeaders,
      retryAttempts: 0,
    });
    const kinds: string[] = [];
    const tokens: string[] = [];
    const before = b.server.services.bus.stats().subscribers;
    const iterator = client.iterate<{ chatSessionEvents: { kind: string; token: string | null } }>({
      query: `subscription($s: ID!) { chatSessionEvents(sessionId: $s, tokens: true) { kind token } }`,
      variables: { s: sessionId },
    });
    const reading = (async () => {
      for await (const result of iterator) {
        const event = result.data?.chatSessionEvents;
        if (!event) continue;
        kinds.push(event.kind);
        if (event.token) tokens.push(event.token);
        if (event.kind === 'MESSAGE_FINISHED') return;
      }
    })();
    try {
      await eventually(
        () => b.server.services.bus.stats().subscribers,
        (n) => n > before,
      );
      const sent = await gql(
        a.graphqlUrl,
        `mutation($s: ID!) { sendMessage(input: { sessionId: $s, content: "cluster tokens" }) { reply { id } } }`,
        { s: sessionId },
        a.authHeaders,
      );
      expect(sent.errors).toBeUndefined();
      await reading;
      expect(tokens.join('')).toBe('Hello cluster');
      expect(kinds[0]).toBe('MESSAGE_CREATED');
      expect(kinds.at(-1)).toBe('MESSAGE_FINISHED');
    } finally {
      void iterator.return?.();
      client.dispose();
    }
  });

  it('follows a reply being generated on one instance through chatReply on the other', async () => {
    fake.on('cross reply', { kind: 'reply', chunks: ['one ', 'two ', 'three'], delayMs: 150 });
    const session = await gql<{ createChatSession: { id: string } }>(
      a.graphqlUrl,
      'mutation { createChatSession(input: { title: "cross reply" }) { id } }',
      {},
      a.authHeaders,
    );
    const sent = await gql<{ sendMessage: { reply: { id: string } } }>(
      a.graphqlUrl,
      `mutation($s: ID!) { sendMessage(input: { sessionId: $s, content: "cross reply" }) { reply { id } } }`,
      { s: session.data?.createChatSession.id },
      a.authHeaders,
    );
    const replyId = sent.data?.sendMessage.reply.id;
    expect(replyId).toBeDefined();
    const client = createClient({
      url: `${b.origin}/graphql/stream`,
      headers: b.authHeaders,
      retryAttempts: 0,
    });
    const events: Array<{
      kind: string;
      token: string | null;
      message: { content: string } | null;
    }> = [];
    try {
      for await (const result of client.iterate<{ chatReply: (typeof events)[number] }>({
        query: `subscription($id: ID!) { chatReply(messageId: $id) { kind token message { content } } }`,
        variables: { id: replyId },
      })) {
        if (result.data) events.push(result.data.chatReply);
      }
    } finally {
      client.dispose();
    }
    const tokens = events.filter((event) => event.kind === 'TOKEN').map((event) => event.token);
    expect(tokens.join('')).toBe('one two three');
    expect(events.at(-1)).toMatchObject({ kind: 'DONE', message: { content: 'one two three' } });
  });

  it('puts a setting changed through one instance into effect on the other', async () => {
    const changed = await gql(
      a.graphqlUrl,
      `mutation($changes: [SettingChangeInput!]!) { updateSettings(changes: $changes) { key } }`,
      { changes: [{ key: 'gemini.temperature', value: 0.7 }] },
      a.authHeaders,
    );
    expect(changed.errors).toBeUndefined();
    await eventually(
      () => b.server.services.settings.get('gemini.temperature'),
      (value) => value === 0.7,
      5_000,
    );
    const read = await gql<{ settings: Array<{ value: unknown; source: string }> }>(
      b.graphqlUrl,
      '{ settings(keys: ["gemini.temperature"]) { value source } }',
      {},
      b.authHeaders,
    );
    expect(read.data?.settings).toEqual([{ value: 0.7, source: 'DATABASE' }]);
  });

  it('hands the watcher to the other instance when its owner stops, and events keep coming', async () => {
    await a.stop();
    const status = await eventually(
      () => watcherStatus(b),
      (s) => s.watching,
      10_000,
    );
    expect(status.owner).toBe('instance-b');
    // Changes nobody watched for are announced with a RESYNC: the client reloads.
    await onB.waitFor((event) => event.kind === 'RESYNC');
    await writeFile(join(root.path, 'after-handover.txt'), 'still watched');
    const event = await onB.waitFor((e) => e.path === 'after-handover.txt');
    expect([event.kind, event.origin]).toEqual(['CREATED', 'disk']);
  });
});
