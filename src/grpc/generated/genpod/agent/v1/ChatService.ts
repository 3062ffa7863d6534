// Original file: protos/agent.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ChatRequest as _genpod_agent_v1_ChatRequest, ChatRequest__Output as _genpod_agent_v1_ChatRequest__Output } from '../../../genpod/agent/v1/ChatRequest.ts';
import type { ChatResponse as _genpod_agent_v1_ChatResponse, ChatResponse__Output as _genpod_agent_v1_ChatResponse__Output } from '../../../genpod/agent/v1/ChatResponse.ts';

export interface ChatServiceClient extends grpc.Client {
  SendMessageStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_genpod_agent_v1_ChatRequest, _genpod_agent_v1_ChatResponse__Output>;
  SendMessageStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_genpod_agent_v1_ChatRequest, _genpod_agent_v1_ChatResponse__Output>;
  sendMessageStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_genpod_agent_v1_ChatRequest, _genpod_agent_v1_ChatResponse__Output>;
  sendMessageStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_genpod_agent_v1_ChatRequest, _genpod_agent_v1_ChatResponse__Output>;
  
}

export interface ChatServiceHandlers extends grpc.UntypedServiceImplementation {
  SendMessageStream: grpc.handleBidiStreamingCall<_genpod_agent_v1_ChatRequest__Output, _genpod_agent_v1_ChatResponse>;
  
}

export interface ChatServiceDefinition extends grpc.ServiceDefinition {
  SendMessageStream: MethodDefinition<_genpod_agent_v1_ChatRequest, _genpod_agent_v1_ChatResponse, _genpod_agent_v1_ChatRequest__Output, _genpod_agent_v1_ChatResponse__Output>
}
