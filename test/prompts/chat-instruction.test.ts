// renderPromptForChat: how the chat domain turns a stored prompt into a
// session's system instruction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPromptForChat } from '../../src/resolvers/prompts.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { createPrompt } from './prompt-api.ts';

describe('renderPromptForChat', () => {
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
    const rendered = await renderPromptForChat(t.server.services, {
      name: 'assistant',
      label: 'production',
      variables: { project: 'GenPod' },
    });
    expect(rendered).toMatchObject({
      name: 'assistant',
      version: 1,
      text: 'You are a helpful assistant for GenPod.',
    });
  });

  it('fails with the same typed errors as renderPrompt', async () => {
    await expect(
      renderPromptForChat(t.server.services, { name: 'assistant', label: 'production' }),
    ).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'missing variable "project" (string)',
    });
    await expect(renderPromptForChat(t.server.services, { name: 'missing' })).rejects.toMatchObject(
      {
        code: 'NOT_FOUND',
      },
    );
  });
});
