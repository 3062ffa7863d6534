// Log files rotate by size, are kept within a count and an age, and can be
// listed, read, rotated and deleted over GraphQL.
import { mkdir, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { makeTempDir } from '../utils/tempdir.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

interface LogFile {
  name: string;
  size: number;
  active: boolean;
  firstTime: string | null;
  lastTime: string | null;
}

const listFiles = '{ logFiles { name size active firstTime lastTime } }';

async function files(t: TestServer): Promise<LogFile[]> {
  const response = await gql<{ logFiles: LogFile[] }>(t.graphqlUrl, listFiles, {}, t.authHeaders);
  expect(response.errors).toBeUndefined();
  return response.data?.logFiles ?? [];
}

describe('log rotation by size and count', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ LOG_FILE_MAX_BYTES: '8192', LOG_MAX_FILES: '3' });
  });
  afterAll(() => t.stop());

  it('starts a new file before one would pass LOG_FILE_MAX_BYTES and keeps LOG_MAX_FILES', async () => {
    const logger = t.server.services.logger;
    for (let i = 0; i < 400; i++) logger.info({ i, pad: 'x'.repeat(100) }, `line ${i}`);
    // The oldest files go as new ones start; wait for the last clean-up to finish.
    await expect.poll(async () => (await files(t)).length, { timeout: 5000 }).toBe(3);
    const listed = await files(t);
    expect(listed.map((f) => f.active)).toEqual([false, false, true]);
    for (const file of listed) expect(file.size).toBeLessThanOrEqual(8192);
    const numbers = listed.map((f) => Number(/\d+/.exec(f.name)?.[0]));
    expect(numbers[2]).toBeGreaterThan(3);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it('reads lines back across files in order, each line whole', async () => {
    const response = await gql<{ logs: { lines: Array<{ message: string }> } }>(
      t.graphqlUrl,
      `{ logs(first: 1000, order: OLDEST_FIRST, filter: { text: "line " }) { lines { message } } }`,
      {},
      t.authHeaders,
    );
    const numbers = (response.data?.logs.lines ?? []).map((l) => Number(l.message.slice(5)));
    expect(numbers.length).toBeGreaterThan(50);
    // Everything still kept is contiguous and ends with the last line written.
    expect(numbers.at(-1)).toBe(399);
    numbers.forEach((n, i) => expect(n).toBe((numbers[0] ?? 0) + i));
  });
});

describe('log file management over GraphQL', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('lists files with their size and the time span of their lines', async () => {
    t.server.services.logger.info('first of all');
    const [file] = await files(t);
    expect(file?.name).toBe('genpod-000001.jsonl');
    expect(file?.active).toBe(true);
    expect(file?.size).toBe((await stat(join(t.dataDir, 'logs', 'genpod-000001.jsonl'))).size);
    expect(Date.parse(file?.firstTime ?? '')).toBeLessThanOrEqual(Date.parse(file?.lastTime ?? ''));
  });

  it('rotates on request, then reads and deletes the rotated file', async () => {
    t.server.services.logger.info('last line of file one');
    const rotated = await gql<{ rotateLogs: LogFile }>(
      t.graphqlUrl,
      'mutation { rotateLogs { name active size } }',
      {},
      t.authHeaders,
    );
    expect(rotated.data?.rotateLogs).toMatchObject({ name: 'genpod-000002.jsonl', active: true });

    const chunks: string[] = [];
    let offset = 0;
    for (;;) {
      const read = await gql<{
        logFile: { content: string; nextOffset: number; eof: boolean };
      }>(
        t.graphqlUrl,
        `query($offset: Int!) { logFile(name: "genpod-000001.jsonl", offset: $offset, length: 200) { content nextOffset eof } }`,
        { offset },
        t.authHeaders,
      );
      expect(read.errors).toBeUndefined();
      const chunk = read.data?.logFile;
      if (!chunk) throw new Error('no chunk');
      chunks.push(chunk.content);
      offset = chunk.nextOffset;
      if (chunk.eof) break;
    }
    const lines = chunks.join('').trimEnd().split('\n');
    const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages.at(-1)).toBe('last line of file one');

    const deleted = await gql<{ deleteLogFile: LogFile }>(
      t.graphqlUrl,
      'mutation { deleteLogFile(name: "genpod-000001.jsonl") { name active } }',
      {},
      t.authHeaders,
    );
    expect(deleted.data?.deleteLogFile).toEqual({ name: 'genpod-000001.jsonl', active: false });
    expect(await readdir(join(t.dataDir, 'logs'))).not.toContain('genpod-000001.jsonl');
  });

  it('refuses to delete the active file with CONFLICT', async () => {
    const [active] = (await files(t)).filter((f) => f.active);
    const response = await gql(
      t.graphqlUrl,
      'mutation($n: String!) { deleteLogFile(name: $n) { name } }',
      {
        n: active?.name,
      },
      t.authHeaders,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('answers NOT_FOUND for a missing file and BAD_USER_INPUT for a name that is a path', async () => {
    const missing = await gql(
      t.graphqlUrl,
      '{ logFile(name: "genpod-000999.jsonl") { content } }',
      {},
      t.authHeaders,
    );
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    for (const name of ['../genpod.db', '/etc/passwd', 'genpod-000001.jsonl/../../x']) {
      const response = await gql(
        t.graphqlUrl,
        'query($n: String!) { logFile(name: $n) { content } }',
        {
          n: name,
        },
        t.authHeaders,
      );
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const badLength = await gql(
      t.graphqlUrl,
      '{ logFile(name: "genpod-000002.jsonl", length: 0) { content } }',
      {},
      t.authHeaders,
    );
    expect(badLength.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('log retention by age', () => {
  it('deletes files older than LOG_RETENTION_DAYS when the server starts', async () => {
    const temp = await makeTempDir();
    const logsDir = join(temp.path, 'data', 'logs');
    await mkdir(logsDir, { recursive: true });
    const old = join(logsDir, 'genpod-000001.jsonl');
    const recent = join(logsDir, 'genpod-000002.jsonl');
    const line = `${JSON.stringify({ level: 30, time: Date.now(), msg: 'kept' })}\n`;
    await writeFile(old, line);
    await writeFile(recent, line);
    const tenDaysAgo = new Date(Date.now() - 10 * 24 * 3600 * 1000);
    await utimes(old, tenDaysAgo, tenDaysAgo);
    const longAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await utimes(recent, longAgo, longAgo);

    const t = await startTestServer({ DATA_DIR: join(temp.path, 'data'), LOG_RETENTION_DAYS: '7' });
    try {
      const names = (await files(t)).map((f) => f.name);
      // The 10-day-old file is gone; the 2-day-old one stays but is not written to again.
      expect(names).toEqual(['genpod-000002.jsonl', 'genpod-000003.jsonl']);
    } finally {
      await t.stop();
      await temp.remove();
    }
  });
});

describe('log retention set through the settings API', () => {
  const setRetention = `mutation ($days: JSON) {
    updateSettings(changes: [{ key: "log.retentionDays", value: $days }]) { key value source }
  }`;

  async function age(path: string, days: number): Promise<void> {
    const then = new Date(Date.now() - days * 24 * 3600 * 1000);
    await utimes(path, then, then);
  }

  it('applies at once, and again when the server starts', async () => {
    const temp = await makeTempDir();
    const dataDir = join(temp.path, 'data');
    const logsDir = join(dataDir, 'logs');
    await mkdir(logsDir, { recursive: true });
    const line = `${JSON.stringify({ level: 30, time: Date.now(), msg: 'kept' })}\n`;
    await writeFile(join(logsDir, 'genpod-000001.jsonl'), line);
    await age(join(logsDir, 'genpod-000001.jsonl'), 3);
    const env = { DATA_DIR: dataDir, LOG_RETENTION_DAYS: undefined };
    let t = await startTestServer(env);
    try {
      // Within the default 7 days: kept.
      expect((await files(t)).map((f) => f.name)).toContain('genpod-000001.jsonl');
      const changed = await gql(t.graphqlUrl, setRetention, { days: 1 }, t.authHeaders);
      expect(changed.errors).toBeUndefined();
      await expect
        .poll(async () => (await files(t)).map((f) => f.name), { timeout: 5000 })
        .not.toContain('genpod-000001.jsonl');
      expect(t.server.services.settings.get('log.retentionDays')).toBe(1);
      await t.stop();

      // The stored value, not the environment's default, holds from the next start on.
      const previous = (await readdir(logsDir)).filter((name) => name.endsWith('.jsonl'));
      expect(previous).toEqual(['genpod-000002.jsonl']);
      await age(join(logsDir, 'genpod-000002.jsonl'), 2);
      t = await startTestServer(env);
      await expect
        .poll(async () => (await files(t)).map((f) => f.name), { timeout: 5000 })
        .toEqual(['genpod-000003.jsonl']);
    } finally {
      await t.stop();
      await temp.remove();
    }
  });
});
