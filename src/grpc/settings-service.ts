// genpod.agent.v1.SettingsService: settings and secrets for agents, through
// the same resolvers as GraphQL. Values travel as JSON text.
import type * as grpc from '@grpc/grpc-js';
import { InvalidInput } from '../core/errors.ts';
import type { Services } from '../resolvers/context.ts';
import * as settings from '../resolvers/settings.ts';
import { serverStream, unaryCall } from './call-handlers.ts';
import type { SecretInfo } from './generated/genpod/agent/v1/SecretInfo.ts';
import type { Setting } from './generated/genpod/agent/v1/Setting.ts';
import type { SettingsChange } from './generated/genpod/agent/v1/SettingsChange.ts';
import type { SettingsServiceHandlers } from './generated/genpod/agent/v1/SettingsService.ts';
import type { WatchSettingsRequest__Output } from './generated/genpod/agent/v1/WatchSettingsRequest.ts';

export const settingsServiceName = 'genpod.agent.v1.SettingsService';

function toSetting(setting: settings.ResolvedSetting): Setting {
  return {
    key: setting.key,
    type: setting.type,
    valueJson: JSON.stringify(setting.value),
    defaultJson: JSON.stringify(setting.defaultValue),
    source: setting.source,
    description: setting.description,
    envVar: setting.envVar,
    appliesLive: setting.appliesLive,
    allowedValues: [...(setting.allowedValues ?? [])],
    updatedAt: setting.updatedAt?.toISOString() ?? '',
    updatedBy: setting.updatedBy ?? '',
  };
}

function toSecretInfo(secret: settings.SecretInfo): SecretInfo {
  return {
    name: secret.name,
    isSet: secret.isSet,
    source: secret.source,
    updatedAt: secret.updatedAt?.toISOString() ?? '',
    updatedBy: secret.updatedBy ?? '',
    lastFour: secret.lastFour ?? '',
    readable: secret.readable,
  };
}

function parseValue(key: string, json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw new InvalidInput(`value_json of ${key} is not JSON (a string needs its quotes)`, {
      fields: [key],
      fieldErrors: [{ field: key, message: 'value_json is not JSON' }],
    });
  }
}

function watchSettings(
  services: Services,
): grpc.handleServerStreamingCall<WatchSettingsRequest__Output, SettingsChange> {
  return serverStream(
    services,
    (ctx, request: WatchSettingsRequest__Output) =>
      settings.settingsChanged(ctx, {
        keys: request.keys,
        since: request.since === '' ? undefined : request.since,
      }),
    (event): SettingsChange => ({
      sequence: event.sequence,
      kind: event.kind,
      settings: event.settings.map(toSetting),
      principal: event.principal ?? '',
      at: event.at.toISOString(),
    }),
  );
}

export function createSettingsServiceHandlers(services: Services): SettingsServiceHandlers {
  return {
    ListSettings: unaryCall(services, async (ctx, request) => ({
      settings: (await settings.settings(ctx, request.keys.length > 0 ? request.keys : null)).map(
        toSetting,
      ),
    })),
    UpdateSettings: unaryCall(services, async (ctx, request) => ({
      settings: (
        await settings.updateSettings(
          ctx,
          request.changes.map((change) => ({
            key: change.key,
            value: change.reset ? null : parseValue(change.key, change.valueJson),
          })),
        )
      ).map(toSetting),
    })),
    WatchSettings: watchSettings(services),
    ListSecrets: unaryCall(services, async (ctx) => ({
      secrets: (await settings.secrets(ctx)).map(toSecretInfo),
    })),
    SetSecret: unaryCall(services, async (ctx, request) =>
      toSecretInfo(await settings.setSecret(ctx, request.name, request.value)),
    ),
    DeleteSecret: unaryCall(services, async (ctx, request) => ({
      deleted: await settings.deleteSecret(ctx, request.name),
    })),
    RotateSecrets: unaryCall(services, (ctx) => settings.rotateSecrets(ctx)),
  };
}
