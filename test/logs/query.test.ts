// Server log lines land in JSON-lines files and come back through the logs
// query: filtered, paged with cursors, secrets redacted, corrupt lines skipped.
import { appendFile, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { scrape } from '../utils/prometheus.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

interface Line {
  cursor: string;
  time: string;
  level: string;
  source: string;
  component: string | null;
  message: string;
  fields: Record<string, unknown>;
}
interface Page {
  lines: Line[];
  endCursor: string | null;
  hasMore: boolean;
  scannedLines: number;
  corruptLines: number;
}

const logsQuery = `query Logs($filter: LogFilter, $first: Int!, $after: String, $order: LogOrder!) {
  logs(filter: $filter, first: $first, after: $after, order: $order) {
    lines { cursor time level source component message fields }
    endCursor hasMore scannedLines corruptLines
  }
}`;

async function queryLogs(
  t: TestServer,
  variables: {
    filter?: Record<string, unknown>;
    first?: number;
    after?: string | null;
    order?: string;
  },
) {
  const response = await gql<{ logs: Page }>(
    t.graphqlUrl,
    logsQuery,
    {
      first: 100,
      order: 'NEWEST_FIRST',
      ...variables,
    },
    t.authHeaders,
  );
  return response;
}

async function page(t: TestServer, variables: Parameters<typeof queryLogs>[1]): Promise<Page> {
  const response = await queryLogs(t, variables);
  expect(response.errors).toBeUndefined();
  if (!response.data) throw new Error('no data');
  return response.data.logs;
}

describe('log files and the logs query', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    const logger = t.server.services.logger;
    for (let i = 0; i < 30; i++) logger.info({ n: i }, `routine step ${i}`);
    logger.warn({ component: 'watcher' }, 'disk is slow');
    logger.error({ err: new Error('boom 42') }, 'request failed: boom');
    logger.child({ component: 'billing' }).error('invoice 7 could not be sent');
  });
  afterAll(() => t.stop());

  it('writes server lines as JSON lines into DATA_DIR/logs', async () => {
    await page(t, { first: 1 }); // waits for the writer to reach the disk
    const files = await readdir(join(t.dataDir, 'logs'));
    expect(files).toEqual(['genpod-000001.jsonl']);
    const text = await readFile(join(t.dataDir, 'logs', 'genpod-000001.jsonl'), 'utf8');
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string });
    expect(lines.some((line) => line.msg.startsWith('listening'))).toBe(true);
    expect(lines.some((line) => line.msg === 'routine step 29')).toBe(true);
  });

  it('returns the newest lines first, with level, origin and fields', async () => {
    const { lines } = await page(t, { first: 3, filter: { text: 'invoice' } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'ERROR',
      source: 'SERVER',
      component: 'billing',
      message: 'invoice 7 could not be sent',
    });
  });

  it('filters by minimum level and by a list of levels', async () => {
    const errors = await page(t, { filter: { minLevel: 'WARN' } });
    expect(errors.lines.map((l) => l.message)).toEqual([
      'invoice 7 could not be sent',
      'request failed: boom',
      'disk is slow',
    ]);
    const onlyWarn = await page(t, { filter: { levels: ['WARN'] } });
    expect(onlyWarn.lines.map((l) => l.message)).toEqual(['disk is slow']);
  });

  it('filters by component and by a regular expression on the message', async () => {
    const watcher = await page(t, { filter: { component: 'watcher' } });
    expect(watcher.lines.map((l) => l.message)).toEqual(['disk is slow']);
    const steps = await page(t, { filter: { regex: '^routine step (1|2)\\d$' } });
    expect(steps.lines).toHaveLength(20);
    expect(steps.lines[0]?.message).toBe('routine step 29');
  });

  it("matches text in the line's other fields too, such as an error's stack", async () => {
    const { lines } = await page(t, { filter: { text: 'boom 42' } });
    expect(lines.map((l) => l.message)).toEqual(['request failed: boom']);
  });

  it('pages through matches with cursors, in both orders, without repeats or gaps', async () => {
    const filter = { text: 'routine step' };
    for (const order of ['NEWEST_FIRST', 'OLDEST_FIRST']) {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const result: Page = await page(t, { filter, first: 7, after, order });
        seen.push(...result.lines.map((l) => l.message));
        if (!result.hasMore) break;
        after = result.endCursor;
      }
      const expected = Array.from({ length: 30 }, (_, i) => `routine step ${i}`);
      expect(seen).toEqual(order === 'OLDEST_FIRST' ? expected : expected.reverse());
    }
  });

  it('filters by a time range', async () => {
    const all = await page(t, { filter: { text: 'routine step' }, order: 'OLDEST_FIRST' });
    const middle = all.lines[10]?.time ?? '';
    const later = await page(t, {
      filter: { text: 'routine step', from: middle },
      order: 'OLDEST_FIRST',
    });
    expect(later.lines.length).toBeGreaterThan(0);
    expect(later.lines.every((l) => l.time >= middle)).toBe(true);
    const none = await page(t, { filter: { to: '2000-01-01T00:00:00Z' } });
    expect(none.lines).toEqual([]);
  });

  it('rejects a malformed regular expression, cursor or page size with BAD_USER_INPUT', async () => {
    for (const variables of [
      { filter: { regex: '(unclosed' } },
      { after: 'not-a-cursor' },
      { first: 0 },
      { first: 5000 },
    ]) {
      const response = await queryLogs(t, variables);
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('never writes a secret into the log files', async () => {
    const logger = t.server.services.logger;
    logger.info({ token: 'tok-SECRET-1', headers: { authorization: 'Bearer SECRET-2' } }, 'call');
    logger.info({ settings: { apiKey: 'SECRET-3' } }, 'configured');
    const { lines } = await page(t, { first: 2 });
    expect(lines.map((l) => l.message)).toEqual(['configured', 'call']);
    const text = await readFile(join(t.dataDir, 'logs', 'genpod-000001.jsonl'), 'utf8');
    expect(text).toContain('[redacted]');
    expect(text).not.toMatch(/SECRET-\d/);
  });
});

describe('a corrupt line in a log file', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('is skipped and counted, and the lines around it are still found', async () => {
    const logger = t.server.services.logger;
    logger.info('before the damage');
    // Rotate so the damaged file is closed and no writer appends after the junk.
    const rotated = await gql<{ rotateLogs: { name: string } }>(
      t.graphqlUrl,
      'mutation { rotateLogs { name } }',
      {},
      t.authHeaders,
    );
    expect(rotated.data?.rotateLogs.name).toBe('genpod-000002.jsonl');
    await appendFile(
      join(t.dataDir, 'logs', 'genpod-000001.jsonl'),
      '{"level":30,"time":\n\u0000\u0001 not json at all\n[1,2,3]\n',
    );
    logger.info('after the damage');

    const before =
      (await scrape(t.origin, t.authHeaders)).value('genpod_log_corrupt_lines_total') ?? 0;
    const result = await page(t, { filter: { text: 'the damage' } });
    expect(result.lines.map((l) => l.message)).toEqual(['after the damage', 'before the damage']);
    const all = await page(t, {});
    expect(all.corruptLines).toBe(3);
    const after =
      (await scrape(t.origin, t.authHeaders)).value('genpod_log_corrupt_lines_total') ?? 0;
    expect(after - before).toBe(3);
  });
});
