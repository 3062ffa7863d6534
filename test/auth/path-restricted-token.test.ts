// A token limited to some project paths, end to end: created through
// createApiToken, then used over GraphQL (HTTP and SSE) and gRPC.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../utils/api-tokens.ts';
import type { DataUpdate__Output } from '../../src/grpc/generated/genpod/agent/v1/DataUpdate.ts';
import { gql } from '../utils/graphql.ts';
import { agentClients } from '../utils/grpc.ts';
import { readEventStream, postEventStream } from '../utils/sse.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { graphqlTransport, grpcTransport, valueOf, type TreeResult } from '../files/transports.ts';

let t: TestServer;
/** files:read, files:write and agent, limited to `src/**` (read-write) and `docs/a.md` (read). */
let restricted: string;

/** A change made with the admin token, which may touch every path. */
async function asAdmin(query: string, variables: Record<string, unknown> = {}) {
  const result = await gql(t.graphqlUrl, query, variables, t.authHeaders);
  expect(result.errors).toBeUndefined();
}

const write = (path: string, content: string) =>
  asAdmin('mutation($input: WriteFileInput!) { writeFile(input: $input) { path } }', {
    input: { path, content },
  });
const move = (from: string, to: string) =>
  asAdmin('mutation($from: String!, $to: String!) { movePath(from: $from, to: $to) { path } }', {
    from,
    to,
  });

function names(node: TreeResult | undefined): string[] {
  return (node?.children ?? []).map((child) => child.name).sort();
}

beforeAll(async () => {
  t = await startTestServer();
  const files: Array<[string, string]> = [
    ['src/index.ts', 'export const shared = "needle";\n'],
    ['src/lib/util.ts', 'export {};\n'],
    ['docs/a.md', '# A needle\n'],
    ['docs/b.md', '# B needle\n'],
    ['docs/drafts/c.md', '# C\n'],
    ['README.md', 'needle in the readme\n'],
    ['secret/keys.txt', 'needle\n'],
  ];
  for (const [path, content] of files) {
    await mkdir(join(t.projectRoot, path, '..'), { recursive: true });
    await writeFile(join(t.projectRoot, path), content);
  }
  // Inside its paths by name, outside them by where it leads.
  await symlink('../secret/keys.txt', join(t.projectRoot, 'src', 'link.txt'));
  restricted = await createApiToken(t, {
    name: 'src and one doc',
    scopes: ['FILES_READ', 'FILES_WRITE', 'AGENT'],
    paths: [
      { glob: 'src/**', access: 'READ_WRITE' },
      { glob: 'docs/a.md', access: 'READ' },
    ],
  });
});
afterAll(() => t.stop());

describe.each(['graphql', 'grpc'] as const)('a path-restricted token over %s', (transport) => {
  const api = () =>
    transport === 'graphql' ? graphqlTransport(t, restricted) : grpcTransport(t, restricted);

  it('reads and writes inside its rules', async () => {
    const files = api();
    try {
      expect(valueOf(await files.read('src/index.ts'))?.content).toContain('needle');
      expect(valueOf(await files.read('docs/a.md'))?.content).toBe('# A needle\n');
      const written = valueOf(
        await files.write({ path: `src/written-${transport}.ts`, content: 'x\n' }),
      );
      expect(written.path).toBe(`src/written-${transport}.ts`);
    } finally {
      files.close();
    }
  });

  it('refuses a path outside its rules alike whether it exists or not', async () => {
    const files = api();
    try {
      const existing = await files.read('README.md');
      const missing = await files.read('nothing-here.md');
      expect(existing).toEqual({
        ok: false,
        code: 'FORBIDDEN',
        message: 'this token may not read README.md',
      });
      expect(missing).toEqual({
        ok: false,
        code: 'FORBIDDEN',
        message: 'this token may not read nothing-here.md',
      });
      expect(await files.read('docs/b.md')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await files.readBytes('secret/keys.txt', 0, 10)).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
    } finally {
      files.close();
    }
  });

  it('refuses a symlink leading out of its paths without naming where it leads', async () => {
    const files = api();
    try {
      const read = await files.read('src/link.txt');
      expect(read).toEqual({
        ok: false,
        code: 'FORBIDDEN',
        message: 'src/link.txt leads to a path this token may not read',
      });
      expect(await files.write({ path: 'src/link.txt', content: 'over' })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
        message: 'src/link.txt leads to a path this token may not write',
      });
    } finally {
      files.close();
    }
  });

  it('writes only through a read-write rule: never outside, never over a read-only path', async () => {
    const files = api();
    try {
      expect(await files.write({ path: 'README.md', content: 'mine' })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
        message: 'this token may not write README.md',
      });
      expect(await files.write({ path: 'docs/a.md', content: 'mine' })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
      expect(await files.mkdir('lib')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await files.remove('secret', true)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      // Both ends of a move: out of its paths, and into them.
      expect(await files.move('src/index.ts', 'lib/index.ts')).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
        message: 'this token may not write lib/index.ts',
      });
      expect(await files.move('README.md', 'src/README.md')).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
    } finally {
      files.close();
    }
  });

  it('sees in the tree only its paths and the folders leading to them', async () => {
    const files = api();
    try {
      const root = valueOf(await files.tree('', 2));
      expect(names(root)).toEqual(['docs', 'src']);
      const docs = root.children?.find((child) => child.name === 'docs');
      expect(names(docs)).toEqual(['a.md']);
      const src = root.children?.find((child) => child.name === 'src');
      expect(names(src)).toContain('lib');
      expect(names(valueOf(await files.tree('docs', 1)))).toEqual(['a.md']);
      expect(await files.tree('docs/drafts', 1)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await files.tree('secret', 1)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    } finally {
      files.close();
    }
  });

  it('finds by search only what it may read', async () => {
    const files = api();
    try {
      const byContent = valueOf(await files.search({ content: 'needle' }));
      expect(byContent.matches.map((match) => match.path).sort()).toEqual([
        'docs/a.md',
        'src/index.ts',
      ]);
      const byName = valueOf(await files.search({ glob: '*.md' }));
      expect(byName.matches.map((match) => match.path)).toEqual(['docs/a.md']);
    } finally {
      files.close();
    }
  });
});

/** Opens fileChanges over Yoga's SSE with `token`, as a browser would. */
async function subscribeChanges(token: string) {
  const controller = new AbortController();
  const response = await postEventStream(
    t.graphqlUrl,
    {
      query: 'subscription { fileChanges { kind path oldPath } }',
    },
    { headers: { authorization: `Bearer ${token}` }, signal: controller.signal },
  );
  // fetch resolves with the response headers, which Yoga sends only once the
  // subscription is in place: nothing published after this is missed.
  const events = readEventStream(response);
  return {
    async next() {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('no event within 5 s')), 5_000),
      );
      const result = await Promise.race([events.next(), timeout]);
      if (result.done) throw new Error('stream ended');
      return (
        JSON.parse(result.value.data) as {
          data: { fileChanges: { kind: string; path: string; oldPath: string | null } };
        }
      ).data.fileChanges;
    },
    close() {
      controller.abort();
    },
  };
}

describe('live changes for a path-restricted token', () => {
  it('hears only of changes in its paths, and a move across the edge as a create or delete', async () => {
    const srcToken = await createApiToken(t, {
      name: 'src watcher',
      scopes: ['FILES_READ'],
      paths: [{ glob: 'src/**', access: 'READ' }],
    });
    const changes = await subscribeChanges(srcToken);
    // The admin token's own subscription beside it: shared streams must not mix them.
    const everything = await subscribeChanges(t.token);
    try {
      await write('notes/hidden.md', 'not for src');
      await write('src/visible.ts', 'for src');
      expect(await changes.next()).toEqual({
        kind: 'CREATED',
        path: 'src/visible.ts',
        oldPath: null,
      });
      // The admin hears of the hidden file (after its new folder `notes`).
      let heard = await everything.next();
      while (heard.path === 'notes') heard = await everything.next();
      expect(heard).toMatchObject({ kind: 'CREATED', path: 'notes/hidden.md' });

      // Out of sight: reads as deleted where it was, the new place unnamed.
      await move('src/visible.ts', 'notes/moved-out.ts');
      expect(await changes.next()).toEqual({
        kind: 'DELETED',
        path: 'src/visible.ts',
        oldPath: null,
      });
      // Into sight: reads as created where it now is, where it came from unnamed.
      await move('notes/hidden.md', 'src/moved-in.md');
      expect(await changes.next()).toEqual({
        kind: 'CREATED',
        path: 'src/moved-in.md',
        oldPath: null,
      });
      // Within its paths, a move is a move.
      await move('src/moved-in.md', 'src/renamed.md');
      expect(await changes.next()).toEqual({
        kind: 'MOVED',
        path: 'src/renamed.md',
        oldPath: 'src/moved-in.md',
      });
    } finally {
      changes.close();
      everything.close();
    }
  });

  it('gives a gRPC StreamData agent only its part of the structure and of the changes', async () => {
    const { agent } = agentClients(t.grpcTarget, restricted);
    const call = agent.StreamData({ agentId: '', pathPrefix: '', since: '' });
    const updates: DataUpdate__Output[] = [];
    let notify = () => {};
    call.on('data', (update: DataUpdate__Output) => {
      updates.push(update);
      notify();
    });
    call.on('error', () => {});
    const nextUpdate = async (): Promise<DataUpdate__Output> => {
      const deadline = Date.now() + 5_000;
      while (updates.length === 0) {
        if (Date.now() > deadline) throw new Error('no update within 5 s');
        await new Promise<void>((resolve) => {
          notify = resolve;
          setTimeout(resolve, 100);
        });
      }
      return updates.shift() as DataUpdate__Output;
    };
    try {
      const structure = JSON.parse((await nextUpdate()).structure?.json ?? '{}') as TreeResult;
      expect(names(structure)).toEqual(['docs', 'src']);
      expect(names(structure.children?.find((child) => child.name === 'docs'))).toEqual(['a.md']);
      await write('secret/more.txt', 'hidden');
      await write('src/agent-sees.ts', 'shown');
      const update = await nextUpdate();
      expect(update.file).toMatchObject({ kind: 'CREATED', path: 'src/agent-sees.ts' });
    } finally {
      call.cancel();
      agent.close();
    }
  });
});
