// Original file: protos/agent.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetRenderedPromptRequest as _genpod_agent_v1_GetRenderedPromptRequest, GetRenderedPromptRequest__Output as _genpod_agent_v1_GetRenderedPromptRequest__Output } from '../../../genpod/agent/v1/GetRenderedPromptRequest.ts';
import type { ListPromptDependentsRequest as _genpod_agent_v1_ListPromptDependentsRequest, ListPromptDependentsRequest__Output as _genpod_agent_v1_ListPromptDependentsRequest__Output } from '../../../genpod/agent/v1/ListPromptDependentsRequest.ts';
import type { ListPromptLabelHistoryRequest as _genpod_agent_v1_ListPromptLabelHistoryRequest, ListPromptLabelHistoryRequest__Output as _genpod_agent_v1_ListPromptLabelHistoryRequest__Output } from '../../../genpod/agent/v1/ListPromptLabelHistoryRequest.ts';
import type { PromptChangeEvent as _genpod_agent_v1_PromptChangeEvent, PromptChangeEvent__Output as _genpod_agent_v1_PromptChangeEvent__Output } from '../../../genpod/agent/v1/PromptChangeEvent.ts';
import type { PromptDependents as _genpod_agent_v1_PromptDependents, PromptDependents__Output as _genpod_agent_v1_PromptDependents__Output } from '../../../genpod/agent/v1/PromptDependents.ts';
import type { PromptLabelHistory as _genpod_agent_v1_PromptLabelHistory, PromptLabelHistory__Output as _genpod_agent_v1_PromptLabelHistory__Output } from '../../../genpod/agent/v1/PromptLabelHistory.ts';
import type { PromptLabelState as _genpod_agent_v1_PromptLabelState, PromptLabelState__Output as _genpod_agent_v1_PromptLabelState__Output } from '../../../genpod/agent/v1/PromptLabelState.ts';
import type { ProtectPromptLabelRequest as _genpod_agent_v1_ProtectPromptLabelRequest, ProtectPromptLabelRequest__Output as _genpod_agent_v1_ProtectPromptLabelRequest__Output } from '../../../genpod/agent/v1/ProtectPromptLabelRequest.ts';
import type { RemovePromptLabelRequest as _genpod_agent_v1_RemovePromptLabelRequest, RemovePromptLabelRequest__Output as _genpod_agent_v1_RemovePromptLabelRequest__Output } from '../../../genpod/agent/v1/RemovePromptLabelRequest.ts';
import type { RenderedPrompt as _genpod_agent_v1_RenderedPrompt, RenderedPrompt__Output as _genpod_agent_v1_RenderedPrompt__Output } from '../../../genpod/agent/v1/RenderedPrompt.ts';
import type { SetPromptLabelRequest as _genpod_agent_v1_SetPromptLabelRequest, SetPromptLabelRequest__Output as _genpod_agent_v1_SetPromptLabelRequest__Output } from '../../../genpod/agent/v1/SetPromptLabelRequest.ts';
import type { WatchPromptChangesRequest as _genpod_agent_v1_WatchPromptChangesRequest, WatchPromptChangesRequest__Output as _genpod_agent_v1_WatchPromptChangesRequest__Output } from '../../../genpod/agent/v1/WatchPromptChangesRequest.ts';

export interface PromptServiceClient extends grpc.Client {
  GetRenderedPrompt(argument: _genpod_agent_v1_GetRenderedPromptRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_RenderedPrompt__Output>): grpc.ClientUnaryCall;
  GetRenderedPrompt(argument: _genpod_agent_v1_GetRenderedPromptRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_RenderedPrompt__Output>): grpc.ClientUnaryCall;
  GetRenderedPrompt(argument: _genpod_agent_v1_GetRenderedPromptRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_RenderedPrompt__Output>): grpc.ClientUnaryCall;
  GetRenderedPrompt(argument: _genpod_agent_v1_GetRenderedPromptRequest, callback: grpc.requestCallback<_genpod_agent_v1_RenderedPrompt__Output>): grpc.ClientUnaryCall;
  getRenderedPrompt(argument: _genpod_agent_v1_GetRenderedPromptRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_RenderedPrompt__Output>): grpc.ClientUnaryCall;
  getRenderedPrompt(argument: _genpod_agent_v1_GetRenderedPromptRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_RenderedPrompt__Output>): grpc.ClientUnaryCall;
  getRenderedPrompt(argument: _genpod_agent_v1_GetRenderedPromptRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_RenderedPrompt__Output>): grpc.ClientUnaryCall;
  getRenderedPrompt(argument: _genpod_agent_v1_GetRenderedPromptRequest, callback: grpc.requestCallback<_genpod_agent_v1_RenderedPrompt__Output>): grpc.ClientUnaryCall;
  
  ListPromptDependents(argument: _genpod_agent_v1_ListPromptDependentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptDependents__Output>): grpc.ClientUnaryCall;
  ListPromptDependents(argument: _genpod_agent_v1_ListPromptDependentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_PromptDependents__Output>): grpc.ClientUnaryCall;
  ListPromptDependents(argument: _genpod_agent_v1_ListPromptDependentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptDependents__Output>): grpc.ClientUnaryCall;
  ListPromptDependents(argument: _genpod_agent_v1_ListPromptDependentsRequest, callback: grpc.requestCallback<_genpod_agent_v1_PromptDependents__Output>): grpc.ClientUnaryCall;
  listPromptDependents(argument: _genpod_agent_v1_ListPromptDependentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptDependents__Output>): grpc.ClientUnaryCall;
  listPromptDependents(argument: _genpod_agent_v1_ListPromptDependentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_PromptDependents__Output>): grpc.ClientUnaryCall;
  listPromptDependents(argument: _genpod_agent_v1_ListPromptDependentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptDependents__Output>): grpc.ClientUnaryCall;
  listPromptDependents(argument: _genpod_agent_v1_ListPromptDependentsRequest, callback: grpc.requestCallback<_genpod_agent_v1_PromptDependents__Output>): grpc.ClientUnaryCall;
  
  ListPromptLabelHistory(argument: _genpod_agent_v1_ListPromptLabelHistoryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelHistory__Output>): grpc.ClientUnaryCall;
  ListPromptLabelHistory(argument: _genpod_agent_v1_ListPromptLabelHistoryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelHistory__Output>): grpc.ClientUnaryCall;
  ListPromptLabelHistory(argument: _genpod_agent_v1_ListPromptLabelHistoryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelHistory__Output>): grpc.ClientUnaryCall;
  ListPromptLabelHistory(argument: _genpod_agent_v1_ListPromptLabelHistoryRequest, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelHistory__Output>): grpc.ClientUnaryCall;
  listPromptLabelHistory(argument: _genpod_agent_v1_ListPromptLabelHistoryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelHistory__Output>): grpc.ClientUnaryCall;
  listPromptLabelHistory(argument: _genpod_agent_v1_ListPromptLabelHistoryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelHistory__Output>): grpc.ClientUnaryCall;
  listPromptLabelHistory(argument: _genpod_agent_v1_ListPromptLabelHistoryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelHistory__Output>): grpc.ClientUnaryCall;
  listPromptLabelHistory(argument: _genpod_agent_v1_ListPromptLabelHistoryRequest, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelHistory__Output>): grpc.ClientUnaryCall;
  
  ProtectPromptLabel(argument: _genpod_agent_v1_ProtectPromptLabelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  ProtectPromptLabel(argument: _genpod_agent_v1_ProtectPromptLabelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  ProtectPromptLabel(argument: _genpod_agent_v1_ProtectPromptLabelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  ProtectPromptLabel(argument: _genpod_agent_v1_ProtectPromptLabelRequest, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  protectPromptLabel(argument: _genpod_agent_v1_ProtectPromptLabelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  protectPromptLabel(argument: _genpod_agent_v1_ProtectPromptLabelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  protectPromptLabel(argument: _genpod_agent_v1_ProtectPromptLabelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  protectPromptLabel(argument: _genpod_agent_v1_ProtectPromptLabelRequest, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  
  RemovePromptLabel(argument: _genpod_agent_v1_RemovePromptLabelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  RemovePromptLabel(argument: _genpod_agent_v1_RemovePromptLabelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  RemovePromptLabel(argument: _genpod_agent_v1_RemovePromptLabelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  RemovePromptLabel(argument: _genpod_agent_v1_RemovePromptLabelRequest, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  removePromptLabel(argument: _genpod_agent_v1_RemovePromptLabelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  removePromptLabel(argument: _genpod_agent_v1_RemovePromptLabelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  removePromptLabel(argument: _genpod_agent_v1_RemovePromptLabelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  removePromptLabel(argument: _genpod_agent_v1_RemovePromptLabelRequest, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  
  SetPromptLabel(argument: _genpod_agent_v1_SetPromptLabelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  SetPromptLabel(argument: _genpod_agent_v1_SetPromptLabelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  SetPromptLabel(argument: _genpod_agent_v1_SetPromptLabelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  SetPromptLabel(argument: _genpod_agent_v1_SetPromptLabelRequest, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  setPromptLabel(argument: _genpod_agent_v1_SetPromptLabelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  setPromptLabel(argument: _genpod_agent_v1_SetPromptLabelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  setPromptLabel(argument: _genpod_agent_v1_SetPromptLabelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  setPromptLabel(argument: _genpod_agent_v1_SetPromptLabelRequest, callback: grpc.requestCallback<_genpod_agent_v1_PromptLabelState__Output>): grpc.ClientUnaryCall;
  
  WatchPromptChanges(argument: _genpod_agent_v1_WatchPromptChangesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_PromptChangeEvent__Output>;
  WatchPromptChanges(argument: _genpod_agent_v1_WatchPromptChangesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_PromptChangeEvent__Output>;
  watchPromptChanges(argument: _genpod_agent_v1_WatchPromptChangesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_PromptChangeEvent__Output>;
  watchPromptChanges(argument: _genpod_agent_v1_WatchPromptChangesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_PromptChangeEvent__Output>;
  
}

export interface PromptServiceHandlers extends grpc.UntypedServiceImplementation {
  GetRenderedPrompt: grpc.handleUnaryCall<_genpod_agent_v1_GetRenderedPromptRequest__Output, _genpod_agent_v1_RenderedPrompt>;
  
  ListPromptDependents: grpc.handleUnaryCall<_genpod_agent_v1_ListPromptDependentsRequest__Output, _genpod_agent_v1_PromptDependents>;
  
  ListPromptLabelHistory: grpc.handleUnaryCall<_genpod_agent_v1_ListPromptLabelHistoryRequest__Output, _genpod_agent_v1_PromptLabelHistory>;
  
  ProtectPromptLabel: grpc.handleUnaryCall<_genpod_agent_v1_ProtectPromptLabelRequest__Output, _genpod_agent_v1_PromptLabelState>;
  
  RemovePromptLabel: grpc.handleUnaryCall<_genpod_agent_v1_RemovePromptLabelRequest__Output, _genpod_agent_v1_PromptLabelState>;
  
  SetPromptLabel: grpc.handleUnaryCall<_genpod_agent_v1_SetPromptLabelRequest__Output, _genpod_agent_v1_PromptLabelState>;
  
  WatchPromptChanges: grpc.handleServerStreamingCall<_genpod_agent_v1_WatchPromptChangesRequest__Output, _genpod_agent_v1_PromptChangeEvent>;
  
}

export interface PromptServiceDefinition extends grpc.ServiceDefinition {
  GetRenderedPrompt: MethodDefinition<_genpod_agent_v1_GetRenderedPromptRequest, _genpod_agent_v1_RenderedPrompt, _genpod_agent_v1_GetRenderedPromptRequest__Output, _genpod_agent_v1_RenderedPrompt__Output>
  ListPromptDependents: MethodDefinition<_genpod_agent_v1_ListPromptDependentsRequest, _genpod_agent_v1_PromptDependents, _genpod_agent_v1_ListPromptDependentsRequest__Output, _genpod_agent_v1_PromptDependents__Output>
  ListPromptLabelHistory: MethodDefinition<_genpod_agent_v1_ListPromptLabelHistoryRequest, _genpod_agent_v1_PromptLabelHistory, _genpod_agent_v1_ListPromptLabelHistoryRequest__Output, _genpod_agent_v1_PromptLabelHistory__Output>
  ProtectPromptLabel: MethodDefinition<_genpod_agent_v1_ProtectPromptLabelRequest, _genpod_agent_v1_PromptLabelState, _genpod_agent_v1_ProtectPromptLabelRequest__Output, _genpod_agent_v1_PromptLabelState__Output>
  RemovePromptLabel: MethodDefinition<_genpod_agent_v1_RemovePromptLabelRequest, _genpod_agent_v1_PromptLabelState, _genpod_agent_v1_RemovePromptLabelRequest__Output, _genpod_agent_v1_PromptLabelState__Output>
  SetPromptLabel: MethodDefinition<_genpod_agent_v1_SetPromptLabelRequest, _genpod_agent_v1_PromptLabelState, _genpod_agent_v1_SetPromptLabelRequest__Output, _genpod_agent_v1_PromptLabelState__Output>
  WatchPromptChanges: MethodDefinition<_genpod_agent_v1_WatchPromptChangesRequest, _genpod_agent_v1_PromptChangeEvent, _genpod_agent_v1_WatchPromptChangesRequest__Output, _genpod_agent_v1_PromptChangeEvent__Output>
}
