// fileChanges with filters (include, exclude, kinds, respectGitignore) and the
// entry each event carries, through a started server over SSE, with files
// changed on disk by the test. A filter that should hold an event back is
// shown to: the test waits until the server has published the change, then
// makes one the filter lets through, which must be the next event.
import { appendFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentVersion } from '../../src/core/files/file-snapshot.ts';
import type { FileChange } from '../../src/core/watch/file-change.ts';
import { gql } from '../utils/graphql.ts';
import { readEventStream, take, postEventStream } from '../utils/sse.ts';
import { openSseFeed, spyOnFileChanges, waitUntil, type BusSpy } from '../utils/file-feeds.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

interface Entry {
  kind: string;
  size: number;
  mtime: string;
}

interface ChangeEvent {
  kind: string;
  path: string;
  oldPath: string | null;
  version: string | null;
  origin: string;
  entry: Entry | null;
}

const changesQuery = `subscription(
  $pathPrefix: String! = "", $include: [String!], $exclude: [String!],
  $kinds: [FileChangeKind!], $respectGitignore: Boolean
) {
  fileChanges(pathPrefix: $pathPrefix, include: $include, exclude: $exclude,
              kinds: $kinds, respectGitignore: $respectGitignore) {
    kind path oldPath version origin entry { kind size mtime }
  }
}`;

/** Folders each test works in, made before the watcher starts reporting. */
const folders = [
  'inc/src',
  'inc/docs',
  'exc/build',
  'kinds',
  'moves/src',
  'moves/other',
  'git/dist',
  'git/pkg/generated',
  'entries',
  'shared',
];

describe('fileChanges filters', () => {
  let t: TestServer;
  let spy: BusSpy;
  const at = (...parts: string[]) => join(t.projectRoot, ...parts);
  /** Waits until the server has published a change at `path` (of `kind`, when given). */
  const published = (path: string, kind?: FileChange['kind']): Promise<FileChange> =>
    spy.published(
      (c) => c.path === path && (!kind || c.kind === kind),
      `${kind ?? 'a change'} at ${path}`,
    );
  const feed = (variables: Record<string, unknown>, options?: { shared?: boolean }) =>
    openSseFeed<ChangeEvent>(t, changesQuery, variables, options);
  /** Waits until the bus published `path` at `content`'s version, then reads the feed up to it. */
  const drainUntilVersion = async (
    sub: { next(): Promise<ChangeEvent> },
    path: string,
    content: string,
  ) => {
    const version = contentVersion(Buffer.from(content));
    const carried = await spy.published(
      (c) => c.path === path && c.version === version,
      `${path} at ${content}`,
    );
    // Already read: the CREATED carried the bytes.
    if (carried.kind === 'CREATED') return;
    for (let event = await sub.next(); event.path !== path || event.version !== version;) {
      event = await sub.next();
    }
  };

  beforeAll(async () => {
    t = await startTestServer();
    spy = spyOnFileChanges(t.server.services.bus);
    for (const folder of folders) await mkdir(at(folder), { recursive: true });
    await writeFile(at('git', '.gitignore'), 'dist/\n*.tmp\n');
    await writeFile(at('git', 'pkg', '.gitignore'), 'generated\n');
    await writeFile(at('moves', 'src', 'leaving.txt'), 'leaving');
    await writeFile(at('moves', 'other', 'arriving.txt'), 'arriving');
    await writeFile(at('kinds', 'doomed.txt'), 'doomed');
    // Whatever the watcher makes of the set-up (it may be late), it is over
    // once a file written after it has been published.
    await writeFile(at('setup-done'), '');
    await published('setup-done');
  });
  afterAll(async () => {
    await spy.close();
    await t.stop();
  });

  it('include: only matching paths; a glob without / matches the name at any depth', async () => {
    const sub = await feed({ pathPrefix: 'inc', include: ['*.ts'] });
    await writeFile(at('inc', 'src', 'notes.md'), 'not included');
    await published('inc/src/notes.md');
    await writeFile(at('inc', 'src', 'app.ts'), 'included');
    expect(await sub.next()).toMatchObject({ kind: 'CREATED', path: 'inc/src/app.ts' });
    await sub.close();
  });

  it('include: a glob with / matches the whole path, and covers what is inside a matched folder', async () => {
    const sub = await feed({ include: ['inc/docs'] });
    await writeFile(at('inc', 'src', 'other.ts'), 'outside');
    await published('inc/src/other.ts');
    await writeFile(at('inc', 'docs', 'guide.md'), 'inside');
    expect(await sub.next()).toMatchObject({ kind: 'CREATED', path: 'inc/docs/guide.md' });
    await sub.close();
  });

  it('exclude: matched paths and everything inside matched folders are left out', async () => {
    const sub = await feed({ pathPrefix: 'exc', exclude: ['build', '*.log'] });
    await writeFile(at('exc', 'build', 'out.js'), 'built');
    await writeFile(at('exc', 'debug.log'), 'log');
    await published('exc/build/out.js');
    await published('exc/debug.log');
    await writeFile(at('exc', 'kept.txt'), 'kept');
    expect(await sub.next()).toMatchObject({ kind: 'CREATED', path: 'exc/kept.txt' });
    await sub.close();
  });

  it('kinds: only the kinds asked for', async () => {
    const sub = await feed({ pathPrefix: 'kinds', kinds: ['DELETED'] });
    await writeFile(at('kinds', 'brief.txt'), 'made');
    await published('kinds/brief.txt', 'CREATED');
    await writeFile(at('kinds', 'doomed.txt'), 'changed');
    await published('kinds/doomed.txt', 'MODIFIED');
    await rm(at('kinds', 'doomed.txt'));
    expect(await sub.next()).toMatchObject({
      kind: 'DELETED',
      path: 'kinds/doomed.txt',
      entry: null,
    });
    await sub.close();
  });

  it('a move into the filter reads as CREATED, out of it as DELETED, and kinds see it so', async () => {
    const sub = await feed({ include: ['moves/src/**'] });
    const created = await feed({ include: ['moves/src/**'], kinds: ['CREATED'] });
    await rename(at('moves', 'other', 'arriving.txt'), at('moves', 'src', 'arriving.txt'));
    const arrived = await sub.next();
    expect(arrived).toMatchObject({
      kind: 'CREATED',
      path: 'moves/src/arriving.txt',
      oldPath: null,
    });
    expect(arrived.entry).toMatchObject({ kind: 'FILE', size: 'arriving'.length });
    expect(await created.next()).toMatchObject({ kind: 'CREATED', path: 'moves/src/arriving.txt' });
    await rename(at('moves', 'src', 'leaving.txt'), at('moves', 'other', 'leaving.txt'));
    expect(await sub.next()).toMatchObject({
      kind: 'DELETED',
      path: 'moves/src/leaving.txt',
      oldPath: null,
      version: null,
      entry: null,
    });
    // The move within the filter stays a MOVED, which `created` does not take.
    await rename(at('moves', 'src', 'arriving.txt'), at('moves', 'src', 'settled.txt'));
    expect(await sub.next()).toMatchObject({
      kind: 'MOVED',
      path: 'moves/src/settled.txt',
      oldPath: 'moves/src/arriving.txt',
    });
    await writeFile(at('moves', 'src', 'new.txt'), 'new');
    expect(await created.next()).toMatchObject({ kind: 'CREATED', path: 'moves/src/new.txt' });
    await sub.close();
    await created.close();
  });

  it('respectGitignore: leaves out what .gitignore files at any depth ignore, and follows edits to them', async () => {
    const sub = await feed({ pathPrefix: 'git', respectGitignore: true });
    await writeFile(at('git', 'dist', 'bundle.js'), 'ignored by git/.gitignore');
    await writeFile(at('git', 'scratch.tmp'), 'ignored too');
    await writeFile(at('git', 'pkg', 'generated', 'api.ts'), 'ignored by git/pkg/.gitignore');
    await published('git/dist/bundle.js');
    await published('git/scratch.tmp');
    await published('git/pkg/generated/api.ts');
    await writeFile(at('git', 'pkg', 'index.ts'), 'tracked');
    expect(await sub.next()).toMatchObject({ kind: 'CREATED', path: 'git/pkg/index.ts' });
    // A quick watcher may see it created empty, then its bytes as a MODIFIED.
    await drainUntilVersion(sub, 'git/pkg/index.ts', 'tracked');

    // A new rule applies from the change that adds it on.
    await appendFile(at('git', 'pkg', '.gitignore'), 'index.ts\n');
    expect(await sub.next()).toMatchObject({ kind: 'MODIFIED', path: 'git/pkg/.gitignore' });
    await writeFile(at('git', 'pkg', 'index.ts'), 'now ignored');
    await published('git/pkg/index.ts', 'MODIFIED');
    await writeFile(at('git', 'pkg', 'main.ts'), 'tracked');
    expect(await sub.next()).toMatchObject({ kind: 'CREATED', path: 'git/pkg/main.ts' });
    await drainUntilVersion(sub, 'git/pkg/main.ts', 'tracked');

    // Without the option, the same feed hears of everything.
    const all = await feed({ pathPrefix: 'git' });
    await writeFile(at('git', 'dist', 'bundle.js'), 'changed');
    expect(await all.next()).toMatchObject({ kind: 'MODIFIED', path: 'git/dist/bundle.js' });
    await sub.close();
    await all.close();
  });

  it('refuses bad filters with BAD_USER_INPUT before the stream starts', async () => {
    const { bus } = t.server.services;
    const before = bus.stats().subscribers;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ include: ['src/[abc'] }, 'include[0] is not a valid glob'],
      [{ include: ['*.ts', '[b-a]'] }, 'include[1] is not a valid glob'],
      [{ exclude: ['a'.repeat(257)] }, 'exclude[0] must be at most 256 characters'],
      [{ exclude: Array.from({ length: 33 }, (_, i) => `f${i}`) }, 'at most 32 globs'],
      [{ include: ['/etc/**'] }, 'must be relative to the project root'],
      [{ include: ['../**'] }, 'must not contain ".." segments'],
      [{ include: [''] }, 'must not be empty'],
      [{ exclude: ['!src/**'] }, 'must not start with "!"'],
    ];
    for (const [variables, message] of cases) {
      const response = await postEventStream(
        t.graphqlUrl,
        { query: changesQuery, variables },
        { headers: t.authHeaders },
      );
      const [event] = await take(readEventStream(response), 1);
      const { errors } = JSON.parse(event?.data ?? '{}') as {
        errors?: Array<{ message: string; extensions?: { code?: string } }>;
      };
      expect(errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
      expect(errors?.[0]?.message).toContain(message);
    }
    expect(bus.stats().subscribers).toBe(before);
  });

  it('shares one execution only between subscribers with the same filters', async () => {
    const { bus } = t.server.services;
    const before = bus.stats().subscribers;
    const md = await feed({ pathPrefix: 'shared', include: ['*.md'] });
    const mdToo = await feed({ pathPrefix: 'shared', include: ['*.md'] }, { shared: true });
    const txt = await feed({ pathPrefix: 'shared', include: ['*.txt'] });
    expect(bus.stats().subscribers - before).toBe(2);
    await writeFile(at('shared', 'a.txt'), 'text');
    await writeFile(at('shared', 'a.md'), 'markdown');
    expect(await txt.next()).toMatchObject({ path: 'shared/a.txt' });
    expect(await md.next()).toMatchObject({ path: 'shared/a.md' });
    expect(await mdToo.next()).toMatchObject({ path: 'shared/a.md' });
    for (const sub of [mdToo, md, txt]) await sub.close();
    await waitUntil(() => bus.stats().subscribers === before, 'the shared feeds to close');
  });
});

describe('fileChanges entry info', () => {
  let t: TestServer;
  let spy: BusSpy;
  const at = (...parts: string[]) => join(t.projectRoot, ...parts);
  const feed = () => openSseFeed<ChangeEvent>(t, changesQuery, { pathPrefix: 'entries' });

  beforeAll(async () => {
    t = await startTestServer();
    spy = spyOnFileChanges(t.server.services.bus);
    await mkdir(at('entries'));
    await spy.published((c) => c.path === 'entries', 'the entries folder');
  });
  afterAll(async () => {
    await spy.close();
    await t.stop();
  });

  it('says what a file and a folder are on creation and change, and nothing on deletion', async () => {
    const sub = await feed();
    await mkdir(at('entries', 'made'));
    const folder = await sub.next();
    expect(folder).toMatchObject({ kind: 'CREATED', path: 'entries/made', version: null });
    expect(folder.entry).toMatchObject({ kind: 'DIRECTORY', size: 0 });
    const folderStats = await stat(at('entries', 'made'));
    expect(Date.parse(folder.entry?.mtime ?? '')).toBe(folderStats.mtime.getTime());

    await writeFile(at('entries', 'data.bin'), Buffer.alloc(1234, 7));
    const file = await sub.next();
    const fileStats = await stat(at('entries', 'data.bin'));
    expect(file).toMatchObject({ kind: 'CREATED', path: 'entries/data.bin' });
    expect(file.entry).toEqual({
      kind: 'FILE',
      size: 1234,
      mtime: fileStats.mtime.toISOString(),
    });

    await appendFile(at('entries', 'data.bin'), Buffer.alloc(66));
    const grown = await sub.next();
    expect(grown).toMatchObject({ kind: 'MODIFIED', entry: { kind: 'FILE', size: 1300 } });

    await rm(at('entries', 'data.bin'));
    expect(await sub.next()).toMatchObject({
      kind: 'DELETED',
      path: 'entries/data.bin',
      entry: null,
    });
    await rm(at('entries', 'made'), { recursive: true });
    expect(await sub.next()).toMatchObject({
      kind: 'DELETED',
      path: 'entries/made',
      entry: null,
    });
    await sub.close();
  });

  it('carries the entry of changes made through the API, from the operation itself', async () => {
    const sub = await feed();
    const written = await gql(
      t.graphqlUrl,
      'mutation { writeFile(input: { path: "entries/api/note.md", content: "from the API" }) { size } }',
      {},
      t.authHeaders,
    );
    expect(written.errors).toBeUndefined();
    const read = await gql<{ file: { modifiedAt: string } }>(
      t.graphqlUrl,
      '{ file(path: "entries/api/note.md") { modifiedAt } }',
      {},
      t.authHeaders,
    );
    const folder = await sub.next();
    expect(folder).toMatchObject({ kind: 'CREATED', path: 'entries/api', origin: 'graphql' });
    expect(folder.entry).toMatchObject({ kind: 'DIRECTORY', size: 0 });
    const file = await sub.next();
    expect(file).toMatchObject({ kind: 'CREATED', path: 'entries/api/note.md', origin: 'graphql' });
    expect(file.entry).toEqual({
      kind: 'FILE',
      size: 'from the API'.length,
      mtime: read.data?.file.modifiedAt,
    });

    await gql(
      t.graphqlUrl,
      'mutation { movePath(from: "entries/api/note.md", to: "entries/api/moved.md") { path } }',
      {},
      t.authHeaders,
    );
    expect(await sub.next()).toMatchObject({
      kind: 'MOVED',
      path: 'entries/api/moved.md',
      entry: { kind: 'FILE', size: 'from the API'.length },
    });
    await gql(
      t.graphqlUrl,
      'mutation { createDirectory(path: "entries/api/sub") { path } }',
      {},
      t.authHeaders,
    );
    expect(await sub.next()).toMatchObject({
      kind: 'CREATED',
      path: 'entries/api/sub',
      entry: { kind: 'DIRECTORY', size: 0 },
    });
    await gql(
      t.graphqlUrl,
      'mutation { deletePath(path: "entries/api", recursive: true) }',
      {},
      t.authHeaders,
    );
    expect(await sub.next()).toMatchObject({ kind: 'DELETED', path: 'entries/api', entry: null });
    await sub.close();
  });
});
