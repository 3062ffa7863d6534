// Original file: protos/agent.proto


export interface StreamDataRequest {
  'agentId'?: (string);
  'pathPrefix'?: (string);
  'since'?: (string);
}

export interface StreamDataRequest__Output {
  'agentId': (string);
  'pathPrefix': (string);
  'since': (string);
}
