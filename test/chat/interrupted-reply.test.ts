// Issue 18 item 13: a reply cut off by the server stopping keeps its text and
// says why. After kill -9 the next start marks it FAILED, INTERRUPTED, with
// the text that had streamed (stored as it grew); on SIGTERM its followers,
// over graphql-sse and gRPC, get the ERROR / INTERRUPTED event with the text
// before their stream ends.
import { join } from 'node:path';
import type { ClientDuplexStream } from '@grpc/grpc-js';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { createClient, type ExecutionResult } from 'graphql-sse';
import { afterEach, describe, expect, it } from 'vitest';
import { PrismaClient } from '../../src/generated/prisma/client.ts';
import type { ChatRequest } from '../../src/grpc/generated/genpod/agent/v1/ChatRequest.ts';
import type { ChatResponse__Output } from '../../src/grpc/generated/genpod/agent/v1/ChatResponse.ts';
import { agentClients } from '../utils/grpc.ts';
import { startChatProcess, type ChatProcess } from './chat-process.ts';
import { replySubscription, type ReplyEventResult } from './chat-fixtures.ts';

/** 62 tokens, as in the issue; the fake Gemini then holds the stream open. */
const chunks = Array.from({ length: 62 }, (_, i) => `w${i} `);
const streamed = chunks.join('');

let bed: ChatProcess | undefined;
afterEach(async () => {
  await bed?.stop();
  bed = undefined;
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function startReply(server: ChatProcess, prompt: string): Promise<string> {
  const { createChatSession } = await server.call<{ createChatSession: { id: string } }>(
    'mutation { createChatSession(input: { title: "interrupted" }) { id } }',
  );
  const { sendMessage } = await server.call<{ sendMessage: { reply: { id: string } } }>(
    'mutation($s: ID!, $c: String!) { sendMessage(input: { sessionId: $s, content: $c }) { reply { id } } }',
    { s: createChatSession.id, c: prompt },
  );
  return sendMessage.reply.id;
}

describe('a reply the server stops in the middle of', () => {
  it('keeps the text streamed before a kill -9: FAILED, INTERRUPTED, text kept', async () => {
    const server = (bed = await startChatProcess());
    server.fake.on('killed mid-reply', { kind: 'stall', chunks });
    const replyId = await startReply(server, 'killed mid-reply');
    // What another process reads in the database file while the reply streams.
    const db = new PrismaClient({
      adapter: new PrismaLibSql({ url: `file:${join(server.dataDir, 'genpod.db')}` }),
    });
    try {
      await until(
        async () => (await db.chatMessage.findUnique({ where: { id: replyId } }))?.content,
        (content) => content === streamed,
      );
    } finally {
      await db.$disconnect();
    }
    await server.kill('SIGKILL');
    await server.restart();
    const { chatMessage } = await server.call<{
      chatMessage: { status: string; content: string; error: { reason: string } | null };
    }>('query($id: ID!) { chatMessage(id: $id) { status content error { reason } } }', {
      id: replyId,
    });
    expect(chatMessage).toEqual({
      status: 'FAILED',
      content: streamed,
      error: { reason: 'INTERRUPTED' },
    });
  });

  it('tells its followers on SIGTERM: ERROR, INTERRUPTED, with the text, before the end (graphql-sse and gRPC)', async () => {
    const server = (bed = await startChatProcess());
    server.fake.on('stopped mid-reply', { kind: 'stall', chunks });

    // An agent asks over gRPC and reads its reply on the same stream.
    const clients = agentClients(server.grpcTarget, server.token);
    const call: ClientDuplexStream<ChatRequest, ChatResponse__Output> =
      clients.chat.SendMessageStream();
    const agentHeard: ChatResponse__Output[] = [];
    call.on('data', (response: ChatResponse__Output) => agentHeard.push(response));
    const agentEnded = new Promise<string>((resolve) => {
      call.on('end', () => resolve('end'));
      call.on('error', (error: Error) => resolve(`error: ${error.message}`));
    });
    call.write({ content: 'stopped mid-reply (agent)' });

    // The frontend follows a reply over graphql-sse.
    const replyId = await startReply(server, 'stopped mid-reply (frontend)');
    const sse = createClient({
      url: `${server.origin}/graphql/stream`,
      headers: server.authHeaders(),
      retryAttempts: 0,
    });
    const frontendHeard: ReplyEventResult[] = [];
    const frontendEnded = new Promise<string>((resolve) => {
      sse.subscribe<{ chatReply: ReplyEventResult }>(
        { query: replySubscription, variables: { id: replyId } },
        {
          next: (result: ExecutionResult<{ chatReply: ReplyEventResult }>) => {
            if (result.data) frontendHeard.push(result.data.chatReply);
          },
          error: (error: unknown) => resolve(`error: ${String(error)}`),
          complete: () => resolve('complete'),
        },
      );
    });

    try {
      await until(
        async () => [
          agentHeard.filter((r) => r.event === 'token').length,
          frontendHeard.filter((e) => e.kind === 'TOKEN').length,
        ],
        ([agent, frontend]) => agent === chunks.length && frontend === chunks.length,
      );
      await server.kill('SIGTERM');
      expect(await server.server.exited).toBe(0);

      expect(await frontendEnded).toBe('complete');
      expect(frontendHeard.at(-1)).toMatchObject({
        kind: 'ERROR',
        text: streamed,
        error: { reason: 'INTERRUPTED' },
        message: { status: 'FAILED', content: streamed },
      });

      expect(await agentEnded).toBe('end');
      const last = agentHeard.at(-1);
      expect(last?.event).toBe('error');
      expect(last?.error).toMatch(/^INTERRUPTED: /);
      expect(agentHeard.filter((r) => r.event === 'token').map((r) => r.token)).toEqual(chunks);
    } finally {
      sse.dispose();
      clients.chat.close();
      clients.agent.close();
    }
  });
});
