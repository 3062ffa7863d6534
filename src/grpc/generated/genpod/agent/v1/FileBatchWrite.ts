// Original file: protos/agent.proto


export interface FileBatchWrite {
  'path'?: (string);
  'content'?: (string);
  'data'?: (Buffer | Uint8Array | string);
  'binary'?: (boolean);
  'ifVersion'?: (string);
}

export interface FileBatchWrite__Output {
  'path': (string);
  'content': (string);
  'data': (Buffer);
  'binary': (boolean);
  'ifVersion': (string);
}
