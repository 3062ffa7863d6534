// Chat through GraphQL over real HTTP and SSE, with replies from the real
// @google/genai SDK talking to a fake Gemini on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeminiScript } from '../utils/fake-gemini.ts';
import { gql } from '../utils/graphql.ts';
import {
  createSession,
  followSession,
  messageFields,
  next,
  readReply,
  replySubscription,
  sendMessage,
  startChatTestbed,
  subscribe,
  type ChatTestbed,
  type MessageResult,
  type ReplyEventResult,
} from './chat-fixtures.ts';

let bed: ChatTestbed;
beforeAll(async () => {
  bed = await startChatTestbed();
});
afterAll(() => bed.stop());

async function messagesOf(sessionId: string, args = 'first: 100'): Promise<MessageResult[]> {
  const data = await bed.call<{ chatMessages: { messages: MessageResult[] } }>(
    `query($id: ID!) { chatMessages(sessionId: $id, ${args}) { messages { ${messageFields} } } }`,
    { id: sessionId },
  );
  return data.chatMessages.messages;
}

/** Prompt, what the fake Gemini does, the failure reason, the text kept. */
const failures: Array<[string, GeminiScript, string, string]> = [
  [
    'rate limited',
    { kind: 'status', status: 429, headers: { 'retry-after': '30' } },
    'RATE_LIMITED',
    '',
  ],
  ['server broken', { kind: 'status', status: 503 }, 'UNAVAILABLE', ''],
  ['blocked prompt', { kind: 'blocked', blockReason: 'SAFETY' }, 'SAFETY', ''],
  [
    'unsafe reply',
    { kind: 'reply', chunks: ['I will', ' not'], finishReason: 'SAFETY' },
    'SAFETY',
    'I will not',
  ],
  ['dropped reply', { kind: 'drop', chunks: ['half', ' way'] }, 'DROPPED', 'half way'],
  ['silent reply', { kind: 'stall', chunks: ['hm'] }, 'TIMEOUT', 'hm'],
];

describe('sendMessage and chatReply', () => {
  it('returns the reply STREAMING at once, then streams it token by token to DONE', async () => {
    bed.fake.on('stream please', { kind: 'reply', chunks: ['Bon', 'jour', '!'], delayMs: 20 });
    const sessionId = await createSession(bed);
    const { message, reply } = await sendMessage(bed, sessionId, 'stream please');
    expect(message).toMatchObject({ role: 'USER', status: 'DONE', content: 'stream please' });
    expect(reply).toMatchObject({ role: 'ASSISTANT', status: 'STREAMING', content: '' });
    expect(reply.position).toBe(message.position + 1);

    const events = await readReply(bed, reply.id);
    expect(events.map((e) => [e.kind, e.token ?? e.text])).toEqual([
      ['TOKEN', 'Bon'],
      ['TOKEN', 'jour'],
      ['TOKEN', '!'],
      ['DONE', 'Bonjour!'],
    ]);
    const sequences = events.map((e) => BigInt(e.sequence));
    expect([...sequences].sort((a, b) => (a < b ? -1 : 1))).toEqual(sequences);

    const stored = await messagesOf(sessionId);
    expect(stored.map((m) => [m.role, m.status, m.content])).toEqual([
      ['USER', 'DONE', 'stream please'],
      ['ASSISTANT', 'DONE', 'Bonjour!'],
    ]);
    expect(stored[1]).toMatchObject({
      finishReason: 'STOP',
      model: 'gemini-2.5-flash',
      usage: { promptTokens: 7, completionTokens: 3, totalTokens: 10 },
      error: null,
    });
  });

  it('replays the reply from its first token to a subscriber who arrives mid-way', async () => {
    // The fake holds the reply open after three tokens, so "mid-way" lasts as long as needed.
    bed.fake.on('late reader', { kind: 'stall', chunks: ['a', 'b', 'c'] });
    const sessionId = await createSession(bed);
    const { reply } = await sendMessage(bed, sessionId, 'late reader');
    const early = subscribe<{ chatReply: ReplyEventResult }>(bed, replySubscription, {
      id: reply.id,
    });
    await next(early); // the first token has been generated
    const late = subscribe<{ chatReply: ReplyEventResult }>(bed, replySubscription, {
      id: reply.id,
    });
    const replayed = [];
    for (let i = 0; i < 3; i++) replayed.push((await next(late)).data?.chatReply.token);
    expect(replayed).toEqual(['a', 'b', 'c']);
    await bed.call('mutation($id: ID!) { cancelGeneration(messageId: $id) { id } }', {
      id: reply.id,
    });
    expect((await next(late)).data?.chatReply).toMatchObject({ kind: 'CANCELLED', text: 'abc' });
    await early.return?.();
    await late.return?.();
  });

  it('resumes after `since` with only what followed it', async () => {
    bed.fake.on('resumable', { kind: 'reply', chunks: ['1', '2', '3', '4'], delayMs: 30 });
    const sessionId = await createSession(bed);
    const { reply } = await sendMessage(bed, sessionId, 'resumable');
    const all = await readReply(bed, reply.id);
    const second = all[1];
    expect(second?.token).toBe('2');
    const resumed = await readReply(bed, reply.id, second?.sequence);
    // The reply is over: resuming gives its final state, the whole text.
    expect(resumed.map((e) => [e.kind, e.text])).toEqual([['DONE', '1234']]);

    bed.fake.on('resume live', { kind: 'stall', chunks: ['x', 'y', 'z'] });
    const live = await sendMessage(bed, sessionId, 'resume live');
    const first = subscribe<{ chatReply: ReplyEventResult }>(bed, replySubscription, {
      id: live.reply.id,
    });
    const seen = (await next(first)).data?.chatReply;
    await first.return?.();
    const resumedLive = subscribe<{ chatReply: ReplyEventResult }>(bed, replySubscription, {
      id: live.reply.id,
      since: seen?.sequence,
    });
    expect(seen?.token).toBe('x');
    expect((await next(resumedLive)).data?.chatReply.token).toBe('y');
    expect((await next(resumedLive)).data?.chatReply.token).toBe('z');
    await bed.call('mutation($id: ID!) { cancelGeneration(messageId: $id) { id } }', {
      id: live.reply.id,
    });
    expect((await next(resumedLive)).data?.chatReply).toMatchObject({
      kind: 'CANCELLED',
      text: 'xyz',
    });
    await resumedLive.return?.();
  });

  it("sends the session's history with each request, oldest first", async () => {
    bed.fake.on('history one', { kind: 'reply', chunks: ['answer one'] });
    const sessionId = await createSession(bed);
    const first = await sendMessage(bed, sessionId, 'history one');
    await readReply(bed, first.reply.id);
    const second = await sendMessage(bed, sessionId, 'history two');
    await readReply(bed, second.reply.id);
    const request = await bed.fake.waitForRequest('history two');
    expect(request.body.contents).toEqual([
      { role: 'user', parts: [{ text: 'history one' }] },
      { role: 'model', parts: [{ text: 'answer one' }] },
      { role: 'user', parts: [{ text: 'history two' }] },
    ]);
  });

  it('cancelGeneration aborts the upstream request and keeps the partial text', async () => {
    bed.fake.on('endless', { kind: 'stall', chunks: ['so', ' far'] });
    const sessionId = await createSession(bed);
    const { reply } = await sendMessage(bed, sessionId, 'endless');
    const stream = subscribe<{ chatReply: ReplyEventResult }>(bed, replySubscription, {
      id: reply.id,
    });
    await next(stream);
    await next(stream);
    const cancelled = await bed.call<{ cancelGeneration: MessageResult }>(
      `mutation($id: ID!) { cancelGeneration(messageId: $id) { ${messageFields} } }`,
      { id: reply.id },
    );
    expect(cancelled.cancelGeneration).toMatchObject({ status: 'CANCELLED', content: 'so far' });
    const last = (await next(stream)).data?.chatReply;
    expect(last).toMatchObject({ kind: 'CANCELLED', text: 'so far' });
    expect((await stream.next()).done).toBe(true);
    const upstream = await bed.fake.waitForRequest('endless');
    await upstream.closed;
    expect(upstream.abortedByClient).toBe(true);
  });

  it.each(failures)(
    'ends a reply FAILED on %s, keeping the partial text',
    async (prompt, script, reason, partial) => {
      bed.fake.on(prompt, script);
      const sessionId = await createSession(bed);
      const { reply } = await sendMessage(bed, sessionId, prompt);
      const events = await readReply(bed, reply.id);
      const last = events[events.length - 1];
      expect(last).toMatchObject({ kind: 'ERROR', text: partial, error: { reason } });
      expect(last?.error?.message).toBeTruthy();
      const [, stored] = await messagesOf(sessionId);
      expect(stored).toMatchObject({ status: 'FAILED', content: partial, error: { reason } });
      if (reason === 'RATE_LIMITED') expect(stored?.error?.retryAfterSeconds).toBe(30);
    },
  );

  it('keeps other replies streaming while one fails', async () => {
    bed.fake.on('steady', { kind: 'reply', chunks: ['s', 't', 'e', 'a', 'd', 'y'], delayMs: 25 });
    bed.fake.on('doomed', { kind: 'drop', chunks: ['x'] });
    const a = await sendMessage(bed, await createSession(bed), 'steady');
    const b = await sendMessage(bed, await createSession(bed), 'doomed');
    const [steady, doomed] = await Promise.all([
      readReply(bed, a.reply.id),
      readReply(bed, b.reply.id),
    ]);
    expect(doomed[doomed.length - 1]?.kind).toBe('ERROR');
    expect(steady[steady.length - 1]).toMatchObject({ kind: 'DONE', text: 'steady' });
    const health = await bed.call<{ health: { ok: boolean } }>('{ health { ok } }');
    expect(health.health.ok).toBe(true);
  });

  it('counts replies, tokens and latencies in the Prometheus metrics', async () => {
    bed.fake.on('metered', { kind: 'reply', chunks: ['m', 'e', 't'] });
    const { reply } = await sendMessage(bed, await createSession(bed), 'metered');
    await readReply(bed, reply.id);
    const metrics = await fetch(`${bed.t.origin}/metrics`, { headers: bed.t.authHeaders });
    const text = await metrics.text();
    const model = 'model="gemini-2.5-flash"';
    expect(text).toMatch(
      new RegExp(`genpod_gemini_requests_total\\{${model},outcome="ok"\\} [1-9]`),
    );
    expect(text).toMatch(
      new RegExp(`genpod_gemini_tokens_total\\{${model},kind="output"\\} [1-9]`),
    );
    expect(text).toMatch(new RegExp(`genpod_gemini_first_token_seconds_count\\{${model}\\} [1-9]`));
  });

  it('gives a finished reply its one final event', async () => {
    const sessionId = await createSession(bed);
    const { reply } = await sendMessage(bed, sessionId, 'default reply');
    await readReply(bed, reply.id);
    const again = await readReply(bed, reply.id);
    expect(again.map((e) => [e.kind, e.text])).toEqual([['DONE', 'Hello from fake Gemini']]);
  });
});

describe('system instructions', () => {
  it('renders a prompt template as the system instruction of one reply', async () => {
    await bed.call(
      `mutation { createPrompt(input: {
        name: "reviewer", body: "You review {{language}} code.",
        variables: [{ name: "language", type: STRING }], labels: ["production"]
      }) { name } }`,
    );
    const sessionId = await createSession(bed);
    const sent = await bed.call<{ sendMessage: { reply: { id: string } } }>(
      `mutation($s: ID!) { sendMessage(input: {
        sessionId: $s, content: "prompted question",
        prompt: { name: "reviewer", label: "production", variables: { language: "Rust" } }
      }) { reply { id } } }`,
      { s: sessionId },
    );
    await readReply(bed, sent.sendMessage.reply.id);
    const request = await bed.fake.waitForRequest('prompted question');
    expect(request.body.systemInstruction).toMatchObject({
      parts: [{ text: 'You review Rust code.' }],
    });
  });

  it('posts nothing when the prompt cannot be rendered', async () => {
    const sessionId = await createSession(bed);
    const result = await gql(
      bed.t.graphqlUrl,
      `mutation($s: ID!) { sendMessage(input: {
        sessionId: $s, content: "x", prompt: { name: "no-such-prompt" }
      }) { reply { id } } }`,
      { s: sessionId },
      bed.t.authHeaders,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await messagesOf(sessionId)).toEqual([]);
  });
});

describe('shutdown', () => {
  it('aborts the upstream requests of replies in flight', async () => {
    const other = await startChatTestbed({ GEMINI_TIMEOUT_MS: '60000' });
    other.fake.on('never ends', { kind: 'stall', chunks: ['still'] });
    const sessionId = await createSession(other);
    const { reply } = await sendMessage(other, sessionId, 'never ends');
    const stream = subscribe<{ chatReply: ReplyEventResult }>(other, replySubscription, {
      id: reply.id,
    });
    await next(stream);
    await other.t.server.close();
    const upstream = await other.fake.waitForRequest('never ends');
    await upstream.closed;
    expect(upstream.abortedByClient).toBe(true);
    await other.stop();
  });
});

describe('bad input', () => {
  it('rejects empty content with BAD_USER_INPUT and posts nothing', async () => {
    const sessionId = await createSession(bed);
    const result = await gql(
      bed.t.graphqlUrl,
      'mutation($s: ID!) { sendMessage(input: { sessionId: $s, content: "  " }) { reply { id } } }',
      { s: sessionId },
      bed.t.authHeaders,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await messagesOf(sessionId)).toEqual([]);
  });

  it('rejects an unknown session with NOT_FOUND', async () => {
    const result = await gql(
      bed.t.graphqlUrl,
      'mutation { sendMessage(input: { sessionId: "nope", content: "hi" }) { reply { id } } }',
      {},
      bed.t.authHeaders,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('rejects content over the size limit with TOO_LARGE', async () => {
    const sessionId = await createSession(bed);
    const result = await gql(
      bed.t.graphqlUrl,
      'mutation($s: ID!, $c: String!) { postMessage(input: { sessionId: $s, content: $c }) { id } }',
      { s: sessionId, c: 'x'.repeat(100_001) },
      bed.t.authHeaders,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('TOO_LARGE');
  });

  it('answers a reply subscription for an unknown message with NOT_FOUND', async () => {
    const results = [];
    for await (const result of subscribe(bed, replySubscription, { id: 'missing' })) {
      results.push(result);
    }
    expect(results[0]?.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('rejects a malformed cursor with BAD_USER_INPUT', async () => {
    const sessionId = await createSession(bed);
    const result = await gql(
      bed.t.graphqlUrl,
      'query($s: ID!) { chatMessages(sessionId: $s, after: "bogus") { messages { id } } }',
      { s: sessionId },
      bed.t.authHeaders,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('sessions and paging', () => {
  it('lists sessions with the most recently active first', async () => {
    const older = await createSession(bed, 'older');
    const newer = await createSession(bed, 'newer');
    await bed.call(
      'mutation($s: ID!) { postMessage(input: { sessionId: $s, content: "bump" }) { id } }',
      { s: older },
    );
    const data = await bed.call<{ chatSessions: Array<{ id: string; messageCount: number }> }>(
      '{ chatSessions(first: 2) { id messageCount } }',
    );
    expect(data.chatSessions.map((s) => s.id)).toEqual([older, newer]);
    expect(data.chatSessions[0]?.messageCount).toBe(1);
  });

  it('pages backward from the newest and forward from the oldest with cursors', async () => {
    const sessionId = await createSession(bed);
    for (const n of [1, 2, 3, 4, 5]) {
      await bed.call(
        'mutation($s: ID!, $c: String!) { postMessage(input: { sessionId: $s, content: $c }) { id } }',
        { s: sessionId, c: `m${n}` },
      );
    }
    type Page = {
      chatMessages: {
        messages: Array<{ content: string }>;
        pageInfo: {
          hasNextPage: boolean;
          hasPreviousPage: boolean;
          startCursor: string;
          endCursor: string;
        };
      };
    };
    const page = (args: string) =>
      bed.call<Page>(
        `query($s: ID!) { chatMessages(sessionId: $s, ${args}) {
          messages { content } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
        { s: sessionId },
      );
    const newest = await page('last: 2');
    expect(newest.chatMessages.messages.map((m) => m.content)).toEqual(['m4', 'm5']);
    expect(newest.chatMessages.pageInfo).toMatchObject({
      hasPreviousPage: true,
      hasNextPage: false,
    });
    const before = await page(`last: 2, before: "${newest.chatMessages.pageInfo.startCursor}"`);
    expect(before.chatMessages.messages.map((m) => m.content)).toEqual(['m2', 'm3']);
    expect(before.chatMessages.pageInfo).toMatchObject({
      hasPreviousPage: true,
      hasNextPage: true,
    });
    const oldest = await page('first: 3');
    expect(oldest.chatMessages.messages.map((m) => m.content)).toEqual(['m1', 'm2', 'm3']);
    expect(oldest.chatMessages.pageInfo.hasNextPage).toBe(true);
    const after = await page(`first: 3, after: "${oldest.chatMessages.pageInfo.endCursor}"`);
    expect(after.chatMessages.messages.map((m) => m.content)).toEqual(['m4', 'm5']);
    expect(after.chatMessages.pageInfo).toMatchObject({
      hasNextPage: false,
      hasPreviousPage: true,
    });
  });

  it('streams what is posted in a session, by anyone, on chatSessionEvents', async () => {
    const sessionId = await createSession(bed);
    type Event = {
      kind: string;
      message: { role: string; content: string; status: string } | null;
      token: string | null;
    };
    const events = await followSession<Event>(
      bed,
      sessionId,
      'kind token message { role content status }',
      true,
    );
    const { reply } = await sendMessage(bed, sessionId, 'default for session');
    const seen: Event[] = [];
    for (let i = 0; i < 7; i++) seen.push(await events.next());
    await events.close();
    expect(
      seen.map((e) => [e.kind, e.message?.role ?? e.token, e.message?.status ?? null]),
    ).toEqual([
      ['MESSAGE_CREATED', 'USER', 'DONE'],
      ['MESSAGE_CREATED', 'ASSISTANT', 'STREAMING'],
      ['TOKEN', 'Hello', null],
      ['TOKEN', ' from', null],
      ['TOKEN', ' fake', null],
      ['TOKEN', ' Gemini', null],
      ['MESSAGE_FINISHED', 'ASSISTANT', 'DONE'],
    ]);
    expect(reply.status).toBe('STREAMING');
  });
});

describe('secrets', () => {
  it('fails AUTH for a refused key and keeps the key out of errors and logs', async () => {
    const wrongKey = 'AIzaWRONG-secret-value-never-logged-7';
    const other = await startChatTestbed({ GEMINI_API_KEY: wrongKey, LOG_LEVEL: 'debug' });
    try {
      const sessionId = await createSession(other);
      const { reply } = await sendMessage(other, sessionId, 'who am i');
      const events = await readReply(other, reply.id);
      expect(events[events.length - 1]).toMatchObject({ kind: 'ERROR', error: { reason: 'AUTH' } });
      const everything = JSON.stringify({ events, logs: other.t.logs() });
      expect(everything).toContain('API key not valid');
      expect(everything).not.toContain(wrongKey);
    } finally {
      await other.stop();
    }
  });

  it('uses the encrypted gemini.apiKey secret and the gemini.* settings', async () => {
    const other = await startChatTestbed({ GEMINI_API_KEY: '' });
    try {
      await other.call(
        'mutation($v: String!) { setSecret(name: "gemini.apiKey", value: $v) { name } }',
        { v: other.fake.apiKey },
      );
      await other.call(
        `mutation { updateSettings(changes: [
          { key: "gemini.model", value: "gemini-custom" },
          { key: "gemini.temperature", value: 0.3 },
          { key: "gemini.systemInstruction", value: "Answer in French." }
        ]) { key } }`,
      );
      const sessionId = await createSession(other);
      const { reply } = await sendMessage(other, sessionId, 'configured');
      expect(reply.model).toBe('gemini-custom');
      const events = await readReply(other, reply.id);
      expect(events[events.length - 1]?.kind).toBe('DONE');
      const request = await other.fake.waitForRequest('configured');
      expect(request.model).toBe('gemini-custom');
      expect(request.apiKey).toBe(other.fake.apiKey);
      expect(request.body.generationConfig).toMatchObject({ temperature: 0.3 });
      expect(request.body.systemInstruction).toMatchObject({
        parts: [{ text: 'Answer in French.' }],
      });
    } finally {
      await other.stop();
    }
  });

  it('fails NOT_CONFIGURED when no key is set anywhere', async () => {
    const other = await startChatTestbed({ GEMINI_API_KEY: '' });
    try {
      const sessionId = await createSession(other);
      const { reply } = await sendMessage(other, sessionId, 'anyone there');
      const events = await readReply(other, reply.id);
      expect(events[events.length - 1]).toMatchObject({
        kind: 'ERROR',
        error: { reason: 'NOT_CONFIGURED' },
      });
      expect(other.fake.requests).toHaveLength(0);
    } finally {
      await other.stop();
    }
  });
});
