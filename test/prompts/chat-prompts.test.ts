// CHAT prompts, model config, includes ({{> name}}), the default label rule
// and promptDependents, over GraphQL and gRPC against a real server.
import type * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { firstError } from './prompt-api.ts';
import { promptRpc } from './prompt-grpc.ts';

const renderQuery = `query($name: String!, $label: String, $version: Int, $variables: JSON, $placeholders: JSON) {
  renderPrompt(name: $name, label: $label, version: $version, variables: $variables, placeholders: $placeholders) {
    name version type text messages { role content } config variables
  }
}`;

interface Rendered {
  name: string;
  version: number;
  type: string;
  text: string;
  messages: Array<{ role: string; content: string }> | null;
  config: unknown;
  variables: unknown;
}

const supportConfig = {
  model: 'gemini-test-model',
  temperature: 0.2,
  maxOutputTokens: 256,
  tools: [{ name: 'search', parameters: { q: 'string' } }],
};

const supportMessages = [
  { role: 'SYSTEM', content: '{{> persona}}\nHelp with {{product}}.' },
  { placeholder: 'history' },
  { role: 'USER', content: '{{question}}' },
];

const history = [
  { role: 'user', content: 'Hi' },
  { role: 'assistant', content: 'Hello! What do you need?' },
];

describe('CHAT prompts, config and includes', () => {
  let t: TestServer;
  const call = async <T>(query: string, variables: Record<string, unknown>) => {
    const result = await gql<T>(t.graphqlUrl, query, variables, t.authHeaders);
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data;
  };
  const create = (input: Record<string, unknown>) =>
    call('mutation($input: CreatePromptInput!) { createPrompt(input: $input) { name type } }', {
      input,
    });
  const render = (variables: Record<string, unknown>) =>
    gql<{ renderPrompt: Rendered }>(t.graphqlUrl, renderQuery, variables, t.authHeaders);

  beforeAll(async () => {
    t = await startTestServer();
    await create({
      name: 'persona',
      body: 'You are {{persona_name}}, terse.',
      variables: [{ name: 'persona_name', type: 'STRING', default: 'Ada' }],
      labels: ['production'],
    });
    await create({
      name: 'support',
      type: 'CHAT',
      messages: supportMessages,
      config: supportConfig,
      variables: [
        { name: 'product', type: 'STRING' },
        { name: 'question', type: 'STRING' },
      ],
      labels: ['production'],
    });
  });
  afterAll(() => t.stop());

  const expectedMessages = [
    { role: 'SYSTEM', content: 'You are Ada, terse.\nHelp with GenPod.' },
    { role: 'USER', content: 'Hi' },
    { role: 'ASSISTANT', content: 'Hello! What do you need?' },
    { role: 'USER', content: 'How do I export prompts?' },
  ];

  it('renders a CHAT prompt with a placeholder, an included TEXT prompt and its config over GraphQL', async () => {
    const result = await render({
      name: 'support',
      variables: { product: 'GenPod', question: 'How do I export prompts?' },
      placeholders: { history },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.renderPrompt).toEqual({
      name: 'support',
      version: 1,
      type: 'CHAT',
      text: '',
      messages: expectedMessages,
      config: supportConfig,
      variables: {
        persona_name: 'Ada',
        product: 'GenPod',
        question: 'How do I export prompts?',
      },
    });
  });

  it('renders the same over gRPC, with a real enum for the type and the config as JSON', async () => {
    const rendered = await promptRpc(t.grpcTarget, t.token, 'GetRenderedPrompt', {
      name: 'support',
      variablesJson: JSON.stringify({ product: 'GenPod', question: 'How do I export prompts?' }),
      placeholders: { history: { messages: history } },
    });
    expect(rendered).toMatchObject({
      name: 'support',
      version: 1,
      type: 'PROMPT_TYPE_CHAT',
      text: '',
      messages: expectedMessages.map((m) => ({ ...m, role: m.role.toLowerCase() })),
    });
    expect(JSON.parse(rendered?.configJson ?? '')).toEqual(supportConfig);
    expect(JSON.parse(rendered?.variablesJson ?? '')).toMatchObject({ persona_name: 'Ada' });
  });

  it('passes a value to the included prompt by its variable name', async () => {
    const result = await render({
      name: 'support',
      variables: { product: 'X', question: 'Q', persona_name: 'Grace' },
      placeholders: { history: [] },
    });
    expect(result.data?.renderPrompt.messages?.[0]?.content).toBe(
      'You are Grace, terse.\nHelp with X.',
    );
  });

  it('names a missing placeholder on both transports', async () => {
    const result = await render({
      name: 'support',
      variables: { product: 'X', question: 'Q' },
    });
    expect(firstError(result)).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'missing placeholder "history" (a list of messages)',
      extensions: { placeholder: 'history' },
    });
    await expect(
      promptRpc(t.grpcTarget, t.token, 'GetRenderedPrompt', {
        name: 'support',
        variablesJson: '{"product":"X","question":"Q"}',
      }),
    ).rejects.toMatchObject({
      code: 3,
      details: 'missing placeholder "history" (a list of messages)',
    });
  });

  it('refuses content of the wrong type for the prompt, naming it', async () => {
    const withBody = await gql(
      t.graphqlUrl,
      'mutation { addPromptVersion(input: { name: "support", body: "plain" }) { number } }',
      {},
      t.authHeaders,
    );
    expect(firstError(withBody)).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'a CHAT prompt has messages, not a body',
    });
    const withMessages = await gql(
      t.graphqlUrl,
      'mutation { createPrompt(input: { name: "t2", messages: [{ role: USER, content: "x" }] }) { name } }',
      {},
      t.authHeaders,
    );
    expect(firstError(withMessages)).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'a TEXT prompt has a body, not messages',
    });
    const placeholdersForText = await render({
      name: 'persona',
      placeholders: { history },
    });
    expect(firstError(placeholdersForText)).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'prompt "persona" is TEXT: placeholders only fill CHAT prompts',
    });
    const unknownPlaceholder = await render({
      name: 'support',
      variables: { product: 'X', question: 'Q' },
      placeholders: { history: [], examples: [] },
    });
    expect(firstError(unknownPlaceholder).message).toBe(
      'unknown placeholder "examples" (declared: history)',
    );
  });

  it('refuses an include cycle, naming the chain, on both transports', async () => {
    await create({ name: 'cycle-a', body: 'A {{> cycle-b}}' });
    await create({ name: 'cycle-b', body: 'B {{> cycle-c@production}}' });
    await create({ name: 'cycle-c', body: 'C {{> cycle-a#1}}', labels: ['production'] });
    const result = await render({ name: 'cycle-a' });
    expect(firstError(result)).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'include cycle: cycle-a → cycle-b → cycle-c@production → cycle-a#1',
      extensions: { chain: ['cycle-a', 'cycle-b', 'cycle-c@production', 'cycle-a#1'] },
    });
    const error = await promptRpc(t.grpcTarget, t.token, 'GetRenderedPrompt', {
      name: 'cycle-b',
    }).catch((e: grpc.ServiceError) => e);
    expect(error).toMatchObject({
      code: 3,
      details: 'include cycle: cycle-b → cycle-c@production → cycle-a#1 → cycle-b',
    });
  });

  it('refuses a missing included prompt, label or version, naming the chain', async () => {
    await create({ name: 'broken', body: 'x {{> nowhere}}' });
    await create({ name: 'broken-label', body: 'x {{> persona@staging}}' });
    await create({ name: 'broken-version', body: 'x {{> persona#9}}' });
    expect(firstError(await render({ name: 'broken' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'include broken → nowhere: prompt "nowhere" does not exist',
    });
    expect(firstError(await render({ name: 'broken-label' })).message).toBe(
      'include broken-label → persona@staging: prompt "persona" has no label "staging"',
    );
    expect(firstError(await render({ name: 'broken-version' })).message).toBe(
      'include broken-version → persona#9: prompt "persona" has no version 9',
    );
    await create({ name: 'includes-chat', body: '{{> support}}' });
    expect(firstError(await render({ name: 'includes-chat' })).message).toBe(
      'include includes-chat → support: "support" is a CHAT prompt; only TEXT prompts can be included',
    );
  });

  it('resolves an include at render time: moving its label changes the including prompt', async () => {
    await create({ name: 'greeting', body: 'Hello', labels: ['production'] });
    await create({ name: 'letter', body: '{{> greeting}}, reader.' });
    expect((await render({ name: 'letter' })).data?.renderPrompt.text).toBe('Hello, reader.');
    await call(
      'mutation { addPromptVersion(input: { name: "greeting", body: "Dear" }) { number } }',
      {},
    );
    // production still points at version 1: includes follow it, like renders do.
    expect((await render({ name: 'letter' })).data?.renderPrompt.text).toBe('Hello, reader.');
    await call(
      'mutation { setPromptLabel(name: "greeting", label: "production", version: 2) { name } }',
      {},
    );
    expect((await render({ name: 'letter' })).data?.renderPrompt.text).toBe('Dear, reader.');
  });

  it('renders production without a label or version, else the newest version', async () => {
    await create({ name: 'defaults', body: 'one', labels: ['production'] });
    await call(
      'mutation { addPromptVersion(input: { name: "defaults", body: "two" }) { number } }',
      {},
    );
    expect((await render({ name: 'defaults' })).data?.renderPrompt).toMatchObject({
      version: 1,
      text: 'one',
    });
    await call(
      'mutation { removePromptLabel(name: "defaults", label: "production") { name } }',
      {},
    );
    expect((await render({ name: 'defaults' })).data?.renderPrompt).toMatchObject({
      version: 2,
      text: 'two',
    });
  });

  it('diffs CHAT versions message by message and says when the config changed', async () => {
    await create({
      name: 'diffed',
      type: 'CHAT',
      messages: [{ role: 'SYSTEM', content: 'Be brief.' }, { placeholder: 'history' }],
      config: { temperature: 0.1 },
    });
    await call(
      'mutation($input: AddPromptVersionInput!) { addPromptVersion(input: $input) { number } }',
      {
        input: {
          name: 'diffed',
          messages: [{ role: 'SYSTEM', content: 'Be thorough.' }, { placeholder: 'history' }],
          config: { temperature: 0.7 },
        },
      },
    );
    const data = await call<{
      promptDiff: { hunks: Array<{ lines: string[] }>; configChanged: boolean; identical: boolean };
    }>(
      '{ promptDiff(name: "diffed", from: { version: 1 }, to: { version: 2 }) { hunks { lines } configChanged identical } }',
      {},
    );
    expect(data.promptDiff).toEqual({
      hunks: [
        {
          lines: [
            ' [system]',
            '-Be brief.',
            '+Be thorough.',
            ' ',
            ' [placeholder: history]',
            '\\ No newline at end of file',
          ],
        },
      ],
      configChanged: true,
      identical: false,
    });
  });

  it('lists the prompts that include a prompt, directly or not, on both transports', async () => {
    await create({ name: 'intro', body: '{{> persona}} Welcome.' });
    await create({ name: 'outer', body: '{{> intro}}!' });
    const data = await call<{
      promptDependents: Array<{ name: string; direct: boolean; chain: string[] }>;
    }>('query { promptDependents(name: "persona") { name direct chain } }', {});
    expect(data.promptDependents).toEqual([
      { name: 'broken-label', direct: true, chain: ['broken-label', 'persona'] },
      { name: 'broken-version', direct: true, chain: ['broken-version', 'persona'] },
      // Its include of a CHAT prompt fails to render, but the reference is there.
      { name: 'includes-chat', direct: false, chain: ['includes-chat', 'support', 'persona'] },
      { name: 'intro', direct: true, chain: ['intro', 'persona'] },
      { name: 'outer', direct: false, chain: ['outer', 'intro', 'persona'] },
      { name: 'support', direct: true, chain: ['support', 'persona'] },
    ]);
    const viaGrpc = await promptRpc(t.grpcTarget, t.token, 'ListPromptDependents', {
      name: 'persona',
    });
    expect(viaGrpc?.dependents).toEqual(data.promptDependents);
  });
});
