// Original file: protos/agent.proto


export interface WatchPromptChangesRequest {
  'name'?: (string);
  'since'?: (string);
}

export interface WatchPromptChangesRequest__Output {
  'name': (string);
  'since': (string);
}
