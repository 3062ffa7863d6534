// Original file: protos/agent.proto


export interface DeletePathRequest {
  'path'?: (string);
  'recursive'?: (boolean);
}

export interface DeletePathRequest__Output {
  'path': (string);
  'recursive': (boolean);
}
