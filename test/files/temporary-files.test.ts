// Atomic-write temporary files are never visible (issue 18, item 1): while a
// write is held open before its rename (GENPOD_TEST_HOLD_WRITES), its
// temporary file is on disk but no API lists, reads, searches or reaches it,
// and no event names it. After a kill -9, the next start removes it.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { runServerProcess } from '../utils/process.ts';
import { readEventStream, postEventStream } from '../utils/sse.ts';
import { makeTempDir } from '../utils/tempdir.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { graphqlTransport, grpcTransport, valueOf, type FilesTransport } from './transports.ts';

const temporaryName = /^\.genpod-[0-9a-f]{16}\.tmp$/;

async function temporaryFilesIn(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((name) => temporaryName.test(name));
}

describe('temporary files of a write held open', () => {
  let t: TestServer;
  let holdDir: Awaited<ReturnType<typeof makeTempDir>>;
  let apis: FilesTransport[];

  beforeAll(async () => {
    holdDir = await makeTempDir();
    t = await startTestServer({ GENPOD_TEST_HOLD_WRITES: holdDir.path });
    apis = [graphqlTransport(t, t.token), grpcTransport(t, t.token)];
  });
  afterAll(async () => {
    for (const api of apis) api.close();
    await t.stop();
    await holdDir.remove();
  });

  it('are listed, read, searched, reached and announced by nothing', async () => {
    await mkdir(join(t.projectRoot, 'app'));
    await writeFile(join(t.projectRoot, 'app', '.env'), 'TOKEN=old\n');
    const events = await postEventStream(
      t.graphqlUrl,
      {
        query: 'subscription { fileChanges(pathPrefix: "app") { kind path } }',
      },
      { headers: t.authHeaders },
    );
    const stream = readEventStream(events);

    const secret = `TOKEN=${'s3cret'.repeat(1000)}\n`;
    const [graphql] = apis;
    if (!graphql) throw new Error('no transport');
    const writing = graphql.write({ path: 'app/.env', content: secret });
    await vi.waitFor(() => expect(existsSync(join(holdDir.path, 'held'))).toBe(true));
    const [temporary] = await temporaryFilesIn(join(t.projectRoot, 'app'));
    if (temporary === undefined) throw new Error('the held write has no temporary file');
    // The test holds a real, complete temporary file of the secret.
    expect(await readFile(join(t.projectRoot, 'app', temporary), 'utf8')).toBe(secret);

    for (const api of apis) {
      const names = (valueOf(await api.tree('app', 1)).children ?? []).map((c) => c.name);
      expect(names).toEqual(['.env']);
      const byName = valueOf(await api.search({ path: 'app', glob: '*' }));
      expect(byName.matches.map((m) => m.path)).toEqual(['app/.env']);
      const byContent = valueOf(await api.search({ path: 'app', content: 's3cret' }));
      expect(byContent.matches).toEqual([]);
      const at = `app/${temporary}`;
      for (const outcome of [
        await api.read(at),
        await api.stat(at),
        await api.readBytes(at, 0, 10),
        await api.tree(at, 0),
        await api.write({ path: at, content: 'x' }),
        await api.remove(at),
        await api.move(at, 'app/stolen'),
        await api.move('app/.env', at),
        await api.mkdir(`${at}/inside`),
      ]) {
        expect(outcome).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
        if (!outcome.ok) expect(outcome.message).toContain('reserved');
      }
    }
    const content = await gql(
      t.graphqlUrl,
      'subscription($path: String!) { fileContent(path: $path) { content } }',
      { path: `app/${temporary}` },
      t.authHeaders,
    );
    expect(content.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    await writeFile(join(holdDir.path, 'release'), '');
    valueOf(await writing);
    expect(await readFile(join(t.projectRoot, 'app', '.env'), 'utf8')).toBe(secret);
    expect(await temporaryFilesIn(join(t.projectRoot, 'app'))).toEqual([]);
    // Events up to the write's own change: none names the temporary file.
    const seen: string[] = [];
    for await (const event of stream) {
      const change = (JSON.parse(event.data) as { data: { fileChanges: { path: string } } }).data
        .fileChanges;
      seen.push(change.path);
      if (change.path === 'app/.env') break;
    }
    expect(seen.filter((path) => path.includes('.genpod-'))).toEqual([]);
  });
});

describe('temporary files after kill -9', () => {
  it('are removed by the next start, and nothing else is', async () => {
    const dir = await makeTempDir();
    try {
      const holdDir = join(dir.path, 'hold');
      await mkdir(holdDir);
      await mkdir(join(dir.path, 'workspace', 'deep', 'er'), { recursive: true });
      // Look-alikes that are not ours stay: the pattern is exact.
      const lookAlikes = ['.genpod-xyz.tmp', '.genpod-0123456789abcdef.tmp.bak', 'genpod.tmp'];
      for (const name of lookAlikes) await writeFile(join(dir.path, 'workspace', name), 'mine');
      await writeFile(join(dir.path, 'workspace', 'deep', 'er', 'a.txt'), 'old');
      const token = `kill-test-${'0'.repeat(16)}`;
      const env = { PORT: '0', GRPC_PORT: '0', GENPOD_ADMIN_TOKEN: token };
      const first = runServerProcess(dir.path, { ...env, GENPOD_TEST_HOLD_WRITES: holdDir });
      const { httpPort } = await first.listening;
      const writing = gql(
        `http://127.0.0.1:${httpPort}/graphql`,
        'mutation($input: WriteFileInput!) { writeFile(input: $input) { version } }',
        { input: { path: 'deep/er/a.txt', content: 'new'.repeat(100_000) } },
        { authorization: `Bearer ${token}` },
      ).catch(() => undefined);
      await vi.waitFor(() => expect(existsSync(join(holdDir, 'held'))).toBe(true), {
        timeout: 10_000,
      });
      const folder = join(dir.path, 'workspace', 'deep', 'er');
      expect(await temporaryFilesIn(folder)).toHaveLength(1);
      first.child.kill('SIGKILL');
      await first.exited;
      await writing;

      const second = runServerProcess(dir.path, env);
      const { httpPort: port } = await second.listening;
      await vi.waitFor(async () => expect(await temporaryFilesIn(folder)).toEqual([]), {
        timeout: 10_000,
      });
      expect(await readFile(join(folder, 'a.txt'), 'utf8')).toBe('old');
      for (const name of lookAlikes) {
        expect(await readFile(join(dir.path, 'workspace', name), 'utf8')).toBe('mine');
      }
      const answer = await gql<{ file: { content: string } }>(
        `http://127.0.0.1:${port}/graphql`,
        '{ file(path: "deep/er/a.txt") { content } }',
        undefined,
        { authorization: `Bearer ${token}` },
      );
      expect(answer.data?.file.content).toBe('old');
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      await dir.remove();
    }
  }, 60_000);
});
