// Original file: protos/agent.proto


export interface PromptMessage {
  'role'?: (string);
  'content'?: (string);
}

export interface PromptMessage__Output {
  'role': (string);
  'content': (string);
}
