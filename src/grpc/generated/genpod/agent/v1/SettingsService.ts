// Original file: protos/agent.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DeleteSecretRequest as _genpod_agent_v1_DeleteSecretRequest, DeleteSecretRequest__Output as _genpod_agent_v1_DeleteSecretRequest__Output } from '../../../genpod/agent/v1/DeleteSecretRequest.ts';
import type { DeleteSecretResponse as _genpod_agent_v1_DeleteSecretResponse, DeleteSecretResponse__Output as _genpod_agent_v1_DeleteSecretResponse__Output } from '../../../genpod/agent/v1/DeleteSecretResponse.ts';
import type { ListSecretsRequest as _genpod_agent_v1_ListSecretsRequest, ListSecretsRequest__Output as _genpod_agent_v1_ListSecretsRequest__Output } from '../../../genpod/agent/v1/ListSecretsRequest.ts';
import type { ListSettingsRequest as _genpod_agent_v1_ListSettingsRequest, ListSettingsRequest__Output as _genpod_agent_v1_ListSettingsRequest__Output } from '../../../genpod/agent/v1/ListSettingsRequest.ts';
import type { RotateSecretsRequest as _genpod_agent_v1_RotateSecretsRequest, RotateSecretsRequest__Output as _genpod_agent_v1_RotateSecretsRequest__Output } from '../../../genpod/agent/v1/RotateSecretsRequest.ts';
import type { RotateSecretsResponse as _genpod_agent_v1_RotateSecretsResponse, RotateSecretsResponse__Output as _genpod_agent_v1_RotateSecretsResponse__Output } from '../../../genpod/agent/v1/RotateSecretsResponse.ts';
import type { SecretInfo as _genpod_agent_v1_SecretInfo, SecretInfo__Output as _genpod_agent_v1_SecretInfo__Output } from '../../../genpod/agent/v1/SecretInfo.ts';
import type { SecretList as _genpod_agent_v1_SecretList, SecretList__Output as _genpod_agent_v1_SecretList__Output } from '../../../genpod/agent/v1/SecretList.ts';
import type { SetSecretRequest as _genpod_agent_v1_SetSecretRequest, SetSecretRequest__Output as _genpod_agent_v1_SetSecretRequest__Output } from '../../../genpod/agent/v1/SetSecretRequest.ts';
import type { SettingList as _genpod_agent_v1_SettingList, SettingList__Output as _genpod_agent_v1_SettingList__Output } from '../../../genpod/agent/v1/SettingList.ts';
import type { SettingsChange as _genpod_agent_v1_SettingsChange, SettingsChange__Output as _genpod_agent_v1_SettingsChange__Output } from '../../../genpod/agent/v1/SettingsChange.ts';
import type { UpdateSettingsRequest as _genpod_agent_v1_UpdateSettingsRequest, UpdateSettingsRequest__Output as _genpod_agent_v1_UpdateSettingsRequest__Output } from '../../../genpod/agent/v1/UpdateSettingsRequest.ts';
import type { WatchSettingsRequest as _genpod_agent_v1_WatchSettingsRequest, WatchSettingsRequest__Output as _genpod_agent_v1_WatchSettingsRequest__Output } from '../../../genpod/agent/v1/WatchSettingsRequest.ts';

export interface SettingsServiceClient extends grpc.Client {
  DeleteSecret(argument: _genpod_agent_v1_DeleteSecretRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_DeleteSecretResponse__Output>): grpc.ClientUnaryCall;
  DeleteSecret(argument: _genpod_agent_v1_DeleteSecretRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_DeleteSecretResponse__Output>): grpc.ClientUnaryCall;
  DeleteSecret(argument: _genpod_agent_v1_DeleteSecretRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_DeleteSecretResponse__Output>): grpc.ClientUnaryCall;
  DeleteSecret(argument: _genpod_agent_v1_DeleteSecretRequest, callback: grpc.requestCallback<_genpod_agent_v1_DeleteSecretResponse__Output>): grpc.ClientUnaryCall;
  deleteSecret(argument: _genpod_agent_v1_DeleteSecretRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_DeleteSecretResponse__Output>): grpc.ClientUnaryCall;
  deleteSecret(argument: _genpod_agent_v1_DeleteSecretRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_DeleteSecretResponse__Output>): grpc.ClientUnaryCall;
  deleteSecret(argument: _genpod_agent_v1_DeleteSecretRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_DeleteSecretResponse__Output>): grpc.ClientUnaryCall;
  deleteSecret(argument: _genpod_agent_v1_DeleteSecretRequest, callback: grpc.requestCallback<_genpod_agent_v1_DeleteSecretResponse__Output>): grpc.ClientUnaryCall;
  
  ListSecrets(argument: _genpod_agent_v1_ListSecretsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SecretList__Output>): grpc.ClientUnaryCall;
  ListSecrets(argument: _genpod_agent_v1_ListSecretsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_SecretList__Output>): grpc.ClientUnaryCall;
  ListSecrets(argument: _genpod_agent_v1_ListSecretsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SecretList__Output>): grpc.ClientUnaryCall;
  ListSecrets(argument: _genpod_agent_v1_ListSecretsRequest, callback: grpc.requestCallback<_genpod_agent_v1_SecretList__Output>): grpc.ClientUnaryCall;
  listSecrets(argument: _genpod_agent_v1_ListSecretsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SecretList__Output>): grpc.ClientUnaryCall;
  listSecrets(argument: _genpod_agent_v1_ListSecretsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_SecretList__Output>): grpc.ClientUnaryCall;
  listSecrets(argument: _genpod_agent_v1_ListSecretsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SecretList__Output>): grpc.ClientUnaryCall;
  listSecrets(argument: _genpod_agent_v1_ListSecretsRequest, callback: grpc.requestCallback<_genpod_agent_v1_SecretList__Output>): grpc.ClientUnaryCall;
  
  ListSettings(argument: _genpod_agent_v1_ListSettingsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SettingList__Output>): grpc.ClientUnaryCall;
  ListSettings(argument: _genpod_agent_v1_ListSettingsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_SettingList__Output>): grpc.ClientUnaryCall;
  ListSettings(argument: _genpod_agent_v1_ListSettingsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SettingList__Output>): grpc.ClientUnaryCall;
  ListSettings(argument: _genpod_agent_v1_ListSettingsRequest, callback: grpc.requestCallback<_genpod_agent_v1_SettingList__Output>): grpc.ClientUnaryCall;
  listSettings(argument: _genpod_agent_v1_ListSettingsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SettingList__Output>): grpc.ClientUnaryCall;
  listSettings(argument: _genpod_agent_v1_ListSettingsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_SettingList__Output>): grpc.ClientUnaryCall;
  listSettings(argument: _genpod_agent_v1_ListSettingsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SettingList__Output>): grpc.ClientUnaryCall;
  listSettings(argument: _genpod_agent_v1_ListSettingsRequest, callback: grpc.requestCallback<_genpod_agent_v1_SettingList__Output>): grpc.ClientUnaryCall;
  
  RotateSecrets(argument: _genpod_agent_v1_RotateSecretsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_RotateSecretsResponse__Output>): grpc.ClientUnaryCall;
  RotateSecrets(argument: _genpod_agent_v1_RotateSecretsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_RotateSecretsResponse__Output>): grpc.ClientUnaryCall;
  RotateSecrets(argument: _genpod_agent_v1_RotateSecretsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_RotateSecretsResponse__Output>): grpc.ClientUnaryCall;
  RotateSecrets(argument: _genpod_agent_v1_RotateSecretsRequest, callback: grpc.requestCallback<_genpod_agent_v1_RotateSecretsResponse__Output>): grpc.ClientUnaryCall;
  rotateSecrets(argument: _genpod_agent_v1_RotateSecretsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_RotateSecretsResponse__Output>): grpc.ClientUnaryCall;
  rotateSecrets(argument: _genpod_agent_v1_RotateSecretsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_RotateSecretsResponse__Output>): grpc.ClientUnaryCall;
  rotateSecrets(argument: _genpod_agent_v1_RotateSecretsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_RotateSecretsResponse__Output>): grpc.ClientUnaryCall;
  rotateSecrets(argument: _genpod_agent_v1_RotateSecretsRequest, callback: grpc.requestCallback<_genpod_agent_v1_RotateSecretsResponse__Output>): grpc.ClientUnaryCall;
  
  SetSecret(argument: _genpod_agent_v1_SetSecretRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SecretInfo__Output>): grpc.ClientUnaryCall;
  SetSecret(argument: _genpod_agent_v1_SetSecretRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_SecretInfo__Output>): grpc.ClientUnaryCall;
  SetSecret(argument: _genpod_agent_v1_SetSecretRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SecretInfo__Output>): grpc.ClientUnaryCall;
  SetSecret(argument: _genpod_agent_v1_SetSecretRequest, callback: grpc.requestCallback<_genpod_agent_v1_SecretInfo__Output>): grpc.ClientUnaryCall;
  setSecret(argument: _genpod_agent_v1_SetSecretRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SecretInfo__Output>): grpc.ClientUnaryCall;
  setSecret(argument: _genpod_agent_v1_SetSecretRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_SecretInfo__Output>): grpc.ClientUnaryCall;
  setSecret(argument: _genpod_agent_v1_SetSecretRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SecretInfo__Output>): grpc.ClientUnaryCall;
  setSecret(argument: _genpod_agent_v1_SetSecretRequest, callback: grpc.requestCallback<_genpod_agent_v1_SecretInfo__Output>): grpc.ClientUnaryCall;
  
  UpdateSettings(argument: _genpod_agent_v1_UpdateSettingsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SettingList__Output>): grpc.ClientUnaryCall;
  UpdateSettings(argument: _genpod_agent_v1_UpdateSettingsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_SettingList__Output>): grpc.ClientUnaryCall;
  UpdateSettings(argument: _genpod_agent_v1_UpdateSettingsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SettingList__Output>): grpc.ClientUnaryCall;
  UpdateSettings(argument: _genpod_agent_v1_UpdateSettingsRequest, callback: grpc.requestCallback<_genpod_agent_v1_SettingList__Output>): grpc.ClientUnaryCall;
  updateSettings(argument: _genpod_agent_v1_UpdateSettingsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SettingList__Output>): grpc.ClientUnaryCall;
  updateSettings(argument: _genpod_agent_v1_UpdateSettingsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_SettingList__Output>): grpc.ClientUnaryCall;
  updateSettings(argument: _genpod_agent_v1_UpdateSettingsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SettingList__Output>): grpc.ClientUnaryCall;
  updateSettings(argument: _genpod_agent_v1_UpdateSettingsRequest, callback: grpc.requestCallback<_genpod_agent_v1_SettingList__Output>): grpc.ClientUnaryCall;
  
  WatchSettings(argument: _genpod_agent_v1_WatchSettingsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_SettingsChange__Output>;
  WatchSettings(argument: _genpod_agent_v1_WatchSettingsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_SettingsChange__Output>;
  watchSettings(argument: _genpod_agent_v1_WatchSettingsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_SettingsChange__Output>;
  watchSettings(argument: _genpod_agent_v1_WatchSettingsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_SettingsChange__Output>;
  
}

export interface SettingsServiceHandlers extends grpc.UntypedServiceImplementation {
  DeleteSecret: grpc.handleUnaryCall<_genpod_agent_v1_DeleteSecretRequest__Output, _genpod_agent_v1_DeleteSecretResponse>;
  
  ListSecrets: grpc.handleUnaryCall<_genpod_agent_v1_ListSecretsRequest__Output, _genpod_agent_v1_SecretList>;
  
  ListSettings: grpc.handleUnaryCall<_genpod_agent_v1_ListSettingsRequest__Output, _genpod_agent_v1_SettingList>;
  
  RotateSecrets: grpc.handleUnaryCall<_genpod_agent_v1_RotateSecretsRequest__Output, _genpod_agent_v1_RotateSecretsResponse>;
  
  SetSecret: grpc.handleUnaryCall<_genpod_agent_v1_SetSecretRequest__Output, _genpod_agent_v1_SecretInfo>;
  
  UpdateSettings: grpc.handleUnaryCall<_genpod_agent_v1_UpdateSettingsRequest__Output, _genpod_agent_v1_SettingList>;
  
  WatchSettings: grpc.handleServerStreamingCall<_genpod_agent_v1_WatchSettingsRequest__Output, _genpod_agent_v1_SettingsChange>;
  
}

export interface SettingsServiceDefinition extends grpc.ServiceDefinition {
  DeleteSecret: MethodDefinition<_genpod_agent_v1_DeleteSecretRequest, _genpod_agent_v1_DeleteSecretResponse, _genpod_agent_v1_DeleteSecretRequest__Output, _genpod_agent_v1_DeleteSecretResponse__Output>
  ListSecrets: MethodDefinition<_genpod_agent_v1_ListSecretsRequest, _genpod_agent_v1_SecretList, _genpod_agent_v1_ListSecretsRequest__Output, _genpod_agent_v1_SecretList__Output>
  ListSettings: MethodDefinition<_genpod_agent_v1_ListSettingsRequest, _genpod_agent_v1_SettingList, _genpod_agent_v1_ListSettingsRequest__Output, _genpod_agent_v1_SettingList__Output>
  RotateSecrets: MethodDefinition<_genpod_agent_v1_RotateSecretsRequest, _genpod_agent_v1_RotateSecretsResponse, _genpod_agent_v1_RotateSecretsRequest__Output, _genpod_agent_v1_RotateSecretsResponse__Output>
  SetSecret: MethodDefinition<_genpod_agent_v1_SetSecretRequest, _genpod_agent_v1_SecretInfo, _genpod_agent_v1_SetSecretRequest__Output, _genpod_agent_v1_SecretInfo__Output>
  UpdateSettings: MethodDefinition<_genpod_agent_v1_UpdateSettingsRequest, _genpod_agent_v1_SettingList, _genpod_agent_v1_UpdateSettingsRequest__Output, _genpod_agent_v1_SettingList__Output>
  WatchSettings: MethodDefinition<_genpod_agent_v1_WatchSettingsRequest, _genpod_agent_v1_SettingsChange, _genpod_agent_v1_WatchSettingsRequest__Output, _genpod_agent_v1_SettingsChange__Output>
}
