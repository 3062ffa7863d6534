// Original file: protos/agent.proto


export interface FileUpdate {
  'kind'?: (string);
  'path'?: (string);
  'oldPath'?: (string);
  'version'?: (string);
}

export interface FileUpdate__Output {
  'kind': (string);
  'path': (string);
  'oldPath': (string);
  'version': (string);
}
