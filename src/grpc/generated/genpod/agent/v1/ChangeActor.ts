// Original file: protos/agent.proto


export interface ChangeActor {
  'kind'?: (string);
  'principalId'?: (string);
  'agentId'?: (string);
  'chatSessionId'?: (string);
  'chatMessageId'?: (string);
}

export interface ChangeActor__Output {
  'kind': (string);
  'principalId': (string);
  'agentId': (string);
  'chatSessionId': (string);
  'chatMessageId': (string);
}
