// Each operation checks the caller's scopes before touching anything. Tokens
// with fewer scopes are not wired to the transports yet, so these call the
// resolvers with such a principal on a real started server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/core/scopes.ts';
import type { Context } from '../../src/resolvers/context.ts';
import * as settings from '../../src/resolvers/settings.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

describe('settings scopes', () => {
  let t: TestServer;
  const as = (...scopes: Scope[]): Context => ({
    services: t.server.services,
    transport: 'graphql',
    requestId: 'scope-test',
    principal: { id: 'limited', scopes: new Set(scopes) },
  });
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('lets settings:read list settings, secrets and the audit trail, and nothing more', async () => {
    const reader = as('settings:read');
    expect(settings.settings(reader).length).toBeGreaterThan(5);
    expect(await settings.secrets(reader)).toEqual(expect.any(Array));
    expect(await settings.settingsAudit(reader, {})).toEqual([]);
    await expect(
      settings.updateSettings(reader, [{ key: 'gemini.topK', value: 5 }]),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'this operation needs the settings:write scope',
    });
    await expect(settings.setSecret(reader, 'x.key', 'value-value')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(settings.rotateSecrets(reader)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(settings.projectEnvFiles(reader)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(t.server.services.settings.get('gemini.topK')).toBe(40);
    expect(await t.server.services.db.secret.count()).toBe(0);
  });

  it('refuses everything to a caller without settings:read', async () => {
    const nobody = as('files:read');
    expect(() => settings.settings(nobody)).toThrow(/settings:read/);
    expect(() => settings.settingsChanged(nobody, {})).toThrow(/settings:read/);
    await expect(settings.secrets(nobody)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('needs both files:env and files:write to change a project .env file', async () => {
    await expect(
      settings.setProjectEnvVar(as('files:env', 'files:read'), { key: 'A', value: 'b' }),
    ).rejects.toMatchObject({ message: 'this operation needs the files:write scope' });
  });
});
