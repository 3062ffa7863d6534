// Replies a previous run left STREAMING (the process died mid-reply) can
// never finish: at start they are marked FAILED, INTERRUPTED, text kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, readReply, startChatTestbed, type ChatTestbed } from './chat-fixtures.ts';

let bed: ChatTestbed;
beforeAll(async () => {
  bed = await startChatTestbed();
});
afterAll(() => bed.stop());

describe('replies interrupted by a crash', () => {
  it('are marked FAILED INTERRUPTED with their stored text, and say so to subscribers', async () => {
    const { db } = bed.t.server.services;
    const sessionId = await createSession(bed);
    // What a process that died mid-reply leaves behind.
    const orphan = await db.chatMessage.create({
      data: {
        sessionId,
        position: 1,
        role: 'ASSISTANT',
        content: 'half an ans',
        status: 'STREAMING',
        model: 'gemini-test',
      },
    });
    expect(await bed.t.server.services.chat.failInterruptedReplies()).toBe(1);
    const stored = await db.chatMessage.findUniqueOrThrow({ where: { id: orphan.id } });
    expect(stored).toMatchObject({
      status: 'FAILED',
      errorReason: 'INTERRUPTED',
      content: 'half an ans',
    });
    const events = await readReply(bed, orphan.id);
    expect(events).toMatchObject([
      { kind: 'ERROR', text: 'half an ans', error: { reason: 'INTERRUPTED' } },
    ]);
  });

  it('leaves replies this server is generating alone', async () => {
    bed.fake.on('long one', { kind: 'stall', chunks: ['working'] });
    const sent = await bed.call<{ sendMessage: { reply: { id: string } } }>(
      'mutation($s: ID!) { sendMessage(input: { sessionId: $s, content: "long one" }) { reply { id } } }',
      { s: await createSession(bed) },
    );
    expect(await bed.t.server.services.chat.failInterruptedReplies()).toBe(0);
    const cancelled = await bed.call<{ cancelGeneration: { status: string } }>(
      'mutation($id: ID!) { cancelGeneration(messageId: $id) { status } }',
      { id: sent.sendMessage.reply.id },
    );
    expect(cancelled.cancelGeneration.status).toBe('CANCELLED');
  });
});
