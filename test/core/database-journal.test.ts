// The SQLite database runs in write-ahead-log mode, for every connection the
// libsql client opens, with SQLite's durable default synchronous=FULL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

describe('SQLite journal', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('uses the write-ahead log and full synchronous commits, also after a transaction', async () => {
    const { db } = t.server.services;
    const read = async () => ({
      journal: await db.$queryRawUnsafe<Array<{ journal_mode: string }>>('PRAGMA journal_mode'),
      synchronous:
        await db.$queryRawUnsafe<Array<{ synchronous: number | bigint }>>('PRAGMA synchronous'),
    });
    const check = (state: Awaited<ReturnType<typeof read>>) => {
      expect(state.journal[0]?.journal_mode).toBe('wal');
      expect(Number(state.synchronous[0]?.synchronous)).toBe(2);
    };
    check(await read());
    // The libsql client opens a new connection after each transaction.
    await db.$transaction(async (tx) => tx.$queryRawUnsafe('SELECT 1'));
    check(await read());
  });
});
