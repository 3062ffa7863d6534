// fileChanges and fileContent through a started server, over both SSE
// protocols, with files written on disk by the test.
import { getEventListeners } from 'node:events';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { pathChangesPublished } from '../utils/wait-for.ts';
import { readEventStream, type ServerSentEvent, postEventStream } from '../utils/sse.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

interface ChangeEvent {
  sequence: string;
  kind: string;
  path: string;
  oldPath: string | null;
  version: string | null;
  origin: string;
}

const changesQuery = `subscription($pathPrefix: String! = "", $since: String) {
  fileChanges(pathPrefix: $pathPrefix, since: $since) { sequence kind path oldPath version origin }
}`;

/** Opens a Yoga SSE subscription with a raw fetch, as a browser would. */
async function subscribe(
  t: TestServer,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const controller = new AbortController();
  const response = await postEventStream(
    t.graphqlUrl,
    { query: changesQuery, variables },
    { headers: { ...t.authHeaders, ...headers }, signal: controller.signal },
  );
  // fetch resolves with the response headers, which Yoga sends only once the
  // subscription (shared or not) is in place: nothing published after this is missed.
  const events = readEventStream(response);
  return {
    async next(): Promise<{ event: ServerSentEvent; change: ChangeEvent }> {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('no event within 5 s')), 5_000),
      );
      const result = await Promise.race([events.next(), timeout]);
      if (result.done) throw new Error('stream ended');
      const payload = JSON.parse(result.value.data) as { data: { fileChanges: ChangeEvent } };
      return { event: result.value, change: payload.data.fileChanges };
    },
    close() {
      controller.abort();
      void events.return(undefined);
    },
  };
}

/** The bus's subscriber count once earlier tests' closed streams are gone. */
async function settledSubscribers(t: TestServer): Promise<number> {
  const { bus } = t.server.services;
  let last = -1;
  for (let stable = 0; stable < 5;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = bus.stats().subscribers;
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
  return last;
}

describe('fileChanges', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    const since = t.server.services.bus.currentSequence();
    await mkdir(join(t.projectRoot, 'src'));
    await writeFile(join(t.projectRoot, 'src', 'app.ts'), 'v1');
    // The watcher reports the setup before any test subscribes.
    await pathChangesPublished(t.server.services.bus, since, ['src', 'src/app.ts']);
  });
  afterAll(() => t.stop());

  it('streams a disk write as MODIFIED with its version, the SSE id being its sequence', async () => {
    const sub = await subscribe(t);
    await writeFile(join(t.projectRoot, 'src', 'app.ts'), 'v2');
    const { event, change } = await sub.next();
    expect(change).toMatchObject({ kind: 'MODIFIED', path: 'src/app.ts', origin: 'disk' });
    expect(change.version).toMatch(/^[0-9a-f]{64}$/);
    expect(event.id).toBe(change.sequence);
    sub.close();
  });

  it('reports creation, rename and deletion', async () => {
    const sub = await subscribe(t);
    await writeFile(join(t.projectRoot, 'notes.md'), 'hello');
    expect((await sub.next()).change).toMatchObject({ kind: 'CREATED', path: 'notes.md' });
    await rename(join(t.projectRoot, 'notes.md'), join(t.projectRoot, 'src', 'notes.md'));
    expect((await sub.next()).change).toMatchObject({
      kind: 'MOVED',
      path: 'src/notes.md',
      oldPath: 'notes.md',
    });
    await rm(join(t.projectRoot, 'src', 'notes.md'));
    expect((await sub.next()).change).toMatchObject({ kind: 'DELETED', path: 'src/notes.md' });
    sub.close();
  });

  it('filters by pathPrefix', async () => {
    const sub = await subscribe(t, { pathPrefix: 'docs' });
    await mkdir(join(t.projectRoot, 'docs'), { recursive: true });
    expect((await sub.next()).change).toMatchObject({ kind: 'CREATED', path: 'docs' });
    await writeFile(join(t.projectRoot, 'src', 'app.ts'), 'outside the prefix');
    await writeFile(join(t.projectRoot, 'docs', 'guide.md'), 'inside');
    expect((await sub.next()).change).toMatchObject({ kind: 'CREATED', path: 'docs/guide.md' });
    sub.close();
  });

  it('replays exactly the missed events to a client that reconnects with `since`', async () => {
    const first = await subscribe(t);
    await writeFile(join(t.projectRoot, 'src', 'app.ts'), 'seen');
    // The server is shared: late events of earlier tests may come first.
    let seen = (await first.next()).change;
    while (seen.path !== 'src/app.ts') seen = (await first.next()).change;
    first.close(); // the client goes away mid-stream
    const away = t.server.services.bus.currentSequence();
    await writeFile(join(t.projectRoot, 'missed-1.txt'), '1');
    await writeFile(join(t.projectRoot, 'missed-2.txt'), '2');
    await pathChangesPublished(t.server.services.bus, away, ['missed-1.txt', 'missed-2.txt']);
    const again = await subscribe(t, { since: seen.sequence });
    // Every replayed event comes after the one resumed from; on a loaded
    // machine the write's trailing MODIFIED of src/app.ts (the watcher saw the
    // truncation, then the bytes) is among them, before the files made while away.
    const replayed: ChangeEvent[] = [];
    while (replayed.length < 2) {
      const { change } = await again.next();
      expect(BigInt(change.sequence)).toBeGreaterThan(BigInt(seen.sequence));
      if (change.path === 'src/app.ts') expect(change.kind).toBe('MODIFIED');
      else replayed.push(change);
    }
    expect(replayed.map((c) => [c.kind, c.path])).toEqual([
      ['CREATED', 'missed-1.txt'],
      ['CREATED', 'missed-2.txt'],
    ]);
    await writeFile(join(t.projectRoot, 'live.txt'), 'after');
    expect((await again.next()).change).toMatchObject({ kind: 'CREATED', path: 'live.txt' });
    again.close();
  });

  it('resumes from the SSE Last-Event-ID header as EventSource sends it', async () => {
    const first = await subscribe(t);
    await writeFile(join(t.projectRoot, 'src', 'app.ts'), 'before reconnect');
    // The server is shared: late events of earlier tests may come first.
    let seen = await first.next();
    while (seen.change.path !== 'src/app.ts') seen = await first.next();
    first.close();
    const away = t.server.services.bus.currentSequence();
    await writeFile(join(t.projectRoot, 'while-away.txt'), 'x');
    await pathChangesPublished(t.server.services.bus, away, ['while-away.txt']);
    const again = await subscribe(t, {}, { 'last-event-id': seen.event.id ?? '' });
    // Replayed from just after the event resumed from: on a loaded machine the
    // write's trailing MODIFIED (the watcher saw the truncation, then the bytes)
    // may come before the file made while away.
    let resumed = await again.next();
    expect(BigInt(resumed.change.sequence)).toBeGreaterThan(BigInt(seen.change.sequence));
    while (resumed.change.path === 'src/app.ts') resumed = await again.next();
    expect(resumed.change).toMatchObject({ kind: 'CREATED', path: 'while-away.txt' });
    again.close();
  });

  it('sends RESYNC for a sequence it cannot replay', async () => {
    const sub = await subscribe(t, { since: '12345' });
    expect((await sub.next()).change).toMatchObject({ kind: 'RESYNC' });
    sub.close();
  });

  it('streams to the graphql-sse client in single-connection mode', async () => {
    const client = createClient({
      url: t.graphqlUrl,
      headers: t.authHeaders,
      singleConnection: true,
      retryAttempts: 0,
    });
    try {
      const iterator = client.iterate<{ fileChanges: ChangeEvent }>({ query: changesQuery });
      const first = iterator.next();
      // The client cannot tell when its subscription is in place: create a new
      // file until one comes through; the first to arrive is its CREATED.
      let probes = 0;
      await vi.waitFor(
        async () => {
          await writeFile(join(t.projectRoot, `via-graphql-sse-${probes++}.txt`), 'x');
          const arrived = await Promise.race([
            first.then(() => true),
            new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 200)),
          ]);
          expect(arrived).toBe(true);
        },
        { timeout: 10_000, interval: 0 },
      );
      const result = await first;
      expect(result.value?.data?.fileChanges).toMatchObject({ kind: 'CREATED' });
      expect(result.value?.data?.fileChanges.path).toMatch(/^via-graphql-sse-\d+\.txt$/);
      await iterator.return?.();
    } finally {
      client.dispose();
    }
  });

  it('shares one execution between subscribers of the same live feed, and none with a resuming one', async () => {
    const { bus } = t.server.services;
    const base = await settledSubscribers(t);
    const a = await subscribe(t);
    const b = await subscribe(t);
    expect(bus.stats().subscribers - base).toBe(1);
    const resuming = await subscribe(t, { since: bus.currentSequence() });
    expect(bus.stats().subscribers - base).toBe(2);
    await writeFile(join(t.projectRoot, 'shared.txt'), 's');
    for (const sub of [a, b, resuming]) {
      expect((await sub.next()).change).toMatchObject({ kind: 'CREATED', path: 'shared.txt' });
    }
    a.close();
    await writeFile(join(t.projectRoot, 'shared.txt'), 's2');
    expect((await b.next()).change).toMatchObject({ kind: 'MODIFIED', path: 'shared.txt' });
    b.close();
    resuming.close();
    const deadline = Date.now() + 2_000;
    while (bus.stats().subscribers > base && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(bus.stats().subscribers).toBe(base);
  });

  it('publishes API writes once, with their origin, and drops the watcher echo', async () => {
    // Its own folder, so late events of earlier tests cannot interleave.
    const sub = await subscribe(t, { pathPrefix: 'api' });
    const write = await gql<{ writeFile: { version: string } }>(
      t.graphqlUrl,
      'mutation { writeFile(input: { path: "api/new.md", content: "from the API" }) { version } }',
      {},
      t.authHeaders,
    );
    expect(write.errors).toBeUndefined();
    const folder = (await sub.next()).change;
    expect(folder).toMatchObject({ kind: 'CREATED', path: 'api', origin: 'graphql' });
    const created = (await sub.next()).change;
    expect(created).toMatchObject({
      kind: 'CREATED',
      path: 'api/new.md',
      origin: 'graphql',
      version: write.data?.writeFile.version,
    });
    expect((created as ChangeEvent & { requestId?: string }).origin).toBe('graphql');
    await gql(
      t.graphqlUrl,
      'mutation { movePath(from: "api/new.md", to: "api/moved.md") { path } }',
      {},
      t.authHeaders,
    );
    expect((await sub.next()).change).toMatchObject({
      kind: 'MOVED',
      path: 'api/moved.md',
      oldPath: 'api/new.md',
      origin: 'graphql',
    });
    await gql(t.graphqlUrl, 'mutation { deletePath(path: "api/moved.md") }', {}, t.authHeaders);
    expect((await sub.next()).change).toMatchObject({
      kind: 'DELETED',
      path: 'api/moved.md',
      origin: 'graphql',
    });
    await gql(t.graphqlUrl, 'mutation { deletePath(path: "api") }', {}, t.authHeaders);
    expect((await sub.next()).change).toMatchObject({
      kind: 'DELETED',
      path: 'api',
      origin: 'graphql',
    });
    // The watcher saw all of that too; its echoes must not follow. The next
    // event is an unrelated disk write.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await mkdir(join(t.projectRoot, 'api'));
    const next = (await sub.next()).change;
    expect(next).toMatchObject({ kind: 'CREATED', path: 'api', origin: 'disk' });
    sub.close();
  });

  it('reports the watcher, its watches, its limit and its excludes as a query', async () => {
    const result = await gql<{ watcherStatus: Record<string, unknown> }>(
      t.graphqlUrl,
      '{ watcherStatus { state backend ready foldersWatched foldersPolled watchLimit excludes resyncs } }',
      {},
      t.authHeaders,
    );
    const limit = await readFile('/proc/sys/fs/inotify/max_user_watches', 'utf8');
    expect(result.data?.watcherStatus).toEqual({
      state: 'WATCHING',
      backend: 'inotify',
      ready: true,
      foldersWatched: expect.any(Number) as number,
      foldersPolled: 0,
      watchLimit: Number(limit.trim()),
      excludes: ['.git/objects', 'node_modules'],
      resyncs: 0,
    });
    expect(result.data?.watcherStatus.foldersWatched).toBeGreaterThanOrEqual(1);
  });

  it('applies a new watcher.ignore setting live', async () => {
    const since = t.server.services.bus.currentSequence();
    await mkdir(join(t.projectRoot, 'generated'), { recursive: true });
    await pathChangesPublished(t.server.services.bus, since, ['generated']);
    const result = await gql(
      t.graphqlUrl,
      `mutation { updateSettings(changes: [{ key: "watcher.ignore", value: [".git", "node_modules", "generated"] }]) { key } }`,
      {},
      t.authHeaders,
    );
    expect(result.errors).toBeUndefined();
    // The setting restarts the watcher with the new rules; it says so once done.
    await vi.waitFor(
      () =>
        expect(t.logs().some((line) => line.msg === 'file watcher ignore rules changed')).toBe(
          true,
        ),
      { timeout: 10_000 },
    );
    const sub = await subscribe(t);
    await writeFile(join(t.projectRoot, 'generated', 'out.js'), 'ignored now');
    await writeFile(join(t.projectRoot, 'watched.txt'), 'still watched');
    expect((await sub.next()).change).toMatchObject({ kind: 'CREATED', path: 'watched.txt' });
    sub.close();
  });

  it('refuses a prefix that leaves the project root', async () => {
    const response = await postEventStream(
      t.graphqlUrl,
      { query: changesQuery, variables: { pathPrefix: '../etc' } },
      { headers: t.authHeaders },
    );
    const text = await response.text();
    expect(text).toContain('"code":"FORBIDDEN"');
  });

  it('frees every subscription after 1,000 subscribe/unsubscribe cycles', async () => {
    const { bus, shutdown } = t.server.services;
    // The server's own followers (token revocations) stay subscribed throughout.
    const idle = await settledSubscribers(t);
    const listenersBefore = getEventListeners(shutdown, 'abort').length;
    for (let i = 0; i < 1_000; i++) {
      const controller = new AbortController();
      const response = await postEventStream(
        t.graphqlUrl,
        { query: changesQuery },
        { headers: t.authHeaders, signal: controller.signal },
      );
      const reader = response.body?.getReader();
      await reader?.read();
      controller.abort();
      await reader?.cancel().catch(() => {});
    }
    // Give the server a moment to see the last connections close.
    const deadline = Date.now() + 5_000;
    while (bus.stats().subscribers > idle && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(bus.stats().subscribers).toBe(idle);
    expect(getEventListeners(shutdown, 'abort').length).toBe(listenersBefore);
  });
});

describe('fileContent', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  const contentQuery = `subscription($path: String!) {
    fileContent(path: $path) { sequence path deleted content version }
  }`;

  it('sends the content first, each new version, a deletion, and the file again when it returns', async () => {
    const path = join(t.projectRoot, 'live.md');
    await writeFile(path, 'first');
    const response = await postEventStream(
      t.graphqlUrl,
      { query: contentQuery, variables: { path: 'live.md' } },
      { headers: t.authHeaders },
    );
    const events = readEventStream(response);
    const next = async () => {
      const result = await events.next();
      return (
        JSON.parse(result.value?.data ?? '{}') as { data: { fileContent: Record<string, unknown> } }
      ).data.fileContent;
    };
    // writeFile truncates, then writes: on a loaded machine the watcher may
    // read the file in between and send that (empty) version first.
    const nextWritten = async () => {
      let update = await next();
      while (update.content === '') update = await next();
      return update;
    };
    expect(await next()).toMatchObject({ path: 'live.md', deleted: false, content: 'first' });
    await writeFile(path, 'second');
    expect(await nextWritten()).toMatchObject({ deleted: false, content: 'second' });
    await rm(path);
    expect(await next()).toMatchObject({ deleted: true, content: null, version: null });
    await writeFile(path, 'back again');
    expect(await nextWritten()).toMatchObject({ deleted: false, content: 'back again' });
    await events.return(undefined);
  });

  it('starts with deleted: true for a file that does not exist yet', async () => {
    const response = await postEventStream(
      t.graphqlUrl,
      { query: contentQuery, variables: { path: 'later.txt' } },
      { headers: t.authHeaders },
    );
    const events = readEventStream(response);
    const first = await events.next();
    expect(JSON.parse(first.value?.data ?? '{}')).toMatchObject({
      data: { fileContent: { deleted: true } },
    });
    await writeFile(join(t.projectRoot, 'later.txt'), 'now');
    const second = await events.next();
    expect(JSON.parse(second.value?.data ?? '{}')).toMatchObject({
      data: { fileContent: { deleted: false, content: 'now' } },
    });
    await events.return(undefined);
  });

  it('frees its subscription as soon as a client leaves a quiet stream', async () => {
    await writeFile(join(t.projectRoot, 'quiet.txt'), 'nothing happens here');
    const before = await settledSubscribers(t);
    const controller = new AbortController();
    const response = await postEventStream(
      t.graphqlUrl,
      { query: contentQuery, variables: { path: 'quiet.txt' } },
      { headers: t.authHeaders, signal: controller.signal },
    );
    const events = readEventStream(response);
    await events.next();
    expect(t.server.services.bus.stats().subscribers).toBe(before + 1);
    controller.abort();
    await events.return(undefined);
    // No event ever comes for quiet.txt: the subscription must end anyway.
    expect(await settledSubscribers(t)).toBe(before);
  });

  it('refuses the project root and escaping paths before streaming', async () => {
    for (const [path, code] of [
      ['', 'BAD_USER_INPUT'],
      ['../secret', 'FORBIDDEN'],
      ['a\0b', 'BAD_USER_INPUT'],
    ] as const) {
      const response = await postEventStream(
        t.graphqlUrl,
        { query: contentQuery, variables: { path } },
        { headers: t.authHeaders },
      );
      expect(await response.text()).toContain(`"code":"${code}"`);
    }
  });
});
