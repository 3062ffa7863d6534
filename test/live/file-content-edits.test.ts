// fileContent with `edits: true` over SSE through a started server: a one-line
// disk edit in a 1 MB file travels as a small edit that rebuilds the new
// content; reloads (FULL) when edits would be larger, and on an unknown `since`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TextEdit } from '../../src/core/files/text-edits.ts';
import { contentVersion } from '../../src/core/files/file-snapshot.ts';
import { readEventStream, postEventStream } from '../utils/sse.ts';
import { applyEdits, saveWhole } from '../utils/text-edits.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

interface ContentEvent {
  sequence: string;
  kind: 'FULL' | 'EDITS' | 'DELETED';
  deleted: boolean;
  content: string | null;
  version: string | null;
  baseVersion: string | null;
  edits: TextEdit[] | null;
}

const query = `subscription($path: String!, $since: String) {
  fileContent(path: $path, edits: true, since: $since) {
    sequence kind deleted content version baseVersion
    edits { range { startLineNumber startColumn endLineNumber endColumn } text }
  }
}`;

const version = (text: string) => contentVersion(Buffer.from(text));

/** A 1 MB text of numbered lines. */
function bigText(): string {
  const lines: string[] = [];
  for (let size = 0, i = 0; size < 1024 * 1024; i++) {
    const line = `line ${i}: ${'x'.repeat(60)}`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

describe('fileContent edits', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  const save = (name: string, text: string) => saveWhole(t.projectRoot, name, text);

  async function follow(path: string, since?: string) {
    const controller = new AbortController();
    const response = await postEventStream(
      t.graphqlUrl,
      { query, variables: { path, since } },
      { headers: t.authHeaders, signal: controller.signal },
    );
    const events = readEventStream(response);
    return {
      /** The next event and the bytes of its SSE data line. */
      async next(): Promise<{ event: ContentEvent; bytes: number }> {
        const timeout = new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('no event within 10 s')), 10_000),
        );
        const result = await Promise.race([events.next(), timeout]);
        if (result.done) throw new Error('stream ended');
        const payload = JSON.parse(result.value.data) as {
          data?: { fileContent: ContentEvent };
          errors?: unknown;
        };
        if (!payload.data) throw new Error(`error event: ${result.value.data}`);
        return { event: payload.data.fileContent, bytes: Buffer.byteLength(result.value.data) };
      },
      close() {
        controller.abort();
        void events.return(undefined);
      },
    };
  }

  /** Applies events to `text` until it reaches `expected`, checking each against its base. */
  async function followUntil(
    stream: Awaited<ReturnType<typeof follow>>,
    text: string,
    expected: string,
  ) {
    const seen: Array<{ event: ContentEvent; bytes: number }> = [];
    let current = text;
    while (current !== expected) {
      const next = await stream.next();
      seen.push(next);
      const { event } = next;
      if (event.kind === 'EDITS') {
        expect(event.baseVersion).toBe(version(current));
        current = applyEdits(current, event.edits ?? []);
      } else {
        current = event.content ?? '';
      }
      expect(version(current)).toBe(event.version);
    }
    return seen;
  }

  it('sends a one-line disk edit in a 1 MB file as edits under 1 KB that rebuild the new content', async () => {
    const before = bigText();
    await save('big.txt', before);
    const stream = follow('big.txt');
    const feed = await stream;
    const first = await feed.next();
    expect(first.event).toMatchObject({ kind: 'FULL', content: before, version: version(before) });

    const after = before.replace('line 5000: x', 'line 5000: edited by hand, x');
    await save('big.txt', after);
    const seen = await followUntil(feed, before, after);
    const last = seen.at(-1);
    expect(last?.event.kind).toBe('EDITS');
    expect(last?.event.content).toBeNull();
    expect(last?.bytes).toBeLessThan(1024);
    feed.close();
  });

  it('says to reload (FULL) when the edits would be larger than the content', async () => {
    const before = 'alpha\nbeta\ngamma\n';
    await save('small.txt', before);
    const feed = await follow('small.txt');
    expect((await feed.next()).event).toMatchObject({ kind: 'FULL', content: before });
    const after = 'z';
    await save('small.txt', after);
    const seen = await followUntil(feed, before, after);
    expect(seen.at(-1)?.event).toMatchObject({ kind: 'FULL', content: 'z', edits: null });
    feed.close();
  });

  it('resumes from a known sequence or version with edits, and reloads on an unknown since', async () => {
    // Long enough that an edit is smaller than the content.
    const before = `one\ntwo\nthree\n${'filler line\n'.repeat(40)}`;
    await save('resume.txt', before);
    const feed = await follow('resume.txt');
    const first = (await feed.next()).event;
    expect(first.kind).toBe('FULL');
    feed.close();

    const after = before.replace('two', '2');
    await save('resume.txt', after);
    // The watcher reports the save; a stream opened after it starts from the new version.
    for (const since of [first.sequence, first.version ?? '']) {
      let resumed = await follow('resume.txt', since);
      let event = (await resumed.next()).event;
      while (event.version !== version(after)) {
        resumed.close(); // opened before the watcher saw the save: try again
        resumed = await follow('resume.txt', since);
        event = (await resumed.next()).event;
      }
      expect(event).toMatchObject({ kind: 'EDITS', baseVersion: version(before), content: null });
      expect(applyEdits(before, event.edits ?? [])).toBe(after);
      resumed.close();
    }

    const unknown = await follow('resume.txt', '1234567890');
    expect((await unknown.next()).event).toMatchObject({ kind: 'FULL', content: after });
    unknown.close();
  });

  it('keeps sending whole contents to clients that do not ask for edits', async () => {
    await save('plain.txt', 'a\nb\n');
    const response = await postEventStream(
      t.graphqlUrl,
      {
        query: 'subscription { fileContent(path: "plain.txt") { kind content edits { text } } }',
      },
      { headers: t.authHeaders },
    );
    const events = readEventStream(response);
    const first = await events.next();
    expect(JSON.parse(first.value?.data ?? '{}')).toMatchObject({
      data: { fileContent: { kind: 'FULL', content: 'a\nb\n', edits: null } },
    });
    await save('plain.txt', 'a\nB\n');
    for (;;) {
      const next = await events.next();
      const event = (
        JSON.parse(next.value?.data ?? '{}') as { data: { fileContent: ContentEvent } }
      ).data.fileContent;
      expect(event).toMatchObject({ kind: 'FULL', edits: null });
      if (event.content === 'a\nB\n') break;
    }
    await events.return(undefined);
  });
});
