// Original file: protos/agent.proto


export interface FileBatchDelete {
  'path'?: (string);
  'recursive'?: (boolean);
  'ifVersion'?: (string);
}

export interface FileBatchDelete__Output {
  'path': (string);
  'recursive': (boolean);
  'ifVersion': (string);
}
