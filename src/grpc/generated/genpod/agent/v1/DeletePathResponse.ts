// Original file: protos/agent.proto


export interface DeletePathResponse {
  'deleted'?: (boolean);
}

export interface DeletePathResponse__Output {
  'deleted': (boolean);
}
