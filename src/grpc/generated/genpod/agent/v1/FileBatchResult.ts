// Original file: protos/agent.proto


export interface FileBatchResult {
  'op'?: (string);
  'path'?: (string);
  'oldPath'?: (string);
  'version'?: (string);
}

export interface FileBatchResult__Output {
  'op': (string);
  'path': (string);
  'oldPath': (string);
  'version': (string);
}
