// genpod.agent.v1.SettingsService: settings and secrets for agents, through
// the same resolvers as GraphQL. Values travel as JSON text.
import type * as grpc from '@grpc/grpc-js';
import { InvalidInput } from '../core/errors.ts';
import type { Services } from '../resolvers/context.ts';
import * as settings from '../resolvers/settings.ts';
import { grpcContext } from './context.ts';
import type { SecretInfo } from './generated/genpod/agent/v1/SecretInfo.ts';
import type { Setting } from './generated/genpod/agent/v1/Setting.ts';
import type { SettingsChange } from './generated/genpod/agent/v1/SettingsChange.ts';
import type { SettingsServiceHandlers } from './generated/genpod/agent/v1/SettingsService.ts';
import type { WatchSettingsRequest__Output } from './generated/genpod/agent/v1/WatchSettingsRequest.ts';
import { toGrpcStatus } from './status.ts';

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

/** Answers a unary call exactly once, from a resolver's result or error. */
function answer<T, R>(
  services: Services,
  callback: grpc.sendUnaryData<R>,
  run: () => T | Promise<T>,
  toMessage: (result: T) => R,
): void {
  Promise.resolve()
    .then(run)
    .then(
      (result) => callback(null, toMessage(result)),
      (error: unknown) => callback(toGrpcStatus(error, services.logger)),
    );
}

function watchSettings(
  services: Services,
): grpc.handleServerStreamingCall<WatchSettingsRequest__Output, SettingsChange> {
  return (call) => {
    const cancelled = new AbortController();
    call.on('cancelled', () => cancelled.abort());
    void (async () => {
      let stream: AsyncIterator<settings.SettingsChangedEvent> | undefined;
      try {
        const changes = settings.settingsChanged(grpcContext(services, call), {
          keys: call.request.keys,
          since: call.request.since === '' ? undefined : call.request.since,
        });
        const iterator = changes[Symbol.asyncIterator]();
        stream = iterator;
        cancelled.signal.addEventListener('abort', () => void iterator.return?.(), { once: true });
        for (let next = await stream.next(); !next.done; next = await stream.next()) {
          if (cancelled.signal.aborted) break;
          const event = next.value;
          const message: SettingsChange = {
            sequence: event.sequence,
            kind: event.kind,
            settings: event.settings.map(toSetting),
            principal: event.principal ?? '',
            at: event.at.toISOString(),
          };
          if (!call.write(message)) await new Promise((resolve) => call.once('drain', resolve));
        }
        if (!cancelled.signal.aborted) call.end();
      } catch (error) {
        if (!cancelled.signal.aborted) call.emit('error', toGrpcStatus(error, services.logger));
      } finally {
        await stream?.return?.();
      }
    })();
  };
}

export function createSettingsServiceHandlers(services: Services): SettingsServiceHandlers {
  return {
    ListSettings(call, callback) {
      answer(
        services,
        callback,
        () =>
          settings.settings(
            grpcContext(services, call),
            call.request.keys.length > 0 ? call.request.keys : null,
          ),
        (list) => ({ settings: list.map(toSetting) }),
      );
    },
    UpdateSettings(call, callback) {
      answer(
        services,
        callback,
        () =>
          settings.updateSettings(
            grpcContext(services, call),
            call.request.changes.map((change) => ({
              key: change.key,
              value: change.reset ? null : parseValue(change.key, change.valueJson),
            })),
          ),
        (list) => ({ settings: list.map(toSetting) }),
      );
    },
    WatchSettings: watchSettings(services),
    ListSecrets(call, callback) {
      answer(
        services,
        callback,
        () => settings.secrets(grpcContext(services, call)),
        (list) => ({ secrets: list.map(toSecretInfo) }),
      );
    },
    SetSecret(call, callback) {
      answer(
        services,
        callback,
        () =>
          settings.setSecret(grpcContext(services, call), call.request.name, call.request.value),
        toSecretInfo,
      );
    },
    DeleteSecret(call, callback) {
      answer(
        services,
        callback,
        () => settings.deleteSecret(grpcContext(services, call), call.request.name),
        (deleted) => ({ deleted }),
      );
    },
    RotateSecrets(call, callback) {
      answer(
        services,
        callback,
        () => settings.rotateSecrets(grpcContext(services, call)),
        (result) => result,
      );
    },
  };
}
