// Original file: protos/agent.proto


export interface WatchSettingsRequest {
  'keys'?: (string)[];
  'since'?: (string);
}

export interface WatchSettingsRequest__Output {
  'keys': (string)[];
  'since': (string);
}
