// replaceInFiles on both transports: dry runs with diffs, regex groups,
// include/exclude and .gitignore, versions guarding each write, path rules,
// events, and the limits (RE2 for regexes; a time limit that never stalls the server).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiToken } from '../utils/api-tokens.ts';
import { fileChanges, type FileChangeEvent } from '../../src/resolvers/file-events.ts';
import { applyReplacement, planReplacement } from '../../src/resolvers/file-replace.ts';
import type { Context } from '../../src/resolvers/context.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { replaceApi, type ReplaceApi } from './replace-api.ts';
import { valueOf } from './transports.ts';

async function seed(root: string, entries: Record<string, string | Buffer>): Promise<void> {
  for (const [path, content] of Object.entries(entries)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

const tree = {
  '.gitignore': 'build/\n',
  'src/app.ts': 'import { oldName } from "./lib";\nconst x = oldName(1);\nconst y = OLDNAME;\n',
  'src/lib.ts': 'export function oldName(n: number) {\n  return n;\n}\n',
  'src/lib.test.ts': 'oldName(2);\n',
  'docs/notes.md': 'call oldName here\n',
  'build/out.js': 'oldName();\n',
  'assets/logo.bin': Buffer.from([0, 1, 2, ...Buffer.from('oldName'), 0, 255]),
  '.env': 'oldName=secret\n',
};

describe.each(['graphql', 'grpc'] as const)('replaceInFiles over %s', (transport) => {
  let t: TestServer;
  let api: ReplaceApi;
  const read = (path: string) => readFile(join(t.projectRoot, path), 'utf8');

  beforeAll(async () => {
    t = await startTestServer();
    api = replaceApi(transport, t, t.token);
  });
  beforeEach(() => seed(t.projectRoot, tree));
  afterAll(async () => {
    api.close();
    await t.stop();
  });

  it('reports matches and unified diffs on a dry run, and writes nothing', async () => {
    const result = valueOf(
      await api.replace({ pattern: 'oldName', replacement: 'newName', dryRun: true }),
    );
    expect(result.dryRun).toBe(true);
    expect(result.files.map((f) => [f.path, f.status, f.matchCount])).toEqual([
      ['docs/notes.md', 'MATCHED', 1],
      ['src/app.ts', 'MATCHED', 2],
      ['src/lib.test.ts', 'MATCHED', 1],
      ['src/lib.ts', 'MATCHED', 1],
      // The admin token has files:env; a token without it never sees .env (below).
      ['.env', 'MATCHED', 1],
    ]);
    const app = result.files.find((f) => f.path === 'src/app.ts');
    expect(app?.matches).toEqual([
      { line: 1, column: 10, text: 'oldName', replacement: 'newName' },
      { line: 2, column: 11, text: 'oldName', replacement: 'newName' },
    ]);
    expect(app?.diff).toContain('--- a/src/app.ts');
    expect(app?.diff).toContain('+++ b/src/app.ts');
    expect(app?.diff).toMatch(/^--- a\/src\/app.ts\n\+\+\+ b\/src\/app.ts\n@@ -1,3 \+1,3 @@\n/);
    expect(app?.diff).toContain('-const x = oldName(1);\n');
    expect(app?.diff).toContain('+const x = newName(1);\n');
    expect(app?.diff).toContain(' const y = OLDNAME;\n');
    expect(app?.version).toBeNull();
    expect(result.matchCount).toBe(6);
    expect(await read('src/app.ts')).toBe(tree['src/app.ts']);
  });

  it('replaces regex matches with capture groups, across every line, in changed files only', async () => {
    const result = valueOf(
      await api.replace({
        pattern: '(?<verb>old)(Name)',
        regex: true,
        caseSensitive: false,
        replacement: '$<verb>_$2_$$',
        include: ['src/**'],
        exclude: ['*.test.ts'],
      }),
    );
    expect(result.files.map((f) => [f.path, f.status])).toEqual([
      ['src/app.ts', 'CHANGED'],
      ['src/lib.ts', 'CHANGED'],
    ]);
    expect(await read('src/app.ts')).toBe(
      'import { old_Name_$ } from "./lib";\nconst x = old_Name_$(1);\nconst y = OLD_NAME_$;\n',
    );
    expect(await read('src/lib.test.ts')).toBe(tree['src/lib.test.ts']);
    expect(await read('docs/notes.md')).toBe(tree['docs/notes.md']);
    const lib = result.files.find((f) => f.path === 'src/lib.ts');
    expect(lib?.version).toMatch(/^[0-9a-f]{64}$/);
    expect(lib?.version).not.toBe(lib?.previousVersion);
  });

  it('takes a literal pattern and replacement literally', async () => {
    await seed(t.projectRoot, { 'lit/a.txt': 'a.b(c) a.b(c) axb(c)\n' });
    const result = valueOf(
      await api.replace({ path: 'lit', pattern: 'a.b(c)', replacement: '$1 $&' }),
    );
    expect(result.files[0]?.matchCount).toBe(2);
    expect(await read('lit/a.txt')).toBe('$1 $& $1 $& axb(c)\n');
  });

  it('skips .gitignored files unless asked, and never touches binary files or .git', async () => {
    await seed(t.projectRoot, { '.git/config': 'oldName\n' });
    const ignored = valueOf(
      await api.replace({
        pattern: 'oldName',
        replacement: 'x',
        dryRun: true,
        respectGitignore: false,
      }),
    );
    const paths = ignored.files.map((f) => f.path);
    expect(paths).toContain('build/out.js');
    expect(paths).not.toContain('assets/logo.bin');
    expect(paths).not.toContain('.git/config');
  });

  it('hides .env from a token without files:env, and refuses files the token may only read', async () => {
    const token = await createApiToken(t, {
      name: `replace-${transport}`,
      scopes: ['FILES_READ', 'FILES_WRITE'],
      paths: [
        { glob: 'src/**', access: 'READ_WRITE' },
        { glob: 'docs/**', access: 'READ' },
        { glob: '.env', access: 'READ_WRITE' },
      ],
    });
    const limited = replaceApi(transport, t, token);
    try {
      const result = valueOf(await limited.replace({ pattern: 'oldName', replacement: 'newName' }));
      expect(result.files.map((f) => [f.path, f.status])).toEqual([
        ['docs/notes.md', 'REFUSED'],
        ['src/app.ts', 'CHANGED'],
        ['src/lib.test.ts', 'CHANGED'],
        ['src/lib.ts', 'CHANGED'],
      ]);
      expect(result.files[0]?.reason).toContain('docs/notes.md');
      expect(await read('docs/notes.md')).toBe(tree['docs/notes.md']);
      expect(await read('.env')).toBe(tree['.env']);
      expect(await read('src/lib.ts')).toContain('newName');
    } finally {
      limited.close();
    }
  });

  it('needs files:write unless it is a dry run', async () => {
    const token = await createApiToken(t, { name: `reader-${transport}`, scopes: ['FILES_READ'] });
    const reader = replaceApi(transport, t, token);
    try {
      expect(await reader.replace({ pattern: 'oldName', replacement: 'x' })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
      const dry = valueOf(
        await reader.replace({ pattern: 'oldName', replacement: 'x', dryRun: true }),
      );
      expect(dry.files.every((f) => f.status === 'REFUSED')).toBe(true);
    } finally {
      reader.close();
    }
  });

  it('answers a bad pattern or glob with BAD_USER_INPUT', async () => {
    expect(await api.replace({ pattern: '(', regex: true, replacement: '' })).toMatchObject({
      ok: false,
      code: 'BAD_USER_INPUT',
    });
    expect(await api.replace({ pattern: '', replacement: 'x' })).toMatchObject({
      ok: false,
      code: 'BAD_USER_INPUT',
    });
  });
});

describe.each(['graphql', 'grpc'] as const)('replaceInFiles limits over %s', (transport) => {
  let t: TestServer;
  let api: ReplaceApi;
  // Four files of 1.9 MB: RE2 is linear, but this much text takes it seconds.
  const slowText = `${'a'.repeat(99)}\n`.repeat(19_000);

  beforeAll(async () => {
    t = await startTestServer({
      FILES_REPLACE_TIMEOUT_MS: '1500',
      FILES_REPLACE_MAX_FILES: '20',
      FILES_MAX_BYTES: '2000000',
    });
    api = replaceApi(transport, t, t.token);
    await seed(t.projectRoot, {
      'redos/a.txt': `${'a'.repeat(3000)}!\n`,
      'big/large.txt': 'x'.repeat(2_100_000),
      'big/large.bin': Buffer.concat([Buffer.from([0, 0, 0]), Buffer.alloc(2_100_000)]),
    });
    for (let i = 0; i < 4; i++) await seed(t.projectRoot, { [`slow/f${i}.txt`]: slowText });
    for (let i = 0; i < 25; i++) await seed(t.projectRoot, { [`many/f${i}.txt`]: 'x\n' });
  });
  afterAll(async () => {
    api.close();
    await t.stop();
  });

  it('runs a catastrophic-backtracking pattern in linear time', async () => {
    // (a+)+$ over 3,000 a's and a "!" would backtrack for longer than the universe in V8.
    const started = performance.now();
    const result = valueOf(
      await api.replace({ path: 'redos', pattern: '(a+)+$', regex: true, replacement: 'x' }),
    );
    expect(result.files).toEqual([]);
    expect(result.filesScanned).toBe(1);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('refuses what RE2 cannot run in linear time, naming it', async () => {
    const outcome = await api.replace({ pattern: '(a)\\1', regex: true, replacement: 'x' });
    expect(outcome).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    if (!outcome.ok) expect(outcome.message).toContain('backreferences');
  });

  it('fails at the time limit, writing nothing, while /healthz keeps answering within 200 ms', async () => {
    const started = Date.now();
    const pending = api.replace({ path: 'slow', pattern: '(a+)+$', regex: true, replacement: 'x' });
    let settled = false;
    void pending.finally(() => (settled = true));
    const healthTimes: number[] = [];
    while (!settled) {
      const before = performance.now();
      expect((await fetch(`${t.origin}/healthz`)).status).toBe(200);
      healthTimes.push(performance.now() - before);
    }
    const outcome = await pending;
    expect(outcome).toMatchObject({ ok: false, code: 'TOO_LARGE' });
    if (!outcome.ok) expect(outcome.message).toContain('1500 ms time limit');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    // A stalled event loop would answer once, after the whole 1.5 s. The
    // median, not the slowest, is held to 200 ms: on a loaded 2-core machine
    // one request now and then is slow for reasons of its own.
    const sorted = [...healthTimes].sort((a, b) => a - b);
    expect(sorted.length).toBeGreaterThanOrEqual(5);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(200);
    expect(sorted.at(-1)).toBeLessThan(1000);
    for (let i = 0; i < 4; i++) {
      expect(await readFile(join(t.projectRoot, `slow/f${i}.txt`), 'utf8')).toBe(slowText);
    }
  });

  it('refuses more files than the cap, and a text file over the size cap, naming it', async () => {
    expect(await api.replace({ path: 'many', pattern: 'x', replacement: 'y' })).toMatchObject({
      ok: false,
      code: 'TOO_LARGE',
    });
    const big = await api.replace({ path: 'big', pattern: 'x', replacement: 'y' });
    expect(big).toMatchObject({ ok: false, code: 'TOO_LARGE' });
    if (!big.ok) expect(big.message).toContain('big/large.txt');
    // Excluded, the binary file left alone whatever its size, it goes through.
    const excluded = valueOf(
      await api.replace({ path: 'big', pattern: 'x', replacement: 'y', exclude: ['*.txt'] }),
    );
    expect(excluded.files).toEqual([]);
  });
});

describe('replaceInFiles writes', () => {
  let t: TestServer;
  let ctx: Context;

  beforeAll(async () => {
    t = await startTestServer();
    ctx = {
      services: t.server.services,
      transport: 'graphql',
      requestId: 'replace-test',
      principal: { id: 'test-agent', scopes: new Set(['files:read', 'files:write']) },
    };
  });
  afterEach(() => seed(t.projectRoot, { 'w/a.txt': 'one\n', 'w/b.txt': 'one\n' }));
  afterAll(() => t.stop());

  it('skips a file whose version moved after the scan, writing the others', async () => {
    await seed(t.projectRoot, { 'w/a.txt': 'one\n', 'w/b.txt': 'one\n' });
    const plan = await planReplacement(ctx, { path: 'w', pattern: 'one', replacement: 'two' });
    expect(plan.files.map((f) => f.path)).toEqual(['w/a.txt', 'w/b.txt']);
    await writeFile(join(t.projectRoot, 'w/a.txt'), 'one, edited meanwhile\n');
    const result = await applyReplacement(ctx, plan);
    expect(result.files.map((f) => [f.path, f.status])).toEqual([
      ['w/a.txt', 'SKIPPED'],
      ['w/b.txt', 'CHANGED'],
    ]);
    expect(result.files[0]?.reason).toContain('has changed');
    expect(await readFile(join(t.projectRoot, 'w/a.txt'), 'utf8')).toBe('one, edited meanwhile\n');
    expect(await readFile(join(t.projectRoot, 'w/b.txt'), 'utf8')).toBe('two\n');
  });

  it('publishes each change as writeFile does, with the request id', async () => {
    await seed(t.projectRoot, { 'w/a.txt': 'one\n', 'w/b.txt': 'one\n' });
    const events = fileChanges(ctx, { pathPrefix: 'w' })[Symbol.asyncIterator]();
    try {
      const result = await applyReplacement(
        ctx,
        await planReplacement(ctx, { path: 'w', pattern: 'one', replacement: 'three' }),
      );
      const seen: FileChangeEvent[] = [];
      while (seen.length < 2) {
        const next = await events.next();
        if (next.done) break;
        // The watcher's own sightings of the seeding are events too; keep this request's.
        if (next.value.requestId === 'replace-test') seen.push(next.value);
      }
      // Files are written a few at once: their events come in the order they finish.
      seen.sort((a, b) => a.path.localeCompare(b.path));
      expect(seen.map((e) => [e.kind, e.path, e.origin, e.requestId])).toEqual([
        ['MODIFIED', 'w/a.txt', 'graphql', 'replace-test'],
        ['MODIFIED', 'w/b.txt', 'graphql', 'replace-test'],
      ]);
      expect(seen.map((e) => e.version)).toEqual(result.files.map((f) => f.version));
    } finally {
      await events.return?.();
    }
  });
});
