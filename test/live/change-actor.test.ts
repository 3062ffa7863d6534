// Who changed what: file events carry the actor of the change (the token's
// principal plus its x-genpod-actor claim), over GraphQL SSE and gRPC
// StreamData alike, and a bad claim is refused on both transports.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGemini, type FakeGemini } from '../utils/fake-gemini.ts';
import { gql } from '../utils/graphql.ts';
import { agentClients } from '../utils/grpc.ts';
import { grpcUpdates, openSseFeed, type SseFeed } from '../utils/file-feeds.ts';
import { pathChangesPublished } from '../utils/wait-for.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

interface Actor {
  kind: string;
  principalId: string | null;
  agentId: string | null;
  chatSessionId: string | null;
  chatMessageId: string | null;
}
interface Change {
  kind: string;
  path: string;
  actor: Actor | null;
}

const changesQuery = `subscription { fileChanges(pathPrefix: "") {
  kind path actor { kind principalId agentId chatSessionId chatMessageId } } }`;
const contentQuery = `subscription ($path: String!) { fileContent(path: $path) {
  content actor { kind principalId agentId chatSessionId chatMessageId } } }`;
const writeMutation = `mutation ($path: String!, $content: String!) {
  writeFile(input: { path: $path, content: $content }) { path } }`;

/** The next event of the feed about `path`, skipping others. */
async function nextAbout(feed: SseFeed<Change>, path: string): Promise<Change> {
  for (;;) {
    const change = await feed.next();
    if (change.path === path) return change;
  }
}

describe('file change actors', () => {
  let t: TestServer;
  let fake: FakeGemini;
  let agent: ReturnType<typeof agentClients>['agent'];
  let sessionId: string;
  let messageId: string;

  const write = (path: string, headers: Record<string, string> = {}, token?: string) =>
    gql<{ writeFile: { path: string } }>(
      t.graphqlUrl,
      writeMutation,
      { path, content: `written ${path}` },
      { ...(token ? { authorization: `Bearer ${token}` } : t.authHeaders), ...headers },
    );

  const grpcWrite = (path: string, metadata: Metadata) =>
    new Promise<ServiceError | null>((resolve) =>
      agent.WriteFile({ path, content: `agent wrote ${path}` }, metadata, (error) =>
        resolve(error),
      ),
    );

  beforeAll(async () => {
    fake = await startFakeGemini();
    t = await startTestServer({ GEMINI_BASE_URL: fake.baseUrl, GEMINI_API_KEY: fake.apiKey });
    agent = agentClients(t.grpcTarget, t.token).agent;
    const session = await gql<{ createChatSession: { id: string } }>(
      t.graphqlUrl,
      'mutation { createChatSession(input: { title: "actors" }) { id } }',
      {},
      t.authHeaders,
    );
    sessionId = session.data?.createChatSession.id ?? '';
    const posted = await gql<{ postMessage: { id: string } }>(
      t.graphqlUrl,
      'mutation ($sessionId: ID!) { postMessage(input: { sessionId: $sessionId, content: "make a file" }) { id } }',
      { sessionId },
      t.authHeaders,
    );
    messageId = posted.data?.postMessage.id ?? '';
    expect(sessionId).not.toBe('');
    expect(messageId).not.toBe('');
  });
  afterAll(async () => {
    agent.close();
    await t.stop();
    await fake.close();
  });

  it('a GraphQL write with x-genpod-actor shows its actor on fileChanges and fileContent', async () => {
    const since = t.server.services.bus.currentSequence();
    await writeFile(join(t.projectRoot, 'reply.txt'), 'before');
    // The watcher reports the setup before the feeds open.
    await pathChangesPublished(t.server.services.bus, since, ['reply.txt']);
    const changes = await openSseFeed<Change>(t, changesQuery, {});
    const content = await openSseFeed<{ content: string; actor: Actor | null }>(t, contentQuery, {
      path: 'reply.txt',
    });
    // The first content event is the file as it was: nobody's change.
    expect((await content.next()).actor).toBeNull();
    const result = await write('reply.txt', {
      'x-genpod-actor': JSON.stringify({ chatMessageId: messageId }),
    });
    expect(result.errors).toBeUndefined();
    const change = await nextAbout(changes, 'reply.txt');
    expect(change.actor).toEqual({
      kind: 'FRONTEND',
      principalId: expect.any(String) as string,
      agentId: null,
      chatSessionId: sessionId,
      chatMessageId: messageId,
    });
    let update = await content.next();
    while (update.content !== 'written reply.txt') update = await content.next();
    expect(update.actor).toEqual(change.actor);
    await changes.close();
    await content.close();
  });

  it('a gRPC write with agent metadata shows the agent on StreamData and fileChanges', async () => {
    const changes = await openSseFeed<Change>(t, changesQuery, {});
    const stream = agent.StreamData({ agentId: 'watcher', pathPrefix: '' });
    const updates = grpcUpdates(stream);
    await updates.nextOf('structure');
    const metadata = new Metadata();
    metadata.set('x-genpod-actor', `agentId=agent-7; chatSessionId=${sessionId}`);
    expect(await grpcWrite('agent.txt', metadata)).toBeNull();
    let update = await updates.nextOf('file');
    while (update.file?.path !== 'agent.txt') update = await updates.nextOf('file');
    expect(update.file.actor).toMatchObject({
      kind: 'AGENT',
      agentId: 'agent-7',
      chatSessionId: sessionId,
      chatMessageId: '',
    });
    expect(update.file.actor?.principalId).not.toBe('');
    const change = await nextAbout(changes, 'agent.txt');
    expect(change.actor).toMatchObject({
      kind: 'AGENT',
      agentId: 'agent-7',
      chatSessionId: sessionId,
      principalId: update.file.actor?.principalId,
    });
    stream.cancel();
    await changes.close();
  });

  it('a write without a claim is FRONTEND over GraphQL and AGENT over gRPC', async () => {
    const changes = await openSseFeed<Change>(t, changesQuery, {});
    expect((await write('plain.txt')).errors).toBeUndefined();
    expect((await nextAbout(changes, 'plain.txt')).actor).toMatchObject({
      kind: 'FRONTEND',
      agentId: null,
      chatMessageId: null,
    });
    expect(await grpcWrite('plain-agent.txt', new Metadata())).toBeNull();
    expect((await nextAbout(changes, 'plain-agent.txt')).actor).toMatchObject({
      kind: 'AGENT',
      agentId: null,
    });
    await changes.close();
  });

  it("a write for a Gemini reply's message is GEMINI", async () => {
    const sent = await gql<{ sendMessage: { reply: { id: string; role: string } } }>(
      t.graphqlUrl,
      'mutation ($sessionId: ID!) { sendMessage(input: { sessionId: $sessionId, content: "write it" }) { reply { id role } } }',
      { sessionId },
      t.authHeaders,
    );
    const reply = sent.data?.sendMessage.reply;
    expect(reply?.role).toBe('ASSISTANT');
    const changes = await openSseFeed<Change>(t, changesQuery, {});
    const result = await write('gemini.txt', { 'x-genpod-actor': `chatMessageId=${reply?.id}` });
    expect(result.errors).toBeUndefined();
    expect((await nextAbout(changes, 'gemini.txt')).actor).toMatchObject({
      kind: 'GEMINI',
      agentId: null,
      chatSessionId: sessionId,
      chatMessageId: reply?.id,
    });
    await changes.close();
  });

  it('a disk write shows DISK with no principal', async () => {
    const changes = await openSseFeed<Change>(t, changesQuery, {});
    await writeFile(join(t.projectRoot, 'disk.txt'), 'from disk');
    expect((await nextAbout(changes, 'disk.txt')).actor).toEqual({
      kind: 'DISK',
      principalId: null,
      agentId: null,
      chatSessionId: null,
      chatMessageId: null,
    });
    await changes.close();
  });

  it.each([
    ['not key=value nor JSON', 'agent-7', 'BAD_USER_INPUT'],
    ['broken JSON', '{"agentId":', 'BAD_USER_INPUT'],
    ['an unknown key', 'agent=a1', 'BAD_USER_INPUT'],
    ['an id with spaces', '{"agentId":"a b"}', 'BAD_USER_INPUT'],
    ['a message that does not exist', 'chatMessageId=no-such-message', 'FORBIDDEN'],
    ['a session that does not exist', 'chatSessionId=no-such-session', 'FORBIDDEN'],
  ])('GraphQL refuses a header with %s (%s)', async (_name, header, code) => {
    const result = await write('refused.txt', { 'x-genpod-actor': header });
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(result.errors?.[0]?.message).toMatch(/x-genpod-actor|chat/);
  });

  it('GraphQL refuses a message of another session, and an agentId from a token without the agent scope', async () => {
    const other = await gql<{ createChatSession: { id: string } }>(
      t.graphqlUrl,
      'mutation { createChatSession(input: { title: "other" }) { id } }',
      {},
      t.authHeaders,
    );
    const mismatched = await write('refused.txt', {
      'x-genpod-actor': `chatSessionId=${other.data?.createChatSession.id}, chatMessageId=${messageId}`,
    });
    expect(mismatched.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const created = await gql<{ createApiToken: { secret: string } }>(
      t.graphqlUrl,
      'mutation { createApiToken(input: { name: "writer", scopes: [FILES_READ, FILES_WRITE] }) { secret } }',
      {},
      t.authHeaders,
    );
    const writer = created.data?.createApiToken.secret ?? '';
    expect(writer).not.toBe('');
    const claimed = await write('refused.txt', { 'x-genpod-actor': 'agentId=a1' }, writer);
    expect(claimed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The same token writes fine without the claim: the refusal is the claim's.
    expect((await write('allowed.txt', {}, writer)).errors).toBeUndefined();
  });

  it.each([
    ['bad syntax', 'agentId', status.INVALID_ARGUMENT, 'BAD_USER_INPUT'],
    ['a message that does not exist', 'chatMessageId=nope', status.PERMISSION_DENIED, 'FORBIDDEN'],
  ])('gRPC refuses metadata with %s', async (_name, value, code, errorCode) => {
    const metadata = new Metadata();
    metadata.set('x-genpod-actor', value);
    const error = await grpcWrite('refused.txt', metadata);
    expect(error?.code).toBe(code);
    expect(error?.metadata.get('error-code')[0]).toBe(errorCode);
  });

  it('writes nothing when the claim is refused', async () => {
    const file = await gql<{ file: unknown }>(
      t.graphqlUrl,
      'query { file(path: "refused.txt") { path } }',
      {},
      t.authHeaders,
    );
    expect(file.data?.file).toBeNull();
  });
});
