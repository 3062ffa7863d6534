// writeFiles (issue 22, item 1): several writes, deletes and moves applied
// together or not at all, on GraphQL and gRPC alike.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { readEventStream, postEventStream } from '../utils/sse.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { graphqlBatch, grpcBatch, type BatchClient, type BatchEntry } from './batch-transports.ts';
import { graphqlTransport, valueOf } from './transports.ts';

const ownName = /^\.genpod-[0-9a-f]{16}\.(tmp|journal)$/;

/** Every entry under `dir`, as `a/b` paths, sorted. */
async function listAll(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    out.push(path);
    if (entry.isDirectory()) out.push(...(await listAll(join(dir, entry.name), path)));
  }
  return out.sort();
}

describe.each(['graphql', 'grpc'] as const)('writeFiles over %s', (transportName) => {
  let t: TestServer;
  let api: BatchClient;
  let n = 0;
  const folder = async () => {
    const name = `case-${++n}`;
    await mkdir(join(t.projectRoot, name));
    return name;
  };
  const at = (...parts: string[]) => join(t.projectRoot, ...parts);

  beforeAll(async () => {
    t = await startTestServer({ FILES_BATCH_MAX_ENTRIES: '5', FILES_BATCH_MAX_BYTES: '1000' });
    api =
      transportName === 'graphql'
        ? graphqlBatch(t.graphqlUrl, t.token)
        : grpcBatch(t.grpcTarget, t.token);
  });
  afterAll(async () => {
    api.close();
    await t.stop();
  });

  it('applies writes, deletes and moves together, each event carrying the one requestId', async () => {
    const dir = await folder();
    await writeFile(at(dir, 'old.txt'), 'old');
    await writeFile(at(dir, 'gone.txt'), 'bye');
    await mkdir(at(dir, 'tree', 'inner'), { recursive: true });
    await writeFile(at(dir, 'tree', 'inner', 'x'), 'x');
    await writeFile(at(dir, 'from.txt'), 'moving');
    const current = valueOf(await graphqlTransport(t, t.token).read(`${dir}/old.txt`));

    const events = await postEventStream(
      t.graphqlUrl,
      {
        query: `subscription { fileChanges(pathPrefix: "${dir}") { kind path oldPath requestId } }`,
      },
      { headers: t.authHeaders },
    );
    const stream = readEventStream(events);

    const answer = await api.writeFiles([
      { op: 'WRITE', path: `${dir}/old.txt`, content: 'new', ifVersion: current?.version },
      { op: 'WRITE', path: `${dir}/new/deep/file.txt`, content: 'created' },
      { op: 'DELETE', path: `${dir}/gone.txt` },
      { op: 'DELETE', path: `${dir}/tree`, recursive: true },
      { op: 'MOVE', path: `${dir}/from.txt`, to: `${dir}/moved/to.txt` },
    ]);
    const value = valueOf(answer);
    expect(value.results.map((r) => [r.op, r.path, r.oldPath])).toEqual([
      ['WRITE', `${dir}/old.txt`, null],
      ['WRITE', `${dir}/new/deep/file.txt`, null],
      ['DELETE', `${dir}/gone.txt`, null],
      ['DELETE', `${dir}/tree`, null],
      ['MOVE', `${dir}/moved/to.txt`, `${dir}/from.txt`],
    ]);
    expect(value.results[0]?.version).toMatch(/^[0-9a-f]{64}$/);
    expect(await listAll(at(dir))).toEqual([
      'moved',
      'moved/to.txt',
      'new',
      'new/deep',
      'new/deep/file.txt',
      'old.txt',
    ]);
    expect(await readFile(at(dir, 'old.txt'), 'utf8')).toBe('new');
    expect(await readFile(at(dir, 'new', 'deep', 'file.txt'), 'utf8')).toBe('created');
    expect(await readFile(at(dir, 'moved', 'to.txt'), 'utf8')).toBe('moving');
    expect((await readdir(t.projectRoot)).filter((name) => ownName.test(name))).toEqual([]);

    const seen: Array<{ kind: string; path: string; requestId: string | null }> = [];
    for await (const event of stream) {
      const change = (
        JSON.parse(event.data) as {
          data: { fileChanges: { kind: string; path: string; requestId: string | null } };
        }
      ).data.fileChanges;
      // The setup's own files reach the feed from the watcher, without a requestId.
      if (change.requestId !== null) seen.push(change);
      if (change.kind === 'MOVED') break;
    }
    expect(seen.map((e) => `${e.kind} ${e.path}`)).toEqual([
      `MODIFIED ${dir}/old.txt`,
      `CREATED ${dir}/new`,
      `CREATED ${dir}/new/deep`,
      `CREATED ${dir}/new/deep/file.txt`,
      `DELETED ${dir}/gone.txt`,
      `DELETED ${dir}/tree`,
      `CREATED ${dir}/moved`,
      `MOVED ${dir}/moved/to.txt`,
    ]);
    expect(new Set(seen.map((e) => e.requestId))).toEqual(new Set([value.requestId]));
  });

  it('fails the whole batch on one stale version, naming the path, and writes nothing', async () => {
    const dir = await folder();
    await writeFile(at(dir, 'a.txt'), 'a');
    await writeFile(at(dir, 'b.txt'), 'b');
    await writeFile(at(dir, 'c.txt'), 'c');
    const before = await listAll(at(dir));
    const outcome = await api.writeFiles([
      { op: 'WRITE', path: `${dir}/a.txt`, content: 'A' },
      { op: 'WRITE', path: `${dir}/new/n.txt`, content: 'N' },
      { op: 'DELETE', path: `${dir}/c.txt` },
      { op: 'WRITE', path: `${dir}/b.txt`, content: 'B', ifVersion: '0'.repeat(64) },
    ]);
    expect(outcome).toMatchObject({ ok: false, code: 'CONFLICT' });
    if (!outcome.ok) expect(outcome.message).toContain(`${dir}/b.txt has changed`);
    expect(await listAll(at(dir))).toEqual(before);
    expect(await readFile(at(dir, 'a.txt'), 'utf8')).toBe('a');
    expect(await readFile(at(dir, 'c.txt'), 'utf8')).toBe('c');
  });

  it('refuses, changing nothing, a move onto an existing entry and a delete of a missing one', async () => {
    const dir = await folder();
    await writeFile(at(dir, 'a.txt'), 'a');
    await writeFile(at(dir, 'b.txt'), 'b');
    const before = await listAll(at(dir));
    const onto = await api.writeFiles([
      { op: 'WRITE', path: `${dir}/a.txt`, content: 'A' },
      { op: 'MOVE', path: `${dir}/a.txt`, to: `${dir}/b.txt` },
    ]);
    // a.txt is both written and moved: refused before anything is looked at.
    expect(onto).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    const occupied = await api.writeFiles([
      { op: 'WRITE', path: `${dir}/c.txt`, content: 'C' },
      { op: 'MOVE', path: `${dir}/a.txt`, to: `${dir}/b.txt` },
    ]);
    expect(occupied).toMatchObject({ ok: false, code: 'CONFLICT' });
    if (!occupied.ok) expect(occupied.message).toContain(`${dir}/b.txt already exists`);
    const missing = await api.writeFiles([
      { op: 'WRITE', path: `${dir}/c.txt`, content: 'C' },
      { op: 'DELETE', path: `${dir}/nothing` },
    ]);
    expect(missing).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await listAll(at(dir))).toEqual(before);
  });

  it('refuses bad batches with clear errors', async () => {
    const dir = await folder();
    const cases: Array<[BatchEntry[], string, RegExp]> = [
      [[], 'BAD_USER_INPUT', /must not be empty/],
      [
        Array.from({ length: 6 }, (_, i) => ({ op: 'WRITE', path: `${dir}/${i}`, content: '' })),
        'BAD_USER_INPUT',
        /at most 5 entries \(FILES_BATCH_MAX_ENTRIES\); this one has 6/,
      ],
      [
        [
          { op: 'WRITE', path: `${dir}/a`, content: 'x'.repeat(600) },
          { op: 'WRITE', path: `${dir}/b`, content: 'x'.repeat(600) },
        ],
        'TOO_LARGE',
        /1200 bytes of content, over the 1000-byte limit \(FILES_BATCH_MAX_BYTES\)/,
      ],
      [
        [
          { op: 'WRITE', path: `${dir}/same`, content: '1' },
          { op: 'WRITE', path: `${dir}/same`, content: '2' },
        ],
        'BAD_USER_INPUT',
        /same entry/,
      ],
      [
        [
          { op: 'WRITE', path: `${dir}/sub/file`, content: '1' },
          { op: 'DELETE', path: `${dir}/sub`, recursive: true },
        ],
        'BAD_USER_INPUT',
        /is inside/,
      ],
      [
        [{ op: 'WRITE', path: `${dir}/.genpod-0123456789abcdef.tmp`, content: '1' }],
        'BAD_USER_INPUT',
        /reserved/,
      ],
      [
        [
          { op: 'WRITE', path: `${dir}/ok`, content: '1' },
          { op: 'WRITE', path: `${dir}/.git/config`, content: '1' },
        ],
        'FORBIDDEN',
        /may not be written/,
      ],
      [[{ op: 'WRITE', path: '../outside', content: '1' }], 'FORBIDDEN', /project root/],
    ];
    for (const [entries, code, message] of cases) {
      const outcome = await api.writeFiles(entries);
      expect(outcome).toMatchObject({ ok: false, code });
      if (!outcome.ok) expect(outcome.message).toMatch(message);
    }
    expect(await readdir(at(dir))).toEqual([]);
  });

  it('needs the files:write scope', async () => {
    const created = await gql<{ createApiToken: { secret: string } }>(
      t.graphqlUrl,
      'mutation { createApiToken(input: { name: "reader", scopes: [FILES_READ] }) { secret } }',
      undefined,
      t.authHeaders,
    );
    const token = created.data?.createApiToken.secret;
    if (!token) throw new Error(JSON.stringify(created.errors));
    const reader =
      transportName === 'graphql'
        ? graphqlBatch(t.graphqlUrl, token)
        : grpcBatch(t.grpcTarget, token);
    const outcome = await reader.writeFiles([{ op: 'WRITE', path: 'x', content: 'x' }]);
    reader.close();
    expect(outcome).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    await expect(stat(at('x'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
