// Original file: protos/agent.proto


export interface AgentStatus {
  'agentId'?: (string);
  'state'?: (string);
  'detail'?: (string);
}

export interface AgentStatus__Output {
  'agentId': (string);
  'state': (string);
  'detail': (string);
}
