// promptChanged through real SSE clients, both protocols.
import { createClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { readEventStream, take, postEventStream } from '../utils/sse.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { addVersion, createPrompt } from './prompt-api.ts';

interface ChangeEvent {
  sequence: string;
  kind: string;
  name: string | null;
  version: number | null;
  label: string | null;
  by: string | null;
}

const subscription = `subscription($name: String, $since: String) {
  promptChanged(name: $name, since: $since) { sequence kind name version label by }
}`;

describe('promptChanged', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  /** Resolves once the bus holds more subscribers than `before`: the subscription is live. */
  async function subscribed(before: number): Promise<void> {
    for (let i = 0; i < 200 && t.server.services.bus.stats().subscribers <= before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(t.server.services.bus.stats().subscribers).toBeGreaterThan(before);
  }

  it('streams the changes of one prompt to a graphql-sse client, in order', async () => {
    const client = createClient({ url: t.graphqlUrl, headers: t.authHeaders, retryAttempts: 0 });
    const before = t.server.services.bus.stats().subscribers;
    const events: ChangeEvent[] = [];
    const done = (async () => {
      for await (const result of client.iterate({
        query: subscription,
        variables: { name: 'watched' },
      })) {
        events.push((result.data as { promptChanged: ChangeEvent }).promptChanged);
        if (events.length === 6) break;
      }
    })();
    try {
      await subscribed(before);
      await createPrompt(t.graphqlUrl, t.authHeaders, { name: 'other', body: 'not watched' });
      await createPrompt(t.graphqlUrl, t.authHeaders, {
        name: 'watched',
        body: 'one',
        labels: ['production'],
      });
      await addVersion(t.graphqlUrl, t.authHeaders, { name: 'watched', body: 'two' });
      await gql(
        t.graphqlUrl,
        'mutation { setPromptLabel(name: "watched", label: "production", version: 2) { name } }',
        {},
        t.authHeaders,
      );
      await gql(
        t.graphqlUrl,
        'mutation { updatePrompt(input: { name: "watched", tags: ["x"] }) { name } }',
        {},
        t.authHeaders,
      );
      await gql(t.graphqlUrl, 'mutation { deletePrompt(name: "watched") }', {}, t.authHeaders);
      await done;
    } finally {
      client.dispose();
    }
    expect(
      events.map(({ kind, name, version, label, by }) => ({ kind, name, version, label, by })),
    ).toEqual([
      { kind: 'CREATED', name: 'watched', version: 1, label: null, by: 'admin-token' },
      { kind: 'LABEL_SET', name: 'watched', version: 1, label: 'production', by: 'admin-token' },
      { kind: 'VERSION_ADDED', name: 'watched', version: 2, label: null, by: 'admin-token' },
      { kind: 'LABEL_SET', name: 'watched', version: 2, label: 'production', by: 'admin-token' },
      { kind: 'UPDATED', name: 'watched', version: null, label: null, by: 'admin-token' },
      { kind: 'DELETED', name: 'watched', version: null, label: null, by: 'admin-token' },
    ]);
    const sequences = events.map((e) => BigInt(e.sequence));
    expect([...sequences].sort((a, b) => (a < b ? -1 : 1))).toEqual(sequences);
  });

  it('replays what followed `since` over Yoga SSE, with the sequence as the event id', async () => {
    const first = await createPrompt(t.graphqlUrl, t.authHeaders, { name: 'resumed', body: 'a' });
    expect(first.errors).toBeUndefined();
    const before = t.server.services.bus.stats().subscribers;
    const live = await postEventStream(
      t.graphqlUrl,
      { query: subscription, variables: { name: 'resumed' } },
      { headers: t.authHeaders },
    );
    const liveEvents = take(readEventStream(live), 1);
    await subscribed(before);
    await addVersion(t.graphqlUrl, t.authHeaders, { name: 'resumed', body: 'b' });
    const [seen] = await liveEvents;
    const seenEvent = (JSON.parse(seen?.data ?? '{}') as { data: { promptChanged: ChangeEvent } })
      .data.promptChanged;
    expect(seenEvent).toMatchObject({ kind: 'VERSION_ADDED', version: 2 });
    expect(seen?.id).toBe(seenEvent.sequence);

    await addVersion(t.graphqlUrl, t.authHeaders, { name: 'resumed', body: 'c' });
    await addVersion(t.graphqlUrl, t.authHeaders, { name: 'resumed', body: 'd' });
    const resumed = await postEventStream(
      t.graphqlUrl,
      {
        query: subscription,
        variables: { name: 'resumed', since: seenEvent.sequence },
      },
      { headers: t.authHeaders },
    );
    const replayed = await take(readEventStream(resumed), 2);
    expect(
      replayed.map(
        (e) =>
          (JSON.parse(e.data) as { data: { promptChanged: ChangeEvent } }).data.promptChanged
            .version,
      ),
    ).toEqual([3, 4]);
  });

  it('sends RESYNC for a sequence it does not know', async () => {
    const response = await postEventStream(
      t.graphqlUrl,
      { query: subscription, variables: { since: '12' } },
      { headers: t.authHeaders },
    );
    const [event] = await take(readEventStream(response), 1);
    expect(
      (JSON.parse(event?.data ?? '{}') as { data: { promptChanged: ChangeEvent } }).data
        .promptChanged,
    ).toMatchObject({
      kind: 'RESYNC',
      name: null,
    });
  });

  it('reports an import as changes, and a repeated import as none', async () => {
    const { mkdir, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    await mkdir(join(t.projectRoot, 'prompts'), { recursive: true });
    await writeFile(
      join(t.projectRoot, 'prompts/imported.md'),
      '---\nlabels: [production]\n---\nhi\n',
    );
    const start = t.server.services.bus.currentSequence();
    await gql(t.graphqlUrl, 'mutation { importPrompts { folder } }', {}, t.authHeaders);
    const middle = t.server.services.bus.currentSequence();
    await gql(t.graphqlUrl, 'mutation { importPrompts { folder } }', {}, t.authHeaders);
    // The bus numbers every topic's events; the first prompt event after the
    // repeated import must be this marker, not anything from the import.
    await createPrompt(t.graphqlUrl, t.authHeaders, { name: 'marker', body: 'm' });
    const afterRepeat = await postEventStream(
      t.graphqlUrl,
      { query: subscription, variables: { since: middle } },
      { headers: t.authHeaders },
    );
    const [next] = await take(readEventStream(afterRepeat), 1);
    expect(
      (JSON.parse(next?.data ?? '{}') as { data: { promptChanged: ChangeEvent } }).data
        .promptChanged,
    ).toMatchObject({ kind: 'CREATED', name: 'marker' });

    const response = await postEventStream(
      t.graphqlUrl,
      { query: subscription, variables: { name: 'imported', since: start } },
      { headers: t.authHeaders },
    );
    const events = await take(readEventStream(response), 2);
    expect(
      events.map((e) => {
        const change = (JSON.parse(e.data) as { data: { promptChanged: ChangeEvent } }).data
          .promptChanged;
        return [change.kind, change.label];
      }),
    ).toEqual([
      ['CREATED', null],
      ['LABEL_SET', 'production'],
    ]);
  });
});
