// A CHAT prompt and a prompt's model config in a folder of markdown files:
// an export and an import change nothing, and an import into an empty
// library brings back the same versions.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePromptFile } from '../../src/core/prompts/prompt-file.ts';
import { gql } from '../utils/graphql.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

const versionQuery = `query($name: String!) { prompt(name: $name) {
  name type description tags labels { name version }
  version { type body messages { role content placeholder } config message
    variables { name type default description } }
} }`;

describe('prompt folders with CHAT prompts and config', () => {
  let t: TestServer;
  const call = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const result = await gql<T>(t.graphqlUrl, query, variables, t.authHeaders);
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data;
  };
  const snapshot = async (name: string) => {
    const data = await call<{ prompt: { version: { message: string } } }>(versionQuery, { name });
    // The version message says where an import came from; the rest must match.
    return { ...data.prompt, version: { ...data.prompt.version, message: undefined } };
  };
  const exportAll = () =>
    call<{ exportPrompts: { prompts: Array<{ name: string; written: boolean }> } }>(
      'mutation { exportPrompts(folder: "prompts") { prompts { name written } } }',
    );
  const importAll = () =>
    call<{ importPrompts: { prompts: Array<{ name: string; status: string }> } }>(
      'mutation { importPrompts(folder: "prompts") { prompts { name status } } }',
    );

  beforeAll(async () => {
    t = await startTestServer();
    const create = 'mutation($input: CreatePromptInput!) { createPrompt(input: $input) { name } }';
    await call(create, {
      input: {
        name: 'persona',
        body: 'You are {{persona_name}}.',
        variables: [{ name: 'persona_name', type: 'STRING', default: 'Ada' }],
        config: { model: 'gemini-2.5-flash', temperature: 0.1 },
        labels: ['production'],
      },
    });
    await call(create, {
      input: {
        name: 'support',
        type: 'CHAT',
        description: 'Support agent',
        tags: ['chat'],
        messages: [
          { role: 'SYSTEM', content: '{{> persona}}\n\nHelp with {{product}}.' },
          { placeholder: 'history' },
          { role: 'USER', content: '{{question}}' },
          { role: 'ASSISTANT', content: 'Let me check.' },
        ],
        variables: [
          { name: 'product', type: 'STRING', description: 'What the user asks about' },
          { name: 'question', type: 'STRING' },
        ],
        config: { temperature: 0.3, maxOutputTokens: 512, tools: [{ name: 'search' }] },
        labels: ['production', 'staging'],
      },
    });
  });
  afterAll(() => t.stop());

  it('writes the type, messages and config into the front matter', async () => {
    await exportAll();
    const text = await readFile(join(t.projectRoot, 'prompts', 'support.md'), 'utf8');
    const parsed = parsePromptFile(text, 'support');
    expect(parsed).toMatchObject({
      type: 'CHAT',
      body: '',
      config: { temperature: 0.3, maxOutputTokens: 512, tools: [{ name: 'search' }] },
      messages: [
        { role: 'system', content: '{{> persona}}\n\nHelp with {{product}}.' },
        { placeholder: 'history' },
        { role: 'user', content: '{{question}}' },
        { role: 'assistant', content: 'Let me check.' },
      ],
    });
  });

  it('changes nothing when the export is imported again, or exported again', async () => {
    const before = [await snapshot('persona'), await snapshot('support')];
    const imported = await importAll();
    expect(imported.importPrompts.prompts).toEqual([
      { name: 'persona', status: 'UNCHANGED' },
      { name: 'support', status: 'UNCHANGED' },
    ]);
    expect([await snapshot('persona'), await snapshot('support')]).toEqual(before);
    const again = await exportAll();
    expect(again.exportPrompts.prompts.every((p) => !p.written)).toBe(true);
  });

  it('brings back the same prompts into an empty library', async () => {
    const before = [await snapshot('persona'), await snapshot('support')];
    await call('mutation { deletePrompt(name: "persona") }');
    await call('mutation { deletePrompt(name: "support") }');
    const imported = await importAll();
    expect(imported.importPrompts.prompts.map((p) => p.status)).toEqual(['CREATED', 'CREATED']);
    expect([await snapshot('persona'), await snapshot('support')]).toEqual(before);
  });

  it('refuses a file whose type differs from the stored prompt, naming the file', async () => {
    await writeFile(
      join(t.projectRoot, 'prompts', 'persona.md'),
      '---\nname: persona\ntype: CHAT\nmessages:\n  - { role: user, content: hi }\n---\n',
    );
    const result = await gql(
      t.graphqlUrl,
      'mutation { importPrompts(folder: "prompts") { folder } }',
      {},
      t.authHeaders,
    );
    expect(result.errors?.[0]).toMatchObject({
      message:
        'prompts/persona.md: prompt "persona" is TEXT and the file says CHAT: the type is fixed when a prompt is created',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
