// Original file: protos/agent.proto


export interface GitLogRequest {
  'path'?: (string);
  'first'?: (number);
}

export interface GitLogRequest__Output {
  'path': (string);
  'first': (number);
}
