import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { readMigrationList } from '../../src/core/db/migrations.ts';
import { postgresqlFlavour } from '../../src/core/db/migrate.ts';
import { gql } from '../utils/graphql.ts';
import {
  postgresTestsEnabled,
  startPostgresServer,
  type PostgresServer,
} from '../utils/postgres-server.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

describe.runIf(postgresTestsEnabled)('the whole server on PostgreSQL', () => {
  let postgres: PostgresServer;
  let databaseUrl: string;
  let t: TestServer;

  beforeAll(async () => {
    postgres = await startPostgresServer();
    databaseUrl = await postgres.createDatabase();
    t = await startTestServer({ DATABASE_URL: databaseUrl });
  });
  afterAll(async () => {
    await t?.stop();
    await postgres?.stop();
  });

  const call = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const result = await gql<T>(t.graphqlUrl, query, variables, t.authHeaders);
    expect(result.errors).toBeUndefined();
    return result.data as T;
  };

  it('applies the PostgreSQL migrations at start, into PostgreSQL tables', async () => {
    const expected = (await readMigrationList(postgresqlFlavour.migrationsDir))
      .migrationDirectories;
    expect(expected.length).toBeGreaterThan(0);
    const applied = t.logs().find((line) => line.msg === 'applied migrations');
    expect(applied?.appliedMigrations).toEqual(expected.map((d) => d.path));
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
      );
      const names = tables.rows.map((row) => row.table_name);
      for (const table of ['ServerStart', 'Setting', 'PromptTemplate', 'ChatMessage', 'Agent']) {
        expect(names).toContain(table);
      }
      const starts = await client.query('SELECT count(*)::int AS n FROM "ServerStart"');
      expect(starts.rows[0]).toEqual({ n: 1 });
    } finally {
      await client.end();
    }
  });

  it('stores settings, prompts and chat, and still has them after a restart', async () => {
    await call(
      `mutation($changes: [SettingChangeInput!]!) { updateSettings(changes: $changes) { key } }`,
      { changes: [{ key: 'gemini.temperature', value: 0.3 }] },
    );
    await call(`mutation($input: CreatePromptInput!) { createPrompt(input: $input) { name } }`, {
      input: {
        name: 'greeting',
        body: 'Hello {{name}}',
        tags: ['demo', 'pg'],
        labels: ['production'],
        variables: [{ name: 'name', type: 'STRING' }],
      },
    });
    const session = await call<{ createChatSession: { id: string } }>(
      `mutation { createChatSession(input: { title: "on pg" }) { id } }`,
    );
    const sessionId = session.createChatSession.id;
    for (const content of ['first', 'second']) {
      await call(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`, {
        input: { sessionId, content },
      });
    }

    // Same database, fresh process state: everything comes from PostgreSQL.
    await t.stop();
    t = await startTestServer({ DATABASE_URL: databaseUrl });
    expect(t.logs().some((line) => line.msg === 'applied migrations')).toBe(false);

    const read = await call<{
      settings: Array<{ key: string; value: unknown; source: string }>;
      prompt: { name: string; tags: string[]; labels: Array<{ name: string }> } | null;
      chatMessages: { messages: Array<{ content: string; position: number }> };
    }>(
      `query($sessionId: ID!) {
        settings(keys: ["gemini.temperature"]) { key value source }
        prompt(name: "greeting") { name tags labels { name } }
        chatMessages(sessionId: $sessionId) { messages { content position } }
      }`,
      { sessionId },
    );
    expect(read.settings).toEqual([{ key: 'gemini.temperature', value: 0.3, source: 'DATABASE' }]);
    expect(read.prompt).toMatchObject({ name: 'greeting', labels: [{ name: 'production' }] });
    expect([...(read.prompt?.tags ?? [])].sort()).toEqual(['demo', 'pg']);
    expect(read.chatMessages.messages).toEqual([
      { content: 'first', position: 1 },
      { content: 'second', position: 2 },
    ]);
  });

  it('answers a duplicate prompt name with CONFLICT, as on SQLite', async () => {
    const result = await gql(
      t.graphqlUrl,
      `mutation { createPrompt(input: { name: "greeting", body: "again" }) { name } }`,
      {},
      t.authHeaders,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
