// Original file: protos/agent.proto


export interface ListSettingsRequest {
  'keys'?: (string)[];
}

export interface ListSettingsRequest__Output {
  'keys': (string)[];
}
