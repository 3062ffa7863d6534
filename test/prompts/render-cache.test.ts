// Rendering answers from resolved versions kept in memory; every change to the
// library, made here or announced on the bus by another instance, is seen by
// the very next render.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promptChangesTopic } from '../../src/core/prompts/change-event.ts';
import * as repository from '../../src/core/prompts/repository.ts';
import { gql } from '../utils/graphql.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { addVersion, createPrompt, getRenderedPrompt, render } from './prompt-api.ts';

describe('rendering from remembered versions', () => {
  let t: TestServer;
  const texts = async (name: string) => {
    const [byLabel, newest, first, overGrpc] = await Promise.all([
      render(t.graphqlUrl, t.authHeaders, { name, label: 'production' }),
      render(t.graphqlUrl, t.authHeaders, { name, label: 'latest' }),
      render(t.graphqlUrl, t.authHeaders, { name, version: 1 }),
      getRenderedPrompt(t.grpcTarget, t.token, { name, label: 'production' }),
    ]);
    return {
      byLabel: byLabel.data?.renderPrompt.text ?? byLabel.errors?.[0]?.extensions?.code,
      newest: newest.data?.renderPrompt.text ?? newest.errors?.[0]?.extensions?.code,
      newestLabels: newest.data?.renderPrompt.labels,
      first: first.data?.renderPrompt.text ?? first.errors?.[0]?.extensions?.code,
      overGrpc: overGrpc.text,
    };
  };

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('renders a change made through the API on the next call, on both transports', async () => {
    await createPrompt(t.graphqlUrl, t.authHeaders, {
      name: 'greet',
      body: 'one',
      labels: ['production'],
    });
    // Twice: the second answer comes from memory.
    expect(await texts('greet')).toEqual(await texts('greet'));
    expect(await texts('greet')).toMatchObject({ byLabel: 'one', newest: 'one', first: 'one' });

    await addVersion(t.graphqlUrl, t.authHeaders, { name: 'greet', body: 'two' });
    expect(await texts('greet')).toMatchObject({
      byLabel: 'one',
      newest: 'two',
      newestLabels: ['latest'],
      first: 'one',
      overGrpc: 'one',
    });

    const moved = await gql(
      t.graphqlUrl,
      'mutation { setPromptLabel(name: "greet", label: "production", version: 2) { name } }',
      {},
      t.authHeaders,
    );
    expect(moved.errors).toBeUndefined();
    expect(await texts('greet')).toMatchObject({
      byLabel: 'two',
      newestLabels: ['latest', 'production'],
      overGrpc: 'two',
    });

    const deleted = await gql(
      t.graphqlUrl,
      'mutation { deletePrompt(name: "greet") }',
      {},
      t.authHeaders,
    );
    expect(deleted.errors).toBeUndefined();
    const afterDelete = await render(t.graphqlUrl, t.authHeaders, { name: 'greet' });
    expect(afterDelete.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('forgets what it knew when another instance announces a change on the bus', async () => {
    await createPrompt(t.graphqlUrl, t.authHeaders, {
      name: 'shared',
      body: 'before',
      labels: ['production'],
    });
    expect((await texts('shared')).byLabel).toBe('before');
    // Another instance writes the database and publishes; nothing here is told directly.
    const { db, bus } = t.server.services;
    const { number } = await repository.addVersion(
      db,
      'shared',
      {
        body: 'after',
        messages: null,
        config: {},
        variables: [],
        message: '',
        labels: ['production'],
      },
      { id: 'elsewhere', mayMoveProtected: false },
    );
    // Until it is announced, renders answer from memory: the database is not read again.
    expect(await texts('shared')).toMatchObject({ byLabel: 'before', overGrpc: 'before' });
    await bus.publish(promptChangesTopic, {
      kind: 'VERSION_ADDED',
      name: 'shared',
      version: number,
      by: 'elsewhere',
    });
    // The bus delivers asynchronously: poll for the awaited answer.
    const deadline = Date.now() + 5000;
    let seen = await texts('shared');
    while (seen.byLabel !== 'after' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await texts('shared');
    }
    expect(seen).toMatchObject({ byLabel: 'after', newest: 'after', overGrpc: 'after' });
  });
});
