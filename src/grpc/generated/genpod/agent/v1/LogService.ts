// Original file: protos/agent.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { PushLogLine as _genpod_agent_v1_PushLogLine, PushLogLine__Output as _genpod_agent_v1_PushLogLine__Output } from '../../../genpod/agent/v1/PushLogLine.ts';
import type { PushLogsResponse as _genpod_agent_v1_PushLogsResponse, PushLogsResponse__Output as _genpod_agent_v1_PushLogsResponse__Output } from '../../../genpod/agent/v1/PushLogsResponse.ts';
import type { TailLogsEvent as _genpod_agent_v1_TailLogsEvent, TailLogsEvent__Output as _genpod_agent_v1_TailLogsEvent__Output } from '../../../genpod/agent/v1/TailLogsEvent.ts';
import type { TailLogsRequest as _genpod_agent_v1_TailLogsRequest, TailLogsRequest__Output as _genpod_agent_v1_TailLogsRequest__Output } from '../../../genpod/agent/v1/TailLogsRequest.ts';

export interface LogServiceClient extends grpc.Client {
  PushLogs(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PushLogsResponse__Output>): grpc.ClientWritableStream<_genpod_agent_v1_PushLogLine>;
  PushLogs(metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_PushLogsResponse__Output>): grpc.ClientWritableStream<_genpod_agent_v1_PushLogLine>;
  PushLogs(options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PushLogsResponse__Output>): grpc.ClientWritableStream<_genpod_agent_v1_PushLogLine>;
  PushLogs(callback: grpc.requestCallback<_genpod_agent_v1_PushLogsResponse__Output>): grpc.ClientWritableStream<_genpod_agent_v1_PushLogLine>;
  pushLogs(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PushLogsResponse__Output>): grpc.ClientWritableStream<_genpod_agent_v1_PushLogLine>;
  pushLogs(metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_PushLogsResponse__Output>): grpc.ClientWritableStream<_genpod_agent_v1_PushLogLine>;
  pushLogs(options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_PushLogsResponse__Output>): grpc.ClientWritableStream<_genpod_agent_v1_PushLogLine>;
  pushLogs(callback: grpc.requestCallback<_genpod_agent_v1_PushLogsResponse__Output>): grpc.ClientWritableStream<_genpod_agent_v1_PushLogLine>;
  
  TailLogs(argument: _genpod_agent_v1_TailLogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_TailLogsEvent__Output>;
  TailLogs(argument: _genpod_agent_v1_TailLogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_TailLogsEvent__Output>;
  tailLogs(argument: _genpod_agent_v1_TailLogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_TailLogsEvent__Output>;
  tailLogs(argument: _genpod_agent_v1_TailLogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_TailLogsEvent__Output>;
  
}

export interface LogServiceHandlers extends grpc.UntypedServiceImplementation {
  PushLogs: grpc.handleClientStreamingCall<_genpod_agent_v1_PushLogLine__Output, _genpod_agent_v1_PushLogsResponse>;
  
  TailLogs: grpc.handleServerStreamingCall<_genpod_agent_v1_TailLogsRequest__Output, _genpod_agent_v1_TailLogsEvent>;
  
}

export interface LogServiceDefinition extends grpc.ServiceDefinition {
  PushLogs: MethodDefinition<_genpod_agent_v1_PushLogLine, _genpod_agent_v1_PushLogsResponse, _genpod_agent_v1_PushLogLine__Output, _genpod_agent_v1_PushLogsResponse__Output>
  TailLogs: MethodDefinition<_genpod_agent_v1_TailLogsRequest, _genpod_agent_v1_TailLogsEvent, _genpod_agent_v1_TailLogsRequest__Output, _genpod_agent_v1_TailLogsEvent__Output>
}
