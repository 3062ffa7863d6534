// Original file: protos/agent.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DataUpdate as _genpod_agent_v1_DataUpdate, DataUpdate__Output as _genpod_agent_v1_DataUpdate__Output } from '../../../genpod/agent/v1/DataUpdate';
import type { StreamDataRequest as _genpod_agent_v1_StreamDataRequest, StreamDataRequest__Output as _genpod_agent_v1_StreamDataRequest__Output } from '../../../genpod/agent/v1/StreamDataRequest';

export interface AgentServiceClient extends grpc.Client {
  StreamData(argument: _genpod_agent_v1_StreamDataRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_DataUpdate__Output>;
  StreamData(argument: _genpod_agent_v1_StreamDataRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_DataUpdate__Output>;
  streamData(argument: _genpod_agent_v1_StreamDataRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_DataUpdate__Output>;
  streamData(argument: _genpod_agent_v1_StreamDataRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_DataUpdate__Output>;
  
}

export interface AgentServiceHandlers extends grpc.UntypedServiceImplementation {
  StreamData: grpc.handleServerStreamingCall<_genpod_agent_v1_StreamDataRequest__Output, _genpod_agent_v1_DataUpdate>;
  
}

export interface AgentServiceDefinition extends grpc.ServiceDefinition {
  StreamData: MethodDefinition<_genpod_agent_v1_StreamDataRequest, _genpod_agent_v1_DataUpdate, _genpod_agent_v1_StreamDataRequest__Output, _genpod_agent_v1_DataUpdate__Output>
}
