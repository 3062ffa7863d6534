// Original file: protos/agent.proto


export interface GitDiffRequest {
  'path'?: (string);
  'staged'?: (boolean);
}

export interface GitDiffRequest__Output {
  'path': (string);
  'staged': (boolean);
}
