// Original file: protos/agent.proto


export interface WriteFileRequest {
  'path'?: (string);
  'content'?: (string);
  'data'?: (Buffer | Uint8Array | string);
  'binary'?: (boolean);
  'ifVersion'?: (string);
  'createParents'?: (boolean);
  '_createParents'?: "createParents";
}

export interface WriteFileRequest__Output {
  'path': (string);
  'content': (string);
  'data': (Buffer);
  'binary': (boolean);
  'ifVersion': (string);
  'createParents'?: (boolean);
  '_createParents'?: "createParents";
}
