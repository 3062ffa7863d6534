// Folders as archives on both doors: downloads checked with the real tar
// CLI, uploads of tar.gz and zip, and every zip-slip and bomb refused with
// a typed error before the project sees any of it.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { credentials } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../utils/api-tokens.ts';
import { fileChangesTopic, type FileChange } from '../../src/core/watch/file-change.ts';
import { agentProto } from '../../src/grpc/proto.ts';
import { tarGz, zip, type ArchiveItem } from '../utils/archives.ts';
import { clientOptions } from '../utils/grpc.ts';
import { makeTempDir } from '../utils/tempdir.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import {
  grpcArchives,
  httpArchives,
  type ArchiveTransport,
  type Uploaded,
} from './archive-transports.ts';

const run = promisify(execFile);

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

/** Lists a tar.gz with GNU tar, as a user's shell would. */
async function tarList(archive: Buffer): Promise<string[]> {
  const temp = await makeTempDir();
  try {
    const file = join(temp.path, 'a.tar.gz');
    await writeFile(file, archive);
    const { stdout } = await run('tar', ['-tzf', file]);
    return stdout.split('\n').filter(Boolean).sort();
  } finally {
    await temp.remove();
  }
}

async function tarExtractOne(archive: Buffer, member: string): Promise<string>;
async function tarExtractOne(archive: Buffer, member: string, encoding: null): Promise<Buffer>;
async function tarExtractOne(
  archive: Buffer,
  member: string,
  encoding: 'utf8' | null = 'utf8',
): Promise<string | Buffer> {
  const temp = await makeTempDir();
  try {
    const file = join(temp.path, 'a.tar.gz');
    await writeFile(file, archive);
    const { stdout } = await run('tar', ['-xzOf', file, member], {
      encoding: encoding ?? 'buffer',
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } finally {
    await temp.remove();
  }
}

const big = randomBytes(300_000);

/** Small limits, so that bombs are cheap to make. */
const limits = { ARCHIVE_MAX_BYTES: String(200_000), ARCHIVE_MAX_ENTRIES: '50' };

let t: TestServer;
/** files:read and files:write over every path, without files:env. */
let plain: string;
/** The same, limited to app/src. */
let limited: string;

beforeAll(async () => {
  t = await startTestServer({ ...limits, FILES_DENY: '**/denied*' });
  const seed: Record<string, string> = {
    'app/src/index.ts': 'export const answer = 42;\n',
    'app/src/lib/util.ts': 'export {};\n',
    'app/README.md': '# App\n',
    'app/.gitignore': 'dist/\n',
    'app/dist/bundle.js': 'compiled\n',
    'app/.env': 'API_KEY=never-shown\n',
    'app/denied.txt': 'nobody\n',
    'app/empty/.keep': '',
  };
  for (const [path, content] of Object.entries(seed)) {
    await mkdir(join(t.projectRoot, path, '..'), { recursive: true });
    await writeFile(join(t.projectRoot, path), content);
  }
  await symlink('src/index.ts', join(t.projectRoot, 'app', 'index-link.ts'));
  // Past the size read in one go: streamed in chunks.
  await mkdir(join(t.projectRoot, 'app', 'assets'));
  await writeFile(join(t.projectRoot, 'app', 'assets', 'big.bin'), big);
  plain = await createApiToken(t, { name: 'files', scopes: ['FILES_READ', 'FILES_WRITE'] });
  limited = await createApiToken(t, {
    name: 'app/src only',
    scopes: ['FILES_READ', 'FILES_WRITE'],
    paths: [{ glob: 'app/src/**', access: 'READ_WRITE' }],
  });
});
afterAll(() => t.stop());

describe.each(['http', 'grpc'] as const)('archives over %s', (transport) => {
  const open = (token = plain): ArchiveTransport =>
    transport === 'http' ? httpArchives(t, token) : grpcArchives(t, token);
  let api: ArchiveTransport;
  beforeAll(() => {
    api = open();
  });
  afterAll(() => api.close());

  it('downloads a folder as a tar.gz that tar lists, without secrets, denied or ignored files', async () => {
    const outcome = await api.download('app');
    if (!outcome.ok) throw new Error(outcome.message);
    expect(await tarList(outcome.value)).toEqual([
      '.gitignore',
      'README.md',
      'assets/',
      'assets/big.bin',
      'empty/',
      'empty/.keep',
      'index-link.ts',
      'src/',
      'src/index.ts',
      'src/lib/',
      'src/lib/util.ts',
    ]);
    expect(await tarExtractOne(outcome.value, 'src/index.ts')).toBe('export const answer = 42;\n');
    expect((await tarExtractOne(outcome.value, 'assets/big.bin', null)).equals(big)).toBe(true);
  });

  it('packs .env files for a token with files:env', async () => {
    const admin = open(t.token);
    try {
      const outcome = await admin.download('app');
      if (!outcome.ok) throw new Error(outcome.message);
      expect(await tarList(outcome.value)).toContain('.env');
    } finally {
      admin.close();
    }
  });

  it('packs ignored entries when asked, and leaves out excluded ones', async () => {
    const outcome = await api.download('app', { includeIgnored: true, exclude: ['lib', '*.md'] });
    if (!outcome.ok) throw new Error(outcome.message);
    const names = await tarList(outcome.value);
    expect(names).toContain('dist/bundle.js');
    expect(names).not.toContain('README.md');
    expect(names.filter((name) => name.includes('lib'))).toEqual([]);
  });

  it('keeps a token to its paths', async () => {
    const scoped = open(limited);
    try {
      const outcome = await scoped.download('app');
      if (!outcome.ok) throw new Error(outcome.message);
      expect(await tarList(outcome.value)).toEqual([
        'src/',
        'src/index.ts',
        'src/lib/',
        'src/lib/util.ts',
      ]);
      const refused = await scoped.upload('app', await tarGz([{ name: 'x.txt', content: 'x' }]));
      expect(refused).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await exists(join(t.projectRoot, 'app', 'x.txt'))).toBe(false);
    } finally {
      scoped.close();
    }
  });

  it('needs files:read to download and files:write to upload', async () => {
    const reader = open(await createApiToken(t, { name: 'reader', scopes: ['FILES_READ'] }));
    const writer = open(await createApiToken(t, { name: 'writer', scopes: ['FILES_WRITE'] }));
    try {
      const folder = `scopes-${transport}`;
      const archive = await tarGz([{ name: 'w.txt', content: 'w' }]);
      expect(await reader.download('app/src')).toMatchObject({ ok: true });
      expect(await reader.upload(folder, archive)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await writer.download('app/src')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await writer.upload(folder, archive)).toMatchObject({ ok: true });
    } finally {
      reader.close();
      writer.close();
    }
  });

  it('answers a missing folder with NOT_FOUND and a file with BAD_USER_INPUT', async () => {
    expect(await api.download('nothing-here')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await api.download('app/README.md')).toMatchObject({
      ok: false,
      code: 'BAD_USER_INPUT',
    });
  });

  it.each(['tar.gz', 'zip'] as const)('unpacks a %s into a new folder', async (format) => {
    const items: ArchiveItem[] = [
      { name: 'pkg/', type: 'directory' },
      { name: 'pkg/main.py', content: 'print("hi")\n' },
      { name: 'pkg/data/values.json', content: '[1,2,3]\n' },
      { name: 'pkg/link.py', type: 'symlink', target: 'main.py' },
      { name: 'pkg/empty/', type: 'directory' },
    ];
    if (format === 'tar.gz')
      items.push({ name: 'pkg/copy.py', type: 'hardlink', target: 'pkg/main.py' });
    const archive = format === 'zip' ? zip(items) : await tarGz(items);
    const folder = `unpacked-${transport}-${format.replace('.', '')}`;
    const outcome = await api.upload(folder, archive);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.value).toEqual<Uploaded>({
      path: folder,
      files: format === 'tar.gz' ? 3 : 2,
      directories: 2,
      symlinks: 1,
      bytes: format === 'tar.gz' ? 12 + 8 + 12 : 12 + 8,
    });
    const root = join(t.projectRoot, folder, 'pkg');
    expect(await readFile(join(root, 'main.py'), 'utf8')).toBe('print("hi")\n');
    expect(await readFile(join(root, 'data', 'values.json'), 'utf8')).toBe('[1,2,3]\n');
    expect(await readlink(join(root, 'link.py'))).toBe('main.py');
    expect((await stat(join(root, 'empty'))).isDirectory()).toBe(true);
    if (format === 'tar.gz') {
      expect(await readFile(join(root, 'copy.py'), 'utf8')).toBe('print("hi")\n');
    }
  });

  it('publishes a change per unpacked entry, as writes do, all of one request', async () => {
    const changes = t.server.services.bus.subscribe(fileChangesTopic);
    try {
      const folder = `events-${transport}`;
      const outcome = await api.upload(
        folder,
        await tarGz([
          { name: 'a.txt', content: 'a' },
          { name: 'sub/b.txt', content: 'b' },
          { name: 'sub/link', type: 'symlink', target: 'b.txt' },
        ]),
      );
      if (!outcome.ok) throw new Error(outcome.message);
      const expected = [
        folder,
        `${folder}/a.txt`,
        `${folder}/sub`,
        `${folder}/sub/b.txt`,
        `${folder}/sub/link`,
      ];
      const seen: FileChange[] = [];
      const deadline = Date.now() + 5_000;
      while (!expected.every((path) => seen.some((change) => change.path === path))) {
        let timer: NodeJS.Timeout | undefined;
        const next = await Promise.race([
          changes.next(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`saw only ${seen.map((c) => c.path).join(', ')}`)),
              deadline - Date.now(),
            );
          }),
        ]).finally(() => clearTimeout(timer));
        if (next.done) throw new Error('the bus ended');
        const change = next.value.type === 'event' ? next.value.payload : undefined;
        // The watcher's own sightings are not what is tested here.
        if (change && change.origin.source !== 'disk' && change.path.startsWith(folder)) {
          seen.push(change);
        }
      }
      expect(seen.map((change) => change.kind)).toEqual(seen.map(() => 'CREATED'));
      expect(new Set(seen.map((change) => change.origin.source))).toEqual(
        new Set([transport === 'http' ? 'graphql' : 'grpc']),
      );
      expect(new Set(seen.map((change) => change.origin.requestId)).size).toBe(1);
    } finally {
      await changes.return?.();
    }
  });

  it('round-trips a download into another folder', async () => {
    const downloaded = await api.download('app/src');
    if (!downloaded.ok) throw new Error(downloaded.message);
    const uploaded = await api.upload(`copy-${transport}`, downloaded.value);
    if (!uploaded.ok) throw new Error(uploaded.message);
    expect(await readFile(join(t.projectRoot, `copy-${transport}`, 'lib', 'util.ts'), 'utf8')).toBe(
      'export {};\n',
    );
  });

  it('unpacks a plain tar', async () => {
    const plain = gunzipSync(await tarGz([{ name: 'plain.txt', content: 'plain\n' }]));
    const outcome = await api.upload(`plain-${transport}`, plain);
    expect(outcome).toMatchObject({ ok: true, value: { files: 1 } });
    expect(await readFile(join(t.projectRoot, `plain-${transport}`, 'plain.txt'), 'utf8')).toBe(
      'plain\n',
    );
  });

  it('refuses a short upload that is no archive', async () => {
    expect(await api.upload('junk', Buffer.from('hello'))).toMatchObject({
      ok: false,
      code: 'BAD_USER_INPUT',
    });
  });

  it('refuses an upload that is no archive', async () => {
    expect(await api.upload('junk', Buffer.from('not an archive at all'.repeat(40)))).toMatchObject(
      {
        ok: false,
        code: 'BAD_USER_INPUT',
      },
    );
  });

  /** A benign entry first: refusing the hostile one must leave it unwritten too. */
  const benign: ArchiveItem = { name: 'harmless.txt', content: 'fine\n' };
  const zeros = Buffer.alloc(60_000);
  const hostile: Record<string, { items: ArchiveItem[]; code: string; names?: string }> = {
    'an entry climbing out (../)': {
      items: [benign, { name: '../../escaped.txt', content: 'out' }],
      code: 'BAD_USER_INPUT',
      names: '../../escaped.txt',
    },
    'an absolute entry': {
      items: [benign, { name: '/tmp/genpod-absolute.txt', content: 'out' }],
      code: 'BAD_USER_INPUT',
      names: '/tmp/genpod-absolute.txt',
    },
    'a symlink out of the project': {
      items: [benign, { name: 'out-link', type: 'symlink', target: '../../../etc' }],
      code: 'BAD_USER_INPUT',
      names: 'out-link',
    },
    'a symlink to an absolute path': {
      items: [benign, { name: 'abs-link', type: 'symlink', target: '/etc/passwd' }],
      code: 'BAD_USER_INPUT',
      names: 'abs-link',
    },
    'a hard link out of the project': {
      items: [benign, { name: 'hard', type: 'hardlink', target: '../../../etc/passwd' }],
      code: 'BAD_USER_INPUT',
      names: 'hard',
    },
    'an entry written through a symlink of the same archive': {
      items: [
        benign,
        { name: 'inner-link', type: 'symlink', target: '..' },
        { name: 'inner-link/planted.txt', content: 'beside the folder' },
      ],
      code: 'BAD_USER_INPUT',
      names: 'inner-link/planted.txt',
    },
    'a backslash path (zip-slip on Windows)': {
      items: [benign, { name: '..\\..\\escaped.txt', content: 'out' }],
      code: 'BAD_USER_INPUT',
      names: '..\\..\\escaped.txt',
    },
    'a bomb by size': {
      items: [benign, ...[1, 2, 3, 4].map((i) => ({ name: `zeros-${i}.bin`, content: zeros }))],
      code: 'TOO_LARGE',
    },
    'a bomb by entry count': {
      items: [benign, ...Array.from({ length: 60 }, (_, i) => ({ name: `f${i}`, content: '' }))],
      code: 'TOO_LARGE',
    },
  };

  for (const format of ['tar.gz', 'zip'] as const) {
    for (const [name, { items, code, names }] of Object.entries(hostile)) {
      if (format === 'zip' && items.some((item) => item.type === 'hardlink')) continue;
      it(`refuses ${name} in a ${format}, writing nothing`, async () => {
        const folder = `hostile-${transport}-${format.replace('.', '')}`;
        const archive = format === 'zip' ? zip(items) : await tarGz(items);
        const outcome = await api.upload(folder, archive);
        expect(outcome).toMatchObject({ ok: false, code });
        if (outcome.ok) return;
        const expectedStatus =
          transport === 'http' ? (code === 'TOO_LARGE' ? 413 : 400) : code === 'TOO_LARGE' ? 8 : 3;
        expect(outcome.status).toBe(expectedStatus);
        if (names) expect(outcome.message).toContain(JSON.stringify(names));
        expect(await exists(join(t.projectRoot, folder))).toBe(false);
        expect(await exists(join(t.projectRoot, '..', 'escaped.txt'))).toBe(false);
        expect(await exists('/tmp/genpod-absolute.txt')).toBe(false);
      });
    }
  }
});

describe('archive uploads', () => {
  it('refuses a body larger than ARCHIVE_MAX_BYTES over HTTP with 413', async () => {
    const response = await fetch(new URL('/files/archive?path=big', t.origin), {
      method: 'POST',
      headers: t.authHeaders,
      // A zip is spooled whole before it is read: the limit stops the spooling.
      body: Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(300_000, 1)]),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('TOO_LARGE');
  });

  it('needs a token', async () => {
    const response = await fetch(new URL('/files/archive?path=app', t.origin));
    expect(response.status).toBe(401);
  });

  it('gives gRPC a header first', async () => {
    const client = new agentProto.AgentService(
      t.grpcTarget,
      credentials.createInsecure(),
      clientOptions(t.token),
    );
    try {
      const error = await new Promise<{ code: number } | null>((resolve) => {
        const call = client.uploadArchive((failure) => resolve(failure));
        call.write({ chunk: Buffer.from('x') });
        call.end();
      });
      expect(error?.code).toBe(3);
    } finally {
      client.close();
    }
  });
});
