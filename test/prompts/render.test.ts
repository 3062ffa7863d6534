import { status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHealth, listServicesByReflection } from '../utils/grpc.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { addVersion, createPrompt, firstError, getRenderedPrompt, render } from './prompt-api.ts';

describe('rendering prompts on both transports', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    const created = await createPrompt(t.graphqlUrl, t.authHeaders, {
      name: 'summarize',
      body: [
        'Summarize in {{words}} words{{#formal}}, formally{{/formal}}:',
        '{{text}}',
        '{{#examples}}- {{title}} ({{score}})',
        '{{/examples}}Settings: {{settings}} <b>&amp;</b>',
      ].join('\n'),
      variables: [
        { name: 'text', type: 'STRING' },
        { name: 'words', type: 'NUMBER', default: 100 },
        { name: 'formal', type: 'BOOLEAN', default: false },
        { name: 'examples', type: 'JSON', default: [] },
        { name: 'settings', type: 'JSON', default: { tone: 'dry' } },
      ],
      labels: ['production'],
    });
    expect(created.errors).toBeUndefined();
    await addVersion(t.graphqlUrl, t.authHeaders, {
      name: 'summarize',
      body: 'v2: {{text}}',
      variables: [{ name: 'text', type: 'STRING' }],
      labels: ['staging'],
    });
  });
  afterAll(() => t.stop());

  it('renders the labelled version with defaults, printing text unescaped and JSON as JSON', async () => {
    const result = await render(t.graphqlUrl, t.authHeaders, {
      name: 'summarize',
      label: 'production',
      variables: {
        text: 'Tom & Jerry <3 "quotes"',
        formal: true,
        examples: [
          { title: 'a', score: 1 },
          { title: 'b', score: 2.5 },
        ],
      },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.renderPrompt).toEqual({
      name: 'summarize',
      version: 1,
      labels: ['production'],
      text: [
        'Summarize in 100 words, formally:',
        'Tom & Jerry <3 "quotes"',
        '- a (1)',
        '- b (2.5)',
        'Settings: {"tone":"dry"} <b>&amp;</b>',
      ].join('\n'),
      variables: {
        text: 'Tom & Jerry <3 "quotes"',
        words: 100,
        formal: true,
        examples: [
          { title: 'a', score: 1 },
          { title: 'b', score: 2.5 },
        ],
        settings: { tone: 'dry' },
      },
    });
  });

  it('renders the production version when neither label nor version is given, and a version by number', async () => {
    const production = await render(t.graphqlUrl, t.authHeaders, {
      name: 'summarize',
      variables: { text: 'x' },
    });
    expect(production.data?.renderPrompt).toMatchObject({
      version: 1,
      labels: ['production'],
    });
    const latest = await render(t.graphqlUrl, t.authHeaders, {
      name: 'summarize',
      label: 'latest',
      variables: { text: 'x' },
    });
    expect(latest.data?.renderPrompt).toMatchObject({
      version: 2,
      text: 'v2: x',
      labels: ['latest', 'staging'],
    });
    const first = await render(t.graphqlUrl, t.authHeaders, {
      name: 'summarize',
      version: 1,
      variables: { text: 'x' },
    });
    expect(first.data?.renderPrompt.text).toMatch(/^Summarize in 100 words:/);
  });

  it.each([
    [{ words: 5 }, 'missing variable "text" (string)', 'text'],
    [
      { text: 'x', tone: 'angry' },
      'unknown variable "tone" (declared: examples, formal, settings, text, words)',
      'tone',
    ],
    [
      { text: 'x', words: 'five' },
      'variable "words" must be a finite number, got a string',
      'words',
    ],
    [{ text: 7 }, 'variable "text" must be a string, got a number', 'text'],
    [
      { text: 'x', formal: 'yes' },
      'variable "formal" must be true or false, got a string',
      'formal',
    ],
  ])(
    'refuses %j over GraphQL with BAD_USER_INPUT naming the variable',
    async (variables, message, variable) => {
      const result = await render(t.graphqlUrl, t.authHeaders, {
        name: 'summarize',
        label: 'production',
        variables,
      });
      expect(firstError(result)).toMatchObject({
        code: 'BAD_USER_INPUT',
        message,
        extensions: { variable },
      });
    },
  );

  it('answers NOT_FOUND for an unknown prompt, label or version over GraphQL', async () => {
    expect(firstError(await render(t.graphqlUrl, t.authHeaders, { name: 'nope' }))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'prompt "nope" does not exist',
    });
    expect(
      firstError(await render(t.graphqlUrl, t.authHeaders, { name: 'summarize', label: 'canary' })),
    ).toMatchObject({
      code: 'NOT_FOUND',
      message: 'prompt "summarize" has no label "canary"',
    });
    expect(
      firstError(await render(t.graphqlUrl, t.authHeaders, { name: 'summarize', version: 42 })),
    ).toMatchObject({
      code: 'NOT_FOUND',
      message: 'prompt "summarize" has no version 42',
    });
    const both = await render(t.graphqlUrl, t.authHeaders, {
      name: 'summarize',
      version: 1,
      label: 'production',
    });
    expect(firstError(both)).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'give a version or a label, not both',
    });
  });

  it('refuses variables that are not an object', async () => {
    const result = await render(t.graphqlUrl, t.authHeaders, {
      name: 'summarize',
      variables: ['text'],
    });
    expect(firstError(result)).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'variables' },
    });
  });

  it('gives an agent the same rendering over gRPC, by label', async () => {
    const rendered = await getRenderedPrompt(t.grpcTarget, t.token, {
      name: 'summarize',
      label: 'production',
      variablesJson: JSON.stringify({ text: 'Tom & Jerry', words: 3 }),
    });
    expect(rendered).toMatchObject({
      name: 'summarize',
      version: 1,
      labels: ['production'],
      text: 'Summarize in 3 words:\nTom & Jerry\nSettings: {"tone":"dry"} <b>&amp;</b>',
      type: 'PROMPT_TYPE_TEXT',
      messages: [],
      configJson: '{}',
    });
    const viaGraphQL = await render(t.graphqlUrl, t.authHeaders, {
      name: 'summarize',
      label: 'production',
      variables: { text: 'Tom & Jerry', words: 3 },
    });
    expect(viaGraphQL.data?.renderPrompt.text).toBe(rendered.text);
  });

  it('renders by version number, the production label, or the newest over gRPC', async () => {
    const byNumber = await getRenderedPrompt(t.grpcTarget, t.token, {
      name: 'summarize',
      version: 2,
      variablesJson: '{"text":"hi"}',
    });
    expect(byNumber).toMatchObject({ version: 2, text: 'v2: hi' });
    const byDefault = await getRenderedPrompt(t.grpcTarget, t.token, {
      name: 'summarize',
      variablesJson: '{"text":"hi","words":1}',
    });
    expect(byDefault).toMatchObject({ version: 1, labels: ['production'] });
    const newest = await getRenderedPrompt(t.grpcTarget, t.token, {
      name: 'summarize',
      label: 'latest',
      variablesJson: '{"text":"hi"}',
    });
    expect(newest).toMatchObject({ version: 2, labels: ['latest', 'staging'] });
  });

  it('answers NOT_FOUND over gRPC for an unknown prompt or label', async () => {
    await expect(getRenderedPrompt(t.grpcTarget, t.token, { name: 'nope' })).rejects.toMatchObject({
      code: status.NOT_FOUND,
      details: 'prompt "nope" does not exist',
    });
    await expect(
      getRenderedPrompt(t.grpcTarget, t.token, { name: 'summarize', label: 'canary' }),
    ).rejects.toMatchObject({
      code: status.NOT_FOUND,
      details: 'prompt "summarize" has no label "canary"',
    });
  });

  it('answers INVALID_ARGUMENT over gRPC for variable problems, with the domain code in metadata', async () => {
    const missing = await getRenderedPrompt(t.grpcTarget, t.token, {
      name: 'summarize',
      label: 'production',
    }).catch((error: ServiceError) => error);
    expect(missing).toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: 'missing variable "text" (string)',
    });
    expect((missing as ServiceError).metadata.get('error-code')).toEqual(['BAD_USER_INPUT']);

    await expect(
      getRenderedPrompt(t.grpcTarget, t.token, {
        name: 'summarize',
        label: 'production',
        variablesJson: '{"text":"x","extra":1}',
      }),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining('unknown variable "extra"'),
    });
    await expect(
      getRenderedPrompt(t.grpcTarget, t.token, { name: 'summarize', variablesJson: '{not json' }),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: 'variables_json must be a JSON object of values by variable name',
    });
    await expect(
      getRenderedPrompt(t.grpcTarget, t.token, { name: 'summarize', variablesJson: '[1,2]' }),
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });

  it('serves PromptService health as SERVING and lists it through reflection', async () => {
    expect(await checkHealth(t.grpcTarget, 'genpod.agent.v1.PromptService')).toBe('SERVING');
    expect(await listServicesByReflection(t.grpcTarget, t.token)).toContain(
      'genpod.agent.v1.PromptService',
    );
  });
});
