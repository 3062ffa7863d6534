// Original file: protos/agent.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetRenderedPromptRequest as _genpod_agent_v1_GetRenderedPromptRequest, GetRenderedPromptRequest__Output as _genpod_agent_v1_GetRenderedPromptRequest__Output } from '../../../genpod/agent/v1/GetRenderedPromptRequest';
import type { RenderedPrompt as _genpod_agent_v1_RenderedPrompt, RenderedPrompt__Output as _genpod_agent_v1_RenderedPrompt__Output } from '../../../genpod/agent/v1/RenderedPrompt';

export interface PromptServiceClient extends grpc.Client {
  GetRenderedPrompt(argument: _genpod_agent_v1_GetRenderedPromptRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_RenderedPrompt__Output>): grpc.ClientUnaryCall;
  GetRenderedPrompt(argument: _genpod_agent_v1_GetRenderedPromptRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_RenderedPrompt__Output>): grpc.ClientUnaryCall;
  GetRenderedPrompt(argument: _genpod_agent_v1_GetRenderedPromptRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_RenderedPrompt__Output>): grpc.ClientUnaryCall;
  GetRenderedPrompt(argument: _genpod_agent_v1_GetRenderedPromptRequest, callback: grpc.requestCallback<_genpod_agent_v1_RenderedPrompt__Output>): grpc.ClientUnaryCall;
  getRenderedPrompt(argument: _genpod_agent_v1_GetRenderedPromptRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_RenderedPrompt__Output>): grpc.ClientUnaryCall;
  getRenderedPrompt(argument: _genpod_agent_v1_GetRenderedPromptRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_RenderedPrompt__Output>): grpc.ClientUnaryCall;
  getRenderedPrompt(argument: _genpod_agent_v1_GetRenderedPromptRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_RenderedPrompt__Output>): grpc.ClientUnaryCall;
  getRenderedPrompt(argument: _genpod_agent_v1_GetRenderedPromptRequest, callback: grpc.requestCallback<_genpod_agent_v1_RenderedPrompt__Output>): grpc.ClientUnaryCall;
  
}

export interface PromptServiceHandlers extends grpc.UntypedServiceImplementation {
  GetRenderedPrompt: grpc.handleUnaryCall<_genpod_agent_v1_GetRenderedPromptRequest__Output, _genpod_agent_v1_RenderedPrompt>;
  
}

export interface PromptServiceDefinition extends grpc.ServiceDefinition {
  GetRenderedPrompt: MethodDefinition<_genpod_agent_v1_GetRenderedPromptRequest, _genpod_agent_v1_RenderedPrompt, _genpod_agent_v1_GetRenderedPromptRequest__Output, _genpod_agent_v1_RenderedPrompt__Output>
}
