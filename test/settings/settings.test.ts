// The settings registry through a real started server and GraphQL over HTTP/SSE.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import type { Context } from '../../src/resolvers/context.ts';
import { getSetting, onSettingChange } from '../../src/resolvers/settings.ts';
import { startServer } from '../../src/server.ts';
import { gql } from '../utils/graphql.ts';
import { readEventStream, postEventStream } from '../utils/sse.ts';
import { makeTempDir } from '../utils/tempdir.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

interface SettingView {
  key: string;
  type: string;
  value: unknown;
  defaultValue: unknown;
  source: 'DEFAULT' | 'DATABASE' | 'ENVIRONMENT';
  description: string;
  envVar: string;
  updatedBy: string | null;
}

const settingFields = 'key type value defaultValue source description envVar updatedBy';
const listSettings = `{ settings { ${settingFields} } }`;
const update = `mutation ($changes: [SettingChangeInput!]!) {
  updateSettings(changes: $changes) { ${settingFields} }
}`;

async function settingsOf(t: TestServer): Promise<Map<string, SettingView>> {
  const result = await gql<{ settings: SettingView[] }>(
    t.graphqlUrl,
    listSettings,
    {},
    t.authHeaders,
  );
  expect(result.errors).toBeUndefined();
  return new Map((result.data?.settings ?? []).map((setting) => [setting.key, setting]));
}

/** Logs by default: the suite's own LOG_LEVEL would make `log.level` an environment setting. */
const noLogLevel = { LOG_LEVEL: undefined };

describe('settings', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(noLogLevel);
  });
  afterAll(() => t.stop());

  it('lists every setting with its default, description, overriding variable and source', async () => {
    const all = await settingsOf(t);
    expect([...all.keys()]).toEqual(
      expect.arrayContaining([
        'gemini.model',
        'gemini.temperature',
        'gemini.topP',
        'gemini.topK',
        'gemini.maxOutputTokens',
        'gemini.systemInstruction',
        'files.maxFileBytes',
        'watcher.ignore',
        'log.level',
        'log.retentionDays',
      ]),
    );
    expect(all.get('gemini.temperature')).toMatchObject({
      type: 'NUMBER',
      value: 1,
      defaultValue: 1,
      source: 'DEFAULT',
      envVar: 'GEMINI_TEMPERATURE',
    });
    expect(all.get('watcher.ignore')).toMatchObject({ type: 'STRING_LIST', source: 'DEFAULT' });
    for (const setting of all.values()) expect(setting.description.length).toBeGreaterThan(10);
  });

  it('stores a valid change, reports it as from the database, and resets it with null', async () => {
    const changed = await gql<{ updateSettings: SettingView[] }>(
      t.graphqlUrl,
      update,
      {
        changes: [
          { key: 'gemini.temperature', value: 0.2 },
          { key: 'watcher.ignore', value: ['dist/**', '.cache'] },
        ],
      },
      t.authHeaders,
    );
    expect(changed.errors).toBeUndefined();
    expect(changed.data?.updateSettings).toMatchObject([
      { key: 'gemini.temperature', value: 0.2, source: 'DATABASE', updatedBy: 'admin-token' },
      { key: 'watcher.ignore', value: ['dist/**', '.cache'], source: 'DATABASE' },
    ]);
    expect(t.server.services.settings.get('gemini.temperature')).toBe(0.2);

    const reset = await gql<{ updateSettings: SettingView[] }>(
      t.graphqlUrl,
      update,
      {
        changes: [{ key: 'watcher.ignore', value: null }],
      },
      t.authHeaders,
    );
    expect(reset.data?.updateSettings[0]).toMatchObject({
      value: ['.git/objects', 'node_modules'],
      source: 'DEFAULT',
    });
    expect((await settingsOf(t)).get('gemini.temperature')?.source).toBe('DATABASE');
  });

  it('refuses a batch with invalid values, naming each bad field, and writes none of it', async () => {
    const before = await settingsOf(t);
    const auditBefore = await t.server.services.db.settingsAuditEntry.count();
    const result = await gql(
      t.graphqlUrl,
      update,
      {
        changes: [
          { key: 'gemini.topK', value: 12 },
          { key: 'gemini.temperature', value: 7 },
          { key: 'log.level', value: 'loud' },
          { key: 'gemini.maxOutputTokens', value: 'many' },
          { key: 'no.such.setting', value: 1 },
        ],
      },
      t.authHeaders,
    );
    expect(result.data).toBeNull();
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.extensions?.fields).toEqual([
      'gemini.temperature',
      'log.level',
      'gemini.maxOutputTokens',
      'no.such.setting',
    ]);
    expect(error?.extensions?.fieldErrors).toEqual(
      expect.arrayContaining([
        { field: 'gemini.temperature', message: 'must be at most 2' },
        { field: 'no.such.setting', message: 'is not a known setting' },
      ]),
    );
    expect(error?.message).toContain('nothing was changed');
    expect(await settingsOf(t)).toEqual(before);
    expect(t.server.services.settings.get('gemini.topK')).toBe(40);
    expect(await t.server.services.db.settingsAuditEntry.count()).toBe(auditBefore);
  });

  it('refuses an empty list of changes', async () => {
    const result = await gql(t.graphqlUrl, update, { changes: [] }, t.authHeaders);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['changes'],
    });
  });

  it('refuses a non-integer for an integer setting and a key given twice', async () => {
    const result = await gql(
      t.graphqlUrl,
      update,
      {
        changes: [
          { key: 'gemini.topK', value: 2.5 },
          { key: 'gemini.topP', value: 0.5 },
          { key: 'gemini.topP', value: 0.6 },
        ],
      },
      t.authHeaders,
    );
    expect(result.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'gemini.topK', message: 'must be a whole number' },
      { field: 'gemini.topP', message: 'appears more than once' },
    ]);
    expect(t.server.services.settings.get('gemini.topP')).toBe(0.95);
  });

  it('applies a log level change to the running logger at once', async () => {
    const { logger } = t.server.services;
    expect(logger.level).toBe('info');
    const result = await gql(
      t.graphqlUrl,
      update,
      {
        changes: [{ key: 'log.level', value: 'debug' }],
      },
      t.authHeaders,
    );
    expect(result.errors).toBeUndefined();
    expect(logger.level).toBe('debug');
    logger.child({ component: 'probe' }).debug('a debug line from a child logger');
    await vi.waitFor(() =>
      expect(t.logs().some((line) => line.msg === 'a debug line from a child logger')).toBe(true),
    );
    await gql(
      t.graphqlUrl,
      update,
      { changes: [{ key: 'log.level', value: null }] },
      t.authHeaders,
    );
    expect(logger.level).toBe('info');
  });

  it("applies files.maxFileBytes to the files domain's next write", async () => {
    const write = (content: string) =>
      gql(
        t.graphqlUrl,
        'mutation ($input: WriteFileInput!) { writeFile(input: $input) { size } }',
        {
          input: { path: 'limit.txt', content },
        },
        t.authHeaders,
      );
    expect((await write('x'.repeat(64))).errors).toBeUndefined();
    await gql(
      t.graphqlUrl,
      update,
      { changes: [{ key: 'files.maxFileBytes', value: 16 }] },
      t.authHeaders,
    );
    const refused = await write('y'.repeat(64));
    expect(refused.errors?.[0]?.extensions?.code).toBe('TOO_LARGE');
    await gql(
      t.graphqlUrl,
      update,
      { changes: [{ key: 'files.maxFileBytes', value: null }] },
      t.authHeaders,
    );
    expect((await write('z'.repeat(64))).errors).toBeUndefined();
  });

  it('offers a typed in-process API and a change hook to other domains', async () => {
    const ctx = { services: t.server.services } as Context;
    const seen: Array<[string, string]> = [];
    const stop = onSettingChange(ctx, 'gemini.model', (value, previous) =>
      seen.push([value, previous]),
    );
    const model: string = getSetting(ctx, 'gemini.model');
    expect(model).toBe('gemini-2.5-flash');
    await gql(
      t.graphqlUrl,
      update,
      {
        changes: [{ key: 'gemini.model', value: 'gemini-2.5-pro' }],
      },
      t.authHeaders,
    );
    stop();
    await gql(
      t.graphqlUrl,
      update,
      {
        changes: [{ key: 'gemini.model', value: 'gemini-2.0-flash' }],
      },
      t.authHeaders,
    );
    expect(seen).toEqual([['gemini-2.5-pro', 'gemini-2.5-flash']]);
    expect(getSetting(ctx, 'gemini.model')).toBe('gemini-2.0-flash');
  });

  it('records who changed which setting, never the value', async () => {
    await gql(
      t.graphqlUrl,
      update,
      {
        changes: [{ key: 'gemini.systemInstruction', value: 'Speak like a pirate-7c1f' }],
      },
      t.authHeaders,
    );
    const audit = await gql<{ settingsAudit: Array<Record<string, unknown>> }>(
      t.graphqlUrl,
      '{ settingsAudit(kind: SETTING, limit: 3) { id at principal kind target action transport requestId } }',
      {},
      t.authHeaders,
    );
    expect(audit.data?.settingsAudit[0]).toMatchObject({
      principal: 'admin-token',
      kind: 'SETTING',
      target: 'gemini.systemInstruction',
      action: 'UPDATE',
      transport: 'graphql',
    });
    expect(JSON.stringify(audit)).not.toContain('pirate-7c1f');
    const resets = await gql<{ settingsAudit: Array<{ target: string; action: string }> }>(
      t.graphqlUrl,
      '{ settingsAudit(target: "log.level") { target action } }',
      {},
      t.authHeaders,
    );
    expect(resets.data?.settingsAudit.map((entry) => entry.action)).toEqual(['RESET', 'UPDATE']);

    const [newest] = audit.data?.settingsAudit ?? [];
    const page = await gql<{ settingsAudit: Array<{ id: number }> }>(
      t.graphqlUrl,
      'query ($before: Int) { settingsAudit(beforeId: $before, limit: 2) { id } }',
      { before: newest?.id },
      t.authHeaders,
    );
    const ids = page.data?.settingsAudit.map((entry) => entry.id) ?? [];
    expect(ids).toHaveLength(2);
    expect(ids.every((id) => id < Number(newest?.id))).toBe(true);
    const badLimit = await gql(
      t.graphqlUrl,
      '{ settingsAudit(limit: 0) { id } }',
      {},
      t.authHeaders,
    );
    expect(badLimit.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'limit',
    });
  });

  it('streams settingsChanged over SSE, filtered by key, and replays from a sequence', async () => {
    const subscribe = (query: string) =>
      postEventStream(t.graphqlUrl, { query }, { headers: t.authHeaders });
    const selection = '{ sequence kind principal settings { key value source } }';
    const response = await subscribe(
      `subscription { settingsChanged(keys: ["gemini.topP"]) ${selection} }`,
    );
    const events = readEventStream(response);
    // The subscription is registered once the response headers arrive.
    await gql(
      t.graphqlUrl,
      update,
      { changes: [{ key: 'gemini.topK', value: 10 }] },
      t.authHeaders,
    );
    await gql(
      t.graphqlUrl,
      update,
      {
        changes: [
          { key: 'gemini.topP', value: 0.5 },
          { key: 'gemini.topK', value: 11 },
        ],
      },
      t.authHeaders,
    );
    const first = await events.next();
    const event = JSON.parse(first.value?.data ?? '{}') as {
      data: { settingsChanged: { sequence: string; kind: string; settings: unknown[] } };
    };
    expect(event.data.settingsChanged).toMatchObject({
      kind: 'CHANGED',
      principal: 'admin-token',
      settings: [{ key: 'gemini.topP', value: 0.5, source: 'DATABASE' }],
    });
    await events.return(undefined);

    const sequence = event.data.settingsChanged.sequence;
    await gql(
      t.graphqlUrl,
      update,
      { changes: [{ key: 'gemini.topP', value: 0.25 }] },
      t.authHeaders,
    );
    const replay = readEventStream(
      await subscribe(`subscription { settingsChanged(since: "${sequence}") ${selection} }`),
    );
    const replayed = JSON.parse((await replay.next()).value?.data ?? '{}') as {
      data: { settingsChanged: { settings: Array<{ key: string; value: unknown }> } };
    };
    expect(replayed.data.settingsChanged.settings).toEqual([
      { key: 'gemini.topP', value: 0.25, source: 'DATABASE' },
    ]);
    await replay.return(undefined);

    const stale = readEventStream(
      await subscribe(`subscription { settingsChanged(since: "1") ${selection} }`),
    );
    const resync = JSON.parse((await stale.next()).value?.data ?? '{}') as {
      data: { settingsChanged: { kind: string; settings: unknown[] } };
    };
    expect(resync.data.settingsChanged.kind).toBe('RESYNC');
    expect(resync.data.settingsChanged.settings.length).toBeGreaterThanOrEqual(10);
    await stale.return(undefined);
  });
});

describe('settings from the environment and the database across restarts', () => {
  let data: Awaited<ReturnType<typeof makeTempDir>>;
  let running: TestServer | undefined;
  beforeAll(async () => {
    data = await makeTempDir();
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  afterAll(() => data.remove());

  const start = (env: Record<string, string | undefined> = {}) =>
    startTestServer({ DATA_DIR: data.path, ...noLogLevel, ...env });

  it('keeps stored values across a restart', async () => {
    running = await start();
    await gql(
      running.graphqlUrl,
      update,
      {
        changes: [{ key: 'gemini.maxOutputTokens', value: 1024 }],
      },
      running.authHeaders,
    );
    await running.stop();
    running = await start();
    expect((await settingsOf(running)).get('gemini.maxOutputTokens')).toMatchObject({
      value: 1024,
      source: 'DATABASE',
    });
  });

  it('lets an environment variable win, says so, and refuses API changes to it', async () => {
    running = await start({ GEMINI_MAX_OUTPUT_TOKENS: '2048', WATCH_IGNORE: 'dist, .cache' });
    const all = await settingsOf(running);
    expect(all.get('gemini.maxOutputTokens')).toMatchObject({ value: 2048, source: 'ENVIRONMENT' });
    expect(all.get('watcher.ignore')).toMatchObject({
      value: ['dist', '.cache'],
      source: 'ENVIRONMENT',
    });
    const refused = await gql(
      running.graphqlUrl,
      update,
      {
        changes: [{ key: 'gemini.maxOutputTokens', value: 10 }],
      },
      running.authHeaders,
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['gemini.maxOutputTokens'],
    });
    expect(refused.errors?.[0]?.message).toContain('GEMINI_MAX_OUTPUT_TOKENS');
    expect(running.server.services.settings.get('gemini.maxOutputTokens')).toBe(2048);
  });

  it('refuses to start with an invalid settings variable, naming it', async () => {
    const folder = await makeTempDir();
    try {
      await expect(
        startServer({
          env: {
            PORT: '0',
            GRPC_PORT: '0',
            DATA_DIR: folder.path,
            PROJECT_ROOT: folder.path,
            GEMINI_TEMPERATURE: 'hot',
            LOG_LEVEL: 'silent',
          },
        }),
      ).rejects.toThrow(new ConfigError('invalid GEMINI_TEMPERATURE: must be a number'));
    } finally {
      await folder.remove();
    }
  });

  it('falls back to the default, with a warning, when a stored value no longer validates', async () => {
    running = await start();
    await running.server.services.db.setting.upsert({
      where: { key: 'gemini.topK' },
      create: { key: 'gemini.topK', value: '"lots"', updatedBy: 'someone' },
      update: { value: '"lots"' },
    });
    await running.stop();
    running = await start();
    expect((await settingsOf(running)).get('gemini.topK')).toMatchObject({
      value: 40,
      source: 'DEFAULT',
    });
    const warning = running.logs().find((line) => line.setting === 'gemini.topK');
    expect(warning?.msg).toContain('ignoring an invalid stored setting');
    expect(JSON.stringify(warning)).not.toContain('lots');
  });
});
