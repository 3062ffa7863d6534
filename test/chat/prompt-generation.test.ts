// A chat message sent with a prompt: the rendered prompt reaches the fake
// Gemini as the system instruction, opening turns and generation settings,
// and the reply keeps the settings it used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatResponse__Output } from '../../src/grpc/generated/genpod/agent/v1/ChatResponse.ts';
import { gql } from '../utils/graphql.ts';
import { agentClients } from '../utils/grpc.ts';
import {
  createSession,
  messageFields,
  startChatTestbed,
  type ChatTestbed,
} from './chat-fixtures.ts';

const send = `mutation($input: SendMessageInput!) {
  sendMessage(input: $input) { reply { id model } }
}`;

describe('sendMessage with a prompt', () => {
  let bed: ChatTestbed;
  beforeAll(async () => {
    bed = await startChatTestbed();
    await bed.call(
      'mutation($input: CreatePromptInput!) { createPrompt(input: $input) { name } }',
      {
        input: {
          name: 'persona',
          body: 'You are {{persona_name}}, terse.',
          variables: [{ name: 'persona_name', type: 'STRING', default: 'Ada' }],
          labels: ['production'],
        },
      },
    );
    await bed.call(
      'mutation($input: CreatePromptInput!) { createPrompt(input: $input) { name } }',
      {
        input: {
          name: 'support',
          type: 'CHAT',
          messages: [
            { role: 'SYSTEM', content: '{{> persona}}\nHelp with {{product}}.' },
            { placeholder: 'examples' },
          ],
          variables: [{ name: 'product', type: 'STRING' }],
          config: { model: 'gemini-prompt-model', temperature: 0.25, topK: 7, tools: [] },
          labels: ['production'],
        },
      },
    );
  });
  afterAll(() => bed.stop());

  async function replyRow(id: string) {
    for (;;) {
      const data = await bed.call<{
        chatMessage: { status: string; model: string; generationConfig: unknown };
      }>(`query($id: ID!) { chatMessage(id: $id) { ${messageFields} generationConfig } }`, { id });
      if (data.chatMessage.status !== 'STREAMING') return data.chatMessage;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it("sends a CHAT prompt's system instruction, turns and temperature to Gemini and keeps them on the reply", async () => {
    const sessionId = await createSession(bed);
    const data = await bed.call<{ sendMessage: { reply: { id: string; model: string } } }>(send, {
      input: {
        sessionId,
        content: 'prompted question',
        prompt: {
          name: 'support',
          variables: { product: 'GenPod' },
          placeholders: {
            examples: [
              { role: 'user', content: 'How do I start?' },
              { role: 'assistant', content: 'npm start.' },
            ],
          },
        },
      },
    });
    expect(data.sendMessage.reply.model).toBe('gemini-prompt-model');
    const request = await bed.fake.waitForRequest('prompted question');
    expect(request.model).toBe('gemini-prompt-model');
    expect(request.body.systemInstruction).toMatchObject({
      parts: [{ text: 'You are Ada, terse.\nHelp with GenPod.' }],
    });
    expect(request.body.generationConfig).toMatchObject({ temperature: 0.25, topK: 7 });
    expect(request.body.contents).toEqual([
      { role: 'user', parts: [{ text: 'How do I start?' }] },
      { role: 'model', parts: [{ text: 'npm start.' }] },
      { role: 'user', parts: [{ text: 'prompted question' }] },
    ]);
    const reply = await replyRow(data.sendMessage.reply.id);
    expect(reply.status).toBe('DONE');
    expect(reply.generationConfig).toMatchObject({
      model: 'gemini-prompt-model',
      temperature: 0.25,
      topK: 7,
      prompt: { name: 'support', version: 1 },
    });
  });

  it('does the same for an agent over gRPC (ChatRequest.prompt)', async () => {
    const clients = agentClients(bed.t.grpcTarget, bed.t.token);
    const call = clients.chat.SendMessageStream();
    const responses: ChatResponse__Output[] = [];
    call.on('data', (response: ChatResponse__Output) => responses.push(response));
    const ended = new Promise<void>((resolve) => call.on('close', resolve));
    try {
      call.write({
        content: 'grpc prompted question',
        prompt: {
          name: 'support',
          label: 'production',
          variablesJson: JSON.stringify({ product: 'agents' }),
          placeholders: { examples: { messages: [{ role: 'user', content: 'Example?' }] } },
        },
      });
      const request = await bed.fake.waitForRequest('grpc prompted question');
      expect(request.model).toBe('gemini-prompt-model');
      expect(request.body.systemInstruction).toMatchObject({
        parts: [{ text: 'You are Ada, terse.\nHelp with agents.' }],
      });
      expect(request.body.generationConfig).toMatchObject({ temperature: 0.25 });
      expect(request.body.contents).toEqual([
        { role: 'user', parts: [{ text: 'Example?' }, { text: 'grpc prompted question' }] },
      ]);
      const deadline = Date.now() + 5_000;
      while (!responses.some((r) => r.event === 'done') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(responses.some((r) => r.event === 'done')).toBe(true);

      call.write({ content: 'bad variables', prompt: { name: 'support', variablesJson: '{' } });
      while (!responses.some((r) => r.event === 'error') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(responses.find((r) => r.event === 'error')?.error).toBe(
        'BAD_USER_INPUT: variables_json must be a JSON object of values by variable name',
      );
    } finally {
      call.end();
      await ended;
      clients.chat.close();
      clients.agent.close();
    }
  });

  it('posts nothing when the prompt cannot be rendered, naming the missing placeholder', async () => {
    const sessionId = await createSession(bed);
    const result = await gql(
      bed.t.graphqlUrl,
      send,
      {
        input: {
          sessionId,
          content: 'never sent',
          prompt: { name: 'support', variables: { product: 'X' } },
        },
      },
      bed.t.authHeaders,
    );
    expect(result.errors?.[0]).toMatchObject({
      message: 'missing placeholder "examples" (a list of messages)',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(bed.fake.requests.some((r) => r.prompt === 'never sent')).toBe(false);
  });

  it('refuses a config setting of the wrong type, naming it', async () => {
    await bed.call(
      'mutation($input: CreatePromptInput!) { createPrompt(input: $input) { name } }',
      {
        input: { name: 'hot', body: 'Be warm.', config: { temperature: 'very' } },
      },
    );
    const sessionId = await createSession(bed);
    const result = await gql(
      bed.t.graphqlUrl,
      send,
      { input: { sessionId, content: 'x', prompt: { name: 'hot' } } },
      bed.t.authHeaders,
    );
    expect(result.errors?.[0]).toMatchObject({
      message: 'config.temperature of prompt "hot" version 1 must be a number',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('stores the settings used on a reply sent without a prompt', async () => {
    const sessionId = await createSession(bed);
    const data = await bed.call<{ sendMessage: { reply: { id: string } } }>(send, {
      input: { sessionId, content: 'plain question' },
    });
    await bed.fake.waitForRequest('plain question');
    const reply = await replyRow(data.sendMessage.reply.id);
    expect(reply.generationConfig).toMatchObject({ model: reply.model });
    expect(reply.generationConfig).not.toHaveProperty('prompt');
  });
});
