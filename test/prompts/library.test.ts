import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import {
  addVersion,
  createPrompt,
  firstError,
  promptFields,
  versionFields,
  type PromptView,
} from './prompt-api.ts';

describe('prompt library over GraphQL', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('creates a prompt with version 1, its tags and labels', async () => {
    const result = await createPrompt(t.graphqlUrl, t.authHeaders, {
      name: 'greet',
      description: 'Says hello',
      tags: ['onboarding', 'email', 'email'],
      body: 'Hello {{who}}!',
      variables: [{ name: 'who', type: 'STRING', default: 'world', description: 'whom to greet' }],
      labels: ['production'],
      message: 'first draft',
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.createPrompt).toMatchObject({
      name: 'greet',
      description: 'Says hello',
      tags: ['email', 'onboarding'],
      latestVersion: 1,
      labels: [{ name: 'production', version: 1, updatedBy: 'admin-token' }],
    });

    const version = await gql<{ prompt: { version: Record<string, unknown> } }>(
      t.graphqlUrl,
      `{ prompt(name: "greet") { version { ${versionFields} } } }`,
      {},
      t.authHeaders,
    );
    expect(version.data?.prompt.version).toMatchObject({
      prompt: 'greet',
      number: 1,
      body: 'Hello {{who}}!',
      message: 'first draft',
      createdBy: 'admin-token',
      labels: ['latest', 'production'],
      variables: [
        {
          name: 'who',
          type: 'STRING',
          default: 'world',
          required: false,
          description: 'whom to greet',
        },
      ],
    });
  });

  it('refuses a second prompt with the same name with CONFLICT', async () => {
    await createPrompt(t.graphqlUrl, t.authHeaders, { name: 'dup', body: 'x' });
    const again = await createPrompt(t.graphqlUrl, t.authHeaders, { name: 'dup', body: 'y' });
    expect(firstError(again)).toMatchObject({
      code: 'CONFLICT',
      message: 'prompt "dup" already exists',
    });
  });

  it('keeps old versions unchanged and numbers new ones in turn', async () => {
    await createPrompt(t.graphqlUrl, t.authHeaders, { name: 'story', body: 'Once upon a time.' });
    const v2 = await addVersion(t.graphqlUrl, t.authHeaders, {
      name: 'story',
      body: 'Once upon a time in {{place}}.',
      variables: [{ name: 'place', type: 'STRING' }],
      message: 'adds a place',
    });
    expect(v2.data?.addPromptVersion).toMatchObject({ number: 2, labels: ['latest'] });
    const v3 = await addVersion(t.graphqlUrl, t.authHeaders, { name: 'story', body: 'The end.' });
    expect(v3.data?.addPromptVersion.number).toBe(3);

    const versions = await gql<{
      prompt: { versions: Array<{ number: number; body: string; labels: string[] }> };
    }>(
      t.graphqlUrl,
      '{ prompt(name: "story") { versions { number body labels } } }',
      {},
      t.authHeaders,
    );
    expect(versions.data?.prompt.versions).toEqual([
      { number: 3, body: 'The end.', labels: ['latest'] },
      { number: 2, body: 'Once upon a time in {{place}}.', labels: [] },
      { number: 1, body: 'Once upon a time.', labels: [] },
    ]);
  });

  it('moves a label between versions and reads a version through it', async () => {
    await createPrompt(t.graphqlUrl, t.authHeaders, { name: 'moving', body: 'one' });
    await addVersion(t.graphqlUrl, t.authHeaders, { name: 'moving', body: 'two' });
    const set = await gql<{ setPromptLabel: PromptView }>(
      t.graphqlUrl,
      `mutation { setPromptLabel(name: "moving", label: "staging", version: 2) { ${promptFields} } }`,
      {},
      t.authHeaders,
    );
    expect(set.data?.setPromptLabel.labels).toMatchObject([{ name: 'staging', version: 2 }]);
    await gql(
      t.graphqlUrl,
      'mutation { setPromptLabel(name: "moving", label: "staging", version: 1) { name } }',
      {},
      t.authHeaders,
    );

    const read = await gql<{ prompt: { version: { number: number; body: string } } }>(
      t.graphqlUrl,
      '{ prompt(name: "moving") { version(label: "staging") { number body } } }',
      {},
      t.authHeaders,
    );
    expect(read.data?.prompt.version).toEqual({ number: 1, body: 'one' });

    const removed = await gql<{ removePromptLabel: PromptView }>(
      t.graphqlUrl,
      'mutation { removePromptLabel(name: "moving", label: "staging") { labels { name } } }',
      {},
      t.authHeaders,
    );
    expect(removed.data?.removePromptLabel.labels).toEqual([]);
    const missing = await gql(
      t.graphqlUrl,
      '{ prompt(name: "moving") { version(label: "staging") { number } } }',
      {},
      t.authHeaders,
    );
    expect(firstError(missing)).toMatchObject({
      code: 'NOT_FOUND',
      message: 'prompt "moving" has no label "staging"',
    });
  });

  it('refuses to set the implicit latest label or point a label at a missing version', async () => {
    await createPrompt(t.graphqlUrl, t.authHeaders, { name: 'labels', body: 'x' });
    const latest = await gql(
      t.graphqlUrl,
      'mutation { setPromptLabel(name: "labels", label: "latest", version: 1) { name } }',
      {},
      t.authHeaders,
    );
    expect(firstError(latest).code).toBe('BAD_USER_INPUT');
    expect(firstError(latest).message).toContain('"latest" always points at the newest version');
    const missing = await gql(
      t.graphqlUrl,
      'mutation { setPromptLabel(name: "labels", label: "production", version: 9) { name } }',
      {},
      t.authHeaders,
    );
    expect(firstError(missing)).toMatchObject({
      code: 'NOT_FOUND',
      message: 'prompt "labels" has no version 9',
    });
    const badName = await gql(
      t.graphqlUrl,
      'mutation { setPromptLabel(name: "labels", label: "Prod Uction", version: 1) { name } }',
      {},
      t.authHeaders,
    );
    expect(firstError(badName)).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'label' },
    });
  });

  it('filters prompts by tags, every tag given being required', async () => {
    await createPrompt(t.graphqlUrl, t.authHeaders, {
      name: 'tag-a',
      body: 'a',
      tags: ['red', 'blue'],
    });
    await createPrompt(t.graphqlUrl, t.authHeaders, { name: 'tag-b', body: 'b', tags: ['red'] });
    const red = await gql<{ prompts: Array<{ name: string }> }>(
      t.graphqlUrl,
      '{ prompts(tags: ["red"]) { name } }',
      {},
      t.authHeaders,
    );
    expect(red.data?.prompts.map((p) => p.name)).toEqual(['tag-a', 'tag-b']);
    const both = await gql<{ prompts: Array<{ name: string }> }>(
      t.graphqlUrl,
      '{ prompts(tags: ["red", "blue"]) { name } }',
      {},
      t.authHeaders,
    );
    expect(both.data?.prompts.map((p) => p.name)).toEqual(['tag-a']);
    const all = await gql<{ prompts: Array<{ name: string }> }>(
      t.graphqlUrl,
      '{ prompts { name } }',
      {},
      t.authHeaders,
    );
    expect(all.data?.prompts.map((p) => p.name)).toEqual(
      expect.arrayContaining(['tag-a', 'tag-b', 'greet']),
    );
  });

  it('updates the description and tags without adding a version', async () => {
    await createPrompt(t.graphqlUrl, t.authHeaders, { name: 'meta', body: 'm', tags: ['old'] });
    const updated = await gql<{ updatePrompt: PromptView }>(
      t.graphqlUrl,
      `mutation { updatePrompt(input: { name: "meta", description: "now described", tags: ["new"] }) { ${promptFields} } }`,
      {},
      t.authHeaders,
    );
    expect(updated.data?.updatePrompt).toMatchObject({
      description: 'now described',
      tags: ['new'],
      latestVersion: 1,
    });
  });

  it('deletes a prompt with its versions and labels, and answers null for it afterwards', async () => {
    await createPrompt(t.graphqlUrl, t.authHeaders, {
      name: 'doomed',
      body: 'x',
      labels: ['production'],
    });
    const { db } = t.server.services;
    const { id: promptId } = await db.promptTemplate.findUniqueOrThrow({
      where: { name: 'doomed' },
    });
    expect(await db.promptLabel.count({ where: { promptId } })).toBe(1);
    const deleted = await gql(
      t.graphqlUrl,
      'mutation { deletePrompt(name: "doomed") }',
      {},
      t.authHeaders,
    );
    expect(deleted.data).toEqual({ deletePrompt: true });
    const read = await gql(t.graphqlUrl, '{ prompt(name: "doomed") { name } }', {}, t.authHeaders);
    expect(read).toEqual({ data: { prompt: null } });
    // Cascades, not orphans: the rows are gone, not merely unreachable.
    expect(await db.promptLabel.count({ where: { promptId } })).toBe(0);
    expect(await db.promptVersion.count({ where: { promptId } })).toBe(0);
    expect(await db.promptTag.count({ where: { promptId } })).toBe(0);

    const again = await gql(
      t.graphqlUrl,
      'mutation { deletePrompt(name: "doomed") }',
      {},
      t.authHeaders,
    );
    expect(firstError(again)).toMatchObject({
      code: 'NOT_FOUND',
      message: 'prompt "doomed" does not exist',
    });
    const recreated = await createPrompt(t.graphqlUrl, t.authHeaders, {
      name: 'doomed',
      body: 'fresh',
    });
    expect(recreated.data?.createPrompt).toMatchObject({ latestVersion: 1, labels: [] });
  });

  it('answers NOT_FOUND for the versions of an unknown prompt and BAD_USER_INPUT for a malformed name', async () => {
    const unknown = await addVersion(t.graphqlUrl, t.authHeaders, { name: 'nobody', body: 'x' });
    expect(firstError(unknown)).toMatchObject({
      code: 'NOT_FOUND',
      message: 'prompt "nobody" does not exist',
    });
    const malformed = await createPrompt(t.graphqlUrl, t.authHeaders, {
      name: '../etc/passwd',
      body: 'x',
    });
    expect(firstError(malformed)).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'name' },
    });
  });

  it('numbers concurrent new versions without gaps or duplicates', async () => {
    await createPrompt(t.graphqlUrl, t.authHeaders, { name: 'busy', body: 'v1' });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        addVersion(t.graphqlUrl, t.authHeaders, { name: 'busy', body: `v${i + 2}` }),
      ),
    );
    expect(results.map((r) => r.errors)).toEqual(Array(8).fill(undefined));
    const numbers = results
      .map((r) => r.data?.addPromptVersion.number)
      .sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(numbers).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
