// SettingsService over a real gRPC connection: the same operations as GraphQL.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettingsServiceClient } from '../../src/grpc/generated/genpod/agent/v1/SettingsService.ts';
import type { SettingsChange__Output } from '../../src/grpc/generated/genpod/agent/v1/SettingsChange.ts';
import { agentProto } from '../../src/grpc/proto.ts';
import { clientOptions } from '../utils/grpc.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { busSubscribersAbove } from '../utils/wait-for.ts';

type Callback<R> = (error: grpc.ServiceError | null, response?: R) => void;

/** Promisifies one unary method of the client. */
function unary<Req, Res>(
  method: (request: Req, callback: Callback<Res>) => grpc.ClientUnaryCall,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    method(request, (error, response) => {
      if (error) reject(error);
      else resolve(response as Res);
    });
  });
}

describe('SettingsService over gRPC', () => {
  let t: TestServer;
  let client: SettingsServiceClient;
  beforeAll(async () => {
    t = await startTestServer({ LOG_LEVEL: undefined });
    client = new agentProto.SettingsService(
      t.grpcTarget,
      grpc.credentials.createInsecure(),
      clientOptions(t.token),
    ) as unknown as SettingsServiceClient;
  });
  afterAll(async () => {
    client.close();
    await t.stop();
  });

  it('lists settings with JSON values and their source', async () => {
    const list = await unary(client.ListSettings.bind(client), {
      keys: ['gemini.topK', 'watcher.ignore'],
    });
    expect(list.settings).toMatchObject([
      {
        key: 'gemini.topK',
        type: 'INTEGER',
        valueJson: '40',
        source: 'DEFAULT',
        envVar: 'GEMINI_TOP_K',
      },
      { key: 'watcher.ignore', valueJson: '[".git/objects","node_modules"]' },
    ]);
  });

  it('updates settings and streams the change to a watcher', async () => {
    const { bus } = t.server.services;
    const before = bus.stats().subscribers;
    const watch = client.WatchSettings({ keys: ['gemini.model'], since: '' });
    const received = new Promise<SettingsChange__Output>((resolve, reject) => {
      watch.on('data', resolve);
      watch.on('error', reject);
    });
    // The stream subscribes before the change is published.
    await busSubscribersAbove(bus, before);
    const updated = await unary(client.UpdateSettings.bind(client), {
      changes: [{ key: 'gemini.model', valueJson: '"gemini-2.5-pro"' }],
    });
    expect(updated.settings[0]).toMatchObject({
      valueJson: '"gemini-2.5-pro"',
      source: 'DATABASE',
    });
    const change = await received;
    watch.cancel();
    expect(change).toMatchObject({ kind: 'CHANGED', principal: 'admin-token' });
    expect(change.settings.map((s) => [s.key, s.valueJson])).toEqual([
      ['gemini.model', '"gemini-2.5-pro"'],
    ]);
    const reset = await unary(client.UpdateSettings.bind(client), {
      changes: [{ key: 'gemini.model', reset: true }],
    });
    expect(reset.settings[0]).toMatchObject({ valueJson: '"gemini-2.5-flash"', source: 'DEFAULT' });
  });

  it('refuses an invalid batch with INVALID_ARGUMENT naming each field, writing nothing', async () => {
    const error = await unary(client.UpdateSettings.bind(client), {
      changes: [
        { key: 'gemini.temperature', valueJson: '0.5' },
        { key: 'gemini.topP', valueJson: '3' },
        { key: 'gemini.topK', valueJson: '"many"' },
      ],
    }).catch((caught: grpc.ServiceError) => caught);
    expect(error).toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    const details = (error as grpc.ServiceError).details;
    expect(details).toContain('gemini.topP must be at most 1');
    expect(details).toContain('gemini.topK must be a number');
    expect((error as grpc.ServiceError).metadata.get('error-code')).toEqual(['BAD_USER_INPUT']);
    expect(t.server.services.settings.get('gemini.temperature')).toBe(1);
  });

  it('refuses value_json that is not JSON, as GraphQL refuses a malformed literal', async () => {
    const error = await unary(client.UpdateSettings.bind(client), {
      changes: [{ key: 'gemini.model', valueJson: 'gemini-2.5-pro' }],
    }).catch((caught: grpc.ServiceError) => caught);
    expect(error).toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    expect((error as grpc.ServiceError).details).toContain(
      'value_json of gemini.model is not JSON',
    );
    expect(t.server.services.settings.get('gemini.model')).toBe('gemini-2.5-flash');
  });

  it('sets, lists and deletes a secret without ever returning its value', async () => {
    const value = 'grpc-secret-value-0123-LAST';
    const info = await unary(client.SetSecret.bind(client), { name: 'agent.token', value });
    expect(info).toMatchObject({
      name: 'agent.token',
      isSet: true,
      lastFour: 'LAST',
      source: 'DATABASE',
    });
    const list = await unary(client.ListSecrets.bind(client), {});
    expect(JSON.stringify(list)).not.toContain('grpc-secret-value');
    const rotated = await unary(client.RotateSecrets.bind(client), {});
    expect(rotated).toEqual({ rotated: 0, unchanged: 1 });
    expect(await unary(client.DeleteSecret.bind(client), { name: 'agent.token' })).toEqual({
      deleted: true,
    });
    const refused = await unary(client.SetSecret.bind(client), { name: 'x', value: '' }).catch(
      (caught: grpc.ServiceError) => caught,
    );
    expect(refused).toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
  });
});
