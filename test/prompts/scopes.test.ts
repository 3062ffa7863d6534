// The prompt operations check the caller's scopes themselves, so every
// transport (and the auth layer still to come) gets the same rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/core/scopes.ts';
import type { Context } from '../../src/resolvers/context.ts';
import * as prompts from '../../src/resolvers/prompts.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

describe('scopes of the prompt operations', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  const as = (id: string, ...scopes: Scope[]): Context => ({
    services: t.server.services,
    transport: 'graphql',
    requestId: id,
    principal: { id, scopes: new Set(scopes) },
  });

  it('lets a reader read and render, and refuses it every write with FORBIDDEN', async () => {
    const writer = as('writer', 'prompts:write', 'prompts:read');
    await prompts.createPrompt(writer, {
      name: 'guarded',
      body: 'hi {{x}}',
      variables: [{ name: 'x', type: 'string' }],
    });
    const reader = as('reader', 'prompts:read');
    expect((await prompts.prompt(reader, 'guarded'))?.latestVersion).toBe(1);
    expect(
      (await prompts.renderPrompt(reader, { name: 'guarded', variables: { x: 'you' } })).text,
    ).toBe('hi you');

    const forbidden = {
      code: 'FORBIDDEN',
      message: 'this operation needs the prompts:write scope',
    };
    await expect(prompts.createPrompt(reader, { name: 'nope', body: 'x' })).rejects.toMatchObject(
      forbidden,
    );
    await expect(
      prompts.addPromptVersion(reader, { name: 'guarded', body: 'x' }),
    ).rejects.toMatchObject(forbidden);
    await expect(
      prompts.setPromptLabel(reader, { name: 'guarded', label: 'production', version: 1 }),
    ).rejects.toMatchObject(forbidden);
    await expect(prompts.deletePrompt(reader, 'guarded')).rejects.toMatchObject(forbidden);
    await expect(prompts.importPrompts(reader, 'prompts')).rejects.toMatchObject(forbidden);
    expect(
      await t.server.services.db.promptVersion.count({ where: { prompt: { name: 'guarded' } } }),
    ).toBe(1);
  });

  it('refuses reads and renders without prompts:read', async () => {
    const stranger = as('stranger', 'chat');
    const forbidden = { code: 'FORBIDDEN', message: 'this operation needs the prompts:read scope' };
    await expect(prompts.prompts(stranger, {})).rejects.toMatchObject(forbidden);
    await expect(
      prompts.renderPrompt(stranger, { name: 'guarded', variables: { x: 'y' } }),
    ).rejects.toMatchObject(forbidden);
    expect(() => prompts.promptChanged(stranger, {})).toThrow(
      'this operation needs the prompts:read scope',
    );
  });

  it('needs files:read to import from and files:write to export to the project', async () => {
    await expect(prompts.importPrompts(as('w', 'prompts:write'), 'prompts')).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'this needs the files:read scope',
    });
    await expect(
      prompts.exportPrompts(as('r', 'prompts:read', 'files:read'), { folder: 'out' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'this needs the files:write scope',
    });
  });

  it('records who made each version and moved each label', async () => {
    await prompts.addPromptVersion(as('alice', 'prompts:write', 'prompts:read'), {
      name: 'guarded',
      body: 'hello {{x}}',
      variables: [{ name: 'x', type: 'string' }],
      labels: ['staging'],
    });
    const record = await prompts.prompt(as('bob', 'prompts:read'), 'guarded');
    expect(record?.labels).toMatchObject([{ name: 'staging', version: 2, updatedBy: 'alice' }]);
    const versions = await prompts.promptVersions(as('bob', 'prompts:read'), 'guarded');
    expect(versions.map((v) => [v.number, v.createdBy])).toEqual([
      [2, 'alice'],
      [1, 'writer'],
    ]);
  });
});
