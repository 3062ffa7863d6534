// promptForChat: how the chat domain turns a stored prompt into the parts of
// a Gemini request (system instruction, opening turns, generation settings).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promptForChat } from '../../src/resolvers/prompts.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { createPrompt } from './prompt-api.ts';

describe('promptForChat', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await createPrompt(t.graphqlUrl, t.authHeaders, {
      name: 'assistant',
      body: 'You are a {{role}} for {{project}}.',
      variables: [
        { name: 'role', type: 'STRING', default: 'helpful assistant' },
        { name: 'project', type: 'STRING' },
      ],
      labels: ['production'],
    });
  });
  afterAll(() => t.stop());

  it('renders a labelled prompt as a system instruction from the server services', async () => {
    const rendered = await promptForChat(t.server.services, {
      name: 'assistant',
      label: 'production',
      variables: { project: 'GenPod' },
    });
    expect(rendered).toMatchObject({
      prompt: { name: 'assistant', version: 1 },
      systemInstruction: 'You are a helpful assistant for GenPod.',
      contents: [],
      generationConfig: {},
    });
  });

  it('fails with the same typed errors as renderPrompt', async () => {
    await expect(
      promptForChat(t.server.services, { name: 'assistant', label: 'production' }),
    ).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'missing variable "project" (string)',
    });
    await expect(promptForChat(t.server.services, { name: 'missing' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
