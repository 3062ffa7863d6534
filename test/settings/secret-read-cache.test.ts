// The decrypted Gemini key is kept in memory between replies: every change of
// a secret, on this instance or announced by another, must reach the next reply.
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../src/core/db/database.ts';
import { createInProcessEventBus, type EventBus } from '../../src/core/event-bus.ts';
import { generateFernetKey } from '../../src/core/fernet-key-file.ts';
import { MultiFernet } from '../../src/core/fernet.ts';
import { createLogger } from '../../src/core/logger.ts';
import { SecretReadCache, secretsChangedTopic } from '../../src/core/secrets/secret-read-cache.ts';
import { createSecretStore, type SecretStore } from '../../src/core/secrets/secret-store.ts';
import {
  createSession,
  readReply,
  sendMessage,
  startChatTestbed,
  type ChatTestbed,
} from '../chat/chat-fixtures.ts';
import { makeTempDir } from '../utils/tempdir.ts';

const setKey = 'mutation($v: String!) { setSecret(name: "gemini.apiKey", value: $v) { name } }';

describe('the Gemini key of a server', () => {
  let bed: ChatTestbed;
  beforeEach(async () => {
    bed = await startChatTestbed({ GEMINI_API_KEY: '' });
  });
  afterEach(async () => {
    await bed.stop();
  });

  async function lastEventOfReply(content: string): Promise<{ kind: string; error: unknown }> {
    const sessionId = await createSession(bed);
    const { reply } = await sendMessage(bed, sessionId, content);
    const events = await readReply(bed, reply.id);
    return events[events.length - 1] as { kind: string; error: unknown };
  }

  it('follows each change of the stored secret from one reply to the next', async () => {
    await bed.call(setKey, { v: bed.fake.apiKey });
    expect((await lastEventOfReply('first')).kind).toBe('DONE');
    expect((await bed.fake.waitForRequest('first')).apiKey).toBe(bed.fake.apiKey);

    const wrongKey = 'AIzaSy-a-key-the-fake-refuses-0000';
    await bed.call(setKey, { v: wrongKey });
    expect(await lastEventOfReply('second')).toMatchObject({
      kind: 'ERROR',
      error: { reason: 'AUTH' },
    });
    expect((await bed.fake.waitForRequest('second')).apiKey).toBe(wrongKey);

    await bed.call('mutation { deleteSecret(name: "gemini.apiKey") }');
    expect(await lastEventOfReply('third')).toMatchObject({
      kind: 'ERROR',
      error: { reason: 'NOT_CONFIGURED' },
    });
  });
});

describe('SecretReadCache', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let db: Database;
  let bus: EventBus;
  let stored: SecretStore;
  const caches: SecretReadCache[] = [];
  const actor = { principal: 'test', transport: 'test', requestId: 'r1' };
  const logger = createLogger({ level: 'info', format: 'json', destination: new PassThrough() });

  /** One instance's cache: all of them share the database and the bus, as instances sharing Redis do. */
  function instance(): SecretReadCache {
    const cache = new SecretReadCache({ store: stored, bus, logger });
    cache.start();
    caches.push(cache);
    return cache;
  }

  beforeEach(async () => {
    temp = await makeTempDir();
    ({ db } = await openDatabase(`file:${join(temp.path, 'genpod.db')}`));
    bus = createInProcessEventBus();
    stored = createSecretStore({
      db,
      fernet: MultiFernet.fromSecret(generateFernetKey()),
      env: {},
    });
  });
  afterEach(async () => {
    for (const cache of caches.splice(0)) await cache.close();
    await db.$disconnect();
    await temp.remove();
  });

  it('answers from memory until a change is announced on the bus', async () => {
    const here = instance();
    const there = instance();
    await stored.set('gemini.apiKey', 'first-value', actor);
    expect(await there.read('gemini.apiKey')).toBe('first-value');

    // Changed behind the caches' back: the one that read it still has the old value.
    await stored.set('gemini.apiKey', 'second-value', actor);
    expect(await there.read('gemini.apiKey')).toBe('first-value');

    // A change through another instance reaches it through the bus.
    await here.set('gemini.apiKey', 'third-value', actor);
    expect(await here.read('gemini.apiKey')).toBe('third-value');
    await vi.waitFor(async () => expect(await there.read('gemini.apiKey')).toBe('third-value'));

    await here.delete('gemini.apiKey', actor);
    await vi.waitFor(async () => expect(await there.read('gemini.apiKey')).toBeUndefined());
  });

  it('reads again after a RESYNC of the topic, as announcements may have been missed', async () => {
    const cache = instance();
    await stored.set('gemini.apiKey', 'before', actor);
    expect(await cache.read('gemini.apiKey')).toBe('before');
    await stored.set('gemini.apiKey', 'after', actor);
    expect(await cache.read('gemini.apiKey')).toBe('before');
    await bus.publishResync(secretsChangedTopic);
    await vi.waitFor(async () => expect(await cache.read('gemini.apiKey')).toBe('after'));
  });
});
