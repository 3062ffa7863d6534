// Issue 18 item 5: an agent that stops reading its SendMessageStream is not
// buffered for without bound. Writes wait for the client to read; what others
// post meanwhile waits in a bounded queue, and past it the agent is told it
// fell behind (`error` "RESYNC: …") and the stream goes on from there.
import type { ClientDuplexStream } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardQueueLimit } from '../../src/grpc/chat-service.ts';
import type { ChatRequest } from '../../src/grpc/generated/genpod/agent/v1/ChatRequest.ts';
import type { ChatResponse__Output } from '../../src/grpc/generated/genpod/agent/v1/ChatResponse.ts';
import { agentClients } from '../utils/grpc.ts';
import { createSession, startChatTestbed, type ChatTestbed } from './chat-fixtures.ts';

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

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('an agent stream whose client stops reading', () => {
  it('holds a bounded number of messages for it, then says it fell behind, and carries on', async () => {
    const sessionId = await createSession(bed);
    const call: ClientDuplexStream<ChatRequest, ChatResponse__Output> =
      clients.chat.SendMessageStream();
    const heard: ChatResponse__Output[] = [];
    call.on('data', (response: ChatResponse__Output) => heard.push(response));
    const ended = new Promise<void>((resolve, reject) => {
      call.on('end', resolve);
      call.on('error', reject);
    });
    // Joining the session: the stream now forwards what others post there.
    call.write({ sessionId, content: 'joining', relayOnly: true });
    await until(() => heard.length === 1, 'the join to be acknowledged');

    // The agent stops reading; the frontend posts 150 messages of 99 KB (15 MB).
    call.pause();
    const posts = 150;
    const big = 'y'.repeat(99_000);
    for (let i = 0; i < posts; i++) {
      await bed.call(
        'mutation($s: ID!, $c: String!) { postMessage(input: { sessionId: $s, content: $c }) { id } }',
        { s: sessionId, c: `${i} ${big}` },
      );
    }

    // Reading again: some of them, then RESYNC, not all 150 held by the server.
    call.resume();
    await until(
      () => heard.some((r) => r.error?.startsWith('RESYNC: ')),
      'the stream to say it fell behind',
    );
    const forwarded = heard.filter((r) => r.event === 'done' && r.done?.endsWith(big));
    expect(forwarded.length).toBeGreaterThan(0);
    // The queue, plus the few already handed to the transport before it
    // pushed back (the write waiting for 'drain', HTTP/2 window and socket
    // buffers hold a handful of 99 KB messages): bounded, far from all 150.
    expect(forwarded.length).toBeLessThanOrEqual(forwardQueueLimit + 6);
    expect(forwarded.length).toBeLessThan(posts);
    expect(bed.t.logs().some((line) => String(line.msg).includes('fell behind'))).toBe(true);

    // The stream carries on: what is posted next arrives.
    await bed.call(
      'mutation($s: ID!) { postMessage(input: { sessionId: $s, content: "after the gap" }) { id } }',
      { s: sessionId },
    );
    await until(() => heard.some((r) => r.done === 'after the gap'), 'the next message');
    call.end();
    await ended;
  });
});
