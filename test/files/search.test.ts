import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { graphqlTransport, grpcTransport, valueOf, type FilesTransport } from './transports.ts';

describe.each(['graphql', 'grpc'] as const)('searchFiles over %s', (transportName) => {
  let t: TestServer;
  let api: FilesTransport;

  beforeAll(async () => {
    t = await startTestServer();
    api = transportName === 'graphql' ? graphqlTransport(t, t.token) : grpcTransport(t, t.token);
    const file = async (path: string, content: string | Buffer) => {
      await mkdir(join(t.projectRoot, path, '..'), { recursive: true });
      await writeFile(join(t.projectRoot, path), content);
    };
    await file('.gitignore', 'build/\n');
    await file(
      'src/app.ts',
      'import { helper } from "./helper";\nconst TODO = 1;\n// todo: later\n',
    );
    await file('src/helper.ts', 'export function helper() {\n  return 42;\n}\n');
    await file('src/helper.test.ts', 'it("works", () => helper());\n');
    await file('docs/readme.md', 'Nothing to do here.\r\nTODO: write docs\r\n');
    await file('build/out.ts', 'const TODO = "generated";\n');
    await file('assets/logo.bin', Buffer.from([0, 1, 2, 84, 79, 68, 79, 0, 255]));
    for (let i = 0; i < 30; i++) await file(`many/f${String(i).padStart(2, '0')}.txt`, 'needle\n');
  });
  afterAll(async () => {
    api.close();
    await t.stop();
  });

  it('finds files by name glob, matching the name alone when the glob has no slash', async () => {
    const result = valueOf(await api.search({ glob: '*.ts' }));
    expect(result.matches.map((m) => m.path)).toEqual([
      'src/app.ts',
      'src/helper.test.ts',
      'src/helper.ts',
    ]);
    expect(result.matches[0]).toMatchObject({
      kind: 'FILE',
      line: null,
      column: null,
      lineText: null,
    });
  });

  it('matches a glob with slashes against the whole project path', async () => {
    const result = valueOf(await api.search({ glob: 'src/**/*.test.ts' }));
    expect(result.matches.map((m) => m.path)).toEqual(['src/helper.test.ts']);
  });

  it('finds text in files, case-insensitive by default, with line, column and the line', async () => {
    const result = valueOf(await api.search({ content: 'todo' }));
    expect(result.matches).toEqual([
      { path: 'docs/readme.md', kind: 'FILE', line: 2, column: 1, lineText: 'TODO: write docs' },
      { path: 'src/app.ts', kind: 'FILE', line: 2, column: 7, lineText: 'const TODO = 1;' },
      { path: 'src/app.ts', kind: 'FILE', line: 3, column: 4, lineText: '// todo: later' },
    ]);
  });

  it('honours caseSensitive, and skips .gitignored and binary files', async () => {
    const result = valueOf(await api.search({ content: 'TODO', caseSensitive: true }));
    expect(result.matches.map((m) => `${m.path}:${m.line}`)).toEqual([
      'docs/readme.md:2',
      'src/app.ts:2',
    ]);
    const ignoredToo = valueOf(
      await api.search({ content: 'TODO', caseSensitive: true, includeIgnored: true }),
    );
    expect(ignoredToo.matches.map((m) => m.path)).toContain('build/out.ts');
    expect(ignoredToo.matches.map((m) => m.path)).not.toContain('assets/logo.bin');
  });

  it('takes a literal pattern literally and a regex as a regex', async () => {
    expect(valueOf(await api.search({ content: 'helper())' })).matches.map((m) => m.path)).toEqual([
      'src/helper.test.ts',
    ]);
    const regex = valueOf(await api.search({ content: 'return \\d+;', regex: true }));
    expect(regex.matches).toEqual([
      { path: 'src/helper.ts', kind: 'FILE', line: 2, column: 3, lineText: '  return 42;' },
    ]);
  });

  it('combines a glob with a content pattern, and searches under a path', async () => {
    const result = valueOf(await api.search({ glob: '*.test.ts', content: 'helper' }));
    expect(result.matches.map((m) => m.path)).toEqual(['src/helper.test.ts']);
    const underDocs = valueOf(await api.search({ path: 'docs', content: 'todo' }));
    expect(underDocs.matches.map((m) => m.path)).toEqual(['docs/readme.md']);
  });

  it('stops at the limit and says more were found', async () => {
    const limited = valueOf(await api.search({ content: 'needle', limit: 10 }));
    expect(limited.matches).toHaveLength(10);
    expect(limited.truncated).toBe(true);
    const exact = valueOf(await api.search({ path: 'many', content: 'needle', limit: 30 }));
    expect(exact.matches).toHaveLength(30);
    expect(exact.truncated).toBe(false);
    expect(exact.filesScanned).toBe(30);
  });

  it('refuses a bad regex, no pattern at all, or a bad limit with BAD_USER_INPUT', async () => {
    expect(await api.search({ content: '(unclosed', regex: true })).toMatchObject({
      ok: false,
      code: 'BAD_USER_INPUT',
    });
    expect(await api.search({})).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    expect(await api.search({ glob: '*', limit: 1_000_000 })).toMatchObject({
      ok: false,
      code: 'BAD_USER_INPUT',
    });
  });
});

describe('a regex search that runs past its deadline', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ FILES_SEARCH_TIMEOUT_MS: '300' });
    // Linear time is still time: ~9 MB of lines that RE2 must search with its
    // slower submatch engine (the DFA's test passes, so the position is sought).
    const line = `${'x'.repeat(9_990)}y\n`;
    await writeFile(join(t.projectRoot, 'a-big.txt'), line.repeat(900));
    await writeFile(join(t.projectRoot, 'b-fine.txt'), 'aaa\n');
  });
  afterAll(() => t.stop());

  it.each(['graphql', 'grpc'] as const)(
    'is cut off at FILES_SEARCH_TIMEOUT_MS over %s while the server keeps answering',
    async (name) => {
      const api = name === 'graphql' ? graphqlTransport(t, t.token) : grpcTransport(t, t.token);
      const started = Date.now();
      let searchDone = false;
      const searching = api.search({ content: '(x+x+)+y', regex: true }).finally(() => {
        searchDone = true;
      });
      // The event loop stays free: a read answers while the regex still runs.
      const read = await api.read('b-fine.txt');
      const readBeforeSearchEnded = !searchDone;
      const result = valueOf(await searching);
      api.close();
      expect(valueOf(read)?.content).toBe('aaa\n');
      expect(readBeforeSearchEnded).toBe(true);
      expect(result.truncated).toBe(true);
      expect(result.matches.length).toBeLessThan(900);
      expect(Date.now() - started).toBeLessThan(5_000);
    },
  );
});
