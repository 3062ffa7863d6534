// Original file: protos/agent.proto


export interface ListPromptDependentsRequest {
  'name'?: (string);
}

export interface ListPromptDependentsRequest__Output {
  'name': (string);
}
