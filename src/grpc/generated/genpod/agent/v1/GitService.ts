// Original file: protos/agent.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GitDiffRequest as _genpod_agent_v1_GitDiffRequest, GitDiffRequest__Output as _genpod_agent_v1_GitDiffRequest__Output } from '../../../genpod/agent/v1/GitDiffRequest.ts';
import type { GitDiffResponse as _genpod_agent_v1_GitDiffResponse, GitDiffResponse__Output as _genpod_agent_v1_GitDiffResponse__Output } from '../../../genpod/agent/v1/GitDiffResponse.ts';
import type { GitLogRequest as _genpod_agent_v1_GitLogRequest, GitLogRequest__Output as _genpod_agent_v1_GitLogRequest__Output } from '../../../genpod/agent/v1/GitLogRequest.ts';
import type { GitLogResponse as _genpod_agent_v1_GitLogResponse, GitLogResponse__Output as _genpod_agent_v1_GitLogResponse__Output } from '../../../genpod/agent/v1/GitLogResponse.ts';
import type { GitStatus as _genpod_agent_v1_GitStatus, GitStatus__Output as _genpod_agent_v1_GitStatus__Output } from '../../../genpod/agent/v1/GitStatus.ts';
import type { GitStatusRequest as _genpod_agent_v1_GitStatusRequest, GitStatusRequest__Output as _genpod_agent_v1_GitStatusRequest__Output } from '../../../genpod/agent/v1/GitStatusRequest.ts';

export interface GitServiceClient extends grpc.Client {
  GetDiff(argument: _genpod_agent_v1_GitDiffRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_GitDiffResponse__Output>): grpc.ClientUnaryCall;
  GetDiff(argument: _genpod_agent_v1_GitDiffRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_GitDiffResponse__Output>): grpc.ClientUnaryCall;
  GetDiff(argument: _genpod_agent_v1_GitDiffRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_GitDiffResponse__Output>): grpc.ClientUnaryCall;
  GetDiff(argument: _genpod_agent_v1_GitDiffRequest, callback: grpc.requestCallback<_genpod_agent_v1_GitDiffResponse__Output>): grpc.ClientUnaryCall;
  getDiff(argument: _genpod_agent_v1_GitDiffRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_GitDiffResponse__Output>): grpc.ClientUnaryCall;
  getDiff(argument: _genpod_agent_v1_GitDiffRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_GitDiffResponse__Output>): grpc.ClientUnaryCall;
  getDiff(argument: _genpod_agent_v1_GitDiffRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_GitDiffResponse__Output>): grpc.ClientUnaryCall;
  getDiff(argument: _genpod_agent_v1_GitDiffRequest, callback: grpc.requestCallback<_genpod_agent_v1_GitDiffResponse__Output>): grpc.ClientUnaryCall;
  
  GetLog(argument: _genpod_agent_v1_GitLogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_GitLogResponse__Output>): grpc.ClientUnaryCall;
  GetLog(argument: _genpod_agent_v1_GitLogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_GitLogResponse__Output>): grpc.ClientUnaryCall;
  GetLog(argument: _genpod_agent_v1_GitLogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_GitLogResponse__Output>): grpc.ClientUnaryCall;
  GetLog(argument: _genpod_agent_v1_GitLogRequest, callback: grpc.requestCallback<_genpod_agent_v1_GitLogResponse__Output>): grpc.ClientUnaryCall;
  getLog(argument: _genpod_agent_v1_GitLogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_GitLogResponse__Output>): grpc.ClientUnaryCall;
  getLog(argument: _genpod_agent_v1_GitLogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_GitLogResponse__Output>): grpc.ClientUnaryCall;
  getLog(argument: _genpod_agent_v1_GitLogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_GitLogResponse__Output>): grpc.ClientUnaryCall;
  getLog(argument: _genpod_agent_v1_GitLogRequest, callback: grpc.requestCallback<_genpod_agent_v1_GitLogResponse__Output>): grpc.ClientUnaryCall;
  
  GetStatus(argument: _genpod_agent_v1_GitStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_GitStatus__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _genpod_agent_v1_GitStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_GitStatus__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _genpod_agent_v1_GitStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_GitStatus__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _genpod_agent_v1_GitStatusRequest, callback: grpc.requestCallback<_genpod_agent_v1_GitStatus__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _genpod_agent_v1_GitStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_GitStatus__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _genpod_agent_v1_GitStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_GitStatus__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _genpod_agent_v1_GitStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_GitStatus__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _genpod_agent_v1_GitStatusRequest, callback: grpc.requestCallback<_genpod_agent_v1_GitStatus__Output>): grpc.ClientUnaryCall;
  
  WatchStatus(argument: _genpod_agent_v1_GitStatusRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_GitStatus__Output>;
  WatchStatus(argument: _genpod_agent_v1_GitStatusRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_GitStatus__Output>;
  watchStatus(argument: _genpod_agent_v1_GitStatusRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_GitStatus__Output>;
  watchStatus(argument: _genpod_agent_v1_GitStatusRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_GitStatus__Output>;
  
}

export interface GitServiceHandlers extends grpc.UntypedServiceImplementation {
  GetDiff: grpc.handleUnaryCall<_genpod_agent_v1_GitDiffRequest__Output, _genpod_agent_v1_GitDiffResponse>;
  
  GetLog: grpc.handleUnaryCall<_genpod_agent_v1_GitLogRequest__Output, _genpod_agent_v1_GitLogResponse>;
  
  GetStatus: grpc.handleUnaryCall<_genpod_agent_v1_GitStatusRequest__Output, _genpod_agent_v1_GitStatus>;
  
  WatchStatus: grpc.handleServerStreamingCall<_genpod_agent_v1_GitStatusRequest__Output, _genpod_agent_v1_GitStatus>;
  
}

export interface GitServiceDefinition extends grpc.ServiceDefinition {
  GetDiff: MethodDefinition<_genpod_agent_v1_GitDiffRequest, _genpod_agent_v1_GitDiffResponse, _genpod_agent_v1_GitDiffRequest__Output, _genpod_agent_v1_GitDiffResponse__Output>
  GetLog: MethodDefinition<_genpod_agent_v1_GitLogRequest, _genpod_agent_v1_GitLogResponse, _genpod_agent_v1_GitLogRequest__Output, _genpod_agent_v1_GitLogResponse__Output>
  GetStatus: MethodDefinition<_genpod_agent_v1_GitStatusRequest, _genpod_agent_v1_GitStatus, _genpod_agent_v1_GitStatusRequest__Output, _genpod_agent_v1_GitStatus__Output>
  WatchStatus: MethodDefinition<_genpod_agent_v1_GitStatusRequest, _genpod_agent_v1_GitStatus, _genpod_agent_v1_GitStatusRequest__Output, _genpod_agent_v1_GitStatus__Output>
}
