// The log files' environment variables, and a server with log files off.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { gql } from '../utils/graphql.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { logTailsAbove, openLogTails } from '../utils/wait-for.ts';

describe('log file settings', () => {
  it('defaults to files on, 10 MiB per file, 20 files, 7 days', () => {
    expect(loadConfig({}).logFiles).toEqual({
      enabled: true,
      maxBytes: 10 * 1024 * 1024,
      maxFiles: 20,
      retentionDays: 7,
    });
  });

  it('reads LOG_FILES, LOG_FILE_MAX_BYTES, LOG_MAX_FILES and LOG_RETENTION_DAYS', () => {
    expect(
      loadConfig({
        LOG_FILES: 'off',
        LOG_FILE_MAX_BYTES: '65536',
        LOG_MAX_FILES: '5',
        LOG_RETENTION_DAYS: '0.5',
      }).logFiles,
    ).toEqual({ enabled: false, maxBytes: 65536, maxFiles: 5, retentionDays: 0.5 });
  });

  it.each([
    ['LOG_FILES', 'maybe'],
    ['LOG_FILE_MAX_BYTES', '100'],
    ['LOG_FILE_MAX_BYTES', '5000000000'],
    ['LOG_FILE_MAX_BYTES', 'big'],
    ['LOG_MAX_FILES', '1'],
    ['LOG_RETENTION_DAYS', '0'],
  ])('names %s when its value %j is bad', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^invalid ${variable}: `));
  });
});

describe('a server with LOG_FILES=off', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ LOG_FILES: 'off' });
  });
  afterAll(() => t.stop());

  it('writes no files and finds nothing stored, but still tails live lines', async () => {
    expect(await readdir(t.dataDir)).not.toContain('logs');
    const stored = await gql<{ logs: { lines: unknown[] }; logFiles: unknown[] }>(
      t.graphqlUrl,
      '{ logs { lines { message } } logFiles { name } }',
      {},
      t.authHeaders,
    );
    expect(stored.data).toEqual({ logs: { lines: [] }, logFiles: [] });

    const open = await openLogTails(t.server.services.metrics);
    const tail = t.server.services.logs.tail({ text: 'live only' }, { tail: 10 });
    const iterator = tail[Symbol.asyncIterator]();
    const next = iterator.next();
    await logTailsAbove(t.server.services.metrics, open);
    t.server.services.logger.info('live only');
    expect((await next).value).toMatchObject({ kind: 'entry', entry: { message: 'live only' } });
    await iterator.return?.();
  });

  it('answers rotateLogs with CONFLICT', async () => {
    const response = await gql(t.graphqlUrl, 'mutation { rotateLogs { name } }', {}, t.authHeaders);
    expect(response.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await readdir(join(t.dataDir))).not.toContain('logs');
  });
});
