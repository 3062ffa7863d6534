import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AgentServiceClient as _genpod_agent_v1_AgentServiceClient, AgentServiceDefinition as _genpod_agent_v1_AgentServiceDefinition } from './genpod/agent/v1/AgentService';
import type { AgentStatus as _genpod_agent_v1_AgentStatus, AgentStatus__Output as _genpod_agent_v1_AgentStatus__Output } from './genpod/agent/v1/AgentStatus';
import type { ChatRequest as _genpod_agent_v1_ChatRequest, ChatRequest__Output as _genpod_agent_v1_ChatRequest__Output } from './genpod/agent/v1/ChatRequest';
import type { ChatResponse as _genpod_agent_v1_ChatResponse, ChatResponse__Output as _genpod_agent_v1_ChatResponse__Output } from './genpod/agent/v1/ChatResponse';
import type { ChatServiceClient as _genpod_agent_v1_ChatServiceClient, ChatServiceDefinition as _genpod_agent_v1_ChatServiceDefinition } from './genpod/agent/v1/ChatService';
import type { DataUpdate as _genpod_agent_v1_DataUpdate, DataUpdate__Output as _genpod_agent_v1_DataUpdate__Output } from './genpod/agent/v1/DataUpdate';
import type { FileUpdate as _genpod_agent_v1_FileUpdate, FileUpdate__Output as _genpod_agent_v1_FileUpdate__Output } from './genpod/agent/v1/FileUpdate';
import type { ProjectStructure as _genpod_agent_v1_ProjectStructure, ProjectStructure__Output as _genpod_agent_v1_ProjectStructure__Output } from './genpod/agent/v1/ProjectStructure';
import type { StreamDataRequest as _genpod_agent_v1_StreamDataRequest, StreamDataRequest__Output as _genpod_agent_v1_StreamDataRequest__Output } from './genpod/agent/v1/StreamDataRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  genpod: {
    agent: {
      v1: {
        AgentService: SubtypeConstructor<typeof grpc.Client, _genpod_agent_v1_AgentServiceClient> & { service: _genpod_agent_v1_AgentServiceDefinition }
        AgentStatus: MessageTypeDefinition<_genpod_agent_v1_AgentStatus, _genpod_agent_v1_AgentStatus__Output>
        ChatRequest: MessageTypeDefinition<_genpod_agent_v1_ChatRequest, _genpod_agent_v1_ChatRequest__Output>
        ChatResponse: MessageTypeDefinition<_genpod_agent_v1_ChatResponse, _genpod_agent_v1_ChatResponse__Output>
        ChatService: SubtypeConstructor<typeof grpc.Client, _genpod_agent_v1_ChatServiceClient> & { service: _genpod_agent_v1_ChatServiceDefinition }
        DataUpdate: MessageTypeDefinition<_genpod_agent_v1_DataUpdate, _genpod_agent_v1_DataUpdate__Output>
        FileUpdate: MessageTypeDefinition<_genpod_agent_v1_FileUpdate, _genpod_agent_v1_FileUpdate__Output>
        ProjectStructure: MessageTypeDefinition<_genpod_agent_v1_ProjectStructure, _genpod_agent_v1_ProjectStructure__Output>
        StreamDataRequest: MessageTypeDefinition<_genpod_agent_v1_StreamDataRequest, _genpod_agent_v1_StreamDataRequest__Output>
      }
    }
  }
}

