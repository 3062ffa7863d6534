// Original file: protos/agent.proto


export interface CreateDirectoryRequest {
  'path'?: (string);
}

export interface CreateDirectoryRequest__Output {
  'path': (string);
}
