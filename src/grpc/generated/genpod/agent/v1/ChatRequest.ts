// Original file: protos/agent.proto


export interface ChatRequest {
  'sessionId'?: (string);
  'content'?: (string);
  'agentId'?: (string);
  'relayOnly'?: (boolean);
}

export interface ChatRequest__Output {
  'sessionId': (string);
  'content': (string);
  'agentId': (string);
  'relayOnly': (boolean);
}
