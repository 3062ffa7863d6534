// ChatService.SendMessageStream through a real gRPC client: agents ask Gemini
// (the fake one, through the real SDK), post into sessions, and hear what the
// frontend posts there; the frontend sees agents' messages on GraphQL.
import type { ClientDuplexStream } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/grpc/generated/genpod/agent/v1/ChatRequest.ts';
import type { ChatResponse__Output } from '../../src/grpc/generated/genpod/agent/v1/ChatResponse.ts';
import { agentClients } from '../utils/grpc.ts';
import {
  createSession,
  followSession,
  messageFields,
  readReply,
  sendMessage,
  startChatTestbed,
  type ChatTestbed,
  type MessageResult,
} from './chat-fixtures.ts';

let bed: ChatTestbed;
let clients: ReturnType<typeof agentClients>;
beforeAll(async () => {
  bed = await startChatTestbed();
  clients = agentClients(bed.t.grpcTarget, bed.t.token);
});
afterAll(async () => {
  clients.chat.close();
  clients.agent.close();
  await bed.stop();
});

type Call = ClientDuplexStream<ChatRequest, ChatResponse__Output>;

/** Reads responses as they come, so a test can wait for the next ones. */
function open(): {
  call: Call;
  read(count: number): Promise<ChatResponse__Output[]>;
  ended: Promise<void>;
} {
  const call = clients.chat.SendMessageStream();
  const received: ChatResponse__Output[] = [];
  let wake: (() => void) | undefined;
  call.on('data', (response: ChatResponse__Output) => {
    received.push(response);
    wake?.();
  });
  const ended = new Promise<void>((resolve, reject) => {
    call.on('end', resolve);
    call.on('error', reject);
  });
  return {
    call,
    ended,
    async read(count) {
      const deadline = Date.now() + 5_000;
      while (received.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`expected ${count} responses, got ${JSON.stringify(received)}`);
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
      return received.splice(0, count);
    },
  };
}

const eventOf = (r: ChatResponse__Output | undefined) =>
  r?.event ? [r.event, r[r.event]] : undefined;

describe('ChatService.SendMessageStream', () => {
  it('starts a session for an empty session_id, streams tokens, then done with the full text', async () => {
    bed.fake.on('agent asks', { kind: 'reply', chunks: ['four', ' is', ' the answer'] });
    const stream = open();
    stream.call.write({ content: 'agent asks: 2+2?', agentId: 'builder-1' });
    const responses = await stream.read(4);
    expect(responses.map(eventOf)).toEqual([
      ['token', 'four'],
      ['token', ' is'],
      ['token', ' the answer'],
      ['done', 'four is the answer'],
    ]);
    const sessionId = responses[0]?.sessionId ?? '';
    expect(sessionId).not.toBe('');
    expect(new Set(responses.map((r) => r.sessionId))).toEqual(new Set([sessionId]));
    expect(new Set(responses.map((r) => r.messageId)).size).toBe(1);

    // A follow-up without a session id continues the stream's session, with its history.
    bed.fake.on('agent follows up', { kind: 'reply', chunks: ['yes'] });
    stream.call.write({ content: 'agent follows up', agentId: 'builder-1' });
    const followUp = await stream.read(2);
    expect(followUp.map((r) => r.sessionId)).toEqual([sessionId, sessionId]);
    const request = await bed.fake.waitForRequest('agent follows up');
    expect(request.body.contents?.map((c) => c.role)).toEqual(['user', 'model', 'user']);
    expect(request.body.contents?.[0]?.parts?.[0]?.text).toBe('[agent builder-1] agent asks: 2+2?');

    stream.call.end();
    await stream.ended;
    const data = await bed.call<{ chatMessages: { messages: MessageResult[] } }>(
      `query($s: ID!) { chatMessages(sessionId: $s) { messages { ${messageFields} } } }`,
      { s: sessionId },
    );
    expect(data.chatMessages.messages.map((m) => [m.role, m.authorId, m.status])).toEqual([
      ['AGENT', 'builder-1', 'DONE'],
      ['ASSISTANT', null, 'DONE'],
      ['AGENT', 'builder-1', 'DONE'],
      ['ASSISTANT', null, 'DONE'],
    ]);
  });

  it('only posts a relay_only message, for the frontend to see on its subscription', async () => {
    const sessionId = await createSession(bed);
    const events = await followSession<{ kind: string; message: MessageResult }>(
      bed,
      sessionId,
      `kind message { ${messageFields} }`,
    );
    const before = bed.fake.requests.length;
    const stream = open();
    stream.call.write({ sessionId, content: 'build finished', agentId: 'ci-bot', relayOnly: true });
    const [ack] = await stream.read(1);
    expect(ack).toMatchObject({ sessionId, event: 'done', done: 'build finished' });
    const seen = await events.next();
    expect(seen).toMatchObject({
      kind: 'MESSAGE_CREATED',
      message: { id: ack?.messageId, role: 'AGENT', authorId: 'ci-bot', content: 'build finished' },
    });
    expect(bed.fake.requests.length).toBe(before);
    await events.close();
    stream.call.end();
    await stream.ended;
  });

  it("delivers the frontend's messages and Gemini's replies to agents in the session", async () => {
    const stream = open();
    stream.call.write({ content: 'joining', agentId: 'watcher', relayOnly: true });
    const [ack] = await stream.read(1);
    const sessionId = ack?.sessionId ?? '';

    const posted = await bed.call<{ postMessage: { id: string } }>(
      'mutation($s: ID!) { postMessage(input: { sessionId: $s, content: "hello agents" }) { id } }',
      { s: sessionId },
    );
    const [fromFrontend] = await stream.read(1);
    expect(fromFrontend).toMatchObject({
      sessionId,
      messageId: posted.postMessage.id,
      event: 'done',
      done: 'hello agents',
    });

    const { message, reply } = await sendMessage(bed, sessionId, 'frontend asks');
    await readReply(bed, reply.id);
    const [question, answer] = await stream.read(2);
    expect(question).toMatchObject({ messageId: message.id, done: 'frontend asks' });
    expect(answer).toMatchObject({ messageId: reply.id, done: 'Hello from fake Gemini' });
    stream.call.end();
    await stream.ended;
  });

  it('answers a failed reply with an error event and keeps the stream usable', async () => {
    bed.fake.on('agent overloads', {
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '5' },
    });
    const stream = open();
    stream.call.write({ content: 'agent overloads' });
    const [failed] = await stream.read(1);
    expect(failed?.event).toBe('error');
    expect(failed?.error).toMatch(/^RATE_LIMITED: .*429.*in 5 s/);
    stream.call.write({ content: 'agent retries' });
    const after = await stream.read(5);
    expect(eventOf(after[4])).toEqual(['done', 'Hello from fake Gemini']);
    stream.call.end();
    await stream.ended;
  });

  it('answers bad requests with error events naming the code', async () => {
    const stream = open();
    stream.call.write({ sessionId: 'no-such-session', content: 'hi' });
    stream.call.write({ content: '   ' });
    const [unknown, empty] = await stream.read(2);
    expect(unknown).toMatchObject({ sessionId: 'no-such-session', event: 'error' });
    expect(unknown?.error).toMatch(/^NOT_FOUND: /);
    expect(empty?.error).toMatch(/^BAD_USER_INPUT: /);
    stream.call.end();
    await stream.ended;
  });

  it('marks an agent online while its stream is open and offline after', async () => {
    const stream = open();
    stream.call.write({ content: 'present', agentId: 'presence-bot', relayOnly: true });
    await stream.read(1);
    const state = async () =>
      (
        await bed.call<{ agents: Array<{ id: string; state: string }> }>('{ agents { id state } }')
      ).agents.find((a) => a.id === 'presence-bot')?.state;
    expect(await state()).toBe('online');
    stream.call.end();
    await stream.ended;
    await expect.poll(state).toBe('offline');
  });
});
