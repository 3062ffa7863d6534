// Paths are at most 128 segments deep on every operation and transport, and
// a write into new nested folders does work linear in the depth (issue 18,
// item 9: 600 segments once cost 19 s of CPU).
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { graphqlTransport, grpcTransport, valueOf, type FilesTransport } from './transports.ts';

const deepPath = (segments: number, tag: string) =>
  Array.from({ length: segments }, (_, i) => `${tag}${i}`).join('/');

describe.each(['graphql', 'grpc'] as const)('path depth over %s', (transportName) => {
  let t: TestServer;
  let api: FilesTransport;

  beforeAll(async () => {
    t = await startTestServer();
    api = transportName === 'graphql' ? graphqlTransport(t, t.token) : grpcTransport(t, t.token);
  });
  afterAll(async () => {
    api.close();
    await t.stop();
  });

  it('writes a file 128 segments deep, creating its 127 folders', async () => {
    const path = deepPath(128, 'a');
    const file = valueOf(await api.write({ path, content: 'deep' }));
    expect(file.path).toBe(path);
    expect(await readFile(join(t.projectRoot, ...path.split('/')), 'utf8')).toBe('deep');
    expect(valueOf(await api.read(path))?.content).toBe('deep');
    // Below an existing part of the path too: the deepest existing folder is found, the rest made.
    const beside = `${deepPath(64, 'a')}/${deepPath(64, 'b')}`;
    valueOf(await api.write({ path: beside, content: 'beside' }));
    expect((await stat(join(t.projectRoot, ...beside.split('/')))).isFile()).toBe(true);
  });

  it('refuses a path of 129 segments on every operation, naming the limit', async () => {
    const tooDeep = deepPath(129, 'c');
    const outcomes = [
      await api.write({ path: tooDeep, content: 'x' }),
      await api.read(tooDeep),
      await api.stat(tooDeep),
      await api.readBytes(tooDeep, 0, 1),
      await api.tree(tooDeep, 1),
      await api.mkdir(tooDeep),
      await api.remove(tooDeep),
      await api.move(tooDeep, 'x'),
      await api.move('x', tooDeep),
      await api.search({ path: tooDeep, glob: '*' }),
    ];
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
      if (!outcome.ok) expect(outcome.message).toMatch(/129 segments, over the limit of 128/);
    }
    // Nothing was created on the way.
    await expect(stat(join(t.projectRoot, 'c0'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('path depth of subscriptions', () => {
  it('refuses a 129-segment prefix or path with BAD_USER_INPUT', async () => {
    const t = await startTestServer();
    try {
      for (const [query, variables] of [
        [
          'subscription($p: String!) { fileChanges(pathPrefix: $p) { path } }',
          { p: deepPath(129, 'd') },
        ],
        [
          'subscription($p: String!) { fileContent(path: $p) { content } }',
          { p: deepPath(129, 'd') },
        ],
      ] as const) {
        const answer = await gql(t.graphqlUrl, query, variables, t.authHeaders);
        expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(answer.errors?.[0]?.message).toContain('over the limit of 128');
      }
    } finally {
      await t.stop();
    }
  });
});
